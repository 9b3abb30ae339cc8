// RegisterWaitForSingleObject, UnregisterWait, UnregisterWaitEx: a callback on a pool thread when an object is
// signalled or the timeout elapses.
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-registerwaitforsingleobject
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-unregisterwait
// https://learn.microsoft.com/en-us/windows/win32/api/threadpoollegacyapiset/nf-threadpoollegacyapiset-unregisterwaitex
#include <atomic>

#include "harness/harness.h"
#include "threadpool/held_callback.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kCallbackTimeoutMs = 10000;

// What a wait callback saw, handed back to the test through `fired` (an auto-reset event set once per call).
struct WaitRecord {
  ScopedHandle fired{CreateEventA(nullptr, FALSE, FALSE, nullptr)};
  std::atomic<int> calls{0};
  std::atomic<int> last_timed_out{-1};
  std::atomic<DWORD> thread_id{0};
};

void CALLBACK RecordWait(PVOID context, BOOLEAN timed_out) {
  auto* record = static_cast<WaitRecord*>(context);
  record->last_timed_out = timed_out ? 1 : 0;
  record->thread_id = GetCurrentThreadId();
  ++record->calls;
  SetEvent(record->fired.get());
}

// Tests that a signalled object runs the callback once, on another thread, with the context and
// TimerOrWaitFired FALSE.
TEST(RegisterWaitForSingleObject, SignalledObjectRunsCallbackWithFalse) {
  BEHAVIOUR("TP-WAIT-001");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event && record.fired);
  HANDLE wait = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, INFINITE,
                                               WT_EXECUTEONLYONCE)),
              SucceedsWith(kPoisonError));
  ASSERT_NE(wait, nullptr);
  ASSERT_TRUE(SetEvent(event.get()));
  ASSERT_EQ(WaitForSingleObject(record.fired.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(record.last_timed_out, 0);
  EXPECT_NE(record.thread_id, GetCurrentThreadId());
  EXPECT_TRUE(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
  EXPECT_EQ(record.calls, 1);
}

// Tests that when the timeout elapses first the callback runs with TimerOrWaitFired TRUE.
TEST(RegisterWaitForSingleObject, TimeoutRunsCallbackWithTrue) {
  BEHAVIOUR("TP-WAIT-002");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));  // never set
  ASSERT_TRUE(event && record.fired);
  HANDLE wait = nullptr;
  ASSERT_TRUE(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, 50, WT_EXECUTEONLYONCE));
  ASSERT_EQ(WaitForSingleObject(record.fired.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(record.last_timed_out, 1);
  EXPECT_TRUE(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
  EXPECT_EQ(record.calls, 1) << "WT_EXECUTEONLYONCE: the timeout does not re-arm the wait";
}

// Tests that without WT_EXECUTEONLYONCE the wait re-arms: an auto-reset event runs the callback once per SetEvent.
TEST(RegisterWaitForSingleObject, WithoutOnlyOnceAutoResetEventFiresPerSet) {
  BEHAVIOUR("TP-WAIT-003");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event && record.fired);
  HANDLE wait = nullptr;
  ASSERT_TRUE(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, INFINITE, WT_EXECUTEDEFAULT));
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(SetEvent(event.get()));
    ASSERT_EQ(WaitForSingleObject(record.fired.get(), kCallbackTimeoutMs), WAIT_OBJECT_0) << "SetEvent " << i;
    EXPECT_EQ(record.calls, i);
    EXPECT_EQ(record.last_timed_out, 0);
  }
  EXPECT_TRUE(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
  EXPECT_EQ(record.calls, 3);
}

