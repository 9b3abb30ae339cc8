// File names as the Microsoft C runtime takes them: '\' separates directories as '/' does (Windows allows it in no
// name), so a program's "dir\\file.txt" names the same file on Linux: the Win32 file functions' rule
// (core/file.h, WithSlashes). The C runtime reports errors through errno, so nothing else is checked here.
#ifndef WINIPC_CRT_PATH_H_
#define WINIPC_CRT_PATH_H_

#include <string>
#include <utility>

#include "core/file.h"
#include "core/utf.h"

namespace winipc::crt {

inline std::string PosixPath(std::string path) { return WithSlashes(std::move(path)); }
inline std::string PosixPath(const char16_t* path) { return PosixPath(Utf16ToUtf8(path)); }

}  // namespace winipc::crt

#endif  // WINIPC_CRT_PATH_H_
