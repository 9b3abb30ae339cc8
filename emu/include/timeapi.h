/* winipc emu: <timeapi.h> (winmm's timer resolution and time): timeGetTime and the timer-resolution requests
 * programs make before timing short waits. Linux timers have no system-wide resolution to raise, so
 * timeBeginPeriod/timeEndPeriod check their argument and change nothing (docs/porting.md). Programs include it
 * through <mmsystem.h>, or directly; both are in <windows.h> as in the SDK. */
#ifndef WINIPC_TIMEAPI_H_
#define WINIPC_TIMEAPI_H_

#include <minwindef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef UINT MMRESULT;
#define TIMERR_BASE 96
#define TIMERR_NOERROR 0
#define TIMERR_NOCANDO (TIMERR_BASE + 1)
#define TIMERR_STRUCT (TIMERR_BASE + 33)

typedef struct timecaps_tag {
  UINT wPeriodMin;
  UINT wPeriodMax;
} TIMECAPS, *PTIMECAPS, *NPTIMECAPS, *LPTIMECAPS;

/* Milliseconds since the system started (the clock GetTickCount reads), wrapping every 49.7 days. */
DWORD WINAPI timeGetTime(void);
/* TIMERR_NOERROR for a period from 1 to the wPeriodMax timeGetDevCaps reports, TIMERR_NOCANDO otherwise. */
MMRESULT WINAPI timeBeginPeriod(UINT uPeriod);
MMRESULT WINAPI timeEndPeriod(UINT uPeriod);
/* TIMERR_NOCANDO for a NULL pointer or a size smaller than TIMECAPS. */
MMRESULT WINAPI timeGetDevCaps(LPTIMECAPS ptc, UINT cbtc);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_TIMEAPI_H_ */
