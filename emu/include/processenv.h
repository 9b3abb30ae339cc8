/* winipc emu: <processenv.h>: the environment and the current directory */
#ifndef WINIPC_PROCESSENV_H_
#define WINIPC_PROCESSENV_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)
HANDLE WINAPI GetStdHandle(DWORD nStdHandle);
BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle);
LPSTR WINAPI GetCommandLineA(void);
LPWSTR WINAPI GetCommandLineW(void);
DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize);
DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize);
BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue);
BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue);
DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer);
DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer);
/* The environment block and %NAME% expansion (winipc issue 14, environment part). GetEnvironmentStrings without a
   suffix is the ANSI function, as in the SDK; the block is "NAME=value\0...\0\0", freed with
   FreeEnvironmentStrings. */
LPCH WINAPI GetEnvironmentStrings(void);
LPCH WINAPI GetEnvironmentStringsA(void);
LPWCH WINAPI GetEnvironmentStringsW(void);
BOOL WINAPI FreeEnvironmentStringsA(LPCH penv);
BOOL WINAPI FreeEnvironmentStringsW(LPWCH penv);
DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst, DWORD nSize);
DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR lpSrc, LPWSTR lpDst, DWORD nSize);
#if WINIPC_UNICODE
#define GetEnvironmentStrings GetEnvironmentStringsW
#define FreeEnvironmentStrings FreeEnvironmentStringsW
#define ExpandEnvironmentStrings ExpandEnvironmentStringsW
#else
#define FreeEnvironmentStrings FreeEnvironmentStringsA
#define ExpandEnvironmentStrings ExpandEnvironmentStringsA
#endif
#if WINIPC_UNICODE
#define GetEnvironmentVariable GetEnvironmentVariableW
#define GetCommandLine GetCommandLineW
#define SetEnvironmentVariable SetEnvironmentVariableW
#define GetCurrentDirectory GetCurrentDirectoryW
#else
#define GetEnvironmentVariable GetEnvironmentVariableA
#define GetCommandLine GetCommandLineA
#define SetEnvironmentVariable SetEnvironmentVariableA
#define GetCurrentDirectory GetCurrentDirectoryA
#endif

/* ---- the current directory: setting it (issue 14, directories) ---- */
BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName);
BOOL WINAPI SetCurrentDirectoryW(LPCWSTR lpPathName);
#if WINIPC_UNICODE
#define SetCurrentDirectory SetCurrentDirectoryW
#else
#define SetCurrentDirectory SetCurrentDirectoryA
#endif
/* ---- end of setting the current directory ---- */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_PROCESSENV_H_ */