// Tests that with WT_EXECUTEONLYONCE the object is waited on once: a second SetEvent leaves the auto-reset event
// signalled and runs no callback.
TEST(RegisterWaitForSingleObject, OnlyOnceLeavesLaterSignalsAlone) {
  BEHAVIOUR("TP-WAIT-004");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event && record.fired);
  HANDLE wait = nullptr;
  ASSERT_TRUE(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, INFINITE, WT_EXECUTEONLYONCE));
  ASSERT_TRUE(SetEvent(event.get()));
  ASSERT_EQ(WaitForSingleObject(record.fired.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  ASSERT_TRUE(SetEvent(event.get()));
  EXPECT_EQ(WaitForSingleObject(record.fired.get(), 300), WAIT_TIMEOUT) << "no second callback";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the second signal is still there";
  EXPECT_TRUE(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
  EXPECT_EQ(record.calls, 1);
}

// Tests that UnregisterWaitEx with INVALID_HANDLE_VALUE returns only after the running callback has returned.
TEST(UnregisterWaitEx, InvalidHandleValueWaitsForRunningCallback) {
  BEHAVIOUR("TP-WAIT-005");
  HeldCallback held;
  held.hold_ms = 500;  // the callback returns by itself, 500 ms after it started
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(event && held.entered && held.release && held.done);
  HANDLE wait = nullptr;
  ASSERT_TRUE(
      RegisterWaitForSingleObject(&wait, event.get(), HoldCallback, &held, INFINITE, WT_EXECUTEONLYONCE));
  ASSERT_EQ(WaitForSingleObject(held.entered.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE)), SucceedsWith(kPoisonError));
  EXPECT_TRUE(held.finished) << "UnregisterWaitEx returned while the callback was still running";
}

// Tests that UnregisterWait while a callback runs unregisters the wait but fails with ERROR_IO_PENDING.
TEST(UnregisterWait, WhileCallbackRunsFailsIoPending) {
  BEHAVIOUR("TP-WAIT-006");
  HeldCallback held;
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(event && held.entered && held.release && held.done);
  HANDLE wait = nullptr;
  ASSERT_TRUE(
      RegisterWaitForSingleObject(&wait, event.get(), HoldCallback, &held, INFINITE, WT_EXECUTEONLYONCE));
  ASSERT_EQ(WaitForSingleObject(held.entered.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWait(wait)), FailsWith(ERROR_IO_PENDING));
  ASSERT_TRUE(SetEvent(held.release.get()));
  ASSERT_EQ(WaitForSingleObject(held.done.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  Sleep(100);  // the callback's last instructions after SetEvent(done) touch nothing of the test's
}

// Tests that UnregisterWait with no callback running succeeds, and a later signal runs no callback and stays in
// the event.
TEST(UnregisterWait, IdleWaitSucceedsAndStopsCallbacks) {
  BEHAVIOUR("TP-WAIT-007");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event && record.fired);
  HANDLE wait = nullptr;
  ASSERT_TRUE(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, INFINITE, WT_EXECUTEDEFAULT));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWait(wait)), SucceedsWith(kPoisonError));
  ASSERT_TRUE(SetEvent(event.get()));
  EXPECT_EQ(WaitForSingleObject(record.fired.get(), 300), WAIT_TIMEOUT) << "a callback ran after UnregisterWait";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(record.calls, 0);
}

// Tests that UnregisterWait and UnregisterWaitEx of a NULL wait handle fail with ERROR_INVALID_HANDLE.
TEST(UnregisterWait, NullWaitHandleFailsInvalidHandle) {
  BEHAVIOUR("TP-WAIT-008");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWait(nullptr)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWaitEx(nullptr, INVALID_HANDLE_VALUE)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that registering a wait on a handle that is not open is accepted (TRUE, last error untouched), and the
// registration can be unregistered.
TEST(RegisterWaitForSingleObject, HandleNotOpenIsAccepted) {
  BEHAVIOUR("TP-WAIT-009");
  WaitRecord record;
  HANDLE wait = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(
      Call(RegisterWaitForSingleObject(&wait, ForgedHandle(), RecordWait, &record, INFINITE, WT_EXECUTEONLYONCE)),
      SucceedsWith(kPoisonError));
  ASSERT_NE(wait, nullptr);
  EXPECT_TRUE(UnregisterWaitEx(wait, INVALID_HANDLE_VALUE));
}

// Tests that UnregisterWaitEx with an event sets the event once no callback runs (at once for an idle wait).
TEST(UnregisterWaitEx, CompletionEventIsSetWhenIdle) {
  BEHAVIOUR("TP-WAIT-010");
  WaitRecord record;
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ScopedHandle completion(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event && completion && record.fired);
  HANDLE wait = nullptr;
  ASSERT_TRUE(RegisterWaitForSingleObject(&wait, event.get(), RecordWait, &record, INFINITE, WT_EXECUTEDEFAULT));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWaitEx(wait, completion.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(completion.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
}

// Tests that UnregisterWaitEx with an event while a callback runs fails with ERROR_IO_PENDING and sets the event
// after the callback has returned.
TEST(UnregisterWaitEx, CompletionEventWhileCallbackRunsIsSetAfterIt) {
  BEHAVIOUR("TP-WAIT-011");
  HeldCallback held;
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ScopedHandle completion(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event && completion && held.entered && held.release && held.done);
  HANDLE wait = nullptr;
  ASSERT_TRUE(
      RegisterWaitForSingleObject(&wait, event.get(), HoldCallback, &held, INFINITE, WT_EXECUTEONLYONCE));
  ASSERT_EQ(WaitForSingleObject(held.entered.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnregisterWaitEx(wait, completion.get())), FailsWith(ERROR_IO_PENDING));
  EXPECT_EQ(WaitForSingleObject(completion.get(), 200), WAIT_TIMEOUT) << "set while the callback still runs";
  ASSERT_TRUE(SetEvent(held.release.get()));
  EXPECT_EQ(WaitForSingleObject(completion.get(), kCallbackTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(held.finished);
}

}  // namespace
}  // namespace winipc::conformance
