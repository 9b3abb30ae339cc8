// printf formatting by the Microsoft C runtime's rules, shared by the narrow and wide printf families.
#ifndef WINIPC_CRT_FORMAT_H_
#define WINIPC_CRT_FORMAT_H_

#include <cstdarg>
#include <string>
#include <string_view>

namespace winipc::crt {

// Formats `format` (UTF-8; a wide function's UTF-16 format converted losslessly) with the arguments, and returns
// UTF-8 text. Where Microsoft differs from glibc:
//  - %s and %c take the function's own character type: char in narrow functions, WCHAR (UTF-16) in wide ones
//    (`wide`); %S and %C take the other one; %hs/%hc are always char and %ls/%lc/%ws/%wc always WCHAR;
//  - %ld/%lu/%lx are 32 bits (Windows' long), %I64d and %lld 64, %Id and %zd pointer-sized, %I32d 32;
//  - %p prints 16 upper-case hex digits without 0x; a NULL string prints "(null)";
//  - %n writes nothing (the Universal CRT refuses it by default).
// A string's width and precision count bytes in a narrow function and UTF-16 units in a wide one.
std::string FormatMs(std::string_view format, bool wide, va_list args);

}  // namespace winipc::crt

#endif  // WINIPC_CRT_FORMAT_H_
