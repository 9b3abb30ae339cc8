// SignalObjectAndWait: signalling an event, a semaphore or a mutex and waiting on another object in one call;
// objects that cannot be signalled, and bad handles.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-signalobjectandwait
#include <string>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that SignalObjectAndWait sets the event it signals and waits on the other object: with an auto-reset e0
// (not signalled) and a signalled manual-reset e1 it returns WAIT_OBJECT_0 and leaves e0 signalled (catalogue 149).
TEST(SignalObjectAndWait, SetsEventAndWaitsOnOther) {
  BEHAVIOUR("SY-WAIT-018");
  ScopedHandle e0(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ScopedHandle e1(CreateEventA(nullptr, /*bManualReset=*/TRUE, TRUE, nullptr));
  ASSERT_TRUE(e0 && e1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(e0.get(), e1.get(), 0, FALSE)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(e0.get(), 0), WAIT_OBJECT_0) << "e0 was not set";
}

// Tests that signalling and waiting on the same auto-reset event succeeds (WAIT_OBJECT_0) every time and leaves it
// not signalled: the wait consumes the signal just given (catalogue 149).
TEST(SignalObjectAndWait, SameAutoResetEventIsSetThenConsumed) {
  BEHAVIOUR("SY-WAIT-019");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (int i = 0; i < 100; ++i) {
    SetLastError(kPoisonError);
    ASSERT_THAT(Call(SignalObjectAndWait(event.get(), event.get(), 0, FALSE)),
                ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
        << "call " << i;
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT);
}

// Tests that when the object waited on stays non-signalled, SignalObjectAndWait returns WAIT_TIMEOUT after the
// timeout, and the signal was given all the same.
TEST(SignalObjectAndWait, TimesOutButStillSignals) {
  BEHAVIOUR("SY-WAIT-020");
  ScopedHandle e0(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ScopedHandle e1(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(e0 && e1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(e0.get(), e1.get(), 50, FALSE)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(e0.get(), 0), WAIT_OBJECT_0) << "e0 was not set";
}

// Tests that SignalObjectAndWait releases a semaphore by one and waits on another; when the release would pass the
// maximum it fails with WAIT_FAILED and ERROR_TOO_MANY_POSTS, changing neither semaphore (catalogue 150).
TEST(SignalObjectAndWait, ReleasesSemaphoreAndFailsPastMaximum) {
  BEHAVIOUR("SY-WAIT-021");
  ScopedHandle s0(CreateSemaphoreA(nullptr, /*lInitialCount=*/0, /*lMaximumCount=*/1, nullptr));
  ScopedHandle s1(CreateSemaphoreA(nullptr, /*lInitialCount=*/1, /*lMaximumCount=*/1, nullptr));
  ASSERT_TRUE(s0 && s1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(s0.get(), s1.get(), 0, FALSE)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  ASSERT_TRUE(ReleaseSemaphore(s1.get(), 1, nullptr)) << "the wait took s1's unit; give it back";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(s0.get(), s1.get(), 0, FALSE)),
              ReturnsWithError(WAIT_FAILED, ERROR_TOO_MANY_POSTS))
      << "s0 is at its maximum";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(s0.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS)) << "s0 is still full";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(s1.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS))
      << "the failed call took s1's unit";
}

// Tests that SignalObjectAndWait on a mutex the caller owns releases it, so a thread waiting for it gets it (here
// that thread then sets the event the caller waits on).
TEST(SignalObjectAndWait, OwnedMutexIsReleasedToWaiter) {
  BEHAVIOUR("SY-WAIT-022");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ScopedHandle waiting(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle got_it(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(mutex && waiting && got_it);
  DWORD waiter_result = WAIT_FAILED;
  std::thread waiter([&] {
    SetEvent(waiting.get());
    waiter_result = WaitForSingleObject(mutex.get(), kChildTimeoutMs);
    SetEvent(got_it.get());
    if (waiter_result == WAIT_OBJECT_0 || waiter_result == WAIT_ABANDONED) ReleaseMutex(mutex.get());
  });
  ASSERT_EQ(WaitForSingleObject(waiting.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  const auto signalled = Call(SignalObjectAndWait(mutex.get(), got_it.get(), kChildTimeoutMs, FALSE));
  waiter.join();
  EXPECT_THAT(signalled, ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(waiter_result, WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER)) << "the caller still owned it";
}

// Tests that SignalObjectAndWait on a mutex the caller does not own fails with WAIT_FAILED and ERROR_NOT_OWNER,
// without waiting (the auto-reset event to wait on stays signalled).
TEST(SignalObjectAndWait, UnownedMutexFailsWithNotOwner) {
  BEHAVIOUR("SY-WAIT-023");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ASSERT_TRUE(mutex && event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(mutex.get(), event.get(), 0, FALSE)),
              ReturnsWithError(WAIT_FAILED, ERROR_NOT_OWNER));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the failed call waited on the event";
}

// Tests that an object that cannot be signalled (a file mapping) as hObjectToSignal fails with WAIT_FAILED and
// ERROR_INVALID_HANDLE, without waiting.
TEST(SignalObjectAndWait, MappingToSignalFailsWithInvalidHandle) {
  BEHAVIOUR("SY-WAIT-024");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ASSERT_TRUE(mapping && event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(mapping.get(), event.get(), 0, FALSE)),
              ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the failed call waited on the event";
}

// Tests that a handle that is not open (NULL, forged) as either argument fails with WAIT_FAILED and
// ERROR_INVALID_HANDLE, and a bad object to wait on leaves the object to signal untouched.
TEST(SignalObjectAndWait, InvalidHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-WAIT-025");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (const HANDLE bad : {HANDLE{nullptr}, ForgedHandle()}) {
    SCOPED_TRACE(bad == nullptr ? "NULL" : "forged 0x1234");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SignalObjectAndWait(bad, event.get(), 0, FALSE)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE))
        << "bad object to signal";
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SignalObjectAndWait(event.get(), bad, 0, FALSE)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE))
        << "bad object to wait on";
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was set although the call failed";
  }
}

