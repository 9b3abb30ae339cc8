/* winipc emu: <processenv.h>: the environment and the current directory */
#ifndef WINIPC_PROCESSENV_H_
#define WINIPC_PROCESSENV_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize);
DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize);
BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue);
BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue);
DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer);
DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer);
#if WINIPC_UNICODE
#define GetEnvironmentVariable GetEnvironmentVariableW
#define SetEnvironmentVariable SetEnvironmentVariableW
#define GetCurrentDirectory GetCurrentDirectoryW
#else
#define GetEnvironmentVariable GetEnvironmentVariableA
#define SetEnvironmentVariable SetEnvironmentVariableA
#define GetCurrentDirectory GetCurrentDirectoryA
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_PROCESSENV_H_ */
