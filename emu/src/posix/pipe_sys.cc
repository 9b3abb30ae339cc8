#include "posix/pipe_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "posix/errno_map.h"

namespace winipc::posix {

Result<std::pair<Fd, Fd>> MakePipe(uint32_t size) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return StatusFromErrno(errno);
  Fd read_end(fds[0]);
  Fd write_end(fds[1]);
  if (size > 0) (void)fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(std::min<uint32_t>(size, 1u << 20)));
  return std::make_pair(std::move(read_end), std::move(write_end));
}

bool IsPipe(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode);
}

Result<PipeLevel> PipeLevelOf(int fd) {
  PipeLevel level;
  int available = 0;
  if (ioctl(fd, FIONREAD, &available) != 0) return StatusFromErrno(errno);
  level.available = static_cast<uint32_t>(available);
  // POLLHUP on a read end: every write end is closed.
  struct pollfd p = {fd, POLLIN, 0};
  int rc;
  do {
    rc = poll(&p, 1, 0);
  } while (rc < 0 && errno == EINTR);
  level.writers_gone = rc > 0 && (p.revents & POLLHUP) != 0;
  return level;
}

Result<size_t> PeekPipe(int fd, void* buffer, size_t length) {
  if (length == 0) return size_t{0};
  // tee() duplicates a pipe's bytes into another pipe without consuming them; the copy is then read.
  auto scratch = MakePipe(0);
  if (!scratch.ok()) return scratch.status();
  const ssize_t copied = tee(fd, scratch->second.get(), length, SPLICE_F_NONBLOCK);
  if (copied < 0) {
    if (errno == EAGAIN) return size_t{0};  // nothing waiting
    return StatusFromErrno(errno);
  }
  size_t done = 0;
  while (done < static_cast<size_t>(copied)) {
    const ssize_t n = read(scratch->first.get(), static_cast<char*>(buffer) + done, static_cast<size_t>(copied) - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

void IgnoreBrokenPipeSignal() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current = {};
    if (sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) (void)signal(SIGPIPE, SIG_IGN);
  });
}

}  // namespace winipc::posix
