// Thread-pool work objects: CreateThreadpoolWork, SubmitThreadpoolWork, WaitForThreadpoolWorkCallbacks,
// CloseThreadpoolWork.
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoolapiset/nf-threadpoolapiset-createthreadpoolwork
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoolapiset/nf-threadpoolapiset-waitforthreadpoolworkcallbacks
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoolapiset/nf-threadpoolapiset-closethreadpoolwork
#include <atomic>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kPoolTimeoutMs = 10000;

struct WorkCalls {
  std::atomic<int> calls{0};
  std::atomic<PTP_WORK> work{nullptr};
  std::atomic<void*> context{nullptr};
  ScopedHandle release{CreateEventA(nullptr, TRUE, TRUE, nullptr)};  // set: callbacks return at once
  ScopedHandle done{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
};

void CALLBACK CountWork(PTP_CALLBACK_INSTANCE, PVOID context, PTP_WORK work) {
  auto* calls = static_cast<WorkCalls*>(context);
  calls->work = work;
  calls->context = context;
  WaitForSingleObject(calls->release.get(), kPoolTimeoutMs);
  ++calls->calls;
  SetEvent(calls->done.get());
}

// Tests that each SubmitThreadpoolWork runs the callback once with the work object and its context, and
// WaitForThreadpoolWorkCallbacks returns after all of them.
TEST(ThreadpoolWork, EachSubmitRunsCallbackOnce) {
  BEHAVIOUR("TP-POOL-001");
  WorkCalls calls;
  ASSERT_TRUE(calls.release && calls.done);
  SetLastError(kPoisonError);
  const auto created = Call(CreateThreadpoolWork(CountWork, &calls, nullptr));
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  PTP_WORK work = created.value;
  for (int i = 0; i < 3; ++i) SubmitThreadpoolWork(work);
  WaitForThreadpoolWorkCallbacks(work, FALSE);
  EXPECT_EQ(calls.calls, 3);
  EXPECT_EQ(calls.work, work);
  EXPECT_EQ(calls.context, &calls);
  CloseThreadpoolWork(work);
}

// Tests that CloseThreadpoolWork while a callback is outstanding lets that callback run to its end.
TEST(ThreadpoolWork, CloseWithCallbackOutstandingLetsItFinish) {
  BEHAVIOUR("TP-POOL-002");
  WorkCalls calls;
  ASSERT_TRUE(calls.release && calls.done);
  ASSERT_TRUE(ResetEvent(calls.release.get()));
  PTP_WORK work = CreateThreadpoolWork(CountWork, &calls, nullptr);
  ASSERT_NE(work, nullptr);
  SubmitThreadpoolWork(work);
  CloseThreadpoolWork(work);
  ASSERT_TRUE(SetEvent(calls.release.get()));
  ASSERT_EQ(WaitForSingleObject(calls.done.get(), kPoolTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(calls.calls, 1);
  Sleep(100);  // the callback's last instructions after SetEvent(done) touch nothing of the test's
}

}  // namespace
}  // namespace winipc::conformance
