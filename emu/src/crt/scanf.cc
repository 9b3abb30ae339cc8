// sscanf_s / fscanf_s / scanf_s / swscanf_s: scanf with Microsoft's rules. %s, %c and %[ take the buffer and then
// its size in characters (an unsigned int); a field that does not fit leaves the buffer "" and ends the scan. The
// length modifiers mean what they mean on Windows (%ld is 32 bits, %I64d 64). Each conversion is done by glibc's
// scanf on its own (with %n to know how far it read), so whitespace and literal text behave as in glibc.
#include <stdio.h>

#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <algorithm>
#include <string>

#include "core/utf.h"
#include "crt/invalid_parameter.h"

namespace {

// Runs one piece of format with one pointer (may be null when the piece has no conversion) and a %n counter.
using ScanStep = std::function<int(const std::string& format, void* target, int* consumed)>;

// How a %s/%c/%[ field is stored: as char, or as UTF-16 units.
void Store(void* dest, unsigned size, const std::string& text, bool wide, bool terminate, bool* fits) {
  if (wide) {
    const std::u16string units = winipc::Utf8ToUtf16(text);
    *fits = units.size() + (terminate ? 1 : 0) <= size;
    auto* out = static_cast<char16_t*>(dest);
    if (!*fits) {
      if (size > 0) out[0] = 0;
      return;
    }
    memcpy(out, units.data(), units.size() * sizeof(char16_t));
    if (terminate) out[units.size()] = 0;
    return;
  }
  *fits = text.size() + (terminate ? 1 : 0) <= size;
  auto* out = static_cast<char*>(dest);
  if (!*fits) {
    if (size > 0) out[0] = 0;
    return;
  }
  memcpy(out, text.data(), text.size());
  if (terminate) out[text.size()] = 0;
}

// `sized`: the _s forms, whose %s/%c/%[ take a size after the pointer; the others trust the buffer to be large enough.
int Scan(const std::string& format, bool wide_function, bool sized, va_list in, const ScanStep& step) {
  va_list args;
  va_copy(args, in);
  int assigned = 0;
  long consumed_total = 0;
  std::string prefix;
  size_t i = 0;
  int result = 0;
  bool done = false;
  while (!done && i < format.size()) {
    if (format[i] != '%') {
      prefix.push_back(format[i++]);
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '%') {
      prefix += "%%";
      i += 2;
      continue;
    }
    ++i;
    const bool suppress = i < format.size() && format[i] == '*';
    if (suppress) ++i;
    std::string width;
    while (i < format.size() && isdigit(static_cast<unsigned char>(format[i]))) width.push_back(format[i++]);
    std::string length;  // glibc's length modifier
    bool wide_modifier = false, narrow_modifier = false, long_modifier = false;
    if (format.compare(i, 3, "I64") == 0) {
      length = "ll";
      i += 3;
    } else if (format.compare(i, 3, "I32") == 0) {
      i += 3;
    } else if (format.compare(i, 2, "ll") == 0) {
      length = "ll";
      i += 2;
    } else if (format.compare(i, 2, "hh") == 0) {
      length = "hh";
      i += 2;
    } else if (i < format.size()) {
      switch (format[i]) {
        case 'l': long_modifier = wide_modifier = true; ++i; break;
        case 'w': wide_modifier = true; ++i; break;
        case 'h': length = "h"; narrow_modifier = true; ++i; break;
        case 'L': length = "L"; ++i; break;
        case 'I': case 'z': case 't': case 'j': length = "ll"; ++i; break;
        default: break;
      }
    }
    if (i >= format.size()) break;
    char conversion = format[i++];
    std::string set;
    if (conversion == '[') {
      set = "[";
      if (i < format.size() && format[i] == '^') set.push_back(format[i++]);
      if (i < format.size() && format[i] == ']') set.push_back(format[i++]);
      while (i < format.size() && format[i] != ']') set.push_back(format[i++]);
      if (i < format.size()) set.push_back(format[i++]);
    }
    int consumed = -1;
    int r = 0;
    if (conversion == 'n') {
      r = step(prefix + "%n", nullptr, &consumed);
      if (consumed >= 0 && !suppress) *va_arg(args, int*) = static_cast<int>(consumed_total + consumed);
    } else if (conversion == 's' || conversion == 'S' || conversion == 'c' || conversion == 'C' || conversion == '[') {
      bool wide_target = (conversion == 'S' || conversion == 'C') ? !wide_function : wide_function;
      if (narrow_modifier) wide_target = false;
      if (wide_modifier) wide_target = true;
      const bool is_char = conversion == 'c' || conversion == 'C';
      void* dest = suppress ? nullptr : va_arg(args, void*);
      const unsigned size = suppress ? 0 : sized ? va_arg(args, unsigned) : UINT_MAX;
      // %c reads a known count into a buffer of that size; %s and %[ let glibc allocate (%m). (%mc is avoided:
      // ASan's scanf interceptor takes its 1-byte result for a string and reports a write past it.)
      char* text = nullptr;
      const size_t char_count = is_char ? static_cast<size_t>(width.empty() ? 1 : std::max(1, atoi(width.c_str()))) : 0;
      std::string chars(char_count, '\0');
      if (is_char) {
        r = step(prefix + "%" + std::to_string(char_count) + "c%n", chars.data(), &consumed);
      } else {
        r = step(prefix + "%" + width + "m" + (conversion == '[' ? set : "s") + "%n", &text, &consumed);
      }
      if (r == 1 && consumed >= 0) {
        const std::string field = is_char ? chars : std::string(text);
        bool fits = true;
        if (!suppress) Store(dest, size, field, wide_target, !is_char, &fits);
        free(text);
        if (!fits) {
          done = true;
          consumed_total += consumed;
          prefix.clear();
          break;
        }
        if (!suppress) ++assigned;
        consumed_total += consumed;
        prefix.clear();
        continue;
      }
      free(text);
    } else {
      std::string c(1, conversion);
      if (strchr("eEfFgGaA", conversion) != nullptr) {
        length = long_modifier ? "l" : length;
      }
      void* dest = suppress ? nullptr : va_arg(args, void*);
      const std::string spec = std::string("%") + (suppress ? "*" : "") + width + length + c;
      r = step(prefix + spec + "%n", dest, &consumed);
      if ((r == 1 || (suppress && r == 0)) && consumed >= 0) {
        if (!suppress) ++assigned;
        consumed_total += consumed;
        prefix.clear();
        continue;
      }
    }
    if (r == EOF && assigned == 0) result = EOF;
    if (consumed < 0) {
      done = true;
    } else {
      consumed_total += consumed;
      prefix.clear();
    }
  }
  if (!done && !prefix.empty()) {
    int consumed = -1;
    step(prefix + "%n", nullptr, &consumed);
  }
  va_end(args);
  return result == EOF ? EOF : assigned;
}

int ScanString(const char* input, const std::string& format, bool wide, bool sized, va_list args) {
  size_t position = 0;
  const size_t length = strlen(input);
  return Scan(format, wide, sized, args, [&](const std::string& piece, void* target, int* consumed) {
    *consumed = -1;
    const char* at = input + position;
    int r = target != nullptr ? sscanf(at, piece.c_str(), target, consumed) : sscanf(at, piece.c_str(), consumed);
    if (*consumed >= 0) position += *consumed;
    if (r == EOF && position >= length && *consumed < 0) return EOF;
    return r == EOF ? 0 : r;
  });
}

int ScanStream(FILE* stream, const std::string& format, bool wide, bool sized, va_list args) {
  return Scan(format, wide, sized, args, [&](const std::string& piece, void* target, int* consumed) {
    *consumed = -1;
    int r = target != nullptr ? fscanf(stream, piece.c_str(), target, consumed)
                              : fscanf(stream, piece.c_str(), consumed);
    return r;
  });
}

// swscanf on UTF-16 input and format; `sized` for the _s form.
int ScanWideString(const char16_t* input, const char16_t* format, bool sized, va_list args) {
  if (input == nullptr || format == nullptr) {
    winipc::crt::InvalidParameter(EINVAL);
    return EOF;
  }
  const std::string narrow_input = winipc::Utf16ToUtf8(input);
  return ScanString(narrow_input.c_str(), winipc::Utf16ToUtf8(format), true, sized, args);
}

// wscanf on stdin with a UTF-16 format; `sized` for the _s form.
int ScanWideStdin(const char16_t* format, bool sized, va_list args) {
  if (format == nullptr) {
    winipc::crt::InvalidParameter(EINVAL);
    return EOF;
  }
  return ScanStream(stdin, winipc::Utf16ToUtf8(format), true, sized, args);
}

}  // namespace

