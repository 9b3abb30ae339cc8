// Timer queues: CreateTimerQueue, CreateTimerQueueTimer, ChangeTimerQueueTimer, DeleteTimerQueueTimer,
// DeleteTimerQueueEx.
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-createtimerqueuetimer
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-changetimerqueuetimer
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-deletetimerqueuetimer
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-deletetimerqueueex
#include <atomic>

#include "harness/harness.h"
#include "threadpool/held_callback.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kTimerTimeoutMs = 10000;
constexpr DWORD kOneHourMs = 3600 * 1000;

// What a timer callback saw; `reached` is set when `calls` reaches `target`.
struct TimerRecord {
  ScopedHandle reached{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  std::atomic<int> calls{0};
  int target = 1;
  std::atomic<int> fired_value{-1};
  std::atomic<void*> context{nullptr};
};

void CALLBACK RecordTimer(PVOID context, BOOLEAN timer_or_wait_fired) {
  auto* record = static_cast<TimerRecord*>(context);
  record->fired_value = timer_or_wait_fired ? 1 : 0;
  record->context = context;
  if (++record->calls == record->target) SetEvent(record->reached.get());
}

// Tests that a one-shot timer on the default queue runs its callback once with the context and TRUE.
TEST(CreateTimerQueueTimer, DefaultQueueOneShotRunsOnceWithTrue) {
  BEHAVIOUR("TP-TIMER-001");
  TimerRecord record;
  ASSERT_TRUE(record.reached);
  HANDLE timer = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CreateTimerQueueTimer(&timer, nullptr, RecordTimer, &record, 50, 0, WT_EXECUTEDEFAULT)),
              SucceedsWith(kPoisonError));
  ASSERT_NE(timer, nullptr);
  ASSERT_EQ(WaitForSingleObject(record.reached.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(record.fired_value, 1);
  EXPECT_EQ(record.context, &record);
  Sleep(200);
  EXPECT_EQ(record.calls, 1) << "a period of 0 fires once";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteTimerQueueTimer(nullptr, timer, INVALID_HANDLE_VALUE)), SucceedsWith(kPoisonError));
}

// Tests that a periodic timer fires again and again, and stops once DeleteTimerQueueTimer has returned.
TEST(CreateTimerQueueTimer, PeriodicTimerRepeatsUntilDeleted) {
  BEHAVIOUR("TP-TIMER-002");
  TimerRecord record;
  record.target = 3;
  HANDLE timer_queue = CreateTimerQueue();
  ASSERT_NE(timer_queue, nullptr);
  HANDLE timer = nullptr;
  ASSERT_TRUE(CreateTimerQueueTimer(&timer, timer_queue, RecordTimer, &record, 10, 20, WT_EXECUTEDEFAULT));
  ASSERT_EQ(WaitForSingleObject(record.reached.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(DeleteTimerQueueTimer(timer_queue, timer, INVALID_HANDLE_VALUE));
  const int calls = record.calls;
  EXPECT_GE(calls, 3);
  Sleep(200);
  EXPECT_EQ(record.calls, calls) << "a callback ran after DeleteTimerQueueTimer returned";
  EXPECT_TRUE(DeleteTimerQueueEx(timer_queue, INVALID_HANDLE_VALUE));
}

// Tests that ChangeTimerQueueTimer moves a timer's due time: a timer due in an hour, changed to 10 ms, fires.
TEST(ChangeTimerQueueTimer, NewDueTimeApplies) {
  BEHAVIOUR("TP-TIMER-003");
  TimerRecord record;
  HANDLE timer = nullptr;
  ASSERT_TRUE(CreateTimerQueueTimer(&timer, nullptr, RecordTimer, &record, kOneHourMs, 0, WT_EXECUTEDEFAULT));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ChangeTimerQueueTimer(nullptr, timer, 10, 0)), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(record.reached.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(DeleteTimerQueueTimer(nullptr, timer, INVALID_HANDLE_VALUE));
}

// Tests that DeleteTimerQueueTimer with INVALID_HANDLE_VALUE returns only after the running callback returned.
TEST(DeleteTimerQueueTimer, InvalidHandleValueWaitsForRunningCallback) {
  BEHAVIOUR("TP-TIMER-004");
  HeldCallback held;
  held.hold_ms = 500;
  HANDLE timer = nullptr;
  ASSERT_TRUE(CreateTimerQueueTimer(&timer, nullptr, HoldCallback, &held, 0, 0, WT_EXECUTEDEFAULT));
  ASSERT_EQ(WaitForSingleObject(held.entered.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteTimerQueueTimer(nullptr, timer, INVALID_HANDLE_VALUE)), SucceedsWith(kPoisonError));
  EXPECT_TRUE(held.finished) << "DeleteTimerQueueTimer returned while the callback was still running";
}

// Tests that DeleteTimerQueueTimer without an event while a callback runs fails with ERROR_IO_PENDING.
TEST(DeleteTimerQueueTimer, WhileCallbackRunsFailsIoPending) {
  BEHAVIOUR("TP-TIMER-005");
  HeldCallback held;
  HANDLE timer = nullptr;
  ASSERT_TRUE(CreateTimerQueueTimer(&timer, nullptr, HoldCallback, &held, 0, 0, WT_EXECUTEDEFAULT));
  ASSERT_EQ(WaitForSingleObject(held.entered.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteTimerQueueTimer(nullptr, timer, nullptr)), FailsWith(ERROR_IO_PENDING));
  ASSERT_TRUE(SetEvent(held.release.get()));
  ASSERT_EQ(WaitForSingleObject(held.done.get(), kTimerTimeoutMs), WAIT_OBJECT_0);
  Sleep(100);  // the callback's last instructions after SetEvent(done) touch nothing of the test's
}

// Tests that DeleteTimerQueueEx with INVALID_HANDLE_VALUE deletes the queue's timers: none fires afterwards.
TEST(DeleteTimerQueueEx, DeletesTheQueuesTimers) {
  BEHAVIOUR("TP-TIMER-006");
  TimerRecord record;
  HANDLE timer_queue = CreateTimerQueue();
  ASSERT_NE(timer_queue, nullptr);
  HANDLE timer = nullptr;
  ASSERT_TRUE(CreateTimerQueueTimer(&timer, timer_queue, RecordTimer, &record, 300, 0, WT_EXECUTEDEFAULT));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteTimerQueueEx(timer_queue, INVALID_HANDLE_VALUE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(record.reached.get(), 600), WAIT_TIMEOUT) << "a deleted queue's timer fired";
  EXPECT_EQ(record.calls, 0);
}

}  // namespace
}  // namespace winipc::conformance
