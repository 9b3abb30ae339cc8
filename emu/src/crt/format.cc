#include "crt/format.h"

#include <cctype>
#include <cstdint>
#include <cstdio>

#include "core/utf.h"

namespace winipc::crt {
namespace {

struct Spec {
  std::string flags;
  bool has_width = false;
  int width = 0;
  bool has_precision = false;
  int precision = 0;
  enum class Size { kDefault, kChar, kShort, kLong32, kLong64, kLongDouble, kWide, kNarrow } size = Size::kDefault;
  char conversion = 0;
};

// The spec rebuilt for snprintf with a given length modifier and conversion.
std::string PrintfSpec(const Spec& spec, const char* length, char conversion) {
  std::string out = "%" + spec.flags;
  if (spec.has_width) out += std::to_string(spec.width);
  if (spec.has_precision) out += "." + std::to_string(spec.precision);
  return out + length + conversion;
}

template <typename T>
std::string Snprintf(const std::string& f, T value) {
  char small[128];
  const int n = snprintf(small, sizeof small, f.c_str(), value);
  if (n < 0) return "";
  if (static_cast<size_t>(n) < sizeof small) return std::string(small, n);
  std::string big(static_cast<size_t>(n) + 1, '\0');
  snprintf(big.data(), big.size(), f.c_str(), value);
  big.resize(n);
  return big;
}

// Pads `text` (counted in `units`) to the width, on the left or (flag '-') on the right.
std::string Pad(const Spec& spec, std::string text, size_t units) {
  if (!spec.has_width || units >= static_cast<size_t>(spec.width)) return text;
  const std::string fill(spec.width - units, ' ');
  return spec.flags.find('-') != std::string::npos ? text + fill : fill + text;
}

std::u16string WideText(const char16_t* s) { return s == nullptr ? u"(null)" : std::u16string(s); }

// A string argument, cut to the precision and padded to the width in the output's units.
std::string FormatString(const Spec& spec, bool output_wide, bool argument_wide, va_list& args) {
  if (output_wide) {
    std::u16string text = argument_wide ? WideText(va_arg(args, const char16_t*))
                                        : [&] {
                                            const char* s = va_arg(args, const char*);
                                            return Utf8ToUtf16(s == nullptr ? "(null)" : s);
                                          }();
    if (spec.has_precision && text.size() > static_cast<size_t>(spec.precision)) text.resize(spec.precision);
    return Pad(spec, Utf16ToUtf8(text), text.size());
  }
  std::string text;
  if (argument_wide) {
    text = Utf16ToUtf8(WideText(va_arg(args, const char16_t*)));
  } else {
    const char* s = va_arg(args, const char*);
    text = s == nullptr ? "(null)" : s;
  }
  if (spec.has_precision && text.size() > static_cast<size_t>(spec.precision)) text.resize(spec.precision);
  return Pad(spec, text, text.size());
}

std::string FormatChar(const Spec& spec, bool output_wide, bool argument_wide, va_list& args) {
  const int value = va_arg(args, int);
  std::string text;
  size_t units = 1;
  if (argument_wide) {
    const char16_t unit[2] = {static_cast<char16_t>(value), 0};
    text = Utf16ToUtf8(unit);
  } else {
    text.assign(1, static_cast<char>(value));
    if (output_wide) units = Utf8ToUtf16(text).size();
  }
  if (!output_wide) units = text.size();
  return Pad(spec, text, units);
}

std::string FormatInteger(const Spec& spec, va_list& args) {
  const bool is_signed = spec.conversion == 'd' || spec.conversion == 'i';
  switch (spec.size) {
    case Spec::Size::kLong64:
      return is_signed ? Snprintf(PrintfSpec(spec, "ll", spec.conversion), va_arg(args, long long))
                       : Snprintf(PrintfSpec(spec, "ll", spec.conversion), va_arg(args, unsigned long long));
    case Spec::Size::kShort:
      return Snprintf(PrintfSpec(spec, "h", spec.conversion), va_arg(args, int));
    case Spec::Size::kChar:
      return Snprintf(PrintfSpec(spec, "hh", spec.conversion), va_arg(args, int));
    default:  // int, and Windows' 32-bit long
      return is_signed ? Snprintf(PrintfSpec(spec, "", spec.conversion), va_arg(args, int))
                       : Snprintf(PrintfSpec(spec, "", spec.conversion), va_arg(args, unsigned int));
  }
}

}  // namespace

std::string FormatMs(std::string_view format, bool wide, va_list in) {
  va_list args;
  va_copy(args, in);
  std::string out;
  size_t i = 0;
  auto more = [&] { return i < format.size(); };
  while (more()) {
    if (format[i] != '%') {
      out.push_back(format[i++]);
      continue;
    }
    ++i;
    Spec spec;
    while (more() && std::string_view("-+ #0").find(format[i]) != std::string_view::npos) spec.flags += format[i++];
    if (more() && format[i] == '*') {
      ++i;
      spec.has_width = true;
      spec.width = va_arg(args, int);
      if (spec.width < 0) {
        spec.flags += '-';
        spec.width = -spec.width;
      }
    } else {
      while (more() && isdigit(static_cast<unsigned char>(format[i]))) {
        spec.has_width = true;
        spec.width = spec.width * 10 + (format[i++] - '0');
      }
    }
    if (more() && format[i] == '.') {
      ++i;
      spec.has_precision = true;
      if (more() && format[i] == '*') {
        ++i;
        spec.precision = va_arg(args, int);
        if (spec.precision < 0) spec.has_precision = false;
      } else {
        while (more() && isdigit(static_cast<unsigned char>(format[i]))) spec.precision = spec.precision * 10 + (format[i++] - '0');
      }
    }
    using Size = Spec::Size;
    if (format.substr(i, 3) == "I64") {
      spec.size = Size::kLong64;
      i += 3;
    } else if (format.substr(i, 3) == "I32") {
      spec.size = Size::kLong32;
      i += 3;
    } else if (format.substr(i, 2) == "ll") {
      spec.size = Size::kLong64;
      i += 2;
    } else if (format.substr(i, 2) == "hh") {
      spec.size = Size::kChar;
      i += 2;
    } else if (more()) {
      switch (format[i]) {
        case 'I': case 'z': case 't': case 'j': case 'q': spec.size = Size::kLong64; ++i; break;
        case 'l': spec.size = Size::kLong32; ++i; break;
        case 'h': spec.size = Size::kShort; ++i; break;
        case 'w': spec.size = Size::kWide; ++i; break;
        case 'L': spec.size = Size::kLongDouble; ++i; break;
        default: break;
      }
    }
    if (!more()) break;
    spec.conversion = format[i++];
    switch (spec.conversion) {
      case '%':
        out.push_back('%');
        break;
      case 's': case 'S': case 'c': case 'C': {
        // Microsoft: the lower-case conversion is the function's own width, the upper-case the other; h is narrow
        // and l/w are wide whatever the case.
        bool argument_wide = (spec.conversion == 's' || spec.conversion == 'c') ? wide : !wide;
        if (spec.size == Size::kShort) argument_wide = false;
        if (spec.size == Size::kLong32 || spec.size == Size::kWide) argument_wide = true;
        out += (spec.conversion == 's' || spec.conversion == 'S') ? FormatString(spec, wide, argument_wide, args)
                                                                  : FormatChar(spec, wide, argument_wide, args);
        break;
      }
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        out += FormatInteger(spec, args);
        break;
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        out += spec.size == Size::kLongDouble ? Snprintf(PrintfSpec(spec, "L", spec.conversion), va_arg(args, long double))
                                              : Snprintf(PrintfSpec(spec, "", spec.conversion), va_arg(args, double));
        break;
      case 'p': {
        Spec hex = spec;
        hex.flags.clear();
        hex.has_precision = false;
        hex.has_width = false;
        char digits[32];
        snprintf(digits, sizeof digits, "%016llX",
                 static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(va_arg(args, void*))));
        out += Pad(spec, digits, 16);
        break;
      }
      case 'n':
        (void)va_arg(args, void*);
        break;
      default:
        out.push_back(spec.conversion);  // an unknown conversion prints as itself
        break;
    }
  }
  va_end(args);
  return out;
}

}  // namespace winipc::crt