// Tests that signalling an event through a handle without EVENT_MODIFY_STATE (SYNCHRONIZE only) fails with
// WAIT_FAILED and ERROR_ACCESS_DENIED, and the event stays non-signalled.
TEST(SignalObjectAndWait, SignalWithoutModifyStateFailsWithAccessDenied) {
  BEHAVIOUR("SY-WAIT-026");
  const std::string name = UniqueName("soaw-nomodify");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ScopedHandle sync_only(OpenEventA(SYNCHRONIZE, FALSE, name.c_str()));
  ScopedHandle other(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(event && sync_only && other);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(sync_only.get(), other.get(), 0, FALSE)),
              ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was set";
}

// Tests that waiting on a handle without SYNCHRONIZE (an EVENT_MODIFY_STATE handle) fails with WAIT_FAILED and
// ERROR_ACCESS_DENIED before anything is signalled.
TEST(SignalObjectAndWait, WaitWithoutSynchronizeFailsWithAccessDenied) {
  BEHAVIOUR("SY-WAIT-027");
  const std::string name = UniqueName("soaw-nosync");
  ScopedHandle waited(CreateEventA(nullptr, TRUE, TRUE, name.c_str()));
  ScopedHandle modify_only(OpenEventA(EVENT_MODIFY_STATE, FALSE, name.c_str()));
  ScopedHandle to_signal(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(waited && modify_only && to_signal);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(to_signal.get(), modify_only.get(), 0, FALSE)),
              ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  EXPECT_EQ(WaitForSingleObject(to_signal.get(), 0), WAIT_TIMEOUT) << "the object to signal was set";
}

// Tests that with bAlertable TRUE and no APC queued, SignalObjectAndWait behaves as with FALSE: it signals and
// returns WAIT_OBJECT_0 or WAIT_TIMEOUT.
TEST(SignalObjectAndWait, AlertableWithoutApcBehavesTheSame) {
  BEHAVIOUR("SY-WAIT-028");
  ScopedHandle e0(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ScopedHandle e1(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(e0 && e1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(e0.get(), e1.get(), 50, TRUE)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(e0.get(), 0), WAIT_OBJECT_0) << "e0 was not set";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SignalObjectAndWait(e1.get(), e0.get(), 0, TRUE)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(e1.get(), 0), WAIT_OBJECT_0) << "e1 was not set";
}

}  // namespace
}  // namespace winipc::conformance
