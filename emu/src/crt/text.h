// The two character types of the C runtime, char (UTF-8) and WCHAR (UTF-16), behind one interface, so that each
// narrow/wide pair of functions is written once.
#ifndef WINIPC_CRT_TEXT_H_
#define WINIPC_CRT_TEXT_H_

#include <cstdarg>
#include <string>

#include "core/utf.h"
#include "crt/format.h"

namespace winipc::crt {

// The length of a NUL-terminated string of either character type.
template <typename C>
size_t Length(const C* s) {
  return std::char_traits<C>::length(s);
}

template <typename C>
struct Text;

template <>
struct Text<char> {
  static constexpr bool kWide = false;
  static std::string ToUtf8(const char* s) { return s; }
  static std::string FromUtf8(std::string s) { return s; }
};

template <>
struct Text<char16_t> {
  static constexpr bool kWide = true;
  static std::string ToUtf8(const char16_t* s) { return Utf16ToUtf8(s); }
  static std::u16string FromUtf8(const std::string& s) { return Utf8ToUtf16(s); }
};

// The formatted text in the function's own character type.
template <typename C>
std::basic_string<C> Format(const C* format, va_list args) {
  return Text<C>::FromUtf8(FormatMs(Text<C>::ToUtf8(format), Text<C>::kWide, args));
}

}  // namespace winipc::crt

#endif  // WINIPC_CRT_TEXT_H_
