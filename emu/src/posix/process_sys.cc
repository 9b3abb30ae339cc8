#include "posix/process_sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <winerror.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "posix/errno_map.h"

extern char** environ;

namespace winipc::posix {
namespace {

Status ErrnoStatus(int err) { return StatusFromErrno(err); }

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

sockaddr_un AbstractAddress(const std::string& name, socklen_t* length) {
  sockaddr_un address = {};
  address.sun_family = AF_UNIX;
  const size_t n = std::min(name.size(), sizeof(address.sun_path) - 1);
  std::memcpy(address.sun_path + 1, name.data(), n);  // sun_path[0] == 0: the abstract namespace
  *length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + 1 + n);
  return address;
}

}  // namespace

bool DirectoryExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

Result<std::string> FindExecutable(const std::string& name) {
  if (name.empty()) return Status(ERROR_FILE_NOT_FOUND);
  if (name.find('/') != std::string::npos) {
    if (IsRegularFile(name)) return name;
    const std::string dir = name.substr(0, name.rfind('/'));
    return Status(dir.empty() || DirectoryExists(dir) ? ERROR_FILE_NOT_FOUND : ERROR_PATH_NOT_FOUND);
  }
  const char* path = getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  for (;;) {
    const size_t end = dirs.find(':', start);
    std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + name;
    if (IsRegularFile(candidate)) return candidate;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return Status(ERROR_FILE_NOT_FOUND);
}

Result<pid_t> Spawn(const SpawnSpec& spec) {
  if (spec.directory && !DirectoryExists(*spec.directory)) return Status(ERROR_DIRECTORY);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // dup2 of a descriptor onto itself clears its close-on-exec flag in the child only.
  for (int fd : spec.keep_fds) posix_spawn_file_actions_adddup2(&actions, fd, fd);
  // Standard streams: copies above 2 first (close-on-exec, so only the dup2 reaches the child), so that a source
  // that is itself 0, 1 or 2 is not overwritten by an earlier dup2.
  std::vector<Fd> std_copies;
  if (spec.std_fds) {
    for (int target = 0; target < 3; ++target) {
      const int source = (*spec.std_fds)[target];
      const int copy = source >= 0 ? fcntl(source, F_DUPFD_CLOEXEC, 3) : -1;
      if (copy >= 0) {
        std_copies.emplace_back(copy);
        posix_spawn_file_actions_adddup2(&actions, copy, target);
      } else {
        // Never left closed: the child's next open() would take the number, and its printf would write there.
        posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_RDWR, 0);
      }
    }
  }
  if (spec.directory) posix_spawn_file_actions_addchdir_np(&actions, spec.directory->c_str());
  std::vector<std::string> argv = spec.argv;
  std::vector<char*> argv_pointers = Pointers(argv);
  std::vector<std::string> env = spec.environment ? *spec.environment : CurrentEnvironment();
  std::vector<char*> env_pointers = Pointers(env);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, spec.path.c_str(), &actions, nullptr, argv_pointers.data(), env_pointers.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    if (rc == ENOEXEC) return Status(ERROR_BAD_EXE_FORMAT);
    return ErrnoStatus(rc);
  }
  return pid;
}

Result<Fd> PidFdOpen(pid_t pid) {
  const long fd = syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return Status(ERROR_INVALID_PARAMETER);  // no such process: what OpenProcess reports
  (void)SetCloseOnExec(static_cast<int>(fd));
  return Fd(static_cast<int>(fd));
}

std::optional<int> ReapChild(int pidfd, bool block) {
  siginfo_t info = {};
  for (;;) {
    const int rc = waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd), &info,
                          WEXITED | (block ? 0 : WNOHANG));
    if (rc == 0) break;
    if (errno == EINTR) continue;
    return 255;  // reaped elsewhere: the status is lost
  }
  if (info.si_pid == 0) return std::nullopt;  // still running
  if (info.si_code == CLD_EXITED) return info.si_status;
  return 128 + info.si_status;
}

bool ProcessEnded(int pidfd, bool block) {
  struct pollfd p = {pidfd, POLLIN, 0};
  for (;;) {
    const int rc = poll(&p, 1, block ? -1 : 0);
    if (rc >= 0) return rc > 0;
    if (errno != EINTR) return true;
  }
}

void KillProcess(int pidfd) { syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr, 0); }

