/* winipc emu: <tchar.h>, generic-text mappings that follow UNICODE / _UNICODE.
 *
 * Without UNICODE, TCHAR is char and _tprintf is printf. With it, TCHAR is WCHAR (UTF-16) and the _t
 * functions are emu's UTF-16 versions, which write UTF-8 to stdout. `_tmain` becomes `wmain`; emu's
 * libwinipc_main supplies the real main() that converts argv to UTF-16 and calls it. */
#ifndef WINIPC_TCHAR_H_
#define WINIPC_TCHAR_H_

#include <stdio.h>
#include <string.h>
#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

size_t winipc_wcslen(const WCHAR* s);
int winipc_wprintf(const WCHAR* format, ...);
int winipc_wputs(const WCHAR* s);

#ifdef __cplusplus
}
#endif

#define _T(x) __TEXT(x)
#define _TEXT(x) __TEXT(x)

#if WINIPC_UNICODE
typedef WCHAR _TCHAR;
#define _tmain wmain
#define _tprintf winipc_wprintf
#define _tcslen winipc_wcslen
#define _putts winipc_wputs
#else
typedef char _TCHAR;
#define _tmain main
#define _tprintf printf
#define _tcslen strlen
#define _putts puts
#endif

#endif /* WINIPC_TCHAR_H_ */
