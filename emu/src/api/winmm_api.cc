// winmm's timer functions (<timeapi.h>): timeGetTime and the timer-resolution requests. Linux has no system-wide
// timer resolution to raise (its timers are already fine-grained), so a valid request is accepted and changes
// nothing; an invalid one gets TIMERR_NOCANDO as on Windows.
// https://learn.microsoft.com/en-us/windows/win32/api/timeapi/nf-timeapi-timebeginperiod
// https://learn.microsoft.com/en-us/windows/win32/api/timeapi/nf-timeapi-timegetdevcaps
#include <windows.h>
#include <timeapi.h>

#include "posix/sys.h"

namespace {

// The range the oracle (Wine 8.0) reports, 1 to 65,535 ms; Microsoft Learn gives no figure, and a period beyond
// the maximum gets TIMERR_NOCANDO there too (SK-WINMM-002).
constexpr UINT kPeriodMin = 1;
constexpr UINT kPeriodMax = 65535;

MMRESULT CheckPeriod(UINT period) {
  return period >= kPeriodMin && period <= kPeriodMax ? TIMERR_NOERROR : TIMERR_NOCANDO;
}

}  // namespace

// The clock of GetTickCount (timer_api.cc), in 32 bits.
extern "C" DWORD WINAPI timeGetTime(void) {
  return static_cast<DWORD>(winipc::posix::MonotonicNowNs() / 1000000);
}

extern "C" MMRESULT WINAPI timeBeginPeriod(UINT uPeriod) { return CheckPeriod(uPeriod); }

extern "C" MMRESULT WINAPI timeEndPeriod(UINT uPeriod) { return CheckPeriod(uPeriod); }

extern "C" MMRESULT WINAPI timeGetDevCaps(LPTIMECAPS ptc, UINT cbtc) {
  if (ptc == nullptr || cbtc < sizeof(TIMECAPS)) return TIMERR_NOCANDO;
  ptc->wPeriodMin = kPeriodMin;
  ptc->wPeriodMax = kPeriodMax;
  return TIMERR_NOERROR;
}
