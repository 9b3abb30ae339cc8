/* winipc emu: <tchar.h>, the generic-text mappings, following UNICODE / _UNICODE.
 *
 * Without UNICODE, _TCHAR is char and each _t name is the narrow C runtime function (_tprintf is printf). With
 * it, _TCHAR is WCHAR (UTF-16) and each _t name is emu's UTF-16 function (see <winipc/crt_wide.h>): _tprintf
 * writes UTF-8 to stdout, with Microsoft's meaning of %s in wide functions (a WCHAR string). This holds with and
 * without -fshort-wchar. `_tmain` becomes `wmain`; emu's libwinipc_main supplies the real main() that converts
 * argv to UTF-16 and calls it. */
#ifndef WINIPC_TCHAR_H_
#define WINIPC_TCHAR_H_

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#include <windows.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Microsoft's wide forms that have no ISO counterpart of that shape: the two-argument wcstok, and scanf without
 * buffer sizes on UTF-16 text. */
/* Earlier names of emu's UTF-16 console output (kept for code that called them). */
size_t winipc_wcslen(const WCHAR* s);
int winipc_wprintf(const WCHAR* format, ...);
int winipc_wputs(const WCHAR* s);
winipc_wchar16_t* winipc_wcstok16_legacy(winipc_wchar16_t* s, const winipc_wchar16_t* delimiters);
int winipc_swscanf16(const winipc_wchar16_t* input, const winipc_wchar16_t* format, ...);
int winipc_wscanf16(const winipc_wchar16_t* format, ...);
int winipc_wscanf16_s(const winipc_wchar16_t* format, ...);

#ifdef __cplusplus
}
#endif

#define _T(x) __TEXT(x)
#define _TEXT(x) __TEXT(x)

#if WINIPC_UNICODE
typedef WCHAR _TCHAR;
typedef WCHAR _TSCHAR;
typedef WCHAR _TUCHAR;
typedef WCHAR _TXCHAR;
typedef int _TINT;
#define _TEOF WEOF
#define _tmain wmain

#define _tprintf winipc_wprintf16
#define _vtprintf winipc_vwprintf16
#define _tprintf_s winipc_wprintf16
#define _ftprintf winipc_fwprintf16
#define _vftprintf winipc_vfwprintf16
#define _ftprintf_s winipc_fwprintf16
#define _stprintf winipc_swprintf16_legacy
#define _stprintf_s swprintf_s
#define _vstprintf_s vswprintf_s
#define _sntprintf _snwprintf
#define _vsntprintf _vsnwprintf
#define _sntprintf_s _snwprintf_s
#define _vsntprintf_s _vsnwprintf_s
#define _sctprintf _scwprintf
#define _vsctprintf _vscwprintf
#define _fputts winipc_fputws16
#define _putts _putws
#define _tscanf winipc_wscanf16
#define _tscanf_s winipc_wscanf16_s
#define _stscanf winipc_swscanf16
#define _stscanf_s swscanf_s

#define _tcslen winipc_wcslen16
#define _tcsnlen winipc_wcsnlen16
#define _tcsclen winipc_wcslen16
#define _tcscpy winipc_wcscpy16
#define _tcscpy_s wcscpy_s
#define _tcsncpy winipc_wcsncpy16
#define _tcsncpy_s wcsncpy_s
#define _tcscat winipc_wcscat16
#define _tcscat_s wcscat_s
#define _tcsncat winipc_wcsncat16
#define _tcsncat_s wcsncat_s
#define _tcscmp winipc_wcscmp16
#define _tcsncmp winipc_wcsncmp16
#define _tcsicmp _wcsicmp
#define _tcsnicmp _wcsnicmp
#define _tcschr winipc_wcschr16
#define _tcsrchr winipc_wcsrchr16
#define _tcsstr winipc_wcsstr16
#define _tcspbrk winipc_wcspbrk16
#define _tcsspn winipc_wcsspn16
#define _tcscspn winipc_wcscspn16
#define _tcstok winipc_wcstok16_legacy
#define _tcstok_s wcstok_s
#define _tcsdup _wcsdup
#define _tcslwr _wcslwr
#define _tcsupr _wcsupr
#define _tcslwr_s _wcslwr_s
#define _tcsupr_s _wcsupr_s

