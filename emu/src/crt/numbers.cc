// Integers to text and back, the Microsoft way: _itoa_s & co. (a negative value has a sign only in radix 10; in
// other radixes its two's complement of the argument's Windows width is printed), _atoi64, _wtoi, _strtoi64, and the
// UTF-16 wcstol family. Windows' long is 32 bits, so the long variants work on 32 bits (and clamp to them).
#include <stdlib.h>
#include <wchar.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include "core/utf.h"
#include "crt/invalid_parameter.h"

using winipc::crt::InvalidParameter;

namespace {

// The digits of `magnitude` in `radix`, with a '-' first if `negative`.
std::string Digits(uint64_t magnitude, bool negative, int radix) {
  std::string out;
  do {
    const int d = static_cast<int>(magnitude % radix);
    out.insert(out.begin(), static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10));
    magnitude /= radix;
  } while (magnitude != 0);
  if (negative) out.insert(out.begin(), '-');
  return out;
}

// `value` in `radix` as Windows prints it: signed in radix 10, else as an unsigned number of `bits`.
std::string ToText(int64_t value, int bits, int radix) {
  if (radix == 10 && value < 0) return Digits(0 - static_cast<uint64_t>(value), true, radix);
  const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  return Digits(static_cast<uint64_t>(value) & mask, false, radix);
}

template <typename C>
errno_t ToTextChecked(int64_t value, int bits, bool is_unsigned, C* buffer, size_t size, int radix) {
  if (buffer == nullptr || size == 0) return InvalidParameter(EINVAL);
  if (radix < 2 || radix > 36) {
    buffer[0] = 0;
    return InvalidParameter(EINVAL);
  }
  const std::string text = is_unsigned ? Digits(static_cast<uint64_t>(value), false, radix)
                                       : ToText(value, bits, radix);
  if (text.size() >= size) {
    buffer[0] = 0;
    return InvalidParameter(ERANGE);
  }
  for (size_t i = 0; i <= text.size(); ++i) buffer[i] = static_cast<C>(static_cast<unsigned char>(text.c_str()[i]));
  return 0;
}

template <typename C>
C* ToTextUnchecked(int64_t value, int bits, bool is_unsigned, C* buffer, int radix) {
  if (buffer == nullptr || radix < 2 || radix > 36) {
    if (buffer != nullptr) buffer[0] = 0;
    InvalidParameter(EINVAL);
    return buffer;
  }
  const std::string text = is_unsigned ? Digits(static_cast<uint64_t>(value), false, radix)
                                       : ToText(value, bits, radix);
  for (size_t i = 0; i <= text.size(); ++i) buffer[i] = static_cast<C>(static_cast<unsigned char>(text.c_str()[i]));
  return buffer;
}

// A UTF-16 number as a byte string of the same length (every non-ASCII unit becomes a byte no number contains), so
// an end offset in one is the same in the other.
std::string AsciiImage(const char16_t* s) {
  std::string out;
  for (; *s != 0; ++s) out.push_back(*s < 0x80 ? static_cast<char>(*s) : '\x01');
  return out;
}

int32_t Clamp32(long long v) {
  if (v > INT32_MAX) {
    errno = ERANGE;
    return INT32_MAX;
  }
  if (v < INT32_MIN) {
    errno = ERANGE;
    return INT32_MIN;
  }
  return static_cast<int32_t>(v);
}

template <typename T, typename Parse>
T ParseWide(const char16_t* s, char16_t** end, Parse parse) {
  if (s == nullptr) {
    InvalidParameter(EINVAL);
    if (end != nullptr) *end = nullptr;
    return 0;
  }
  const std::string image = AsciiImage(s);
  char* stop = nullptr;
  const T value = parse(image.c_str(), &stop);
  if (end != nullptr) *end = const_cast<char16_t*>(s) + (stop - image.c_str());
  return value;
}

}  // namespace

