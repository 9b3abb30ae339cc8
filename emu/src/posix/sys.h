// Thin wrappers over the system calls emu uses, returning Status instead of errno. Only this directory calls
// into the kernel.
#ifndef WINIPC_POSIX_SYS_H_
#define WINIPC_POSIX_SYS_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "core/status.h"

namespace winipc::posix {

// A file descriptor owner.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  bool valid() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Directories.
Result<Fd> OpenDirectory(const std::string& path);  // follows nothing past the given path's last component
// Creates (0700 or the given mode) if missing, then opens without following a symlink and checks that it is
// a real directory owned by `owner` with exactly `mode` permission bits; ERROR_ACCESS_DENIED otherwise.
Result<Fd> OpenPrivateDirectory(int parent, const char* name, mode_t mode, uid_t owner, bool create);
// The next three allocate nothing and use only async-signal-safe calls (a process ending on a signal uses them).
// True when `fd` is the file `name` in `dir` (same device and inode), and that file still has a name.
bool IsLinkedAs(int fd, int dir, const char* name);
// True when `dir` holds no entry but `only` (and "." and ".."); false if it cannot be read.
bool DirectoryHoldsOnly(int dir, const char* only);
// Removes the empty directory `dir` through its parent, where it is called `name`, if that name still leads to it.
Status RemoveSubdirectory(int dir, const char* name);

// Files inside a directory; never follow a symlink.
Result<Fd> OpenAt(int dir, const std::string& name, int flags, mode_t mode = 0600);
Status UnlinkAt(int dir, const std::string& name);
Result<struct stat> StatAt(int dir, const std::string& name);
Result<struct stat> StatFd(int fd);
Status Truncate(int fd, uint64_t size);
// Gives the byte range storage now (fallocate), so that writing it through a mapping cannot fault on a full file
// system; ERROR_DISK_FULL when there is no room. A file system that cannot do it is left to its own devices.
Status Allocate(int fd, uint64_t offset, uint64_t length);
// The bytes still free on the file system holding `fd` (fstatfs), or nullopt where it has no limit (a memfd).
Result<std::optional<uint64_t>> RoomLeft(int fd);
// Sets a file's permission bits exactly (creation modes pass through the umask).
Status ChangeMode(int fd, mode_t mode);
// Reads exactly `length` bytes at `offset`; ERROR_INVALID_HANDLE if the file is shorter.
Status ReadAt(int fd, void* buffer, size_t length, uint64_t offset);
Status WriteAt(int fd, const void* buffer, size_t length, uint64_t offset);
Result<Fd> MemFd(const char* debug_name);
// A new open file description of the file behind `fd` (through /proc/self/fd), close-on-exec.
Result<Fd> ReopenOwn(int fd);

// Open file description locks on one byte: shared or exclusive, blocking or not. They belong to the open file,
// not the process, and the kernel drops them when the last descriptor of that open file closes (or the
// process dies).
enum class LockKind { kShared, kExclusive, kUnlock };
Status LockByte(int fd, uint64_t offset, LockKind kind, bool wait);
// LockByte that waits for a conflicting lock up to about `max_ms`, looking again at growing intervals (there is
// no timed wait for a file lock); still held then: ERROR_SHARING_VIOLATION.
Status LockByteWithin(int fd, uint64_t offset, LockKind kind, uint32_t max_ms);
// True when another open file description holds any lock on the byte.
Result<bool> ByteLockedByOthers(int fd, uint64_t offset);

// Memory.
Result<void*> Map(void* addr, size_t length, int prot, int flags, int fd, uint64_t offset);
Status Unmap(void* addr, size_t length);
Status Sync(void* addr, size_t length);
Status Protect(void* addr, size_t length, int prot);
// Reserves an address range aligned to `alignment` (PROT_NONE), for placing a view at a 64 KiB boundary.
Result<void*> ReserveAligned(size_t length, size_t alignment);

// Futex on a 32-bit word in shared memory (never FUTEX_PRIVATE: the word may be mapped by several processes).
// Waits while *word == expected, until woken or the absolute CLOCK_MONOTONIC deadline (nullptr: forever).
// Returns false on timeout.
bool FutexWait(uint32_t* word, uint32_t expected, const struct timespec* deadline);
void FutexWakeAll(uint32_t* word);
void FutexWakeOne(uint32_t* word);
// The same on a word only this process uses (FUTEX_PRIVATE_FLAG, cheaper): the in-process locks (critical
// sections, SRW locks, condition variables, WaitOnAddress). Waking wakes up to `count` waiters.
bool FutexWaitPrivate(uint32_t* word, uint32_t expected, const struct timespec* deadline);
void FutexWakePrivate(uint32_t* word, int count);

// Waits until one of `count` (1..128) words no longer holds its expected value, one is woken, or the deadline
// passes (futex_waitv, Linux 5.16). Returns false on timeout.
struct FutexWaitItem {
  uint32_t* word;
  uint32_t expected;
};
bool FutexWaitAny(const FutexWaitItem* items, unsigned count, const struct timespec* deadline);

struct timespec MonotonicDeadline(uint32_t milliseconds);
int64_t MonotonicNowNs();
int64_t RealtimeNowNs();
struct timespec TimespecFromNs(int64_t ns);
void Yield();
// For a lock held for a moment by another thread: yields the first times, then sleeps a little.
void Backoff(unsigned attempt);

// Processes, for jobs. The start time (clock ticks after boot, /proc/<pid>/stat) tells a process from a later
// one that got the same pid.
Result<uint64_t> ProcessStartTime(int pid);
int CurrentProcessId();
// Whether `tid` is a live thread of this process.
bool ThreadOfThisProcess(uint32_t tid);
// Installs (once) the handler that ends this process with the exit code a job termination sends it; it calls
// `before_exit` (which must be async-signal-safe) first.
void InstallJobTerminationHandler(void (*before_exit)());
// Asks a job member to exit with `exit_code` (the handler above); false if the process is gone.
bool SendJobTermination(int pid, uint32_t exit_code);
[[noreturn]] void ExitProcessNow(uint32_t exit_code);

uint64_t PageSize();
unsigned ProcessorCount();
uint64_t CommitLimitBytes();  // RAM + swap: what Windows calls the commit limit

}  // namespace winipc::posix

namespace winipc::posix {

// One line of /proc/self/maps, or the gap before the next mapping.
struct MappingInfo {
  bool mapped;         // false: `address` lies in a gap that ends at `end`
  uintptr_t start, end;
  int prot;            // PROT_* of the mapping
  bool shared;         // 's' in the flags
  bool file_backed;    // has an inode
};
// Asks the kernel what is at an address (never trusts emu's own bookkeeping for memory it did not map).
Result<MappingInfo> LookupMapping(uintptr_t address);

// Whether the page at `address` of a private file mapping has been copied on write (it is then anonymous
// memory, per /proc/self/pagemap).
bool PageWasCopied(uintptr_t address);

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_SYS_H_
