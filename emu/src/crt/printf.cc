// The Microsoft printf family: sprintf_s, _snprintf_s, _snprintf, _scprintf and their wide twins, printf_s, and
// printing UTF-16 to a stream as UTF-8. Formatting rules: crt/format.h.
#include <stdio.h>

#include <cerrno>
#include <cstring>

#include "crt/invalid_parameter.h"
#include "crt/text.h"

using winipc::crt::Format;
using winipc::crt::InvalidParameter;

namespace {

// sprintf_s: the text and its NUL must fit; otherwise the buffer becomes "" and the handler runs (ERANGE).
template <typename C>
int PrintSecure(C* buffer, size_t size, const C* format, va_list args) {
  if (format == nullptr || buffer == nullptr || size == 0) {
    if (buffer != nullptr && size != 0) buffer[0] = 0;
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::basic_string<C> text = Format(format, args);
  if (text.size() >= size) {
    buffer[0] = 0;
    InvalidParameter(ERANGE);
    return -1;
  }
  memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(C));
  return static_cast<int>(text.size());
}

// _snprintf_s: at most `count` characters (or, with _TRUNCATE, what fits); cutting the text returns -1 but is not an
// error unless even `count` characters do not fit the buffer.
template <typename C>
int PrintSecureCount(C* buffer, size_t size, size_t count, const C* format, va_list args) {
  if (buffer == nullptr && size == 0 && count == 0) return 0;
  if (format == nullptr || buffer == nullptr || size == 0) {
    if (buffer != nullptr && size != 0) buffer[0] = 0;
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::basic_string<C> text = Format(format, args);
  const size_t limit = count == _TRUNCATE ? size - 1 : count;
  if (text.size() <= limit && text.size() < size) {
    memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(C));
    return static_cast<int>(text.size());
  }
  if (limit < size) {  // cut at count (or at the buffer's end for _TRUNCATE): a result, not an error
    memcpy(buffer, text.data(), limit * sizeof(C));
    buffer[limit] = 0;
    return -1;
  }
  buffer[0] = 0;
  InvalidParameter(ERANGE);
  return -1;
}

// _snprintf: at most `count` characters, NUL only if there is room; -1 when the text was cut.
template <typename C>
int PrintCount(C* buffer, size_t count, const C* format, va_list args) {
  if (format == nullptr || (buffer == nullptr && count != 0)) {
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::basic_string<C> text = Format(format, args);
  if (buffer == nullptr) return static_cast<int>(text.size());
  const size_t n = text.size() < count ? text.size() : count;
  memcpy(buffer, text.data(), n * sizeof(C));
  if (n < count) buffer[n] = 0;
  return text.size() > count ? -1 : static_cast<int>(text.size());
}

template <typename C>
int PrintLength(const C* format, va_list args) {
  if (format == nullptr) {
    InvalidParameter(EINVAL);
    return -1;
  }
  return static_cast<int>(Format(format, args).size());
}

// Wide text to a stream: converted to UTF-8; the result counts UTF-16 units, as Windows counts wide characters.
int PrintWide(FILE* stream, const char16_t* format, va_list args) {
  if (stream == nullptr || format == nullptr) {
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::u16string text = Format(format, args);
  const std::string bytes = winipc::Utf16ToUtf8(text);
  if (fwrite(bytes.data(), 1, bytes.size(), stream) != bytes.size()) return -1;
  return static_cast<int>(text.size());
}

int PrintNarrow(FILE* stream, const char* format, va_list args) {
  if (stream == nullptr || format == nullptr) {
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::string text = Format(format, args);
  if (fwrite(text.data(), 1, text.size(), stream) != text.size()) return -1;
  return static_cast<int>(text.size());
}

}  // namespace

#define WINIPC_VARIADIC(call)      \
  va_list args;                    \
  va_start(args, format);          \
  const int result = (call);       \
  va_end(args);                    \
  return result

extern "C" {

int vsprintf_s(char* buffer, size_t size, const char* format, va_list args) {
  return PrintSecure(buffer, size, format, args);
}
int sprintf_s(char* buffer, size_t size, const char* format, ...) {
  WINIPC_VARIADIC(PrintSecure(buffer, size, format, args));
}
int _vsnprintf_s(char* buffer, size_t size, size_t count, const char* format, va_list args) {
  return PrintSecureCount(buffer, size, count, format, args);
}
int _snprintf_s(char* buffer, size_t size, size_t count, const char* format, ...) {
  WINIPC_VARIADIC(PrintSecureCount(buffer, size, count, format, args));
}
int _vsnprintf(char* buffer, size_t count, const char* format, va_list args) {
  return PrintCount(buffer, count, format, args);
}
int _snprintf(char* buffer, size_t count, const char* format, ...) {
  WINIPC_VARIADIC(PrintCount(buffer, count, format, args));
}
int _vscprintf(const char* format, va_list args) { return PrintLength(format, args); }
int _scprintf(const char* format, ...) { WINIPC_VARIADIC(PrintLength(format, args)); }
int printf_s(const char* format, ...) { WINIPC_VARIADIC(PrintNarrow(stdout, format, args)); }
int fprintf_s(FILE* stream, const char* format, ...) { WINIPC_VARIADIC(PrintNarrow(stream, format, args)); }

int vswprintf_s(char16_t* buffer, size_t size, const char16_t* format, va_list args) {
  return PrintSecure(buffer, size, format, args);
}
int swprintf_s(char16_t* buffer, size_t size, const char16_t* format, ...) {
  WINIPC_VARIADIC(PrintSecure(buffer, size, format, args));
}
int _vsnwprintf_s(char16_t* buffer, size_t size, size_t count, const char16_t* format, va_list args) {
  return PrintSecureCount(buffer, size, count, format, args);
}
int _snwprintf_s(char16_t* buffer, size_t size, size_t count, const char16_t* format, ...) {
  WINIPC_VARIADIC(PrintSecureCount(buffer, size, count, format, args));
}
int _vsnwprintf(char16_t* buffer, size_t count, const char16_t* format, va_list args) {
  return PrintCount(buffer, count, format, args);
}
int _snwprintf(char16_t* buffer, size_t count, const char16_t* format, ...) {
  WINIPC_VARIADIC(PrintCount(buffer, count, format, args));
}
int _vscwprintf(const char16_t* format, va_list args) { return PrintLength(format, args); }
int _scwprintf(const char16_t* format, ...) { WINIPC_VARIADIC(PrintLength(format, args)); }

// ISO swprintf: `count` is the buffer's size; text that does not fit is cut, NUL-terminated, and gives -1.
int winipc_vswprintf16(char16_t* buffer, size_t count, const char16_t* format, va_list args) {
  if (format == nullptr || (buffer == nullptr && count != 0)) {
    InvalidParameter(EINVAL);
    return -1;
  }
  const std::u16string text = Format(format, args);
  if (count == 0) return -1;
  const size_t n = text.size() < count ? text.size() : count - 1;
  memcpy(buffer, text.data(), n * sizeof(char16_t));
  buffer[n] = 0;
  return text.size() < count ? static_cast<int>(text.size()) : -1;
}
int winipc_swprintf16(char16_t* buffer, size_t count, const char16_t* format, ...) {
  WINIPC_VARIADIC(winipc_vswprintf16(buffer, count, format, args));
}
int winipc_swprintf16_legacy(char16_t* buffer, const char16_t* format, ...) {
  WINIPC_VARIADIC(PrintCount(buffer, static_cast<size_t>(-1) / 4, format, args));
}
int winipc_vwprintf16(const char16_t* format, va_list args) { return PrintWide(stdout, format, args); }
int winipc_wprintf16(const char16_t* format, ...) { WINIPC_VARIADIC(PrintWide(stdout, format, args)); }
int winipc_vfwprintf16(FILE* stream, const char16_t* format, va_list args) {
  return PrintWide(stream, format, args);
}
int winipc_fwprintf16(FILE* stream, const char16_t* format, ...) {
  WINIPC_VARIADIC(PrintWide(stream, format, args));
}
int winipc_fputws16(const char16_t* text, FILE* stream) {
  if (text == nullptr || stream == nullptr) {
    InvalidParameter(EINVAL);
    return EOF;
  }
  const std::string bytes = winipc::Utf16ToUtf8(text);
  return fwrite(bytes.data(), 1, bytes.size(), stream) == bytes.size() ? 0 : EOF;
}
int _putws(const char16_t* text) {
  if (winipc_fputws16(text, stdout) == EOF) return EOF;
  return fputc('\n', stdout) == EOF ? EOF : 0;
}

}  // extern "C"
