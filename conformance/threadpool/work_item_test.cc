// QueueUserWorkItem and TrySubmitThreadpoolCallback: a function run once on a pool thread.
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-queueuserworkitem
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoolapiset/nf-threadpoolapiset-trysubmitthreadpoolcallback
#include <atomic>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kWorkTimeoutMs = 10000;

// What a work item saw, handed back through `ran`.
struct WorkRecord {
  ScopedHandle ran{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  std::atomic<void*> context{nullptr};
  std::atomic<void*> instance{nullptr};
  std::atomic<DWORD> thread_id{0};
};

DWORD WINAPI RecordWorkItem(LPVOID context) {
  auto* record = static_cast<WorkRecord*>(context);
  record->context = context;
  record->thread_id = GetCurrentThreadId();
  SetEvent(record->ran.get());
  return 0;
}

void CALLBACK RecordSimpleCallback(PTP_CALLBACK_INSTANCE instance, PVOID context) {
  auto* record = static_cast<WorkRecord*>(context);
  record->instance = instance;
  record->context = context;
  record->thread_id = GetCurrentThreadId();
  SetEvent(record->ran.get());
}

// Two work items where the first waits for the second: the pool must run them at the same time.
struct Rendezvous {
  ScopedHandle second_ran{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  ScopedHandle first_done{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  std::atomic<DWORD> first_saw{WAIT_FAILED};
};

DWORD WINAPI WaitForSecondItem(LPVOID context) {
  auto* rendezvous = static_cast<Rendezvous*>(context);
  rendezvous->first_saw = WaitForSingleObject(rendezvous->second_ran.get(), kWorkTimeoutMs);
  SetEvent(rendezvous->first_done.get());
  return 0;
}

DWORD WINAPI SetSecondRan(LPVOID context) {
  SetEvent(static_cast<Rendezvous*>(context)->second_ran.get());
  return 0;
}

// Tests that QueueUserWorkItem runs the function once, on another thread, with its context.
TEST(QueueUserWorkItem, RunsFunctionWithContextOnAnotherThread) {
  BEHAVIOUR("TP-WORK-001");
  WorkRecord record;
  ASSERT_TRUE(record.ran);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueueUserWorkItem(RecordWorkItem, &record, WT_EXECUTEDEFAULT)), SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(record.ran.get(), kWorkTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(record.context, &record);
  EXPECT_NE(record.thread_id, GetCurrentThreadId());
}

// Tests that a work item that blocks does not keep the next one from running (WT_EXECUTELONGFUNCTION or not).
TEST(QueueUserWorkItem, BlockedItemDoesNotStarveTheNext) {
  BEHAVIOUR("TP-WORK-002");
  Rendezvous rendezvous;
  ASSERT_TRUE(rendezvous.second_ran && rendezvous.first_done);
  ASSERT_TRUE(QueueUserWorkItem(WaitForSecondItem, &rendezvous, WT_EXECUTEDEFAULT));
  ASSERT_TRUE(QueueUserWorkItem(SetSecondRan, &rendezvous, WT_EXECUTEDEFAULT));
  ASSERT_EQ(WaitForSingleObject(rendezvous.first_done.get(), 2 * kWorkTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(rendezvous.first_saw, WAIT_OBJECT_0);
}

// Tests that TrySubmitThreadpoolCallback runs the callback on another thread with its context and an instance.
TEST(TrySubmitThreadpoolCallback, RunsCallbackWithContext) {
  BEHAVIOUR("TP-WORK-003");
  WorkRecord record;
  ASSERT_TRUE(record.ran);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TrySubmitThreadpoolCallback(RecordSimpleCallback, &record, nullptr)),
              SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(record.ran.get(), kWorkTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(record.context, &record);
  EXPECT_NE(record.instance, nullptr);
  EXPECT_NE(record.thread_id, GetCurrentThreadId());
}

}  // namespace
}  // namespace winipc::conformance
