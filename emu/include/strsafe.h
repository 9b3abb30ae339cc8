/* winipc emu: <strsafe.h>, the common functions: StringCchCopy, StringCchCat, StringCchPrintf, StringCchLength,
 * StringCbCopy, StringCbCat, StringCbPrintf, StringCbLength (A, W and generic). Header-only, as the SDK's.
 * Results: S_OK; STRSAFE_E_INSUFFICIENT_BUFFER when the text was cut (the destination then holds what fit, NUL
 * terminated); STRSAFE_E_INVALID_PARAMETER for a zero or too large size or an unterminated destination. Formats
 * follow the Microsoft C runtime (emu's _vsnprintf / _vsnwprintf). */
#ifndef WINIPC_STRSAFE_H_
#define WINIPC_STRSAFE_H_

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#define STRSAFE_MAX_CCH 2147483647
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)

typedef char* STRSAFE_LPSTR;
typedef const char* STRSAFE_LPCSTR;
typedef WCHAR* STRSAFE_LPWSTR;
typedef const WCHAR* STRSAFE_LPCWSTR;

#define WINIPC_STRSAFE_FUNCTIONS(suffix, C)                                                                      \
  static inline size_t WinipcStrsafeLength##suffix(const C* s, size_t max) {                                    \
    size_t n = 0;                                                                                              \
    while (n < max && s[n] != 0) ++n;                                                                          \
    return n;                                                                                                  \
  }                                                                                                            \
  static inline HRESULT StringCchCopyN##suffix(C* dest, size_t cch, const C* src, size_t count) {              \
    size_t i = 0;                                                                                              \
    if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;                 \
    if (src == NULL) {                                                                                         \
      dest[0] = 0;                                                                                             \
      return S_OK;                                                                                             \
    }                                                                                                          \
    while (i < cch - 1 && i < count && src[i] != 0) {                                                          \
      dest[i] = src[i];                                                                                        \
      ++i;                                                                                                     \
    }                                                                                                          \
    dest[i] = 0;                                                                                               \
    return (i < count && src[i] != 0) ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;                                  \
  }                                                                                                            \
  static inline HRESULT StringCchCopy##suffix(C* dest, size_t cch, const C* src) {                             \
    return StringCchCopyN##suffix(dest, cch, src, STRSAFE_MAX_CCH);                                            \
  }                                                                                                            \
  static inline HRESULT StringCchCat##suffix(C* dest, size_t cch, const C* src) {                              \
    size_t used;                                                                                               \
    if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;                 \
    used = WinipcStrsafeLength##suffix(dest, cch);                                                             \
    if (used == cch) return STRSAFE_E_INVALID_PARAMETER;                                                       \
    return StringCchCopy##suffix(dest + used, cch - used, src);                                                \
  }                                                                                                            \
  static inline HRESULT StringCchLength##suffix(const C* s, size_t max, size_t* length) {                      \
    size_t n;                                                                                                  \
    if (s == NULL || max > STRSAFE_MAX_CCH) {                                                                  \
      if (length != NULL) *length = 0;                                                                         \
      return STRSAFE_E_INVALID_PARAMETER;                                                                      \
    }                                                                                                          \
    n = WinipcStrsafeLength##suffix(s, max);                                                                   \
    if (length != NULL) *length = n == max ? 0 : n;                                                            \
    return n == max ? STRSAFE_E_INVALID_PARAMETER : S_OK;                                                      \
  }                                                                                                            \
  static inline HRESULT StringCbCopy##suffix(C* dest, size_t cb, const C* src) {                               \
    return StringCchCopy##suffix(dest, cb / sizeof(C), src);                                                   \
  }                                                                                                            \
  static inline HRESULT StringCbCat##suffix(C* dest, size_t cb, const C* src) {                                \
    return StringCchCat##suffix(dest, cb / sizeof(C), src);                                                    \
  }                                                                                                            \
  static inline HRESULT StringCbLength##suffix(const C* s, size_t max_cb, size_t* length_cb) {                 \
    HRESULT hr = StringCchLength##suffix(s, max_cb / sizeof(C), length_cb);                                    \
    if (length_cb != NULL) *length_cb *= sizeof(C);                                                            \
    return hr;                                                                                                 \
  }

WINIPC_STRSAFE_FUNCTIONS(A, char)
WINIPC_STRSAFE_FUNCTIONS(W, WCHAR)

static inline HRESULT StringCchVPrintfA(char* dest, size_t cch, const char* format, va_list args) {
  int n;
  if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = _vsnprintf(dest, cch - 1, format, args);
  dest[cch - 1] = 0;
  return n < 0 ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
static inline HRESULT StringCchVPrintfW(WCHAR* dest, size_t cch, const WCHAR* format, va_list args) {
  int n;
  if (dest == NULL || cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = _vsnwprintf(dest, cch - 1, format, args);
  dest[cch - 1] = 0;
  return n < 0 ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
static inline HRESULT StringCchPrintfA(char* dest, size_t cch, const char* format, ...) {
  HRESULT hr;
  va_list args;
  va_start(args, format);
  hr = StringCchVPrintfA(dest, cch, format, args);
  va_end(args);
  return hr;
}
static inline HRESULT StringCchPrintfW(WCHAR* dest, size_t cch, const WCHAR* format, ...) {
  HRESULT hr;
  va_list args;
  va_start(args, format);
  hr = StringCchVPrintfW(dest, cch, format, args);
  va_end(args);
  return hr;
}
static inline HRESULT StringCbPrintfA(char* dest, size_t cb, const char* format, ...) {
  HRESULT hr;
  va_list args;
  va_start(args, format);
  hr = StringCchVPrintfA(dest, cb, format, args);
  va_end(args);
  return hr;
}
static inline HRESULT StringCbPrintfW(WCHAR* dest, size_t cb, const WCHAR* format, ...) {
  HRESULT hr;
  va_list args;
  va_start(args, format);
  hr = StringCchVPrintfW(dest, cb / sizeof(WCHAR), format, args);
  va_end(args);
  return hr;
}

#if WINIPC_UNICODE
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchLength StringCchLengthW
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCat StringCbCatW
#define StringCbLength StringCbLengthW
#define StringCbPrintf StringCbPrintfW
#else
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchLength StringCchLengthA
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCbCopy StringCbCopyA
#define StringCbCat StringCbCatA
#define StringCbLength StringCbLengthA
#define StringCbPrintf StringCbPrintfA
#endif

#endif /* WINIPC_STRSAFE_H_ */
