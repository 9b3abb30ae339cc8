/* winipc emu: the wide C runtime on UTF-16 (16-bit units), shared by emu's <wchar.h> and <string.h>.
 *
 * Windows' wchar_t is 16 bits; Linux's is 32, and glibc's wcs* functions read 32-bit units. emu provides the wide
 * functions Windows code calls as winipc_*16 functions on winipc_wchar16_t (= WCHAR), and makes the usual names
 * reach them:
 *  - with -fshort-wchar (wchar_t is 16 bits, so L"..." is UTF-16): the names (wcslen, wcscpy, swprintf, wprintf,
 *    ...) are macros for the winipc_*16 functions, since glibc's would read past the ends of the strings;
 *  - otherwise, in C++: overloads of the names for char16_t (WCHAR) arguments; glibc's wchar_t functions stay as
 *    they are for wchar_t strings;
 *  - otherwise, in C: only the Microsoft-only names (wcscpy_s, _wcsicmp, ...) and the winipc_*16 names.
 * See docs/porting.md, "Wide strings". */
#ifndef WINIPC_CRT_WIDE_H_
#define WINIPC_CRT_WIDE_H_

#include <stdarg.h>
#include <stdio.h>
#include <wchar.h>
#include <winipc/crt.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef winipc_wchar16_t winipc_w16;

/* Microsoft-only names. */
errno_t wcscpy_s(winipc_w16* dest, rsize_t size, const winipc_w16* src);
errno_t wcsncpy_s(winipc_w16* dest, rsize_t size, const winipc_w16* src, rsize_t count);
errno_t wcscat_s(winipc_w16* dest, rsize_t size, const winipc_w16* src);
errno_t wcsncat_s(winipc_w16* dest, rsize_t size, const winipc_w16* src, rsize_t count);
size_t wcsnlen_s(const winipc_w16* s, size_t max);
winipc_w16* wcstok_s(winipc_w16* s, const winipc_w16* delimiters, winipc_w16** context);
winipc_w16* _wcsdup(const winipc_w16* s);
int _wcsicmp(const winipc_w16* a, const winipc_w16* b);
int _wcsnicmp(const winipc_w16* a, const winipc_w16* b, size_t count);
winipc_w16* _wcslwr(winipc_w16* s);
winipc_w16* _wcsupr(winipc_w16* s);
errno_t _wcslwr_s(winipc_w16* s, size_t size);
errno_t _wcsupr_s(winipc_w16* s, size_t size);
int _wtoi(const winipc_w16* s);
long _wtol(const winipc_w16* s);
long long _wtoi64(const winipc_w16* s);
long long _wtoll(const winipc_w16* s);
double _wtof(const winipc_w16* s);
winipc_w16* _wgetenv(const winipc_w16* name);

