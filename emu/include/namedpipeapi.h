/* winipc emu: <namedpipeapi.h>: anonymous pipes (CreatePipe) and looking into a pipe (PeekNamedPipe). Named pipes
 * (CreateNamedPipe, ConnectNamedPipe) are not there yet: docs/porting.md. */
#ifndef WINIPC_NAMEDPIPEAPI_H_
#define WINIPC_NAMEDPIPEAPI_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe, LPSECURITY_ATTRIBUTES lpPipeAttributes, DWORD nSize);
BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer, DWORD nBufferSize, LPDWORD lpBytesRead,
                          LPDWORD lpTotalBytesAvail, LPDWORD lpBytesLeftThisMessage);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_NAMEDPIPEAPI_H_ */
