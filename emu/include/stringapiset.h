/* winipc emu: <stringapiset.h>: conversion between the code pages and UTF-16.
 *
 * emu's ANSI and OEM code pages are UTF-8 (GetACP() = GetOEMCP() = CP_UTF8), so CP_ACP, CP_OEMCP, CP_THREAD_ACP
 * and CP_UTF8 all convert UTF-8, with the rules Windows has for CP_UTF8 (docs/porting.md, "Strings and code
 * pages"). Other code pages fail with ERROR_INVALID_PARAMETER. */
#ifndef WINIPC_STRINGAPISET_H_
#define WINIPC_STRINGAPISET_H_

#include <winnls.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MB_PRECOMPOSED 0x00000001
#define MB_COMPOSITE 0x00000002
#define MB_USEGLYPHCHARS 0x00000004
#define MB_ERR_INVALID_CHARS 0x00000008
#define WC_COMPOSITECHECK 0x00000200
#define WC_DISCARDNS 0x00000010
#define WC_SEPCHARS 0x00000020
#define WC_DEFAULTCHAR 0x00000040
#define WC_ERR_INVALID_CHARS 0x00000080
#define WC_NO_BEST_FIT_CHARS 0x00000400

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                               LPWSTR lpWideCharStr, int cchWideChar);
int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                               LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar, LPBOOL lpUsedDefaultChar);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_STRINGAPISET_H_ */