namespace {
int ThreadTerminationSignal() { return SIGRTMIN + 8; }
std::atomic<void (*)(uint64_t)> termination_handler{nullptr};

void OnThreadTermination(int, siginfo_t* info, void*) {
  if (info->si_code != SI_QUEUE) return;
  if (auto handler = termination_handler.load()) {
    handler(static_cast<uint64_t>(reinterpret_cast<uintptr_t>(info->si_value.sival_ptr)));
  }
}
}  // namespace

void InstallThreadTerminationHandler(void (*handler)(uint64_t value)) {
  static std::once_flag once;
  std::call_once(once, [handler] {
    termination_handler.store(handler);
    struct sigaction sa = {};
    sa.sa_sigaction = OnThreadTermination;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);
    (void)sigaction(ThreadTerminationSignal(), &sa, nullptr);
  });
}

bool SendThreadTermination(int pid, uint32_t tid, uint64_t value) {
  siginfo_t info = {};
  info.si_signo = ThreadTerminationSignal();
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_uid = getuid();
  info.si_value.sival_ptr = reinterpret_cast<void*>(static_cast<uintptr_t>(value));
  return syscall(SYS_rt_tgsigqueueinfo, pid, static_cast<pid_t>(tid), ThreadTerminationSignal(), &info) == 0;
}

ThreadTerminationDeferred::ThreadTerminationDeferred() {
  sigset_t held;
  sigemptyset(&held);
  sigaddset(&held, ThreadTerminationSignal());
  pthread_sigmask(SIG_BLOCK, &held, &previous_);
}

ThreadTerminationDeferred::~ThreadTerminationDeferred() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

void ExitThisThreadOnly() {
  for (;;) syscall(SYS_exit, 0);
}

int ThreadCount() {
  const int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char text[1024];
  const ssize_t n = read(fd, text, sizeof text - 1);
  close(fd);
  if (n <= 0) return 0;
  text[n] = 0;
  // After the command name in parentheses (which may hold anything): state is field 3, num_threads field 20.
  const char* p = strrchr(text, ')');
  if (p == nullptr) return 0;
  for (int field = 2; field < 20 && p != nullptr; ++field) p = strchr(p + 1, ' ');
  return p != nullptr ? atoi(p + 1) : 0;
}

Result<pid_t> ProcessOfThread(uint32_t tid) {
  const std::string path = "/proc/" + std::to_string(tid) + "/status";
  FILE* f = fopen(path.c_str(), "re");
  if (f == nullptr) return Status(ERROR_INVALID_PARAMETER);
  char line[256];
  pid_t tgid = -1;
  while (fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, "Tgid:", 5) == 0) {
      tgid = static_cast<pid_t>(atoi(line + 5));
      break;
    }
  }
  fclose(f);
  if (tgid <= 0) return Status(ERROR_INVALID_PARAMETER);
  return tgid;
}

Result<Fd> ReopenDescriptor(pid_t pid, int fd) {
  const std::string path = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  const int reopened = open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (reopened < 0) return ErrnoStatus(errno);
  return Fd(reopened);
}

bool ProcessExists(pid_t pid) { return pid > 0 && (kill(pid, 0) == 0 || errno == EPERM); }

bool DescriptorIsInode(pid_t pid, int fd, uint64_t ino) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd/%d", static_cast<int>(pid), fd);
  struct stat st;
  return stat(path, &st) == 0 && static_cast<uint64_t>(st.st_ino) == ino;
}

Result<Fd> ReopenDescriptorOfInode(pid_t pid, int fd, uint64_t ino, struct stat* st_out) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/fd/%d", static_cast<int>(pid), fd);
  const int reopened = open(path, O_RDWR | O_CLOEXEC);
  if (reopened < 0) return Status(errno == EACCES || errno == EPERM ? ERROR_ACCESS_DENIED : ERROR_FILE_NOT_FOUND);
  Fd owned(reopened);
  struct stat st;
  if (fstat(reopened, &st) != 0 || static_cast<uint64_t>(st.st_ino) != ino) return Status(ERROR_FILE_NOT_FOUND);
  if (st_out != nullptr) *st_out = st;
  return owned;
}