extern "C" {

int vsscanf_s(const char* input, const char* format, va_list args) {
  if (input == nullptr || format == nullptr) {
    winipc::crt::InvalidParameter(EINVAL);
    return EOF;
  }
  return ScanString(input, format, false, true, args);
}
int sscanf_s(const char* input, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vsscanf_s(input, format, args);
  va_end(args);
  return n;
}
int vfscanf_s(FILE* stream, const char* format, va_list args) {
  if (stream == nullptr || format == nullptr) {
    winipc::crt::InvalidParameter(EINVAL);
    return EOF;
  }
  return ScanStream(stream, format, false, true, args);
}
int fscanf_s(FILE* stream, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vfscanf_s(stream, format, args);
  va_end(args);
  return n;
}
int scanf_s(const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vfscanf_s(stdin, format, args);
  va_end(args);
  return n;
}
int swscanf_s(const char16_t* input, const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = ScanWideString(input, format, true, args);
  va_end(args);
  return n;
}

// Microsoft's wide scanf without sizes, on UTF-16 text (the _stscanf/_tscanf of UNICODE builds).
int winipc_swscanf16(const char16_t* input, const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = ScanWideString(input, format, false, args);
  va_end(args);
  return n;
}
int winipc_wscanf16(const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = ScanWideStdin(format, false, args);
  va_end(args);
  return n;
}
int winipc_wscanf16_s(const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = ScanWideStdin(format, true, args);
  va_end(args);
  return n;
}

}  // extern "C"
