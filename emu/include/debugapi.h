/* winipc emu: <debugapi.h>: OutputDebugString (written to standard error: there is no debugger to receive it) */
#ifndef WINIPC_DEBUGAPI_H_
#define WINIPC_DEBUGAPI_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

void WINAPI OutputDebugStringA(LPCSTR lpOutputString);
void WINAPI OutputDebugStringW(LPCWSTR lpOutputString);
BOOL WINAPI IsDebuggerPresent(void);
#if WINIPC_UNICODE
#define OutputDebugString OutputDebugStringW
#else
#define OutputDebugString OutputDebugStringA
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_DEBUGAPI_H_ */