Result<Fd> FindMemFd(pid_t pid, const std::string& name) {
  const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status(ERROR_FILE_NOT_FOUND);
  const std::string wanted = "/memfd:" + name + " (deleted)";
  int found = -1;
  while (struct dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    const int fd = atoi(e->d_name);
    auto target = DescriptorPath(pid, fd);
    if (target.ok() && target.value() == wanted) {
      found = fd;
      break;
    }
  }
  closedir(d);
  if (found < 0) return Status(ERROR_FILE_NOT_FOUND);
  return ReopenDescriptor(pid, found);
}

Result<std::string> ExecutablePath() {
  char target[4096];
  const ssize_t n = readlink("/proc/self/exe", target, sizeof target);
  if (n < 0) return ErrnoStatus(errno);
  return std::string(target, static_cast<size_t>(n));
}

Result<std::string> DescriptorPath(pid_t pid, int fd) {
  const std::string link = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  char target[4096];
  const ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
  if (n < 0) return ErrnoStatus(errno);
  return std::string(target, static_cast<size_t>(n));
}

Status ClearCloseOnExec(int fd) {
  const int flags = fcntl(fd, F_GETFD);
  if (flags < 0 || fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) < 0) return ErrnoStatus(errno);
  return Status::Ok();
}

Status SetCloseOnExec(int fd) {
  const int flags = fcntl(fd, F_GETFD);
  if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0) return ErrnoStatus(errno);
  return Status::Ok();
}

Result<Fd> DupDescriptor(int fd) {
  const int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (copy < 0) return ErrnoStatus(errno);
  return Fd(copy);
}

Result<Fd> BindDatagramSocket(const std::string& abstract_name) {
  const int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (s < 0) return ErrnoStatus(errno);
  Fd owner(s);
  socklen_t length;
  sockaddr_un address = AbstractAddress(abstract_name, &length);
  if (bind(s, reinterpret_cast<sockaddr*>(&address), length) != 0) return ErrnoStatus(errno);
  return owner;
}

Status SendWithDescriptors(const std::string& abstract_name, const void* bytes, size_t size,
                           const std::vector<int>& fds) {
  if (fds.size() > kMaxSentDescriptors) return Status(ERROR_INVALID_PARAMETER);
  const int s = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return ErrnoStatus(errno);
  Fd owner(s);
  socklen_t length;
  sockaddr_un address = AbstractAddress(abstract_name, &length);
  iovec io = {const_cast<void*>(bytes), size};
  alignas(cmsghdr) char control[CMSG_SPACE(kMaxSentDescriptors * sizeof(int))] = {};
  msghdr message = {};
  message.msg_name = &address;
  message.msg_namelen = length;
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  if (!fds.empty()) {
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(fds.size() * sizeof(int));
    cmsghdr* c = CMSG_FIRSTHDR(&message);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(fds.size() * sizeof(int));
    std::memcpy(CMSG_DATA(c), fds.data(), fds.size() * sizeof(int));
  }
  if (sendmsg(s, &message, MSG_NOSIGNAL) < 0) {
    if (errno == ECONNREFUSED || errno == ENOENT) return Status(ERROR_INVALID_HANDLE);
    if (errno == EAGAIN) return Status(ERROR_NOT_ENOUGH_QUOTA);
    return ErrnoStatus(errno);
  }
  return Status::Ok();
}

std::optional<std::vector<Fd>> ReceiveWithDescriptors(int socket, void* bytes, size_t size) {
  iovec io = {bytes, size};
  alignas(cmsghdr) char control[CMSG_SPACE(kMaxSentDescriptors * sizeof(int))] = {};
  msghdr message = {};
  message.msg_iov = &io;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t n = recvmsg(socket, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  if (n < 0) return std::nullopt;
  std::vector<Fd> fds;
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      fds.emplace_back(fd);
    }
  }
  return fds;
}

std::string CurrentDirectory() {
  char buffer[4096];
  return getcwd(buffer, sizeof buffer) != nullptr ? buffer : ".";
}

std::optional<std::string> GetEnv(const std::string& name) {
  const char* value = getenv(name.c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

Status SetEnv(const std::string& name, const std::optional<std::string>& value) {
  const int rc = value ? setenv(name.c_str(), value->c_str(), 1) : unsetenv(name.c_str());
  return rc == 0 ? Status::Ok() : ErrnoStatus(errno);
}

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) out.emplace_back(*e);
  return out;
}

}  // namespace winipc::posix