/* The standard names, on UTF-16. */
size_t winipc_wcslen16(const winipc_w16* s);
size_t winipc_wcsnlen16(const winipc_w16* s, size_t max);
winipc_w16* winipc_wcscpy16(winipc_w16* dest, const winipc_w16* src);
winipc_w16* winipc_wcsncpy16(winipc_w16* dest, const winipc_w16* src, size_t count);
winipc_w16* winipc_wcscat16(winipc_w16* dest, const winipc_w16* src);
winipc_w16* winipc_wcsncat16(winipc_w16* dest, const winipc_w16* src, size_t count);
int winipc_wcscmp16(const winipc_w16* a, const winipc_w16* b);
int winipc_wcsncmp16(const winipc_w16* a, const winipc_w16* b, size_t count);
winipc_w16* winipc_wcschr16(const winipc_w16* s, winipc_w16 c);
winipc_w16* winipc_wcsrchr16(const winipc_w16* s, winipc_w16 c);
winipc_w16* winipc_wcsstr16(const winipc_w16* haystack, const winipc_w16* needle);
winipc_w16* winipc_wcspbrk16(const winipc_w16* s, const winipc_w16* accept);
size_t winipc_wcsspn16(const winipc_w16* s, const winipc_w16* accept);
size_t winipc_wcscspn16(const winipc_w16* s, const winipc_w16* reject);
winipc_w16* winipc_wcstok16(winipc_w16* s, const winipc_w16* delimiters, winipc_w16** context);
long winipc_wcstol16(const winipc_w16* s, winipc_w16** end, int base);
unsigned long winipc_wcstoul16(const winipc_w16* s, winipc_w16** end, int base);
long long winipc_wcstoll16(const winipc_w16* s, winipc_w16** end, int base);
unsigned long long winipc_wcstoull16(const winipc_w16* s, winipc_w16** end, int base);
double winipc_wcstod16(const winipc_w16* s, winipc_w16** end);
winipc_w16* winipc_wmemcpy16(winipc_w16* dest, const winipc_w16* src, size_t count);
winipc_w16* winipc_wmemmove16(winipc_w16* dest, const winipc_w16* src, size_t count);
winipc_w16* winipc_wmemset16(winipc_w16* dest, winipc_w16 c, size_t count);
int winipc_wmemcmp16(const winipc_w16* a, const winipc_w16* b, size_t count);
winipc_w16* winipc_wmemchr16(const winipc_w16* s, winipc_w16 c, size_t count);
/* ISO form (with the buffer's size in characters): returns -1 when the text does not fit. */
int winipc_swprintf16(winipc_w16* buffer, size_t count, const winipc_w16* format, ...);
int winipc_vswprintf16(winipc_w16* buffer, size_t count, const winipc_w16* format, va_list args);
/* msvcrt's legacy form, without the size. */
int winipc_swprintf16_legacy(winipc_w16* buffer, const winipc_w16* format, ...);
int winipc_wprintf16(const winipc_w16* format, ...);
int winipc_vwprintf16(const winipc_w16* format, va_list args);
int winipc_fwprintf16(FILE* stream, const winipc_w16* format, ...);
int winipc_vfwprintf16(FILE* stream, const winipc_w16* format, va_list args);
int winipc_fputws16(const winipc_w16* text, FILE* stream);

#ifdef __cplusplus
} /* extern "C" */

/* extern "C++": the header may be included inside an extern "C" block. */
extern "C++" {
template <size_t N>
inline errno_t wcscpy_s(winipc_w16 (&dest)[N], const winipc_w16* src) {
  return wcscpy_s(dest, N, src);
}
template <size_t N>
inline errno_t wcsncpy_s(winipc_w16 (&dest)[N], const winipc_w16* src, rsize_t count) {
  return wcsncpy_s(dest, N, src, count);
}
template <size_t N>
inline errno_t wcscat_s(winipc_w16 (&dest)[N], const winipc_w16* src) {
  return wcscat_s(dest, N, src);
}
template <size_t N>
inline errno_t wcsncat_s(winipc_w16 (&dest)[N], const winipc_w16* src, rsize_t count) {
  return wcsncat_s(dest, N, src, count);
}
} /* extern "C++" */
#endif

