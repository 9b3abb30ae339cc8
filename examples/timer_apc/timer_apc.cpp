// A periodic waitable timer whose completion routine runs on the thread that set it, in that thread's alertable
// SleepEx, built the way Windows console programs are written: UNICODE, <tchar.h>, __try/__finally,
// UNREFERENCED_PARAMETER, __int64, MessageBeep. It is the pattern of Microsoft's "Using Waitable Timers with an
// Asynchronous Procedure Call" sample, with shorter times; ctest checks every routine call.
#define UNICODE 1
#define _UNICODE 1

#include <windows.h>
#include <stdio.h>
#include <tchar.h>

#define TICKS_PER_MS 10000  // SetWaitableTimer counts 100 ns units

typedef struct {
  LPCTSTR label;
  DWORD round;
  DWORD calls;
  FILETIME last;
} TICK_STATE;

static VOID CALLBACK OnTick(LPVOID context, DWORD time_low, DWORD time_high) {
  TICK_STATE* state = (TICK_STATE*)context;
  state->calls += 1;
  state->last.dwLowDateTime = time_low;
  state->last.dwHighDateTime = time_high;
  _tprintf(TEXT("%s: call %lu in round %lu\n"), state->label, state->calls, state->round);
  MessageBeep(0);
}

int main(void) {
  HANDLE timer = CreateWaitableTimer(NULL, FALSE, TEXT("TimerApcExample"));
  if (timer == NULL) {
    printf("CreateWaitableTimer failed with error %lu\n", GetLastError());
    return 1;
  }
  TICK_STATE state = {TEXT("tick"), 0, 0, {0, 0}};
  int result = 0;
  __try {
    __int64 due = -200 * (__int64)TICKS_PER_MS;  // first expiry 200 ms from now, then every 100 ms
    LARGE_INTEGER when;
    when.LowPart = (DWORD)(due & 0xFFFFFFFF);
    when.HighPart = (LONG)(due >> 32);
    if (!SetWaitableTimer(timer, &when, 100, OnTick, &state, FALSE)) {
      printf("SetWaitableTimer failed with error %lu\n", GetLastError());
      result = 1;
    } else {
      for (state.round = 1; state.round <= 5; ++state.round) {
        DWORD woke = SleepEx(INFINITE, TRUE);  // only an APC ends it
        if (woke != WAIT_IO_COMPLETION) {
          printf("SleepEx returned %lu\n", woke);
          result = 1;
          break;
        }
      }
      CancelWaitableTimer(timer);
      // After the cancel, nothing more is queued: an alertable sleep runs out its time.
      if (SleepEx(250, TRUE) != 0) result = 1;
      FILETIME now;
      GetSystemTimeAsFileTime(&now);
      ULONGLONG last = ((ULONGLONG)state.last.dwHighDateTime << 32) | state.last.dwLowDateTime;
      ULONGLONG current = ((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime;
      // The routine is given the UTC time at which the timer was signalled: in the last second, not later.
      if (last > current || current - last > 10000000) result = 1;
      printf("%lu calls\n", state.calls);
    }
  }
  __finally {
    CloseHandle(timer);
  }
  return result;
}
