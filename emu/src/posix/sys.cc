#include "posix/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/vfs.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>
#include <winerror.h>

#include <atomic>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "posix/errno_map.h"

namespace winipc::posix {
namespace {
Status LastErrno() { return StatusFromErrno(errno); }
}  // namespace

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = o.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) close(fd_);
}

Result<Fd> OpenDirectory(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return LastErrno();
  return Fd(fd);
}

Result<Fd> OpenPrivateDirectory(int parent, const char* name, mode_t mode, uid_t owner, bool create) {
  if (create && mkdirat(parent, name, mode) == 0) {
    // mkdirat applies the umask; set the exact bits (the sticky bit for a shared directory included).
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return LastErrno();
    if (fchmod(fd, mode) != 0) {
      close(fd);
      return LastErrno();
    }
    close(fd);
  } else if (create && errno != EEXIST) {
    return LastErrno();
  }
  int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return errno == ENOTDIR ? Status(5 /* ERROR_ACCESS_DENIED */) : LastErrno();
  Fd dir(fd);
  struct stat st;
  if (fstat(fd, &st) != 0) return LastErrno();
  // Someone else's directory, or one others can write into, is never used: it could hold planted files.
  if (!S_ISDIR(st.st_mode) || st.st_uid != owner || (st.st_mode & 07777) != mode) {
    return Status(5 /* ERROR_ACCESS_DENIED */);
  }
  return dir;
}

bool IsLinkedAs(int fd, int dir, const char* name) {
  struct stat opened, linked;
  if (fstat(fd, &opened) != 0 || opened.st_nlink == 0) return false;
  if (fstatat(dir, name, &linked, AT_SYMLINK_NOFOLLOW) != 0) return false;
  return opened.st_dev == linked.st_dev && opened.st_ino == linked.st_ino;
}

bool DirectoryHoldsOnly(int dir, const char* only) {
  // A descriptor of its own, so the listing starts at the beginning whatever else reads `dir`.
  const int fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  alignas(8) char buffer[4096];
  bool only_that = true;
  for (;;) {
    const long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
    if (n < 0) only_that = false;
    if (n <= 0) break;
    for (long at = 0; at < n && only_that;) {
      // struct linux_dirent64: d_ino (8), d_off (8), d_reclen (2), d_type (1), d_name.
      unsigned short length;
      std::memcpy(&length, buffer + at + 16, sizeof length);
      const char* entry = buffer + at + 19;
      if (std::strcmp(entry, ".") != 0 && std::strcmp(entry, "..") != 0 && std::strcmp(entry, only) != 0) {
        only_that = false;
      }
      at += length;
    }
    if (!only_that) break;
  }
  close(fd);
  return only_that;
}

Status RemoveSubdirectory(int dir, const char* name) {
  const int parent = openat(dir, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent < 0) return LastErrno();
  struct stat self, named;
  Status removed = Status::Ok();
  if (fstat(dir, &self) != 0 || fstatat(parent, name, &named, AT_SYMLINK_NOFOLLOW) != 0) {
    removed = LastErrno();
  } else if (self.st_dev != named.st_dev || self.st_ino != named.st_ino) {
    removed = Status(ERROR_FILE_NOT_FOUND);  // the name now leads elsewhere: not ours to remove
  } else if (unlinkat(parent, name, AT_REMOVEDIR) != 0) {
    removed = LastErrno();
  }
  close(parent);
  return removed;
}

