// SetWaitableTimer and CancelWaitableTimer: relative and absolute due times, periods, the two reset types, and a
// waiter in another process.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setwaitabletimer
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-cancelwaitabletimer
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setwaitabletimerex
// https://learn.microsoft.com/en-us/windows/win32/sync/waitable-timer-objects
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>
#include <thread>

#include "harness/harness.h"
#include "timers/due_time.h"

namespace winipc::conformance {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using timers::DueAtOnce;

// How long a wait that should not be woken lasts; a timer due this long after the wait starts counts as "not
// yet". Timers in these tests are due after kDueMs, so that such a wait ends well before them.
constexpr DWORD kNotYetMs = 300;
constexpr LONGLONG kDueMs = 200;

// A relative due time of `ms` milliseconds: negative, in 100-ns units.
LARGE_INTEGER RelativeDueTime(LONGLONG ms) {
  LARGE_INTEGER due;
  due.QuadPart = -ms * 10000;
  return due;
}

// An absolute due time: the system time now plus `ms` milliseconds (negative: in the past), in FILETIME units.
LARGE_INTEGER AbsoluteDueTime(LONGLONG ms) {
  FILETIME now;
  GetSystemTimeAsFileTime(&now);
  LARGE_INTEGER due;
  due.QuadPart =
      static_cast<LONGLONG>((static_cast<uint64_t>(now.dwHighDateTime) << 32) | now.dwLowDateTime) + ms * 10000;
  return due;
}

long long MillisecondsSince(steady_clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start).count();
}

// Tests that a timer set with a relative due time (negative, 100-ns units) is not signalled before about that
// time and is signalled soon after it.
TEST(SetWaitableTimer, RelativeDueTimeSignalsAfterThatTime) {
  BEHAVIOUR("SY-TMR-015");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = RelativeDueTime(kDueMs);
  const auto start = steady_clock::now();
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_TIMEOUT) << "signalled at once";
  EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "never signalled";
  // A lower bound only, with slack for the clock's granularity.
  EXPECT_GE(MillisecondsSince(start), kDueMs - 50);
}

// Tests that SetWaitableTimerEx without a wake context sets the timer as SetWaitableTimer does (TRUE, last error
// untouched; signalled after the due time, not before), whatever the tolerable delay.
TEST(SetWaitableTimerEx, WithoutWakeContextSetsTheTimer) {
  BEHAVIOUR("SY-TMR-033");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = RelativeDueTime(kDueMs);
  const auto start = steady_clock::now();
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimerEx(timer.get(), &due, 0, nullptr, nullptr, nullptr, 10)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_TIMEOUT) << "signalled at once";
  EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "never signalled";
  EXPECT_GE(MillisecondsSince(start), kDueMs - 50);
}

// Tests that a timer set with an absolute due time (a FILETIME from GetSystemTimeAsFileTime plus a delta) is not
// signalled before about that time and is signalled soon after it.
TEST(SetWaitableTimer, AbsoluteDueTimeSignalsAtThatTime) {
  BEHAVIOUR("SY-TMR-016");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, nullptr));
  ASSERT_TRUE(timer);
  const auto start = steady_clock::now();
  const LARGE_INTEGER due = AbsoluteDueTime(kDueMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_TIMEOUT) << "signalled at once";
  EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "never signalled";
  EXPECT_GE(MillisecondsSince(start), kDueMs - 50);
}

// Tests that a due time already past (absolute, a second ago or in 1601; relative 100 ns) signals the timer at once.
TEST(SetWaitableTimer, PastDueTimeSignalsAtOnce) {
  BEHAVIOUR("SY-TMR-017");
  LARGE_INTEGER long_ago;
  long_ago.QuadPart = 1;
  const struct {
    const char* what;
    LARGE_INTEGER due;
  } cases[] = {{"a second ago", AbsoluteDueTime(-1000)}, {"FILETIME 1", long_ago}, {"relative 100 ns", DueAtOnce()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, nullptr));
    ASSERT_TRUE(timer);
    SetLastError(kPoisonError);
    ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &c.due, 0, nullptr, nullptr, FALSE)), SucceedsWith(kPoisonError));
    // "At once": well before any timer due in the future of these tests would fire.
    EXPECT_EQ(WaitForSingleObject(timer.get(), kNotYetMs), WAIT_OBJECT_0);
  }
}

