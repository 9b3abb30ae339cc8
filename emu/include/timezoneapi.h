/* winipc emu: <timezoneapi.h>: conversions between FILETIME, SYSTEMTIME and local time */
#ifndef WINIPC_TIMEZONEAPI_H_
#define WINIPC_TIMEZONEAPI_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

BOOL WINAPI FileTimeToSystemTime(const FILETIME* lpFileTime, LPSYSTEMTIME lpSystemTime);
BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME* lpSystemTime, LPFILETIME lpFileTime);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_TIMEZONEAPI_H_ */
