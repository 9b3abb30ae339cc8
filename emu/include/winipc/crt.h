/* winipc emu: the Microsoft C runtime's own types and the invalid-parameter handler, shared by emu's <stdio.h>,
 * <string.h>, <stdlib.h>, <wchar.h> and <time.h> (each includes the system header of that name, then adds only
 * names glibc does not have). See docs/porting.md, "The C runtime".
 *
 * winipc_wchar16_t is the 16-bit unit the wide functions take: wchar_t with -fshort-wchar (then it is WCHAR),
 * char16_t in C++ otherwise (WCHAR too), uint_least16_t in C (the element type of a C11 u"..." literal). */
#ifndef WINIPC_CRT_H_
#define WINIPC_CRT_H_

#include <stddef.h>
#include <stdint.h>

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t winipc_wchar16_t;
#define WINIPC_SHORT_WCHAR 1
#elif defined(__cplusplus)
typedef char16_t winipc_wchar16_t;
#define WINIPC_SHORT_WCHAR 0
#else
typedef uint_least16_t winipc_wchar16_t;
#define WINIPC_SHORT_WCHAR 0
#endif

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _RSIZE_T_DEFINED
#define _RSIZE_T_DEFINED
typedef size_t rsize_t;
#endif
#ifndef _TIME64_T_DEFINED
#define _TIME64_T_DEFINED
typedef long long __time64_t;
#endif

/* strncpy_s & co: copy what fits and return STRUNCATE; _snprintf_s: truncate and return -1. */
#define _TRUNCATE ((size_t)-1)
#define STRUNCATE 80

#ifndef _countof
#ifdef __cplusplus
/* Refuses pointers (only arrays have an extent), as the SDK's C++ definition does. */
extern "C++" template <typename T, size_t N>
char (*winipc_countof_helper(T (&)[N]))[N];
#define _countof(array) (sizeof(*winipc_countof_helper(array)) + 0)
#else
#define _countof(array) (sizeof(array) / sizeof((array)[0]))
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Called with the failing expression, function, file and line: all NULL, as in Microsoft's release runtime. */
typedef void (*_invalid_parameter_handler)(const wchar_t* expression, const wchar_t* function, const wchar_t* file,
                                           unsigned int line, uintptr_t reserved);
/* Installs a handler for the whole process; returns the previous one (NULL = the default). The default ends the
 * process with exit status 0xC0000417 (STATUS_INVALID_CRUNTIME_PARAMETER), as the Universal CRT does. */
_invalid_parameter_handler _set_invalid_parameter_handler(_invalid_parameter_handler handler);
_invalid_parameter_handler _get_invalid_parameter_handler(void);
_invalid_parameter_handler _set_thread_local_invalid_parameter_handler(_invalid_parameter_handler handler);
_invalid_parameter_handler _get_thread_local_invalid_parameter_handler(void);
void _invalid_parameter_noinfo(void);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_CRT_H_ */