// Tests that a manual-reset timer, once due, stays signalled: every wait (in this thread and in another) returns
// WAIT_OBJECT_0.
TEST(SetWaitableTimer, ManualResetTimerStaysSignalledForEveryWaiter) {
  BEHAVIOUR("SY-TMR-018");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/TRUE, nullptr));
  ASSERT_TRUE(timer);
  DWORD other_thread_result = 0;
  std::thread other([&] { other_thread_result = WaitForSingleObject(timer.get(), kChildTimeoutMs); });
  const LARGE_INTEGER due = RelativeDueTime(50);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "first wait";
  other.join();
  EXPECT_EQ(other_thread_result, WAIT_OBJECT_0) << "the other thread's wait";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "a later wait";
}

// Tests that a synchronization (auto-reset) timer, once due, satisfies one wait and is then not signalled.
TEST(SetWaitableTimer, SynchronizationTimerReleasesOneWait) {
  BEHAVIOUR("SY-TMR-019");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = RelativeDueTime(50);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  ASSERT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(timer.get(), kNotYetMs)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the first wait consumed the signal";
}

// Tests that a periodic synchronization timer (lPeriod 50 ms) signals again every period: three waits in a row
// each return WAIT_OBJECT_0, in about three periods.
TEST(SetWaitableTimer, PeriodicTimerSignalsEachPeriod) {
  BEHAVIOUR("SY-TMR-020");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = RelativeDueTime(50);
  const auto start = steady_clock::now();
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &due, /*lPeriod=*/50, nullptr, nullptr, FALSE)),
              SucceedsWith(kPoisonError));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "signal " << i;
  }
  // Due at 50, 100, 150 ms: well under the bound even on a loaded machine, far under 3 one-shot timeouts.
  EXPECT_GE(MillisecondsSince(start), 100);
  EXPECT_LT(MillisecondsSince(start), 3000);
  ASSERT_TRUE(CancelWaitableTimer(timer.get()));
}

// Tests that CancelWaitableTimer stops a pending timer: it is not signalled after its due time.
TEST(CancelWaitableTimer, PendingTimerNeverSignals) {
  BEHAVIOUR("SY-TMR-021");
  for (const BOOL manual : {TRUE, FALSE}) {
    SCOPED_TRACE(manual ? "manual-reset" : "synchronization");
    ScopedHandle timer(CreateWaitableTimerA(nullptr, manual, nullptr));
    ASSERT_TRUE(timer);
    const LARGE_INTEGER due = RelativeDueTime(100);
    ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CancelWaitableTimer(timer.get())), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(timer.get(), kNotYetMs), WAIT_TIMEOUT) << "signalled after the cancel";
  }
}

// Tests that CancelWaitableTimer stops a periodic timer: no further signal after it.
TEST(CancelWaitableTimer, PeriodicTimerStopsSignalling) {
  BEHAVIOUR("SY-TMR-022");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = RelativeDueTime(20);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, /*lPeriod=*/50, nullptr, nullptr, FALSE));
  ASSERT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  ASSERT_TRUE(CancelWaitableTimer(timer.get()));
  // A signal that came between the wait and the cancel is left alone (SY-TMR-023); take it, then expect none.
  WaitForSingleObject(timer.get(), 0);
  EXPECT_EQ(WaitForSingleObject(timer.get(), kNotYetMs), WAIT_TIMEOUT) << "still periodic after the cancel";
}

// Tests that CancelWaitableTimer does not change a signalled timer's state: a manual-reset timer that is due
// stays signalled.
TEST(CancelWaitableTimer, SignalledTimerStaysSignalled) {
  BEHAVIOUR("SY-TMR-023");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/TRUE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = DueAtOnce();
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  ASSERT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelWaitableTimer(timer.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_OBJECT_0) << "the cancel reset the timer";
}

// A timer type for SetWaitableTimer on a signalled timer.
struct ResetCase {
  const char* id;
  const char* name;
  BOOL manual;
};

void PrintTo(const ResetCase& row, std::ostream* os) { *os << row.name; }

class SetWaitableTimerAgain : public ::testing::TestWithParam<ResetCase> {};

