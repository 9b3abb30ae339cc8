#include "posix/file_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <cstdlib>

#include "posix/errno_map.h"

namespace winipc::posix {
namespace {

Status LastError() { return StatusFromErrno(errno); }

std::string DirectoryPart(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<Fd> OpenPath(const std::string& path, int flags, mode_t mode) {
  for (;;) {
    const int fd = open(path.c_str(), flags | O_CLOEXEC, mode);
    if (fd >= 0) return Fd(fd);
    const int err = errno;
    if (err == EINTR) continue;
    if (err == ENOENT && !IsDirectory(DirectoryPart(path))) return Status(ERROR_PATH_NOT_FOUND);
    if (err == EISDIR) return Status(ERROR_ACCESS_DENIED);
    if (err == EEXIST) return Status(ERROR_FILE_EXISTS);
    if (err == ETXTBSY) return Status(ERROR_SHARING_VIOLATION);
    return StatusFromErrno(err);
  }
}

Result<Fd> Reopen(int fd, int flags) {
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  for (;;) {
    const int fresh = open(proc.c_str(), flags | O_CLOEXEC);
    if (fresh >= 0) return Fd(fresh);
    if (errno != EINTR) return LastError();
  }
}

std::string PathOfFd(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0 || st.st_nlink == 0) return "";
  const std::string proc = "/proc/self/fd/" + std::to_string(fd);
  std::string path(4096, '\0');
  const ssize_t n = readlink(proc.c_str(), path.data(), path.size());
  if (n <= 0 || static_cast<size_t>(n) >= path.size() || path[0] != '/') return "";
  path.resize(static_cast<size_t>(n));
  return path;
}

bool FdReadable(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_PATH)) return false;
  return (flags & O_ACCMODE) == O_RDONLY || (flags & O_ACCMODE) == O_RDWR;
}

bool IsPathOnly(int fd) { return (fcntl(fd, F_GETFL) & O_PATH) != 0; }

void ClearNonBlocking(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags >= 0 && (flags & O_NONBLOCK)) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

bool FdWritable(int fd) {
  const int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || (flags & O_PATH)) return false;
  return (flags & O_ACCMODE) == O_WRONLY || (flags & O_ACCMODE) == O_RDWR;
}

Result<size_t> ReadUpTo(int fd, void* buffer, size_t length, uint64_t offset) {
  size_t done = 0;
  while (done < length) {
    const ssize_t n = pread(fd, static_cast<char*>(buffer) + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      if (done > 0) break;
      return LastError();
    }
    if (n == 0) break;  // end of file
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<size_t> WriteFully(int fd, const void* buffer, size_t length, uint64_t offset) {
  size_t done = 0;
  while (done < length) {
    const ssize_t n =
        pwrite(fd, static_cast<const char*>(buffer) + done, length - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastError();
    }
    done += static_cast<size_t>(n);
  }
  return done;
}

Result<size_t> StreamRead(int fd, void* buffer, size_t length) {
  for (;;) {
    const ssize_t n = read(fd, buffer, length);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return LastError();
  }
}

Result<size_t> StreamWrite(int fd, const void* buffer, size_t length) {
  size_t done = 0;
  while (done < length) {
    const ssize_t n = write(fd, static_cast<const char*>(buffer) + done, length - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return LastError();
    }
    done += static_cast<size_t>(n);
  }
  return done;
}

bool IsStream(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return false;
  return S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode);
}

Result<uint64_t> FileSizeOf(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return LastError();
  return static_cast<uint64_t>(st.st_size);
}

Status SyncFile(int fd) {
  if (fsync(fd) != 0) return LastError();
  return Status::Ok();
}

Status UnlinkPath(const std::string& path) {
  if (unlink(path.c_str()) == 0) return Status::Ok();
  const int err = errno;
  if (err == ENOENT && !IsDirectory(DirectoryPart(path))) return Status(ERROR_PATH_NOT_FOUND);
  if (err == EISDIR) return Status(ERROR_ACCESS_DENIED);
  return StatusFromErrno(err);
}

Result<bool> RangeLockedByOthers(int fd, uint64_t offset, uint64_t length) {
  struct flock fl = {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = static_cast<off_t>(length);
  if (fcntl(fd, F_OFD_GETLK, &fl) != 0) return LastError();
  return fl.l_type != F_UNLCK;
}

std::string TempDirectory() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && dir[0] != '\0' ? dir : "/tmp";
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

uint32_t TickCount() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint32_t>(static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000);
}

}  // namespace winipc::posix
