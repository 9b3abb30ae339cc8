/* winipc emu: <time.h> is the system's, plus the Microsoft C runtime's 64-bit time names (_time64,
 * _localtime64_s, localtime_s with Microsoft's argument order, ...). Only names glibc lacks are added. */
#pragma GCC system_header  /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <time.h>

#if !defined(WINIPC_TIME_H_) && defined(_TIME_H)
#define WINIPC_TIME_H_

#include <winipc/crt.h>

#ifdef __cplusplus
extern "C" {
#endif

__time64_t _time64(__time64_t* out);
__time64_t _mktime64(struct tm* tm);
errno_t _localtime64_s(struct tm* result, const __time64_t* time);
errno_t _gmtime64_s(struct tm* result, const __time64_t* time);
/* Microsoft's order (result first), not C11 Annex K's. */
errno_t localtime_s(struct tm* result, const time_t* time);
errno_t gmtime_s(struct tm* result, const time_t* time);
errno_t asctime_s(char* buffer, size_t size, const struct tm* tm);
errno_t ctime_s(char* buffer, size_t size, const time_t* time);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_TIME_H_ */
