/* winipc emu: <stdlib.h> is the system's, plus the Microsoft C runtime names Windows programs find there
 * (_itoa_s, _itow, _atoi64, _wtoi, _countof, _set_invalid_parameter_handler, ...). Only names glibc lacks are added
 * (docs/porting.md, "The C runtime"). */
#pragma GCC system_header  /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <stdlib.h>

#if !defined(WINIPC_STDLIB_H_) && defined(_STDLIB_H)
#define WINIPC_STDLIB_H_

#include <winipc/crt.h>
#include <winipc/crt_wide.h>

#ifdef __cplusplus
extern "C" {
#endif

errno_t _itoa_s(int value, char* buffer, size_t size, int radix);
errno_t _ltoa_s(long value, char* buffer, size_t size, int radix);
errno_t _ultoa_s(unsigned long value, char* buffer, size_t size, int radix);
errno_t _i64toa_s(long long value, char* buffer, size_t size, int radix);
errno_t _ui64toa_s(unsigned long long value, char* buffer, size_t size, int radix);
errno_t _itow_s(int value, winipc_wchar16_t* buffer, size_t size, int radix);
errno_t _ltow_s(long value, winipc_wchar16_t* buffer, size_t size, int radix);
errno_t _i64tow_s(long long value, winipc_wchar16_t* buffer, size_t size, int radix);
errno_t _ui64tow_s(unsigned long long value, winipc_wchar16_t* buffer, size_t size, int radix);
char* _itoa(int value, char* buffer, int radix);
char* _ltoa(long value, char* buffer, int radix);
char* _ultoa(unsigned long value, char* buffer, int radix);
char* _i64toa(long long value, char* buffer, int radix);
char* _ui64toa(unsigned long long value, char* buffer, int radix);
winipc_wchar16_t* _itow(int value, winipc_wchar16_t* buffer, int radix);
winipc_wchar16_t* _ltow(long value, winipc_wchar16_t* buffer, int radix);
winipc_wchar16_t* _i64tow(long long value, winipc_wchar16_t* buffer, int radix);
long long _atoi64(const char* s);
long long _strtoi64(const char* s, char** end, int base);
unsigned long long _strtoui64(const char* s, char** end, int base);
errno_t _dupenv_s(char** value, size_t* size, const char* name);
errno_t getenv_s(size_t* required, char* buffer, size_t size, const char* name);

#ifdef __cplusplus
} /* extern "C" */

/* extern "C++": the header may be included inside an extern "C" block. */
extern "C++" {
template <size_t N>
inline errno_t _itoa_s(int value, char (&buffer)[N], int radix) {
  return _itoa_s(value, buffer, N, radix);
}
template <size_t N>
inline errno_t _ltoa_s(long value, char (&buffer)[N], int radix) {
  return _ltoa_s(value, buffer, N, radix);
}
template <size_t N>
inline errno_t _ultoa_s(unsigned long value, char (&buffer)[N], int radix) {
  return _ultoa_s(value, buffer, N, radix);
}
template <size_t N>
inline errno_t _itow_s(int value, winipc_wchar16_t (&buffer)[N], int radix) {
  return _itow_s(value, buffer, N, radix);
}
template <size_t N>
inline errno_t _ltow_s(long value, winipc_wchar16_t (&buffer)[N], int radix) {
  return _ltow_s(value, buffer, N, radix);
}
} /* extern "C++" */
#endif /* __cplusplus */

#endif /* WINIPC_STDLIB_H_ */
