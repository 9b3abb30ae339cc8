// System calls for processes and for passing objects between processes: spawning, pidfds, exit status, and the
// datagram socket a process receives duplicated handles on.
#ifndef WINIPC_POSIX_PROCESS_SYS_H_
#define WINIPC_POSIX_PROCESS_SYS_H_

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "posix/sys.h"

namespace winipc::posix {

struct SpawnSpec {
  std::string path;                       // an executable path
  std::vector<std::string> argv;
  std::optional<std::vector<std::string>> environment;  // nullopt: this process's
  std::optional<std::string> directory;   // nullopt: this process's
  std::vector<int> keep_fds;              // kept open (same number) in the child; every other emu fd is close-on-exec
  // The child's descriptors 0, 1 and 2 (STARTF_USESTDHANDLES): these descriptors of this process, -1 for none
  // (/dev/null, so that the number is not taken by the next file the child opens).
  // nullopt: the child shares this process's.
  std::optional<std::array<int, 3>> std_fds;
};
// ERROR_FILE_NOT_FOUND, ERROR_ACCESS_DENIED, ERROR_BAD_EXE_FORMAT, ERROR_DIRECTORY (bad directory) ...
Result<pid_t> Spawn(const SpawnSpec& spec);

// Finds `name` as execvp would (a name with a slash is used as it is, else each $PATH directory), returning an
// existing regular file; ERROR_FILE_NOT_FOUND otherwise.
Result<std::string> FindExecutable(const std::string& name);
bool DirectoryExists(const std::string& path);

Result<Fd> PidFdOpen(pid_t pid);
// The exit status of an ended child, reaping it: the exit code, or 128 + the signal that killed it. nullopt if it
// still runs (block = false) .
std::optional<int> ReapChild(int pidfd, bool block);
// Whether a process (not necessarily a child) has ended; `block` waits until it has.
bool ProcessEnded(int pidfd, bool block);
void KillProcess(int pidfd);

// Threads, for TerminateThread: a real-time signal (SIGRTMIN + 8) sent to one thread with a 64-bit value, which
// the handler passes on. Installed once; a signal some other sender raised (not sigqueue-like) is ignored.
void InstallThreadTerminationHandler(void (*handler)(uint64_t value));
// False if there is no such thread.
bool SendThreadTermination(int pid, uint32_t tid, uint64_t value);
// Holds the termination signal back from the calling thread while it exists: around a lock the whole process
// needs, so that a thread terminated there does not leave it held.
class ThreadTerminationDeferred {
 public:
  ThreadTerminationDeferred();
  ~ThreadTerminationDeferred();
  ThreadTerminationDeferred(const ThreadTerminationDeferred&) = delete;
  ThreadTerminationDeferred& operator=(const ThreadTerminationDeferred&) = delete;

 private:
  sigset_t previous_;
};
// Ends the calling thread only, at once: no unwinding, no thread-exit handlers; the kernel still releases its
// robust futex words. Async-signal-safe.
[[noreturn]] void ExitThisThreadOnly();
// How many threads this process has now (/proc/self/stat). Async-signal-safe.
int ThreadCount();
// The process a thread id belongs to (/proc/<tid>/status); ERROR_INVALID_PARAMETER if no thread has that id.
Result<pid_t> ProcessOfThread(uint32_t tid);

// Opens another (or this) process's descriptor anew through /proc, as a new open file description.
// Whether a process with this pid exists (any user's).
bool ProcessExists(pid_t pid);
// Whether descriptor `fd` of process `pid` is the file with inode `ino` (stat through /proc/<pid>/fd): false for
// a process that has ended, or whose pid and descriptor number now mean something else.
bool DescriptorIsInode(pid_t pid, int fd, uint64_t ino);
// ReopenDescriptor, when that descriptor is the file with inode `ino`: ERROR_ACCESS_DENIED when this process may
// not open another's descriptors (it is not dumpable), ERROR_FILE_NOT_FOUND for anything else (no such process or
// descriptor, or another file).
Result<Fd> ReopenDescriptorOfInode(pid_t pid, int fd, uint64_t ino, struct stat* st_out = nullptr);
Result<Fd> ReopenDescriptor(pid_t pid, int fd);
// Opens (anew) the memfd called `name` that process `pid` holds; ERROR_FILE_NOT_FOUND if it holds none.
Result<Fd> FindMemFd(pid_t pid, const std::string& name);
// What /proc/<pid>/fd/<fd> points at.
// The running program's file (/proc/self/exe).
Result<std::string> ExecutablePath();
Result<std::string> DescriptorPath(pid_t pid, int fd);
Status ClearCloseOnExec(int fd);
Status SetCloseOnExec(int fd);
Result<Fd> DupDescriptor(int fd);

// Datagram sockets in the abstract namespace, for handles sent to a process.
Result<Fd> BindDatagramSocket(const std::string& abstract_name);
// Sends `bytes` with up to kMaxSentDescriptors descriptors attached (none: an empty list) to the socket named
// `abstract_name`; ERROR_INVALID_HANDLE if nobody is bound.
inline constexpr size_t kMaxSentDescriptors = 2;
Status SendWithDescriptors(const std::string& abstract_name, const void* bytes, size_t size,
                           const std::vector<int>& fds);
// Receives one datagram and its descriptors, in the order sent, without waiting; nullopt when the queue is empty.
std::optional<std::vector<Fd>> ReceiveWithDescriptors(int socket, void* bytes, size_t size);

std::string CurrentDirectory();
std::optional<std::string> GetEnv(const std::string& name);
Status SetEnv(const std::string& name, const std::optional<std::string>& value);  // nullopt: unset
std::vector<std::string> CurrentEnvironment();

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_PROCESS_SYS_H_
