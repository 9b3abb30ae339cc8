// fopen_s / _wfopen_s / _wfopen and the environment's _s functions: file names and text are UTF-8 on the Linux side,
// UTF-16 in the W forms; a '\' in a file name separates directories (crt/path.h).
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/utf.h"
#include "crt/invalid_parameter.h"
#include "crt/path.h"

using winipc::crt::InvalidParameter;

namespace {
// Microsoft's mode letters glibc does not know (t = text, the default; b is accepted by both; N, S, R, T, D are
// hints; ccs=... picks an encoding) are dropped.
std::string PosixMode(const char* mode) {
  std::string out;
  for (const char* p = mode; *p != 0 && *p != ','; ++p) {
    if (strchr("rwa+bx", *p) != nullptr) out.push_back(*p);
  }
  return out;
}
}  // namespace

extern "C" {

errno_t fopen_s(FILE** file, const char* name, const char* mode) {
  if (file == nullptr) return InvalidParameter(EINVAL);
  *file = nullptr;
  if (name == nullptr || mode == nullptr || *mode == 0) return InvalidParameter(EINVAL);
  *file = fopen(winipc::crt::PosixPath(name).c_str(), PosixMode(mode).c_str());
  return *file != nullptr ? 0 : errno;
}

errno_t _wfopen_s(FILE** file, const char16_t* name, const char16_t* mode) {
  if (file == nullptr) return InvalidParameter(EINVAL);
  *file = nullptr;
  if (name == nullptr || mode == nullptr || *mode == 0) return InvalidParameter(EINVAL);
  return fopen_s(file, winipc::Utf16ToUtf8(name).c_str(), winipc::Utf16ToUtf8(mode).c_str());
}

FILE* winipc_fopen(const char* name, const char* mode) {
  FILE* file = nullptr;
  const errno_t error = fopen_s(&file, name, mode);
  if (error != 0) errno = error;
  return file;
}

FILE* _wfopen(const char16_t* name, const char16_t* mode) {
  FILE* file = nullptr;
  const errno_t error = _wfopen_s(&file, name, mode);
  if (error != 0) errno = error;
  return file;
}

// The value lives as long as the variable is unchanged, in a per-thread buffer (Windows keeps a wide copy of the
// environment; emu converts on demand).
char16_t* _wgetenv(const char16_t* name) {
  if (name == nullptr) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  const char* value = getenv(winipc::Utf16ToUtf8(name).c_str());
  if (value == nullptr) return nullptr;
  thread_local std::u16string storage;
  storage = winipc::Utf8ToUtf16(value);
  return storage.data();
}

errno_t _dupenv_s(char** value, size_t* size, const char* name) {
  if (value == nullptr || name == nullptr) return InvalidParameter(EINVAL);
  *value = nullptr;
  if (size != nullptr) *size = 0;
  const char* found = getenv(name);
  if (found == nullptr) return 0;
  *value = strdup(found);
  if (*value == nullptr) return errno = ENOMEM;
  if (size != nullptr) *size = strlen(found) + 1;
  return 0;
}

errno_t getenv_s(size_t* required, char* buffer, size_t size, const char* name) {
  if (required == nullptr || name == nullptr || (buffer == nullptr && size != 0)) return InvalidParameter(EINVAL);
  if (buffer != nullptr) buffer[0] = 0;
  const char* found = getenv(name);
  *required = found == nullptr ? 0 : strlen(found) + 1;
  if (found == nullptr || size == 0) return 0;
  if (*required > size) return InvalidParameter(ERANGE);
  memcpy(buffer, found, *required);
  return 0;
}

}  // extern "C"

extern "C" int _wremove(const char16_t* name) {
  if (name == nullptr) {
    InvalidParameter(EINVAL);
    return -1;
  }
  return remove(winipc::crt::PosixPath(name).c_str());
}