Result<Fd> OpenAt(int dir, const std::string& name, int flags, mode_t mode) {
  int fd = openat(dir, name.c_str(), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return LastErrno();
  return Fd(fd);
}

Status UnlinkAt(int dir, const std::string& name) {
  if (unlinkat(dir, name.c_str(), 0) != 0) return LastErrno();
  return Status::Ok();
}

Result<struct stat> StatAt(int dir, const std::string& name) {
  struct stat st;
  if (fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return LastErrno();
  return st;
}

Result<struct stat> StatFd(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return LastErrno();
  return st;
}

Status Truncate(int fd, uint64_t size) {
  if (size > static_cast<uint64_t>(LLONG_MAX)) return Status(8 /* ERROR_NOT_ENOUGH_MEMORY */);
  while (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    if (errno != EINTR) return LastErrno();
  }
  return Status::Ok();
}

Result<std::optional<uint64_t>> RoomLeft(int fd) {
  struct statfs st;
  while (fstatfs(fd, &st) != 0) {
    if (errno != EINTR) return LastErrno();
  }
  if (st.f_blocks == 0) return std::optional<uint64_t>();  // no size limit (the kernel's internal shm mount)
  return std::optional<uint64_t>(static_cast<uint64_t>(st.f_bavail) * static_cast<uint64_t>(st.f_bsize));
}

Status ChangeMode(int fd, mode_t mode) {
  if (fchmod(fd, mode) != 0) return LastErrno();
  return Status::Ok();
}

Status ReadAt(int fd, void* buffer, size_t length, uint64_t offset) {
  ssize_t n;
  do {
    n = pread(fd, buffer, length, static_cast<off_t>(offset));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return LastErrno();
  if (static_cast<size_t>(n) != length) return Status(6 /* ERROR_INVALID_HANDLE: not an emu object */);
  return Status::Ok();
}

Status WriteAt(int fd, const void* buffer, size_t length, uint64_t offset) {
  ssize_t n;
  do {
    n = pwrite(fd, buffer, length, static_cast<off_t>(offset));
  } while (n < 0 && errno == EINTR);
  if (n < 0) return LastErrno();
  if (static_cast<size_t>(n) != length) return Status(112 /* ERROR_DISK_FULL */);
  return Status::Ok();
}

Status Allocate(int fd, uint64_t offset, uint64_t length) {
  int r;
  do {
    r = fallocate(fd, 0, static_cast<off_t>(offset), static_cast<off_t>(length));
  } while (r != 0 && errno == EINTR);
  if (r != 0 && errno != EOPNOTSUPP) return LastErrno();
  return Status::Ok();
}

Result<Fd> MemFd(const char* debug_name) {
  int fd = memfd_create(debug_name, MFD_CLOEXEC);
  if (fd < 0) return LastErrno();
  return Fd(fd);
}

Result<Fd> ReopenOwn(int fd) {
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  const int reopened = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (reopened < 0) return LastErrno();
  return Fd(reopened);
}

Status LockByte(int fd, uint64_t offset, LockKind kind, bool wait) {
  struct flock fl = {};
  fl.l_type = kind == LockKind::kShared ? F_RDLCK : kind == LockKind::kExclusive ? F_WRLCK : F_UNLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = 1;
  while (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) != 0) {
    if (errno != EINTR) return LastErrno();
  }
  return Status::Ok();
}

Status LockByteWithin(int fd, uint64_t offset, LockKind kind, uint32_t max_ms) {
  const uint64_t budget_ns = static_cast<uint64_t>(max_ms) * 1000000;
  uint64_t slept_ns = 0;
  uint64_t step_ns = 20000;  // 20 µs, doubling up to 5 ms
  for (;;) {
    Status s = LockByte(fd, offset, kind, /*wait=*/false);
    if (s.ok() || s.code() != ERROR_SHARING_VIOLATION || slept_ns >= budget_ns) return s;
    timespec ts = {0, static_cast<long>(step_ns)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    slept_ns += step_ns;
    step_ns = step_ns * 2 > 5000000 ? 5000000 : step_ns * 2;
  }
}

Result<bool> ByteLockedByOthers(int fd, uint64_t offset) {
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = 1;
  if (fcntl(fd, F_OFD_GETLK, &fl) != 0) return LastErrno();
  return fl.l_type != F_UNLCK;
}

Result<void*> Map(void* addr, size_t length, int prot, int flags, int fd, uint64_t offset) {
  void* p = mmap(addr, length, prot, flags, fd, static_cast<off_t>(offset));
  if (p == MAP_FAILED) return LastErrno();
  return p;
}

Status Unmap(void* addr, size_t length) {
  if (munmap(addr, length) != 0) return LastErrno();
  return Status::Ok();
}

Status Protect(void* addr, size_t length, int prot) {
  if (mprotect(addr, length, prot) != 0) return LastErrno();
  return Status::Ok();
}

Status Sync(void* addr, size_t length) {
  if (msync(addr, length, MS_SYNC) != 0) return LastErrno();
  return Status::Ok();
}

Result<void*> ReserveAligned(size_t length, size_t alignment) {
  const size_t span = length + alignment;
  void* p = mmap(nullptr, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return LastErrno();
  const uintptr_t start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (start + alignment - 1) & ~(static_cast<uintptr_t>(alignment) - 1);
  if (aligned > start) munmap(p, aligned - start);
  const uintptr_t end = start + span, used_end = aligned + length;
  if (end > used_end) munmap(reinterpret_cast<void*>(used_end), end - used_end);
  return reinterpret_cast<void*>(aligned);
}

bool FutexWait(uint32_t* word, uint32_t expected, const struct timespec* deadline) {
  // FUTEX_WAIT_BITSET takes an absolute deadline, so a wake-up that finds nothing to do never stretches the
  // total wait.
  long rc = syscall(SYS_futex, word, FUTEX_WAIT_BITSET, expected, deadline, nullptr,
                    FUTEX_BITSET_MATCH_ANY);
  return !(rc != 0 && errno == ETIMEDOUT);
}

void FutexWakeAll(uint32_t* word) {
  syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
}

void FutexWakeOne(uint32_t* word) { syscall(SYS_futex, word, FUTEX_WAKE, 1, nullptr, nullptr, 0); }

// These two leave errno as it was: a program's C runtime calls around EnterCriticalSection must not see EAGAIN.
bool FutexWaitPrivate(uint32_t* word, uint32_t expected, const struct timespec* deadline) {
  const int saved = errno;
  long rc = syscall(SYS_futex, word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, expected, deadline, nullptr,
                    FUTEX_BITSET_MATCH_ANY);
  const bool timed_out = rc != 0 && errno == ETIMEDOUT;
  errno = saved;
  return !timed_out;
}

void FutexWakePrivate(uint32_t* word, int count) {
  const int saved = errno;
  syscall(SYS_futex, word, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, nullptr, nullptr, 0);
  errno = saved;
}

struct timespec MonotonicDeadline(uint32_t milliseconds) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  now.tv_sec += milliseconds / 1000;
  now.tv_nsec += static_cast<long>(milliseconds % 1000) * 1000000L;
  if (now.tv_nsec >= 1000000000L) {
    now.tv_sec += 1;
    now.tv_nsec -= 1000000000L;
  }
  return now;
}

bool FutexWaitAny(const FutexWaitItem* items, unsigned count, const struct timespec* deadline) {
  if (count == 1) return FutexWait(items[0].word, items[0].expected, deadline);
  struct futex_waitv waiters[128] = {};
  for (unsigned i = 0; i < count && i < 128; ++i) {
    waiters[i].val = items[i].expected;
    waiters[i].uaddr = reinterpret_cast<uintptr_t>(items[i].word);
    waiters[i].flags = FUTEX_32;  // shared: the words live in memory other processes map too
  }
  long rc = syscall(SYS_futex_waitv, waiters, count, 0, deadline, CLOCK_MONOTONIC);
  return !(rc < 0 && errno == ETIMEDOUT);
}

int64_t MonotonicNowNs() {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

int64_t RealtimeNowNs() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return int64_t{now.tv_sec} * 1000000000 + now.tv_nsec;
}

struct timespec TimespecFromNs(int64_t ns) {
  if (ns < 0) ns = 0;
  struct timespec t;
  t.tv_sec = static_cast<time_t>(ns / 1000000000);
  t.tv_nsec = static_cast<long>(ns % 1000000000);
  return t;
}

void Yield() { sched_yield(); }

bool ThreadOfThisProcess(uint32_t tid) {
  return tid != 0 && syscall(SYS_tgkill, getpid(), static_cast<pid_t>(tid), 0) == 0;
}

void Backoff(unsigned attempt) {
  if (attempt < 64) {
    sched_yield();
    return;
  }
  struct timespec pause = {0, 50000};  // the holder is descheduled or stopped: stop burning its CPU
  nanosleep(&pause, nullptr);
}

Result<uint64_t> ProcessStartTime(int pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status(ERROR_INVALID_PARAMETER);
  char buf[1024];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return Status(ERROR_INVALID_PARAMETER);
  buf[n] = '\0';
  // Field 2 (the command) is in parentheses and may contain anything; count fields after its closing one.
  const char* p = strrchr(buf, ')');
  if (p == nullptr) return Status(ERROR_INVALID_PARAMETER);
  ++p;
  int field = 2;
  uint64_t value = 0;
  while (*p != '\0' && field < 22) {
    while (*p == ' ') ++p;
    ++field;
    const char* start = p;
    while (*p != '\0' && *p != ' ') ++p;
    if (field == 22) value = strtoull(start, nullptr, 10);
  }
  if (field != 22) return Status(ERROR_INVALID_PARAMETER);
  return value;
}

namespace {
// glibc no longer caches the pid (a system call each time, and the namespace asks several times per open); a forked
// child forgets the parent's.
std::atomic<int> cached_pid{0};
[[maybe_unused]] const int pid_atfork = pthread_atfork(nullptr, nullptr, [] { cached_pid.store(0); });
}  // namespace

int CurrentProcessId() {
  int pid = cached_pid.load(std::memory_order_relaxed);
  if (pid == 0) {
    pid = static_cast<int>(getpid());
    cached_pid.store(pid, std::memory_order_relaxed);
  }
  return pid;
}

namespace {
// A real-time signal nothing else in emu uses; its value is the exit code.
int JobSignal() { return SIGRTMIN + 7; }

void (*job_before_exit)() = nullptr;

void OnJobTermination(int, siginfo_t* info, void*) {
  if (job_before_exit != nullptr) job_before_exit();
  _exit(info->si_value.sival_int);
}
}  // namespace

void InstallJobTerminationHandler(void (*before_exit)()) {
  static const bool installed = [before_exit] {
    job_before_exit = before_exit;
    struct sigaction sa = {};
    sa.sa_sigaction = OnJobTermination;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    return sigaction(JobSignal(), &sa, nullptr) == 0;
  }();
  (void)installed;
}

bool SendJobTermination(int pid, uint32_t exit_code) {
  union sigval value;
  value.sival_int = static_cast<int>(exit_code);
  return sigqueue(pid, JobSignal(), value) == 0;
}

void ExitProcessNow(uint32_t exit_code) { _exit(static_cast<int>(exit_code)); }

uint64_t PageSize() {
  static const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  return page;
}

unsigned ProcessorCount() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1;
}

uint64_t CommitLimitBytes() {
  struct sysinfo si;
  if (sysinfo(&si) != 0) return UINT64_MAX;
  return (static_cast<uint64_t>(si.totalram) + si.totalswap) * si.mem_unit;
}

}  // namespace winipc::posix

namespace winipc::posix {

Result<MappingInfo> LookupMapping(uintptr_t address) {
  FILE* f = fopen("/proc/self/maps", "re");
  if (f == nullptr) return StatusFromErrno(errno);
  MappingInfo gap{false, 0, UINTPTR_MAX, 0, false, false};
  char line[512];
  uintptr_t previous_end = 0;
  while (fgets(line, sizeof line, f) != nullptr) {
    unsigned long start, end, offset, inode;
    char perms[8];
    unsigned dev_major, dev_minor;
    if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu", &start, &end, perms, &offset, &dev_major, &dev_minor, &inode) !=
        7) {
      continue;
    }
    if (address < start) {
      gap.start = previous_end;
      gap.end = start;
      fclose(f);
      return gap;
    }
    if (address < end) {
      MappingInfo m{true, start, end, 0, perms[3] == 's', inode != 0};
      if (perms[0] == 'r') m.prot |= PROT_READ;
      if (perms[1] == 'w') m.prot |= PROT_WRITE;
      if (perms[2] == 'x') m.prot |= PROT_EXEC;
      fclose(f);
      return m;
    }
    previous_end = end;
  }
  fclose(f);
  gap.start = previous_end;
  return gap;
}

bool PageWasCopied(uintptr_t address) {
  int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  uint64_t entry = 0;
  const off_t where = static_cast<off_t>(address / PageSize() * sizeof entry);
  const bool read_ok = pread(fd, &entry, sizeof entry, where) == static_cast<ssize_t>(sizeof entry);
  close(fd);
  if (!read_ok) return false;
  const bool present = entry & (1ull << 63), swapped = entry & (1ull << 62), file_or_shared = entry & (1ull << 61);
  return swapped || (present && !file_or_shared);
}

}  // namespace winipc::posix
