/* winipc emu: <errhandlingapi.h>: the calling thread's last error */
#ifndef WINIPC_ERRHANDLINGAPI_H_
#define WINIPC_ERRHANDLINGAPI_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_ERRHANDLINGAPI_H_ */
