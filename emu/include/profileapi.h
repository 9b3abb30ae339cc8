/* winipc emu: <profileapi.h>: the high-resolution performance counter */
#ifndef WINIPC_PROFILEAPI_H_
#define WINIPC_PROFILEAPI_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* lpPerformanceCount);
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* lpFrequency);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_PROFILEAPI_H_ */