extern "C" {

errno_t _itoa_s(int value, char* buffer, size_t size, int radix) {
  return ToTextChecked(value, 32, false, buffer, size, radix);
}
errno_t _ltoa_s(long value, char* buffer, size_t size, int radix) {
  return ToTextChecked(static_cast<int32_t>(value), 32, false, buffer, size, radix);
}
errno_t _ultoa_s(unsigned long value, char* buffer, size_t size, int radix) {
  return ToTextChecked(static_cast<uint32_t>(value), 32, true, buffer, size, radix);
}
errno_t _i64toa_s(long long value, char* buffer, size_t size, int radix) {
  return ToTextChecked(value, 64, false, buffer, size, radix);
}
errno_t _ui64toa_s(unsigned long long value, char* buffer, size_t size, int radix) {
  return ToTextChecked(static_cast<int64_t>(value), 64, true, buffer, size, radix);
}
errno_t _itow_s(int value, char16_t* buffer, size_t size, int radix) {
  return ToTextChecked(value, 32, false, buffer, size, radix);
}
errno_t _ltow_s(long value, char16_t* buffer, size_t size, int radix) {
  return ToTextChecked(static_cast<int32_t>(value), 32, false, buffer, size, radix);
}
errno_t _i64tow_s(long long value, char16_t* buffer, size_t size, int radix) {
  return ToTextChecked(value, 64, false, buffer, size, radix);
}
errno_t _ui64tow_s(unsigned long long value, char16_t* buffer, size_t size, int radix) {
  return ToTextChecked(static_cast<int64_t>(value), 64, true, buffer, size, radix);
}
char* _itoa(int value, char* buffer, int radix) { return ToTextUnchecked(value, 32, false, buffer, radix); }
char* _ltoa(long value, char* buffer, int radix) {
  return ToTextUnchecked(static_cast<int32_t>(value), 32, false, buffer, radix);
}
char* _ultoa(unsigned long value, char* buffer, int radix) {
  return ToTextUnchecked(static_cast<uint32_t>(value), 32, true, buffer, radix);
}
char* _i64toa(long long value, char* buffer, int radix) { return ToTextUnchecked(value, 64, false, buffer, radix); }
char* _ui64toa(unsigned long long value, char* buffer, int radix) {
  return ToTextUnchecked(static_cast<int64_t>(value), 64, true, buffer, radix);
}
char16_t* _itow(int value, char16_t* buffer, int radix) { return ToTextUnchecked(value, 32, false, buffer, radix); }
char16_t* _ltow(long value, char16_t* buffer, int radix) {
  return ToTextUnchecked(static_cast<int32_t>(value), 32, false, buffer, radix);
}
char16_t* _i64tow(long long value, char16_t* buffer, int radix) {
  return ToTextUnchecked(value, 64, false, buffer, radix);
}

long long _atoi64(const char* s) {
  if (s == nullptr) {
    InvalidParameter(EINVAL);
    return 0;
  }
  return strtoll(s, nullptr, 10);
}
long long _strtoi64(const char* s, char** end, int base) { return strtoll(s, end, base); }
unsigned long long _strtoui64(const char* s, char** end, int base) { return strtoull(s, end, base); }

long long winipc_wcstoll16(const char16_t* s, char16_t** end, int base) {
  return ParseWide<long long>(s, end, [base](const char* p, char** e) { return strtoll(p, e, base); });
}
unsigned long long winipc_wcstoull16(const char16_t* s, char16_t** end, int base) {
  return ParseWide<unsigned long long>(s, end, [base](const char* p, char** e) { return strtoull(p, e, base); });
}
long winipc_wcstol16(const char16_t* s, char16_t** end, int base) {
  return ParseWide<long>(s, end, [base](const char* p, char** e) { return Clamp32(strtoll(p, e, base)); });
}
unsigned long winipc_wcstoul16(const char16_t* s, char16_t** end, int base) {
  return ParseWide<unsigned long>(s, end, [base](const char* p, char** e) -> unsigned long {
    const unsigned long long v = strtoull(p, e, base);
    // Windows' unsigned long is 32 bits; "-1" is ULONG_MAX there as here, by the same negation rule.
    const bool negative = strchr(p, '-') != nullptr && strchr(p, '-') < *e;
    if (!negative && v > UINT32_MAX) {
      errno = ERANGE;
      return UINT32_MAX;
    }
    return static_cast<uint32_t>(v);
  });
}
double winipc_wcstod16(const char16_t* s, char16_t** end) {
  return ParseWide<double>(s, end, [](const char* p, char** e) { return strtod(p, e); });
}
int _wtoi(const char16_t* s) { return static_cast<int>(winipc_wcstol16(s, nullptr, 10)); }
long _wtol(const char16_t* s) { return winipc_wcstol16(s, nullptr, 10); }
long long _wtoi64(const char16_t* s) { return winipc_wcstoll16(s, nullptr, 10); }
long long _wtoll(const char16_t* s) { return winipc_wcstoll16(s, nullptr, 10); }
double _wtof(const char16_t* s) { return winipc_wcstod16(s, nullptr); }

}  // extern "C"
