// Condition variables with critical sections and SRW locks: timeouts, the lock held again on return, waking one
// and waking all.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/condition-variables
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-sleepconditionvariablecs
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-sleepconditionvariablesrw
#include <atomic>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

// Tests that a condition variable is pointer-sized and CONDITION_VARIABLE_INIT is all zero.
TEST(ConditionVariable, IsPointerSizedAndStaticallyInitialised) {
  BEHAVIOUR("IS-CV-001");
  EXPECT_EQ(sizeof(CONDITION_VARIABLE), sizeof(void*));
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  EXPECT_EQ(variable.Ptr, nullptr);
  InitializeConditionVariable(&variable);
  EXPECT_EQ(variable.Ptr, nullptr);
}

// Tests that SleepConditionVariableCS with nobody waking it fails with ERROR_TIMEOUT, and returns with the
// critical section owned again by the caller.
TEST(ConditionVariable, SleepCsTimesOutWithTheSectionHeld) {
  BEHAVIOUR("IS-CV-002");
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  EnterCriticalSection(&cs);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepConditionVariableCS(&variable, &cs, 50)), FailsWith(ERROR_TIMEOUT));
  EXPECT_EQ(cs.RecursionCount, 1);
  EXPECT_EQ(TryEnterFromOtherThread(&cs), FALSE);
  LeaveCriticalSection(&cs);
  DeleteCriticalSection(&cs);
}

// Tests that SleepConditionVariableSRW (exclusive) with nobody waking it fails with ERROR_TIMEOUT, and returns
// with the lock held exclusively again; a zero timeout fails the same way at once.
TEST(ConditionVariable, SleepSrwExclusiveTimesOutWithTheLockHeld) {
  BEHAVIOUR("IS-CV-003");
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  SRWLOCK lock = SRWLOCK_INIT;
  AcquireSRWLockExclusive(&lock);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepConditionVariableSRW(&variable, &lock, 50, 0)), FailsWith(ERROR_TIMEOUT));
  EXPECT_EQ(TrySrwFromOtherThread(&lock, true), FALSE);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepConditionVariableSRW(&variable, &lock, 0, 0)), FailsWith(ERROR_TIMEOUT));
  EXPECT_EQ(TrySrwFromOtherThread(&lock, true), FALSE);
  ReleaseSRWLockExclusive(&lock);
}

// Tests that SleepConditionVariableSRW with CONDITION_VARIABLE_LOCKMODE_SHARED returns, on timeout, with the lock
// held shared again: another thread can share it but not take it exclusively.
TEST(ConditionVariable, SleepSrwSharedTimesOutWithTheLockHeldShared) {
  BEHAVIOUR("IS-CV-004");
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  SRWLOCK lock = SRWLOCK_INIT;
  AcquireSRWLockShared(&lock);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepConditionVariableSRW(&variable, &lock, 50, CONDITION_VARIABLE_LOCKMODE_SHARED)),
              FailsWith(ERROR_TIMEOUT));
  EXPECT_NE(TrySrwFromOtherThread(&lock, true), FALSE);
  EXPECT_EQ(TrySrwFromOtherThread(&lock, false), FALSE);
  ReleaseSRWLockShared(&lock);
}

// Tests that WakeConditionVariable wakes a thread sleeping with a critical section: a consumer waiting for a flag
// the producer sets under the section sees it and returns TRUE from its sleep.
TEST(ConditionVariable, WakeReleasesASleeperOnTheSection) {
  BEHAVIOUR("IS-CV-005");
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  bool ready = false;
  std::atomic<bool> saw_ready{false};
  std::atomic<bool> timed_out{false};  // a lost wake shows as a timeout
  TestThread consumer([&] {
    EnterCriticalSection(&cs);
    while (!ready) {
      if (!SleepConditionVariableCS(&variable, &cs, kChildTimeoutMs)) {
        timed_out = true;
        break;
      }
    }
    saw_ready = ready;
    LeaveCriticalSection(&cs);
  });
  ASSERT_TRUE(consumer.started());
  Sleep(50);  // most often the consumer is asleep by now; the test passes either way
  EnterCriticalSection(&cs);
  ready = true;
  LeaveCriticalSection(&cs);
  WakeConditionVariable(&variable);
  ASSERT_TRUE(consumer.Wait());
  EXPECT_TRUE(saw_ready);
  EXPECT_FALSE(timed_out);
  DeleteCriticalSection(&cs);
}

// Tests that WakeAllConditionVariable wakes every thread sleeping on the variable with an SRW lock.
TEST(ConditionVariable, WakeAllReleasesEverySleeper) {
  BEHAVIOUR("IS-CV-006");
  CONDITION_VARIABLE variable = CONDITION_VARIABLE_INIT;
  SRWLOCK lock = SRWLOCK_INIT;
  bool go = false;
  int asleep = 0;
  std::atomic<int> woken{0};
  constexpr int kSleepers = 4;
  std::vector<std::unique_ptr<TestThread>> sleepers;
  for (int i = 0; i < kSleepers; ++i) {
    sleepers.push_back(std::make_unique<TestThread>([&] {
      AcquireSRWLockExclusive(&lock);
      ++asleep;
      bool timed_out = false;  // a sleeper the wake missed times out
      while (!go && !timed_out) timed_out = !SleepConditionVariableSRW(&variable, &lock, kChildTimeoutMs, 0);
      if (go && !timed_out) ++woken;
      ReleaseSRWLockExclusive(&lock);
    }));
  }
  // Wait (bounded) until all are inside, so that one WakeAll must reach them all.
  for (int tries = 0; tries < 1000; ++tries) {
    AcquireSRWLockShared(&lock);
    const int inside = asleep;
    ReleaseSRWLockShared(&lock);
    if (inside == kSleepers) break;
    Sleep(5);
  }
  AcquireSRWLockExclusive(&lock);
  go = true;
  ReleaseSRWLockExclusive(&lock);
  WakeAllConditionVariable(&variable);
  for (auto& sleeper : sleepers) EXPECT_TRUE(sleeper->Wait());
  EXPECT_EQ(woken, kSleepers);
}

}  // namespace
}  // namespace winipc::conformance
