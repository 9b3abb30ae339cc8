// FormatMessageA/W: the system's message texts (FORMAT_MESSAGE_FROM_SYSTEM) and caller's strings
// (FORMAT_MESSAGE_FROM_STRING), with inserts %1..%99 (optionally typed, %1!d!), the escapes %0 %n %r %t %. %! %%
// %<space>, line width control, and ALLOCATE_BUFFER (a LocalAlloc'd buffer the caller frees with LocalFree).
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-formatmessage
//
// Both functions work in UTF-16; the A-function's strings are UTF-8 (emu's ANSI code page).
#include <windows.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include "api/boundary.h"
#include "api/system_messages.h"
#include "core/utf.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

namespace {

constexpr DWORD kKnownFlags = FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_IGNORE_INSERTS |
                              FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_FROM_SYSTEM |
                              FORMAT_MESSAGE_ARGUMENT_ARRAY | FORMAT_MESSAGE_MAX_WIDTH_MASK;

// The insert arguments: an array of DWORD_PTR (FORMAT_MESSAGE_ARGUMENT_ARRAY), or a va_list read one DWORD_PTR at
// a time, up to the highest insert used (each argument takes a pointer-sized slot).
class Arguments {
 public:
  Arguments(va_list* list, bool is_array) : list_(list), is_array_(is_array) {}
  std::optional<DWORD_PTR> Get(int number) {
    if (list_ == nullptr || number < 1 || number > 99) return std::nullopt;
    if (is_array_) return reinterpret_cast<const DWORD_PTR*>(list_)[number - 1];
    while (static_cast<int>(read_.size()) < number) read_.push_back(va_arg(*list_, DWORD_PTR));
    return read_[number - 1];
  }