// Tests that SetWaitableTimer (lPeriod 0) on a timer that is signalled makes it non-signalled until the new due
// time (one behaviour per timer type, see the rows).
TEST_P(SetWaitableTimerAgain, ResetsTheSignal) {
  const ResetCase& row = GetParam();
  BEHAVIOUR(row.id);
  ScopedHandle timer(CreateWaitableTimerA(nullptr, row.manual, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER now = DueAtOnce();
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &now, 0, nullptr, nullptr, FALSE));
  // Let it fire without waiting on it (a wait would consume a synchronization timer's signal).
  Sleep(100);
  const LARGE_INTEGER later = RelativeDueTime(1000);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetWaitableTimer(timer.get(), &later, 0, nullptr, nullptr, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_TIMEOUT) << "still signalled after SetWaitableTimer";
  ASSERT_TRUE(CancelWaitableTimer(timer.get()));
}

// The rows, one behaviour each (Windows clears the signal of any timer set with period 0: KiInsertTimerTable):
//   SY-TMR-024  setting a signalled manual-reset timer again makes it non-signalled.
//   SY-TMR-025  setting a signalled synchronization timer again makes it non-signalled.
INSTANTIATE_TEST_SUITE_P(Types, SetWaitableTimerAgain,
                         ::testing::Values(ResetCase{"SY-TMR-024", "ManualReset", TRUE},
                                           ResetCase{"SY-TMR-025", "Synchronization", FALSE}),
                         [](const ::testing::TestParamInfo<ResetCase>& info) { return std::string(info.param.name); });

// Tests that SetWaitableTimer with a negative lPeriod fails with ERROR_INVALID_PARAMETER and does not set the
// timer.
TEST(SetWaitableTimer, NegativePeriodFailsWithInvalidParameter) {
  BEHAVIOUR("SY-TMR-026");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, nullptr));
  ASSERT_TRUE(timer);
  const LARGE_INTEGER due = DueAtOnce();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetWaitableTimer(timer.get(), &due, /*lPeriod=*/-1, nullptr, nullptr, FALSE)),
              FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(WaitForSingleObject(timer.get(), kNotYetMs), WAIT_TIMEOUT) << "the refused call set the timer";
  CancelWaitableTimer(timer.get());
}

// Tests that SetWaitableTimer and CancelWaitableTimer on a handle that is not a timer (an event, a semaphore,
// NULL, a forged value) fail with ERROR_INVALID_HANDLE.
TEST(SetWaitableTimer, NonTimerHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-TMR-027");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ASSERT_TRUE(event && semaphore);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {
      {"event", event.get()}, {"semaphore", semaphore.get()}, {"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  const LARGE_INTEGER due = DueAtOnce();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetWaitableTimer(c.handle, &due, 0, nullptr, nullptr, FALSE)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CancelWaitableTimer(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), kNotYetMs), WAIT_TIMEOUT) << "the event was signalled";
}

// Opens the timer named args[0] with SYNCHRONIZE only, signals handshake args[1], then waits for the timer.
CHILD_MAIN(WaitsForTimer) {
  SetLastError(kPoisonError);
  const auto opened = Call(OpenWaitableTimerA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  ScopedHandle timer(opened.value);
  CHILD_CHECK_THAT(opened, SucceedsWith(kPoisonError));
  Handshake ready = Handshake::Open(args.at(1));
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), static_cast<DWORD>(WAIT_OBJECT_0));
  return 0;
}

// Tests that a process waiting on a timer it opened by name is woken when the timer, set by another process,
// comes due.
TEST(SetWaitableTimer, WaiterInOtherProcessIsWokenWhenDue) {
  BEHAVIOUR("SY-TMR-028");
  const std::string name = UniqueName("tmr-cross-process");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, name.c_str()));
  ASSERT_TRUE(timer);
  Handshake ready = Handshake::Create("tmr-waiter-ready");
  ASSERT_TRUE(ready);
  Child child = SpawnChild("WaitsForTimer", {name, ready.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs)) << "the child never opened the timer";
  EXPECT_FALSE(child.TryWait(kNotYetMs).has_value()) << "the child's wait ended before the timer was set";
  const LARGE_INTEGER due = RelativeDueTime(100);
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child was not woken";
  EXPECT_EQ(WaitForSingleObject(timer.get(), 0), WAIT_TIMEOUT) << "the woken child consumed the signal";
}

}  // namespace
}  // namespace winipc::conformance
