#include "posix/dir_sys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <windows.h>

#include <memory>

#include "posix/errno_map.h"
#include "posix/file_sys.h"
#include "posix/sys.h"

namespace winipc::posix {
namespace {

Status LastError() { return StatusFromErrno(errno); }

std::string ParentOf(const std::string& path) {
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  const size_t slash = trimmed.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return trimmed.substr(0, slash);
}

}  // namespace

Status MissingPathStatus(const std::string& path) {
  return IsDirectory(ParentOf(path)) ? Status(ERROR_FILE_NOT_FOUND) : Status(ERROR_PATH_NOT_FOUND);
}

Status MakeDirectory(const std::string& path) {
  if (mkdir(path.c_str(), 0777) == 0) return Status::Ok();
  if (errno == ENOENT) return Status(ERROR_PATH_NOT_FOUND);
  return LastError();
}

Status RemoveDirectoryPath(const std::string& path) {
  if (rmdir(path.c_str()) == 0) return Status::Ok();
  const int err = errno;
  if (err == ENOTEMPTY || err == EEXIST) return Status(ERROR_DIR_NOT_EMPTY);
  if (err == ENOENT) return MissingPathStatus(path);
  if (err == ENOTDIR) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) return Status(ERROR_DIRECTORY);  // a file, not a directory
    return Status(ERROR_PATH_NOT_FOUND);
  }
  if (err == EBUSY) return Status(ERROR_SHARING_VIOLATION);
  return StatusFromErrno(err);
}

Status ChangeDirectory(const std::string& path) {
  if (chdir(path.c_str()) == 0) return Status::Ok();
  const int err = errno;
  if (err == ENOENT) return MissingPathStatus(path);
  if (err == ENOTDIR) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) return Status(ERROR_DIRECTORY);
    return Status(ERROR_PATH_NOT_FOUND);
  }
  return StatusFromErrno(err);
}

Result<struct stat> StatPath(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) == 0) return st;
  if (errno == ENOENT) return MissingPathStatus(path);
  return LastError();
}

Status ChangeMode(const std::string& path, mode_t mode) {
  if (chmod(path.c_str(), mode) == 0) return Status::Ok();
  if (errno == ENOENT) return MissingPathStatus(path);
  return LastError();
}

Status SetFdTimes(int fd, const struct timespec* access, const struct timespec* modification) {
  struct timespec times[2];
  times[0] = access != nullptr ? *access : timespec{0, UTIME_OMIT};
  times[1] = modification != nullptr ? *modification : timespec{0, UTIME_OMIT};
  if (futimens(fd, times) == 0) return Status::Ok();
  return LastError();
}

Status RenamePath(const std::string& from, const std::string& to, bool replace) {
  const int result = replace ? rename(from.c_str(), to.c_str())
                             : renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE);
  if (result == 0) return Status::Ok();
  const int err = errno;
  if (err == ENOENT) {
    struct stat st;
    if (lstat(from.c_str(), &st) != 0) return MissingPathStatus(from);
    return Status(ERROR_PATH_NOT_FOUND);  // the target's directory is missing
  }
  if (err == EEXIST) return Status(ERROR_ALREADY_EXISTS);
  // rename(2) over a directory, or of a directory over a file: Windows refuses with access denied.
  if (err == EISDIR || err == ENOTEMPTY || err == ENOTDIR) return Status(ERROR_ACCESS_DENIED);
  if (err == EXDEV) return Status(ERROR_NOT_SAME_DEVICE);
  return StatusFromErrno(err);
}

Status CopyFileContents(const std::string& from, const std::string& to, bool fail_if_exists) {
  auto source = OpenPath(from, O_RDONLY | O_NOCTTY | O_NONBLOCK);
  if (!source.ok()) return source.status();
  auto st = StatFd(source->get());
  if (!st.ok()) return st.status();
  if (!S_ISREG(st->st_mode)) return Status(ERROR_ACCESS_DENIED);
  ClearNonBlocking(source->get());
  const int create = O_WRONLY | O_CREAT | O_TRUNC | O_NOCTTY | (fail_if_exists ? O_EXCL : 0);
  auto target = OpenPath(to, create, st->st_mode & 07777);
  if (!target.ok()) return target.status();
  std::vector<char> buffer(1 << 16);
  uint64_t offset = 0;
  for (;;) {
    auto n = ReadUpTo(source->get(), buffer.data(), buffer.size(), offset);
    if (!n.ok()) return n.status();
    if (n.value() == 0) break;
    auto written = WriteFully(target->get(), buffer.data(), n.value(), offset);
    if (!written.ok()) return written.status();
    offset += n.value();
  }
  // CopyFile keeps the source's attributes (the read-only bit: the permission bits) and last write time.
  if (fchmod(target->get(), st->st_mode & 07777) != 0) return LastError();
  return SetFdTimes(target->get(), nullptr, &st->st_mtim);
}

Result<std::vector<std::string>> ListDirectory(const std::string& path) {
  struct CloseDir {
    void operator()(DIR* d) const { closedir(d); }
  };
  std::unique_ptr<DIR, CloseDir> dir(opendir(path.c_str()));
  if (!dir) {
    const int err = errno;
    if (err == ENOENT) return MissingPathStatus(path);
    if (err == ENOTDIR) return Status(ERROR_PATH_NOT_FOUND);
    return StatusFromErrno(err);
  }
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = readdir(dir.get())) names.emplace_back(entry->d_name);
  if (errno != 0) return LastError();
  return names;
}

namespace {

Status SetOfdLock(int fd, short type, uint64_t offset, uint64_t length, bool wait) {
  struct flock fl = {};
  fl.l_type = type;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(offset);
  fl.l_len = static_cast<off_t>(length);
  for (;;) {
    if (fcntl(fd, wait ? F_OFD_SETLKW : F_OFD_SETLK, &fl) == 0) return Status::Ok();
    const int err = errno;
    if (err == EINTR) continue;
    if (err == EAGAIN || err == EACCES) return Status(ERROR_LOCK_VIOLATION);
    if (err == EBADF) return Status(ERROR_ACCESS_DENIED);  // a read lock on a write-only fd, or the reverse
    return StatusFromErrno(err);
  }
}

}  // namespace

Status OfdLock(int fd, bool exclusive, uint64_t offset, uint64_t length, bool wait) {
  return SetOfdLock(fd, exclusive ? F_WRLCK : F_RDLCK, offset, length, wait);
}

Status OfdUnlock(int fd, uint64_t offset, uint64_t length) { return SetOfdLock(fd, F_UNLCK, offset, length, false); }

}  // namespace winipc::posix