 private:
  va_list* list_;
  bool is_array_;
  std::basic_string<DWORD_PTR> read_;
};

std::u16string WideArg(DWORD_PTR value) {
  const char16_t* s = reinterpret_cast<const char16_t*>(value);
  return s == nullptr ? u"(null)" : std::u16string(s);
}
std::u16string NarrowArg(DWORD_PTR value) {
  const char* s = reinterpret_cast<const char*>(value);
  return s == nullptr ? u"(null)" : Utf8ToUtf16(s);
}

// One typed insert: `spec` is what stood between the '!'s (default "s"). Returns nullopt for an argument that is
// missing.
std::optional<std::u16string> FormatInsert(const std::string& spec, int number, Arguments& args, bool wide_call) {
  std::string printf_spec = "%";
  size_t i = 0;
  int next = number;
  // Flags, then width and precision, where '*' takes the next argument (the value comes after them).
  while (i < spec.size() && std::strchr("-+ #0", spec[i])) printf_spec += spec[i++];
  for (int part = 0; part < 2; ++part) {
    if (part == 1) {
      if (i >= spec.size() || spec[i] != '.') break;
      printf_spec += spec[i++];
    }
    if (i < spec.size() && spec[i] == '*') {
      auto v = args.Get(next++);
      if (!v) return std::nullopt;
      printf_spec += std::to_string(static_cast<int>(*v));
      ++i;
    }
    while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') printf_spec += spec[i++];
  }
  std::string length;
  for (const char* prefix : {"I64", "I32", "ll", "l", "h", "w", "I"}) {
    if (spec.compare(i, std::strlen(prefix), prefix) == 0) {
      length = prefix;
      i += length.size();
      break;
    }
  }
  if (i >= spec.size()) return std::nullopt;
  const char conv = spec[i];
  auto value = args.Get(next);
  if (!value) return std::nullopt;
  // DWORD_PTR-sized: I64, ll and I (and l, since Windows' long is 32 bits, is not).
  const bool is_64 = length == "I64" || length == "ll" || (length == "I" && sizeof(void*) == 8);
  switch (conv) {
    case 's':
    case 'S': {
      // In the W-function %s is a WCHAR string and %S a char string; the A-function the other way round.
      // 'l'/'w' say wide and 'h' says narrow whatever the function.
      bool wide = (conv == 's') == wide_call;
      if (length == "l" || length == "w" || length == "ls") wide = true;
      if (length == "h") wide = false;
      const std::u16string text = wide ? WideArg(*value) : NarrowArg(*value);
      // Width and precision apply to characters: format a placeholder of the right length, then substitute.
      std::u16string out;
      int width = 0, precision = -1;
      const bool left = printf_spec.find('-') != std::string::npos;
      std::sscanf(printf_spec.c_str() + 1 + std::strspn(printf_spec.c_str() + 1, "-+ #0"), "%d", &width);
      const size_t dot = printf_spec.find('.');
      if (dot != std::string::npos) precision = std::atoi(printf_spec.c_str() + dot + 1);
      std::u16string body = precision >= 0 && static_cast<size_t>(precision) < text.size()
                                ? text.substr(0, precision) : text;
      const size_t pad = width > 0 && static_cast<size_t>(width) > body.size() ? width - body.size() : 0;
      if (left) return body + std::u16string(pad, u' ');
      return std::u16string(pad, u' ') + body;
    }
    case 'c':
    case 'C': {
      bool wide = (conv == 'c') == wide_call;
      if (length == "l" || length == "w") wide = true;
      if (length == "h") wide = false;
      const char16_t ch = wide ? static_cast<char16_t>(*value) : static_cast<char16_t>(static_cast<unsigned char>(*value));
      return std::u16string(1, ch);
    }
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'p': {
      char buf[128];
      if (conv == 'p') {  // the address in upper-case hex, zero-padded to pointer width
        std::snprintf(buf, sizeof buf, "%0*llX", static_cast<int>(2 * sizeof(void*)),
                      static_cast<unsigned long long>(*value));
      } else if (is_64) {
        std::snprintf(buf, sizeof buf, (printf_spec + "ll" + conv).c_str(), static_cast<long long>(*value));
      } else if (conv == 'd' || conv == 'i') {
        std::snprintf(buf, sizeof buf, (printf_spec + conv).c_str(), static_cast<int>(*value));
      } else {
        std::snprintf(buf, sizeof buf, (printf_spec + conv).c_str(), static_cast<unsigned>(*value));
      }
      return Utf8ToUtf16(buf);
    }
    default:
      return std::nullopt;
  }
}

// Formats `source`. `width` is dwFlags' low byte: 0 keeps the text's line breaks, FORMAT_MESSAGE_MAX_WIDTH_MASK
// turns them into spaces, other values also wrap lines longer than that at a space. nullopt: an insert whose
// argument is missing or whose format is bad (ERROR_INVALID_PARAMETER).
std::optional<std::u16string> Format(const std::u16string& source, DWORD flags, Arguments& args, bool wide_call) {
  const DWORD width = flags & FORMAT_MESSAGE_MAX_WIDTH_MASK;
  const bool ignore_inserts = (flags & FORMAT_MESSAGE_IGNORE_INSERTS) != 0;
  std::u16string out;
  size_t line_start = 0;  // where the current output line starts (for wrapping)
  auto hard_break = [&] {
    out += u"\r\n";
    line_start = out.size();
  };
  for (size_t i = 0; i < source.size();) {
    const char16_t c = source[i];
    if (c == u'%') {
      if (i + 1 >= source.size()) {  // a lone '%' at the end is dropped
        ++i;
        continue;
      }
      const char16_t d = source[i + 1];
      if (d >= u'1' && d <= u'9') {
        size_t j = i + 1;
        int number = 0;
        while (j < source.size() && source[j] >= u'0' && source[j] <= u'9' && j < i + 3) {
          number = number * 10 + (source[j] - u'0');
          ++j;
        }
        size_t end = j;
        std::string spec = "s";
        if (j < source.size() && source[j] == u'!') {
          const size_t close = source.find(u'!', j + 1);
          if (close == std::u16string::npos) return std::nullopt;
          spec = Utf16ToUtf8(source.substr(j + 1, close - j - 1));
          end = close + 1;
        }
        if (ignore_inserts) {
          out += source.substr(i, end - i);
        } else {
          auto text = FormatInsert(spec, number, args, wide_call);
          if (!text) return std::nullopt;
          out += *text;
        }
        i = end;
        continue;
      }
      i += 2;
      switch (d) {
        case u'0':
          return out;  // the message ends here, with no line break
        case u'n':
          hard_break();
          break;
        case u'r':
          out += u'\r';
          break;
        case u't':
          out += u'\t';
          break;
        default:  // %% %. %! %<space> and any other character stand for themselves
          out += d;
          break;
      }
      continue;
    }
    if (c == u'\r' || c == u'\n') {
      // A line break of the text: CR LF, CR or LF.
      i += (c == u'\r' && i + 1 < source.size() && source[i + 1] == u'\n') ? 2 : 1;
      if (width == 0) {
        hard_break();
      } else {
        out += u' ';
      }
      continue;
    }
    out += c;
    ++i;
    if (width != 0 && width != FORMAT_MESSAGE_MAX_WIDTH_MASK && out.size() - line_start > width) {
      // Wrap at the last space of the line, if it has one.
      const size_t space = out.find_last_of(u' ');
      if (space != std::u16string::npos && space >= line_start) {
        const std::u16string rest = out.substr(space + 1);
        out.erase(space);
        hard_break();
        out += rest;
      }
    }
  }
  return out;
}

// The shared body: `source` is the caller's string already in UTF-16 (FROM_STRING), or ignored.
template <typename Char>
DWORD FormatMessageCommon(DWORD flags, const std::u16string* from_string, DWORD message_id, DWORD language_id,
                          Char* buffer, DWORD size, va_list* arguments) {
  constexpr bool kWide = sizeof(Char) == 2;
  if (buffer == nullptr && !(flags & FORMAT_MESSAGE_ALLOCATE_BUFFER)) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
  if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) *reinterpret_cast<Char**>(buffer) = nullptr;
  std::u16string source;
  if (from_string != nullptr) {
    source = *from_string;
  } else if (flags & FORMAT_MESSAGE_FROM_SYSTEM) {
    // emu has English texts only: the neutral and default languages and any English one find them.
    const WORD primary = PRIMARYLANGID(language_id);
    if (language_id != 0 && primary != LANG_NEUTRAL && primary != LANG_ENGLISH) {
      return Fail(Status(ERROR_RESOURCE_LANG_NOT_FOUND), DWORD(0));
    }
    const char* text = SystemMessageText(message_id);
    if (text == nullptr) return Fail(Status(ERROR_MR_MID_NOT_FOUND), DWORD(0));
    source = Utf8ToUtf16(text);
  } else {
    // FROM_HMODULE alone: emu's modules carry no message tables.
    return Fail(Status(ERROR_MR_MID_NOT_FOUND), DWORD(0));
  }
  Arguments args(arguments, (flags & FORMAT_MESSAGE_ARGUMENT_ARRAY) != 0);
  auto formatted = Format(source, flags, args, kWide);
  if (!formatted) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
  std::basic_string<Char> result;
  if constexpr (kWide) {
    result.assign(formatted->begin(), formatted->end());
  } else {
    const std::string utf8 = Utf16ToUtf8(*formatted);
    result.assign(utf8.begin(), utf8.end());
  }
  const size_t needed = result.size() + 1;
  if (flags & FORMAT_MESSAGE_ALLOCATE_BUFFER) {
    // nSize is the least number of characters to allocate.
    const size_t chars = needed > size ? needed : size;
    Char* block = static_cast<Char*>(LocalAlloc(LMEM_FIXED, chars * sizeof(Char)));
    if (block == nullptr) return Fail(Status(ERROR_NOT_ENOUGH_MEMORY), DWORD(0));
    std::memcpy(block, result.c_str(), needed * sizeof(Char));
    *reinterpret_cast<Char**>(buffer) = block;
    return static_cast<DWORD>(result.size());
  }
  if (needed > size) return Fail(Status(ERROR_INSUFFICIENT_BUFFER), DWORD(0));
  std::memcpy(buffer, result.c_str(), needed * sizeof(Char));
  return static_cast<DWORD>(result.size());
}

}  // namespace