#if WINIPC_SHORT_WCHAR
/* wchar_t is 16 bits: every wide name must reach the UTF-16 functions. */
#define wcslen winipc_wcslen16
#define wcsnlen winipc_wcsnlen16
#define wcscpy winipc_wcscpy16
#define wcsncpy winipc_wcsncpy16
#define wcscat winipc_wcscat16
#define wcsncat winipc_wcsncat16
#define wcscmp winipc_wcscmp16
#define wcsncmp winipc_wcsncmp16
#define wcscoll winipc_wcscmp16
#define wcschr winipc_wcschr16
#define wcsrchr winipc_wcsrchr16
#define wcsstr winipc_wcsstr16
#define wcspbrk winipc_wcspbrk16
#define wcsspn winipc_wcsspn16
#define wcscspn winipc_wcscspn16
#define wcstol winipc_wcstol16
#define wcstoul winipc_wcstoul16
#define wcstoll winipc_wcstoll16
#define wcstoull winipc_wcstoull16
#define wcstod winipc_wcstod16
#define wcsdup _wcsdup
#define wmemcpy winipc_wmemcpy16
#define wmemmove winipc_wmemmove16
#define wmemset winipc_wmemset16
#define wmemcmp winipc_wmemcmp16
#define wmemchr winipc_wmemchr16
#define swprintf winipc_swprintf16
#define vswprintf winipc_vswprintf16
#define wprintf winipc_wprintf16
#define vwprintf winipc_vwprintf16
#define fwprintf winipc_fwprintf16
#define vfwprintf winipc_vfwprintf16
#define fputws winipc_fputws16
#elif defined(__cplusplus)
extern "C++" {
/* WCHAR is char16_t: overloads of the standard names for it (wchar_t strings still reach glibc). Not for
 * wcstol & co. and vswprintf: libstdc++ takes their addresses (std::stol, std::to_wstring), which an overload
 * would make ambiguous; call winipc_wcstol16 or _wtoi for WCHAR text. */
inline size_t wcslen(const char16_t* s) { return winipc_wcslen16(s); }
inline size_t wcsnlen(const char16_t* s, size_t max) { return winipc_wcsnlen16(s, max); }
inline char16_t* wcscpy(char16_t* d, const char16_t* s) { return winipc_wcscpy16(d, s); }
inline char16_t* wcsncpy(char16_t* d, const char16_t* s, size_t n) { return winipc_wcsncpy16(d, s, n); }
inline char16_t* wcscat(char16_t* d, const char16_t* s) { return winipc_wcscat16(d, s); }
inline char16_t* wcsncat(char16_t* d, const char16_t* s, size_t n) { return winipc_wcsncat16(d, s, n); }
inline int wcscmp(const char16_t* a, const char16_t* b) { return winipc_wcscmp16(a, b); }
inline int wcsncmp(const char16_t* a, const char16_t* b, size_t n) { return winipc_wcsncmp16(a, b, n); }
inline const char16_t* wcschr(const char16_t* s, char16_t c) { return winipc_wcschr16(s, c); }
inline char16_t* wcschr(char16_t* s, char16_t c) { return winipc_wcschr16(s, c); }
inline const char16_t* wcsrchr(const char16_t* s, char16_t c) { return winipc_wcsrchr16(s, c); }
inline char16_t* wcsrchr(char16_t* s, char16_t c) { return winipc_wcsrchr16(s, c); }
inline const char16_t* wcsstr(const char16_t* h, const char16_t* n) { return winipc_wcsstr16(h, n); }
inline char16_t* wcsstr(char16_t* h, const char16_t* n) { return winipc_wcsstr16(h, n); }
inline const char16_t* wcspbrk(const char16_t* s, const char16_t* a) { return winipc_wcspbrk16(s, a); }
inline char16_t* wcspbrk(char16_t* s, const char16_t* a) { return winipc_wcspbrk16(s, a); }
inline size_t wcsspn(const char16_t* s, const char16_t* a) { return winipc_wcsspn16(s, a); }
inline size_t wcscspn(const char16_t* s, const char16_t* r) { return winipc_wcscspn16(s, r); }
inline char16_t* wcstok(char16_t* s, const char16_t* d, char16_t** c) { return winipc_wcstok16(s, d, c); }
inline char16_t* wmemcpy(char16_t* d, const char16_t* s, size_t n) { return winipc_wmemcpy16(d, s, n); }
inline char16_t* wmemmove(char16_t* d, const char16_t* s, size_t n) { return winipc_wmemmove16(d, s, n); }
inline char16_t* wmemset(char16_t* d, char16_t c, size_t n) { return winipc_wmemset16(d, c, n); }
inline int wmemcmp(const char16_t* a, const char16_t* b, size_t n) { return winipc_wmemcmp16(a, b, n); }
inline int swprintf(char16_t* buffer, size_t count, const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = winipc_vswprintf16(buffer, count, format, args);
  va_end(args);
  return n;
}
/* The legacy Microsoft form without a size (msvcrt's swprintf). */
inline int swprintf(char16_t* buffer, const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = _vsnwprintf(buffer, (size_t)-1 / 2, format, args);
  va_end(args);
  return n;
}
inline int wprintf(const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = winipc_vwprintf16(format, args);
  va_end(args);
  return n;
}
inline int vwprintf(const char16_t* format, va_list args) { return winipc_vwprintf16(format, args); }
inline int fwprintf(FILE* stream, const char16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = winipc_vfwprintf16(stream, format, args);
  va_end(args);
  return n;
}
inline int vfwprintf(FILE* stream, const char16_t* format, va_list args) {
  return winipc_vfwprintf16(stream, format, args);
}
inline int fputws(const char16_t* text, FILE* stream) { return winipc_fputws16(text, stream); }
} /* extern "C++" */
#endif

#endif /* WINIPC_CRT_WIDE_H_ */
