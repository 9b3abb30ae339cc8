// SetWaitableTimer's completion routine: an APC for the thread that set the timer, run by that thread's alertable
// waits after each expiry, given the argument and the UTC time the timer was signalled.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setwaitabletimer
// https://learn.microsoft.com/en-us/windows/win32/sync/using-a-waitable-timer-with-an-asynchronous-procedure-call
#include <atomic>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

struct Expiries {
  std::atomic<int> calls{0};
  DWORD thread = 0;
  ULONGLONG when = 0;  // the last call's time argument, as a FILETIME
};

void CALLBACK OnExpiry(LPVOID argument, DWORD low, DWORD high) {
  auto* e = static_cast<Expiries*>(argument);
  e->calls += 1;
  e->thread = GetCurrentThreadId();
  e->when = (ULONGLONG{high} << 32) | low;
}

LARGE_INTEGER RelativeMs(LONGLONG ms) {
  LARGE_INTEGER due;
  due.QuadPart = -ms * 10000;
  return due;
}

ULONGLONG Now() {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return (ULONGLONG{ft.dwHighDateTime} << 32) | ft.dwLowDateTime;
}

void DrainApcs() {
  while (SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
  }
}

// Tests that a completion routine runs once the timer is due, in an alertable wait of the thread that set it,
// with the argument given: not before the due time, not in a wait that is not alertable; the timer itself is
// signalled as usual.
TEST(TimerCompletionRoutine, RunsInTheSettersAlertableWaitAfterTheDueTime) {
  BEHAVIOUR("SY-TMR-029");
  DrainApcs();
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/TRUE, nullptr));
  ASSERT_TRUE(timer);
  Expiries expiries;
  LARGE_INTEGER due = RelativeMs(100);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, OnExpiry, &expiries, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(SleepEx(0, TRUE), 0u) << "the routine ran before the due time";
  EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  Sleep(20);
  EXPECT_EQ(expiries.calls.load(), 0) << "the routine ran in a wait that is not alertable";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepEx(0, TRUE)), ReturnsWithError(WAIT_IO_COMPLETION, kPoisonError));
  EXPECT_EQ(expiries.calls.load(), 1);
  EXPECT_EQ(expiries.thread, GetCurrentThreadId());
}

// Tests that a periodic timer's routine runs once per period: three SleepEx(INFINITE, TRUE) in a row each return
// WAIT_IO_COMPLETION after one more call; after CancelWaitableTimer no call comes (SleepEx(300, TRUE) returns 0).
TEST(TimerCompletionRoutine, PeriodicTimerCallsOncePerPeriodUntilCancelled) {
  BEHAVIOUR("SY-TMR-030");
  DrainApcs();
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, nullptr));
  ASSERT_TRUE(timer);
  Expiries expiries;
  LARGE_INTEGER due = RelativeMs(50);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 50, OnExpiry, &expiries, FALSE));
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(SleepEx(INFINITE, TRUE), WAIT_IO_COMPLETION) << "period " << i;
    EXPECT_EQ(expiries.calls.load(), i);
  }
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CancelWaitableTimer(timer.get())), SucceedsWith(kPoisonError));
  DrainApcs();  // a call queued by an expiry just before the cancel
  const int before = expiries.calls.load();
  EXPECT_EQ(SleepEx(300, TRUE), 0u) << "the routine ran after the timer was cancelled";
  EXPECT_EQ(expiries.calls.load(), before);
}

// Tests that the routine is given the UTC time (a FILETIME) at which the timer was signalled: after the call to
// SetWaitableTimer plus the due time, and not later than the routine's own run.
TEST(TimerCompletionRoutine, IsGivenTheTimeTheTimerWasSignalled) {
  BEHAVIOUR("SY-TMR-031");
  DrainApcs();
  ScopedHandle timer(CreateWaitableTimerA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(timer);
  Expiries expiries;
  const ULONGLONG set_at = Now();
  LARGE_INTEGER due = RelativeMs(100);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, OnExpiry, &expiries, FALSE));
  ASSERT_EQ(SleepEx(kChildTimeoutMs, TRUE), WAIT_IO_COMPLETION);
  const ULONGLONG after = Now();
  // 100 ns ticks; a little slack for the clocks' granularity (Windows' is 15.6 ms by default).
  EXPECT_GE(expiries.when + 20 * 10000, set_at + 100 * 10000);
  EXPECT_LE(expiries.when, after + 20 * 10000);
}

// Tests that the routine runs only on the thread that set the timer: another thread's alertable SleepEx past the
// due time returns 0 without running it, and the setter's SleepEx then runs it.
TEST(TimerCompletionRoutine, RunsOnlyOnTheThreadThatSetTheTimer) {
  BEHAVIOUR("SY-TMR-032");
  DrainApcs();
  ScopedHandle timer(CreateWaitableTimerA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(timer);
  Expiries expiries;
  LARGE_INTEGER due = RelativeMs(20);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, OnExpiry, &expiries, FALSE));
  DWORD other_result = WAIT_FAILED;
  std::thread other([&] { other_result = SleepEx(200, TRUE); });
  other.join();
  EXPECT_EQ(other_result, 0u);
  EXPECT_EQ(expiries.calls.load(), 0) << "another thread ran the routine";
  EXPECT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(expiries.calls.load(), 1);
}

}  // namespace
}  // namespace winipc::conformance