extern "C" DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                       LPSTR lpBuffer, DWORD nSize, va_list* Arguments) {
  if (dwFlags & ~kKnownFlags) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
  if (dwFlags & FORMAT_MESSAGE_FROM_STRING) {
    if (lpSource == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
    const std::u16string source = Utf8ToUtf16(static_cast<const char*>(lpSource));
    return FormatMessageCommon<char>(dwFlags, &source, dwMessageId, dwLanguageId, lpBuffer, nSize, Arguments);
  }
  return FormatMessageCommon<char>(dwFlags, nullptr, dwMessageId, dwLanguageId, lpBuffer, nSize, Arguments);
}

extern "C" DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                       LPWSTR lpBuffer, DWORD nSize, va_list* Arguments) {
  if (dwFlags & ~kKnownFlags) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
  if (dwFlags & FORMAT_MESSAGE_FROM_STRING) {
    if (lpSource == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD(0));
    const std::u16string source(static_cast<const char16_t*>(lpSource));
    return FormatMessageCommon<char16_t>(dwFlags, &source, dwMessageId, dwLanguageId,
                                         reinterpret_cast<char16_t*>(lpBuffer), nSize, Arguments);
  }
  return FormatMessageCommon<char16_t>(dwFlags, nullptr, dwMessageId, dwLanguageId,
                                       reinterpret_cast<char16_t*>(lpBuffer), nSize, Arguments);
}
