#include "harness/names.h"

#include <atomic>
#include <cstdint>

namespace winipc::conformance {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes one code point starting at utf8[*pos] and advances *pos past it. Overlong forms, surrogates, values
// above U+10FFFF and truncated sequences decode as U+FFFD, consuming only the bytes that were well formed.
char32_t DecodeUtf8(const std::string& utf8, size_t* pos) {
  const auto lead = static_cast<unsigned char>(utf8[*pos]);
  ++*pos;
  if (lead < 0x80) return lead;
  int length;
  char32_t code_point;
  char32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, code_point = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, code_point = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, code_point = lead & 0x07, minimum = 0x10000;
  } else {
    return kReplacement;  // A stray continuation byte or an invalid lead byte.
  }
  for (int i = 1; i < length; ++i) {
    if (*pos >= utf8.size() || !IsContinuation(static_cast<unsigned char>(utf8[*pos]))) return kReplacement;
    code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[*pos]) & 0x3F);
    ++*pos;
  }
  if (code_point < minimum || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    return kReplacement;
  }
  return code_point;
}

void AppendUtf8(char32_t code_point, std::string* out) {
  if (code_point < 0x80) {
    out->push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

}  // namespace

std::string UniqueName(const char* what) {
  static std::atomic<unsigned> counter{0};
  return "winipc-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++counter) + "-" + what;
}

std::basic_string<WCHAR> Wide(const std::string& utf8) {
  std::basic_string<WCHAR> out;
  out.reserve(utf8.size());
  size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t code_point = DecodeUtf8(utf8, &pos);
    if (code_point < 0x10000) {
      out.push_back(static_cast<WCHAR>(code_point));
    } else {
      const char32_t offset = code_point - 0x10000;
      out.push_back(static_cast<WCHAR>(0xD800 + (offset >> 10)));
      out.push_back(static_cast<WCHAR>(0xDC00 + (offset & 0x3FF)));
    }
  }
  return out;
}

std::string Narrow(const WCHAR* utf16) {
  std::string out;
  if (utf16 == nullptr) return out;
  for (size_t i = 0; utf16[i] != 0; ++i) {
    const char32_t unit = static_cast<std::uint16_t>(utf16[i]);
    char32_t code_point = unit;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const char32_t next = static_cast<std::uint16_t>(utf16[i + 1]);  // The terminator stops a lone high half.
      if (next >= 0xDC00 && next <= 0xDFFF) {
        code_point = 0x10000 + ((unit - 0xD800) << 10) + (next - 0xDC00);
        ++i;
      } else {
        code_point = kReplacement;
      }
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      code_point = kReplacement;
    }
    AppendUtf8(code_point, &out);
  }
  return out;
}

std::string Narrow(const std::basic_string<WCHAR>& utf16) { return Narrow(utf16.c_str()); }

}  // namespace winipc::conformance
