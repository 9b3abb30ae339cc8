// <io.h> and <direct.h>: the Microsoft C runtime's descriptor I/O and directory functions, each the POSIX call of
// the same meaning, with the runtime's argument checks in front: a negative descriptor calls the invalid-parameter
// handler and fails with EBADF, a NULL buffer or path with EINVAL (the handler returning, the function returns -1).
// Failures of the call itself set errno as POSIX does, without the handler, as the Microsoft C runtime. A '\' in a
// path separates directories, as on Windows (crt/path.h).
#include <direct.h>
#include <io.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/utf.h"
#include "crt/invalid_parameter.h"
#include "crt/path.h"

using winipc::crt::InvalidParameter;
using winipc::crt::PosixPath;

namespace {

// -1 after the invalid-parameter handler, with errno `error`.
int Invalid(int error) {
  InvalidParameter(error);
  return -1;
}

}  // namespace

extern "C" {

int _access(const char* path, int mode) {
  if (path == nullptr || (mode & ~6) != 0) return Invalid(EINVAL);
  return access(PosixPath(path).c_str(), mode);
}

int _open(const char* path, int flags, ...) {
  if (path == nullptr) return Invalid(EINVAL);
  mode_t permission = 0;
  if ((flags & O_CREAT) != 0) {
    va_list args;
    va_start(args, flags);
    const int requested = va_arg(args, int);
    va_end(args);
    // Windows has no group or other bits: what the owner may do, everyone may (less the umask, as on Linux).
    if ((requested & S_IRUSR) != 0) permission |= S_IRUSR | S_IRGRP | S_IROTH;
    if ((requested & S_IWUSR) != 0) permission |= S_IWUSR | S_IWGRP | S_IWOTH;
  }
  return open(PosixPath(path).c_str(), flags, permission);
}

int _close(int fd) {
  if (fd < 0) return Invalid(EBADF);
  return close(fd);
}

int _read(int fd, void* buffer, unsigned int count) {
  if (fd < 0) return Invalid(EBADF);
  if (buffer == nullptr && count != 0) return Invalid(EINVAL);
  if (count > INT32_MAX) return Invalid(EINVAL);
  return static_cast<int>(read(fd, buffer, count));
}

int _write(int fd, const void* buffer, unsigned int count) {
  if (fd < 0) return Invalid(EBADF);
  if (buffer == nullptr && count != 0) return Invalid(EINVAL);
  return static_cast<int>(write(fd, buffer, count));
}

long long _lseeki64(int fd, long long offset, int origin) {
  if (fd < 0) return Invalid(EBADF);
  if (origin != SEEK_SET && origin != SEEK_CUR && origin != SEEK_END) return Invalid(EINVAL);
  return lseek(fd, offset, origin);
}

// Microsoft's long is 32 bits: a position beyond 2 GiB cannot be returned, so the seek fails with EINVAL.
long _lseek(int fd, long offset, int origin) {
  const long long at = _lseeki64(fd, offset, origin);
  return (at > INT32_MAX) ? (errno = EINVAL, -1L) : static_cast<long>(at);
}

long long _telli64(int fd) { return _lseeki64(fd, 0, SEEK_CUR); }
long _tell(int fd) { return _lseek(fd, 0, SEEK_CUR); }

int _dup(int fd) {
  if (fd < 0) return Invalid(EBADF);
  return dup(fd);
}

int _dup2(int fd, int target) {
  if (fd < 0 || target < 0) return Invalid(EBADF);
  return dup2(fd, target) < 0 ? -1 : 0;
}

int _isatty(int fd) { return fd >= 0 && isatty(fd) ? 1 : 0; }

int _unlink(const char* path) {
  if (path == nullptr) return Invalid(EINVAL);
  return unlink(PosixPath(path).c_str());
}

int _chmod(const char* path, int mode) {
  if (path == nullptr) return Invalid(EINVAL);
  struct stat st;
  if (stat(PosixPath(path).c_str(), &st) != 0) return -1;
  // Only _S_IWRITE means something on Windows: a file is read-only or not.
  mode_t bits = st.st_mode & 07777;
  if ((mode & S_IWUSR) != 0) {
    bits |= S_IWUSR;
  } else {
    bits &= ~static_cast<mode_t>(S_IWUSR | S_IWGRP | S_IWOTH);
  }
  return chmod(PosixPath(path).c_str(), bits);
}

int _commit(int fd) {
  if (fd < 0) return Invalid(EBADF);
  return fsync(fd);
}

int _chsize_s(int fd, long long size) {
  if (fd < 0) return InvalidParameter(EBADF);
  if (size < 0) return InvalidParameter(EINVAL);
  return ftruncate(fd, size) == 0 ? 0 : errno;
}

int _chsize(int fd, long size) { return _chsize_s(fd, size) == 0 ? 0 : -1; }

long long _filelengthi64(int fd) {
  if (fd < 0) return Invalid(EBADF);
  struct stat st;
  return fstat(fd, &st) == 0 ? static_cast<long long>(st.st_size) : -1;
}

long _filelength(int fd) { return static_cast<long>(_filelengthi64(fd)); }

int _eof(int fd) {
  if (fd < 0) return Invalid(EBADF);
  struct stat st;
  const off_t at = lseek(fd, 0, SEEK_CUR);
  if (at < 0 || fstat(fd, &st) != 0) return -1;
  return at >= st.st_size ? 1 : 0;
}

int _setmode(int fd, int mode) {
  if (fd < 0) return Invalid(EBADF);
  if (mode != _O_BINARY && mode != _O_TEXT && mode != _O_WTEXT && mode != _O_U8TEXT && mode != _O_U16TEXT) {
    return Invalid(EINVAL);
  }
  return _O_BINARY;  // the previous mode: a Linux descriptor is always binary
}

int _fileno(FILE* stream) {
  if (stream == nullptr) return Invalid(EINVAL);
  return fileno(stream);
}

int _mkdir(const char* path) {
  if (path == nullptr) return Invalid(EINVAL);
  return mkdir(PosixPath(path).c_str(), 0777);
}

int _rmdir(const char* path) {
  if (path == nullptr) return Invalid(EINVAL);
  return rmdir(PosixPath(path).c_str());
}

int _chdir(const char* path) {
  if (path == nullptr) return Invalid(EINVAL);
  return chdir(PosixPath(path).c_str());
}

char* _getcwd(char* buffer, int size) {
  if (size < 0) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  if (buffer == nullptr) {
    char* path = getcwd(nullptr, 0);
    if (path != nullptr && static_cast<size_t>(size) > strlen(path) + 1) {
      char* bigger = static_cast<char*>(realloc(path, static_cast<size_t>(size)));
      if (bigger != nullptr) path = bigger;
    }
    return path;
  }
  if (size == 0) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  return getcwd(buffer, static_cast<size_t>(size));  // too small: NULL with ERANGE, as Microsoft's
}

// The wide forms: UTF-16 names, converted to the UTF-8 of Linux file names, then the narrow form (which checks
// and translates the path).

int _wopen(const char16_t* path, int flags, ...) {
  if (path == nullptr) return Invalid(EINVAL);
  int permission = 0;
  if ((flags & O_CREAT) != 0) {
    va_list args;
    va_start(args, flags);
    permission = va_arg(args, int);
    va_end(args);
  }
  return _open(winipc::Utf16ToUtf8(path).c_str(), flags, permission);
}

int _waccess(const char16_t* path, int mode) {
  return path == nullptr ? Invalid(EINVAL) : _access(winipc::Utf16ToUtf8(path).c_str(), mode);
}
int _wunlink(const char16_t* path) {
  return path == nullptr ? Invalid(EINVAL) : _unlink(winipc::Utf16ToUtf8(path).c_str());
}
int _wchmod(const char16_t* path, int mode) {
  return path == nullptr ? Invalid(EINVAL) : _chmod(winipc::Utf16ToUtf8(path).c_str(), mode);
}
int _wmkdir(const char16_t* path) {
  return path == nullptr ? Invalid(EINVAL) : _mkdir(winipc::Utf16ToUtf8(path).c_str());
}
int _wrmdir(const char16_t* path) {
  return path == nullptr ? Invalid(EINVAL) : _rmdir(winipc::Utf16ToUtf8(path).c_str());
}
int _wchdir(const char16_t* path) {
  return path == nullptr ? Invalid(EINVAL) : _chdir(winipc::Utf16ToUtf8(path).c_str());
}

char16_t* _wgetcwd(char16_t* buffer, int size) {
  if (size < 0 || (buffer != nullptr && size == 0)) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  char* narrow = getcwd(nullptr, 0);
  if (narrow == nullptr) return nullptr;
  const std::u16string wide = winipc::Utf8ToUtf16(narrow);
  free(narrow);
  const size_t needed = wide.size() + 1;
  if (buffer == nullptr) {
    const size_t units = needed > static_cast<size_t>(size) ? needed : static_cast<size_t>(size);
    buffer = static_cast<char16_t*>(malloc(units * sizeof(char16_t)));
    if (buffer == nullptr) {
      errno = ENOMEM;
      return nullptr;
    }
  } else if (needed > static_cast<size_t>(size)) {
    errno = ERANGE;
    return nullptr;
  }
  memcpy(buffer, wide.c_str(), needed * sizeof(char16_t));
  return buffer;
}

}  // extern "C"
