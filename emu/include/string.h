/* winipc emu: <string.h> is the system's, plus the Microsoft C runtime names Windows programs find there
 * (strcpy_s, strcat_s, memcpy_s, _stricmp, _strdup, ..., and the wide wcscpy_s family, which Microsoft's
 * <string.h> declares too). Only names glibc lacks are added (docs/porting.md, "The C runtime"). */
#pragma GCC system_header  /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <string.h>

#if !defined(WINIPC_STRING_H_) && defined(_STRING_H)
#define WINIPC_STRING_H_

#include <winipc/crt.h>
#include <winipc/crt_wide.h>

#ifdef __cplusplus
extern "C" {
#endif

errno_t strcpy_s(char* dest, rsize_t size, const char* src);
errno_t strncpy_s(char* dest, rsize_t size, const char* src, rsize_t count);
errno_t strcat_s(char* dest, rsize_t size, const char* src);
errno_t strncat_s(char* dest, rsize_t size, const char* src, rsize_t count);
errno_t memcpy_s(void* dest, rsize_t size, const void* src, rsize_t count);
errno_t memmove_s(void* dest, rsize_t size, const void* src, rsize_t count);
size_t strnlen_s(const char* s, size_t max);
char* strtok_s(char* s, const char* delimiters, char** context);
char* _strdup(const char* s);
int _stricmp(const char* a, const char* b);
int _strnicmp(const char* a, const char* b, size_t count);
int _stricoll(const char* a, const char* b);
char* _strlwr(char* s);
char* _strupr(char* s);
errno_t _strlwr_s(char* s, size_t size);
errno_t _strupr_s(char* s, size_t size);
char* _strrev(char* s);
char* _strset(char* s, int c);
char* _strnset(char* s, int c, size_t count);

#ifdef __cplusplus
} /* extern "C" */

/* extern "C++": the header may be included inside an extern "C" block. */
extern "C++" {
template <size_t N>
inline errno_t strcpy_s(char (&dest)[N], const char* src) {
  return strcpy_s(dest, N, src);
}
template <size_t N>
inline errno_t strncpy_s(char (&dest)[N], const char* src, rsize_t count) {
  return strncpy_s(dest, N, src, count);
}
template <size_t N>
inline errno_t strcat_s(char (&dest)[N], const char* src) {
  return strcat_s(dest, N, src);
}
template <size_t N>
inline errno_t strncat_s(char (&dest)[N], const char* src, rsize_t count) {
  return strncat_s(dest, N, src, count);
}
template <size_t N>
inline errno_t _strlwr_s(char (&s)[N]) {
  return _strlwr_s(s, N);
}
template <size_t N>
inline errno_t _strupr_s(char (&s)[N]) {
  return _strupr_s(s, N);
}
} /* extern "C++" */
#endif /* __cplusplus */

#endif /* WINIPC_STRING_H_ */
