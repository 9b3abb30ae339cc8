// The standard wide string functions on UTF-16 units (winipc_wcslen16 & co.): what wcslen, wcscpy, ... mean in
// Windows code, whose wchar_t is 16 bits. <winipc/crt_wide.h> says how the usual names reach them.
#include <wchar.h>

#include <cerrno>
#include <cstring>

#include "crt/invalid_parameter.h"

extern "C" {

size_t winipc_wcslen16(const char16_t* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}
size_t winipc_wcsnlen16(const char16_t* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != 0) ++n;
  return n;
}
char16_t* winipc_wcscpy16(char16_t* dest, const char16_t* src) {
  char16_t* d = dest;
  while ((*d++ = *src++) != 0) {
  }
  return dest;
}
// As ISO wcsncpy: pads with NULs up to count, and does not terminate a source of count units or more.
char16_t* winipc_wcsncpy16(char16_t* dest, const char16_t* src, size_t count) {
  size_t i = 0;
  for (; i < count && src[i] != 0; ++i) dest[i] = src[i];
  for (; i < count; ++i) dest[i] = 0;
  return dest;
}
char16_t* winipc_wcscat16(char16_t* dest, const char16_t* src) {
  winipc_wcscpy16(dest + winipc_wcslen16(dest), src);
  return dest;
}
char16_t* winipc_wcsncat16(char16_t* dest, const char16_t* src, size_t count) {
  char16_t* d = dest + winipc_wcslen16(dest);
  size_t i = 0;
  for (; i < count && src[i] != 0; ++i) d[i] = src[i];
  d[i] = 0;
  return dest;
}
int winipc_wcsncmp16(const char16_t* a, const char16_t* b, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    if (a[i] == 0) return 0;
  }
  return 0;
}
int winipc_wcscmp16(const char16_t* a, const char16_t* b) { return winipc_wcsncmp16(a, b, static_cast<size_t>(-1)); }
char16_t* winipc_wcschr16(const char16_t* s, char16_t c) {
  for (;; ++s) {
    if (*s == c) return const_cast<char16_t*>(s);
    if (*s == 0) return nullptr;
  }
}
char16_t* winipc_wcsrchr16(const char16_t* s, char16_t c) {
  const char16_t* found = nullptr;
  for (;; ++s) {
    if (*s == c) found = s;
    if (*s == 0) return const_cast<char16_t*>(found);
  }
}
char16_t* winipc_wcsstr16(const char16_t* haystack, const char16_t* needle) {
  const size_t n = winipc_wcslen16(needle);
  for (const char16_t* p = haystack;; ++p) {
    if (winipc_wcsncmp16(p, needle, n) == 0) return const_cast<char16_t*>(p);
    if (*p == 0) return nullptr;
  }
}
size_t winipc_wcsspn16(const char16_t* s, const char16_t* accept) {
  size_t n = 0;
  while (s[n] != 0 && winipc_wcschr16(accept, s[n]) != nullptr) ++n;
  return n;
}
size_t winipc_wcscspn16(const char16_t* s, const char16_t* reject) {
  size_t n = 0;
  while (s[n] != 0 && winipc_wcschr16(reject, s[n]) == nullptr) ++n;
  return n;
}
char16_t* winipc_wcspbrk16(const char16_t* s, const char16_t* accept) {
  s += winipc_wcscspn16(s, accept);
  return *s != 0 ? const_cast<char16_t*>(s) : nullptr;
}
char16_t* winipc_wcstok16(char16_t* s, const char16_t* delimiters, char16_t** context) {
  if (s == nullptr) s = *context;
  if (s == nullptr) return nullptr;
  s += winipc_wcsspn16(s, delimiters);
  if (*s == 0) {
    *context = s;
    return nullptr;
  }
  char16_t* end = s + winipc_wcscspn16(s, delimiters);
  if (*end != 0) *end++ = 0;
  *context = end;
  return s;
}
// Microsoft's two-argument wcstok (the _tcstok of UNICODE builds): the position is kept per thread.
char16_t* winipc_wcstok16_legacy(char16_t* s, const char16_t* delimiters) {
  thread_local char16_t* context = nullptr;
  return winipc_wcstok16(s, delimiters, &context);
}
char16_t* wcstok_s(char16_t* s, const char16_t* delimiters, char16_t** context) {
  if (context == nullptr || delimiters == nullptr || (s == nullptr && *context == nullptr)) {
    winipc::crt::InvalidParameter(EINVAL);
    return nullptr;
  }
  return winipc_wcstok16(s, delimiters, context);
}
char16_t* winipc_wmemcpy16(char16_t* dest, const char16_t* src, size_t count) {
  return static_cast<char16_t*>(memcpy(dest, src, count * sizeof(char16_t)));
}
char16_t* winipc_wmemmove16(char16_t* dest, const char16_t* src, size_t count) {
  return static_cast<char16_t*>(memmove(dest, src, count * sizeof(char16_t)));
}
char16_t* winipc_wmemset16(char16_t* dest, char16_t c, size_t count) {
  for (size_t i = 0; i < count; ++i) dest[i] = c;
  return dest;
}
int winipc_wmemcmp16(const char16_t* a, const char16_t* b, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}
char16_t* winipc_wmemchr16(const char16_t* s, char16_t c, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (s[i] == c) return const_cast<char16_t*>(s + i);
  }
  return nullptr;
}

}  // extern "C"
