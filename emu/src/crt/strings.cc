// The Microsoft string functions: the checked copies and concatenations (strcpy_s, strncat_s, wcscpy_s, ...,
// memcpy_s), case-insensitive comparison and case mapping (ASCII letters only, as the "C" locale), _strdup.
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <type_traits>

#include "crt/invalid_parameter.h"
#include "crt/text.h"

using winipc::crt::InvalidParameter;

using winipc::crt::Length;

namespace {

template <typename C>
size_t LengthWithin(const C* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != 0) ++n;
  return n;
}
template <typename C>
C Lower(C c) {
  return c >= 'A' && c <= 'Z' ? static_cast<C>(c - 'A' + 'a') : c;
}
template <typename C>
C Upper(C c) {
  return c >= 'a' && c <= 'z' ? static_cast<C>(c - 'a' + 'A') : c;
}

// strncpy_s and strcpy_s (count = the whole source). The table in Microsoft's documentation: NULL destination or
// zero size -> EINVAL, untouched; NULL source -> EINVAL, destination ""; too small -> ERANGE, destination "", or with
// _TRUNCATE what fits and STRUNCATE.
template <typename C>
errno_t CopyN(C* dest, size_t size, const C* src, size_t count, bool counted) {
  if (counted && count == 0 && dest == nullptr && size == 0) return 0;
  if (dest == nullptr || size == 0) return InvalidParameter(EINVAL);
  if (counted && count == 0) {
    dest[0] = 0;
    return 0;
  }
  if (src == nullptr) {
    dest[0] = 0;
    return InvalidParameter(EINVAL);
  }
  const bool truncate = counted && count == _TRUNCATE;
  const size_t n = counted && !truncate ? LengthWithin(src, count) : Length(src);
  if (n < size) {
    memmove(dest, src, n * sizeof(C));
    dest[n] = 0;
    return 0;
  }
  if (truncate) {
    memmove(dest, src, (size - 1) * sizeof(C));
    dest[size - 1] = 0;
    return STRUNCATE;
  }
  dest[0] = 0;
  return InvalidParameter(ERANGE);
}

// strncat_s and strcat_s: as the copies, and a destination with no NUL within its size is EINVAL (made "").
template <typename C>
errno_t CatN(C* dest, size_t size, const C* src, size_t count, bool counted) {
  if (counted && count == 0 && dest == nullptr && size == 0) return 0;
  if (dest == nullptr || size == 0) return InvalidParameter(EINVAL);
  if (src == nullptr && !(counted && count == 0)) {
    dest[0] = 0;
    return InvalidParameter(EINVAL);
  }
  const size_t used = LengthWithin(dest, size);
  if (used == size) {
    dest[0] = 0;
    return InvalidParameter(EINVAL);
  }
  if (counted && count == 0) return 0;
  const bool truncate = counted && count == _TRUNCATE;
  const size_t n = counted && !truncate ? LengthWithin(src, count) : Length(src);
  const size_t room = size - used - 1;
  if (n <= room) {
    memmove(dest + used, src, n * sizeof(C));
    dest[used + n] = 0;
    return 0;
  }
  if (truncate) {
    memmove(dest + used, src, room * sizeof(C));
    dest[size - 1] = 0;
    return STRUNCATE;
  }
  dest[0] = 0;
  return InvalidParameter(ERANGE);
}

