// File names as the Microsoft C runtime takes them: '\' separates directories as '/' does (Windows allows it in no
// name), so a program's "dir\\file.txt" names the same file on Linux. The same rule as the Win32 file functions
// (core/file.cc, NativePath); the C runtime reports errors through errno, so nothing else is checked here.
#ifndef WINIPC_CRT_PATH_H_
#define WINIPC_CRT_PATH_H_

#include <algorithm>
#include <string>

#include "core/utf.h"

namespace winipc::crt {

inline std::string PosixPath(std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  return path;
}
inline std::string PosixPath(const char16_t* path) { return PosixPath(Utf16ToUtf8(path)); }

}  // namespace winipc::crt

#endif  // WINIPC_CRT_PATH_H_
