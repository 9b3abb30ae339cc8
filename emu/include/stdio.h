/* winipc emu: <stdio.h> is the system's, plus the Microsoft C runtime names Windows programs find there
 * (sprintf_s, _snprintf, swprintf_s, fopen_s, sscanf_s, ...). Only names glibc lacks are added; the formatting
 * functions added here follow Microsoft's rules (docs/porting.md, "The C runtime"). */
#pragma GCC system_header  /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <stdio.h>

#if !defined(WINIPC_STDIO_H_) && !defined(__need_FILE) && !defined(__need___FILE)
#define WINIPC_STDIO_H_

#include <stdarg.h>
#include <winipc/crt.h>

#ifdef __cplusplus
extern "C" {
#endif

int sprintf_s(char* buffer, size_t size, const char* format, ...);
int vsprintf_s(char* buffer, size_t size, const char* format, va_list args);
int _snprintf_s(char* buffer, size_t size, size_t count, const char* format, ...);
int _vsnprintf_s(char* buffer, size_t size, size_t count, const char* format, va_list args);
int _snprintf(char* buffer, size_t count, const char* format, ...);
int _vsnprintf(char* buffer, size_t count, const char* format, va_list args);
int _scprintf(const char* format, ...);
int _vscprintf(const char* format, va_list args);
int printf_s(const char* format, ...);
int fprintf_s(FILE* stream, const char* format, ...);

int swprintf_s(winipc_wchar16_t* buffer, size_t size, const winipc_wchar16_t* format, ...);
int vswprintf_s(winipc_wchar16_t* buffer, size_t size, const winipc_wchar16_t* format, va_list args);
int _snwprintf_s(winipc_wchar16_t* buffer, size_t size, size_t count, const winipc_wchar16_t* format, ...);
int _vsnwprintf_s(winipc_wchar16_t* buffer, size_t size, size_t count, const winipc_wchar16_t* format,
                  va_list args);
int _snwprintf(winipc_wchar16_t* buffer, size_t count, const winipc_wchar16_t* format, ...);
int _vsnwprintf(winipc_wchar16_t* buffer, size_t count, const winipc_wchar16_t* format, va_list args);
int _scwprintf(const winipc_wchar16_t* format, ...);
int _vscwprintf(const winipc_wchar16_t* format, va_list args);
/* Microsoft's wide printing to a stream: the UTF-16 text is written as UTF-8. */
int winipc_wprintf16(const winipc_wchar16_t* format, ...);
int winipc_vwprintf16(const winipc_wchar16_t* format, va_list args);
int winipc_fwprintf16(FILE* stream, const winipc_wchar16_t* format, ...);
int winipc_vfwprintf16(FILE* stream, const winipc_wchar16_t* format, va_list args);
int winipc_fputws16(const winipc_wchar16_t* text, FILE* stream);
int _putws(const winipc_wchar16_t* text);

errno_t fopen_s(FILE** file, const char* name, const char* mode);
errno_t _wfopen_s(FILE** file, const winipc_wchar16_t* name, const winipc_wchar16_t* mode);
FILE* _wfopen(const winipc_wchar16_t* name, const winipc_wchar16_t* mode);
/* fopen with the Microsoft C runtime's file names and modes (a '\' separates directories; t, N, S, ... accepted):
 * what tchar.h's _tfopen is in an ANSI build (glibc's fopen itself is unchanged). */
FILE* winipc_fopen(const char* name, const char* mode);
int _wremove(const winipc_wchar16_t* name);

/* %s, %c and %[ take a pointer and then an unsigned buffer size (in characters), as in Microsoft's runtime. */
int sscanf_s(const char* input, const char* format, ...);
int vsscanf_s(const char* input, const char* format, va_list args);
int fscanf_s(FILE* stream, const char* format, ...);
int vfscanf_s(FILE* stream, const char* format, va_list args);
int scanf_s(const char* format, ...);
int swscanf_s(const winipc_wchar16_t* input, const winipc_wchar16_t* format, ...);

#ifdef __cplusplus
} /* extern "C" */

/* extern "C++": the header may be included inside an extern "C" block. */
extern "C++" {
/* The overloads that take an array and use its size, as Microsoft's headers declare for C++. */
template <size_t N>
inline int sprintf_s(char (&buffer)[N], const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vsprintf_s(buffer, N, format, args);
  va_end(args);
  return n;
}
template <size_t N>
inline int vsprintf_s(char (&buffer)[N], const char* format, va_list args) {
  return vsprintf_s(buffer, N, format, args);
}
template <size_t N>
inline int _snprintf_s(char (&buffer)[N], size_t count, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = _vsnprintf_s(buffer, N, count, format, args);
  va_end(args);
  return n;
}
template <size_t N>
inline int _vsnprintf_s(char (&buffer)[N], size_t count, const char* format, va_list args) {
  return _vsnprintf_s(buffer, N, count, format, args);
}
template <size_t N>
inline int swprintf_s(winipc_wchar16_t (&buffer)[N], const winipc_wchar16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = vswprintf_s(buffer, N, format, args);
  va_end(args);
  return n;
}
template <size_t N>
inline int vswprintf_s(winipc_wchar16_t (&buffer)[N], const winipc_wchar16_t* format, va_list args) {
  return vswprintf_s(buffer, N, format, args);
}
template <size_t N>
inline int _snwprintf_s(winipc_wchar16_t (&buffer)[N], size_t count, const winipc_wchar16_t* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = _vsnwprintf_s(buffer, N, count, format, args);
  va_end(args);
  return n;
}
template <size_t N>
inline int _vsnwprintf_s(winipc_wchar16_t (&buffer)[N], size_t count, const winipc_wchar16_t* format,
                         va_list args) {
  return _vsnwprintf_s(buffer, N, count, format, args);
}
} /* extern "C++" */
#endif /* __cplusplus */

#endif /* WINIPC_STDIO_H_ */