template <typename C>
int CompareNoCase(const C* a, const C* b, size_t count) {
  if (a == nullptr || b == nullptr) {
    InvalidParameter(EINVAL);
    return INT_MAX;  // _NLSCMPERROR
  }
  for (size_t i = 0; i < count; ++i) {
    const auto x = static_cast<std::make_unsigned_t<C>>(Lower(a[i]));
    const auto y = static_cast<std::make_unsigned_t<C>>(Lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
  return 0;
}

template <typename C, C (*Map)(C)>
C* MapCase(C* s) {
  if (s == nullptr) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  for (C* p = s; *p != 0; ++p) *p = Map(*p);
  return s;
}

template <typename C, C (*Map)(C)>
errno_t MapCaseChecked(C* s, size_t size) {
  if (s == nullptr) return InvalidParameter(EINVAL);
  if (LengthWithin(s, size) == size) {
    if (size != 0) s[0] = 0;
    return InvalidParameter(EINVAL);
  }
  MapCase<C, Map>(s);
  return 0;
}

template <typename C>
C* Duplicate(const C* s) {
  if (s == nullptr) return nullptr;
  const size_t bytes = (Length(s) + 1) * sizeof(C);
  C* copy = static_cast<C*>(malloc(bytes));
  if (copy != nullptr) memcpy(copy, s, bytes);
  return copy;
}

}  // namespace

extern "C" {

errno_t strcpy_s(char* dest, rsize_t size, const char* src) { return CopyN(dest, size, src, 0, false); }
errno_t strncpy_s(char* dest, rsize_t size, const char* src, rsize_t count) {
  return CopyN(dest, size, src, count, true);
}
errno_t strcat_s(char* dest, rsize_t size, const char* src) { return CatN(dest, size, src, 0, false); }
errno_t strncat_s(char* dest, rsize_t size, const char* src, rsize_t count) {
  return CatN(dest, size, src, count, true);
}
errno_t wcscpy_s(char16_t* dest, rsize_t size, const char16_t* src) { return CopyN(dest, size, src, 0, false); }
errno_t wcsncpy_s(char16_t* dest, rsize_t size, const char16_t* src, rsize_t count) {
  return CopyN(dest, size, src, count, true);
}
errno_t wcscat_s(char16_t* dest, rsize_t size, const char16_t* src) { return CatN(dest, size, src, 0, false); }
errno_t wcsncat_s(char16_t* dest, rsize_t size, const char16_t* src, rsize_t count) {
  return CatN(dest, size, src, count, true);
}

// memcpy_s zeroes the destination when the source is NULL or does not fit; memmove_s leaves it alone.
errno_t memcpy_s(void* dest, rsize_t size, const void* src, rsize_t count) {
  if (count == 0) return 0;
  if (dest == nullptr) return InvalidParameter(EINVAL);
  if (src == nullptr || size < count) {
    memset(dest, 0, size);
    return InvalidParameter(src == nullptr ? EINVAL : ERANGE);
  }
  memcpy(dest, src, count);
  return 0;
}
errno_t memmove_s(void* dest, rsize_t size, const void* src, rsize_t count) {
  if (count == 0) return 0;
  if (dest == nullptr || src == nullptr) return InvalidParameter(EINVAL);
  if (size < count) return InvalidParameter(ERANGE);
  memmove(dest, src, count);
  return 0;
}

size_t strnlen_s(const char* s, size_t max) { return s == nullptr ? 0 : LengthWithin(s, max); }
size_t wcsnlen_s(const char16_t* s, size_t max) { return s == nullptr ? 0 : LengthWithin(s, max); }

char* _strdup(const char* s) { return Duplicate(s); }
char16_t* _wcsdup(const char16_t* s) { return Duplicate(s); }

int _stricmp(const char* a, const char* b) { return CompareNoCase(a, b, static_cast<size_t>(-1)); }
int _strnicmp(const char* a, const char* b, size_t count) {
  return count == 0 && a != nullptr && b != nullptr ? 0 : CompareNoCase(a, b, count);
}
int _stricoll(const char* a, const char* b) { return _stricmp(a, b); }
int _wcsicmp(const char16_t* a, const char16_t* b) { return CompareNoCase(a, b, static_cast<size_t>(-1)); }
int _wcsnicmp(const char16_t* a, const char16_t* b, size_t count) {
  return count == 0 && a != nullptr && b != nullptr ? 0 : CompareNoCase(a, b, count);
}

char* _strlwr(char* s) { return MapCase<char, Lower<char>>(s); }
char* _strupr(char* s) { return MapCase<char, Upper<char>>(s); }
errno_t _strlwr_s(char* s, size_t size) { return MapCaseChecked<char, Lower<char>>(s, size); }
errno_t _strupr_s(char* s, size_t size) { return MapCaseChecked<char, Upper<char>>(s, size); }
char16_t* _wcslwr(char16_t* s) { return MapCase<char16_t, Lower<char16_t>>(s); }
char16_t* _wcsupr(char16_t* s) { return MapCase<char16_t, Upper<char16_t>>(s); }
errno_t _wcslwr_s(char16_t* s, size_t size) { return MapCaseChecked<char16_t, Lower<char16_t>>(s, size); }
errno_t _wcsupr_s(char16_t* s, size_t size) { return MapCaseChecked<char16_t, Upper<char16_t>>(s, size); }

char* _strrev(char* s) {
  if (s == nullptr) return nullptr;
  for (size_t i = 0, j = Length(s); i + 1 < j; ++i, --j) {
    const char c = s[i];
    s[i] = s[j - 1];
    s[j - 1] = c;
  }
  return s;
}
char* _strset(char* s, int c) {
  if (s != nullptr) memset(s, c, Length(s));
  return s;
}
char* _strnset(char* s, int c, size_t count) {
  if (s != nullptr) memset(s, c, LengthWithin(s, count));
  return s;
}

char* strtok_s(char* s, const char* delimiters, char** context) {
  if (context == nullptr || delimiters == nullptr || (s == nullptr && *context == nullptr)) {
    InvalidParameter(EINVAL);
    return nullptr;
  }
  return strtok_r(s, delimiters, context);
}

}  // extern "C"
