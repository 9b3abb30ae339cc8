/* winipc emu: <winnls.h>: code pages */
#ifndef WINIPC_WINNLS_H_
#define WINIPC_WINNLS_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Code pages. emu's A functions always use UTF-8. */
#define CP_ACP 0
#define CP_OEMCP 1
#define CP_MACCP 2
#define CP_THREAD_ACP 3
#define CP_UTF7 65000
#define CP_UTF8 65001

UINT WINAPI GetACP(void);
UINT WINAPI GetOEMCP(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#include <stringapiset.h>

#endif /* WINIPC_WINNLS_H_ */