#define _ttoi _wtoi
#define _tstoi _wtoi
#define _ttol _wtol
#define _tstol _wtol
#define _ttoi64 _wtoi64
#define _tstoi64 _wtoi64
#define _ttof _wtof
#define _tstof _wtof
#define _tcstol winipc_wcstol16
#define _tcstoul winipc_wcstoul16
#define _tcstoi64 winipc_wcstoll16
#define _tcstoui64 winipc_wcstoull16
#define _tcstod winipc_wcstod16
#define _itot _itow
#define _itot_s _itow_s
#define _ltot _ltow
#define _ltot_s _ltow_s
#define _i64tot _i64tow
#define _i64tot_s _i64tow_s

#define _tfopen _wfopen
#define _tfopen_s _wfopen_s
#define _tremove _wremove
#define _topen _wopen
#define _taccess _waccess
#define _tunlink _wunlink
#define _tchmod _wchmod
#define _tmkdir _wmkdir
#define _trmdir _wrmdir
#define _tchdir _wchdir
#define _tgetcwd _wgetcwd
#define _tgetenv _wgetenv

#define _totupper towupper
#define _totlower towlower
#define _istdigit iswdigit
#define _istxdigit iswxdigit
#define _istspace iswspace
#define _istalpha iswalpha
#define _istalnum iswalnum
#define _istupper iswupper
#define _istlower iswlower
#define _istpunct iswpunct
#define _istprint iswprint
#define _istcntrl iswcntrl

#else /* ANSI */
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#define _TEOF EOF
#define _tmain main

#define _tprintf printf
#define _vtprintf vprintf
#define _tprintf_s printf_s
#define _ftprintf fprintf
#define _vftprintf vfprintf
#define _ftprintf_s fprintf_s
#define _stprintf sprintf
#define _stprintf_s sprintf_s
#define _vstprintf_s vsprintf_s
#define _sntprintf _snprintf
#define _vsntprintf _vsnprintf
#define _sntprintf_s _snprintf_s
#define _vsntprintf_s _vsnprintf_s
#define _sctprintf _scprintf
#define _vsctprintf _vscprintf
#define _fputts fputs
#define _putts puts
#define _tscanf scanf
#define _tscanf_s scanf_s
#define _stscanf sscanf
#define _stscanf_s sscanf_s

#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcsclen strlen
#define _tcscpy strcpy
#define _tcscpy_s strcpy_s
#define _tcsncpy strncpy
#define _tcsncpy_s strncpy_s
#define _tcscat strcat
#define _tcscat_s strcat_s
#define _tcsncat strncat
#define _tcsncat_s strncat_s
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp _stricmp
#define _tcsnicmp _strnicmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcspbrk strpbrk
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcstok strtok
#define _tcstok_s strtok_s
#define _tcsdup _strdup
#define _tcslwr _strlwr
#define _tcsupr _strupr
#define _tcslwr_s _strlwr_s
#define _tcsupr_s _strupr_s

#define _ttoi atoi
#define _tstoi atoi
#define _ttol atol
#define _tstol atol
#define _ttoi64 _atoi64
#define _tstoi64 _atoi64
#define _ttof atof
#define _tstof atof
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoi64 _strtoi64
#define _tcstoui64 _strtoui64
#define _tcstod strtod
#define _itot _itoa
#define _itot_s _itoa_s
#define _ltot _ltoa
#define _ltot_s _ltoa_s
#define _i64tot _i64toa
#define _i64tot_s _i64toa_s

#define _tfopen winipc_fopen
#define _tfopen_s fopen_s
#define _tremove remove
#define _topen _open
#define _taccess _access
#define _tunlink _unlink
#define _tchmod _chmod
#define _tmkdir _mkdir
#define _trmdir _rmdir
#define _tchdir _chdir
#define _tgetcwd _getcwd
#define _tgetenv getenv

#define _totupper toupper
#define _totlower tolower
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istspace isspace
#define _istalpha isalpha
#define _istalnum isalnum
#define _istupper isupper
#define _istlower islower
#define _istpunct ispunct
#define _istprint isprint
#define _istcntrl iscntrl
#endif

#endif /* WINIPC_TCHAR_H_ */
