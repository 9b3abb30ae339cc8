// WaitForSingleObject on events (timeouts, waiters in other processes) and on handles that cannot be waited on.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitforsingleobject
// https://learn.microsoft.com/en-us/windows/win32/sync/event-objects
#include <algorithm>
#include <chrono>
#include <string>
#include <functional>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that a wait with timeout 0 on a non-signalled event returns WAIT_TIMEOUT.
TEST(WaitForSingleObject, ZeroTimeoutOnUnsignalledEventTimesOut) {
  BEHAVIOUR("EV-WAIT-001");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that a 50 ms wait on a non-signalled event returns WAIT_TIMEOUT after waiting at least about 50 ms.
TEST(WaitForSingleObject, FiftyMillisecondTimeoutWaitsThenTimesOut) {
  BEHAVIOUR("EV-WAIT-002");
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  const auto start = std::chrono::steady_clock::now();
  SetLastError(kPoisonError);
  const auto waited = Call(WaitForSingleObject(event.get(), 50));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_THAT(waited, ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  // A lower bound only (a loaded machine may wait much longer). 10 ms of slack for timer granularity: Windows
  // may end a timed wait up to one clock tick early.
  EXPECT_GE(elapsed, std::chrono::milliseconds(40))
      << "returned after " << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
}

// Tests that a process blocked on an auto-reset event is woken by SetEvent in another process, and consumes it.
TEST(WaitForSingleObject, AutoResetWaiterInOtherProcessIsWoken) {
  BEHAVIOUR("EV-WAIT-003");
  const std::string name = UniqueName("ev-wait-auto");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kEvent, name, 1, kChildTimeoutMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(waiters[0].Wait(kChildTimeoutMs), 0) << "the waiter was not woken";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the woken waiter consumed the signal";
}

// Tests that SetEvent on a manual-reset event wakes every waiting process and the event stays signalled.
TEST(WaitForSingleObject, ManualResetWakesEveryWaitingProcess) {
  BEHAVIOUR("EV-WAIT-004");
  const std::string name = UniqueName("ev-wait-manual");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kEvent, name, 2, kChildTimeoutMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(waiters[0].Wait(kChildTimeoutMs), 0) << "waiter 0 was not woken";
  EXPECT_EQ(waiters[1].Wait(kChildTimeoutMs), 0) << "waiter 1 was not woken";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
}

// Tests that one SetEvent on an auto-reset event with two waiting processes wakes exactly one; the other times out.
TEST(WaitForSingleObject, AutoResetWakesExactlyOneOfTwoProcesses) {
  BEHAVIOUR("EV-WAIT-005");
  const std::string name = UniqueName("ev-wait-auto-two");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kEvent, name, 2, kUnwokenWaitMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  std::vector<int> exit_codes = {waiters[0].Wait(kChildTimeoutMs), waiters[1].Wait(kChildTimeoutMs)};
  std::sort(exit_codes.begin(), exit_codes.end());
  EXPECT_EQ(exit_codes, (std::vector<int>{0, kWaiterTimedOut})) << "expected one woken waiter and one timeout";
}

// Tests that waiting on a file-mapping handle fails with WAIT_FAILED and ERROR_ACCESS_DENIED (no SYNCHRONIZE).
TEST(WaitForSingleObject, MappingHandleFailsWithAccessDenied) {
  BEHAVIOUR("EV-WAIT-006");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mapping);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mapping.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
}

// Tests that waiting on the current-process pseudo-handle (also INVALID_HANDLE_VALUE, the same value) times out.
TEST(WaitForSingleObject, CurrentProcessPseudoHandleTimesOut) {
  BEHAVIOUR("EV-WAIT-007");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(GetCurrentProcess(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(INVALID_HANDLE_VALUE, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that waiting on a handle that is not open (NULL, forged, closed) fails with WAIT_FAILED and
// ERROR_INVALID_HANDLE.
TEST(WaitForSingleObject, InvalidHandleFailsWithInvalidHandle) {
  BEHAVIOUR("EV-WAIT-008");
  const auto stale = CallWithClosedHandle([](HANDLE h) { return Call(WaitForSingleObject(h, 0)); });
  EXPECT_THAT(stale, ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE)) << "a handle just closed";
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(c.handle, 0)), ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  }
}

// Tests that closing the handle a thread is waiting on does not end the wait: SetEvent through another handle
// still wakes it with WAIT_OBJECT_0.
TEST(WaitForSingleObject, ClosingWaitedHandleDoesNotEndWait) {
  BEHAVIOUR("EV-WAIT-009");
  HANDLE waited = CreateEventA(nullptr, FALSE, FALSE, nullptr);
  ASSERT_NE(waited, nullptr);
  HANDLE other = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), waited, GetCurrentProcess(), &other, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
  ScopedHandle other_owner(other);
  ScopedHandle started(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(started);
  DWORD result = WAIT_FAILED;
  DWORD error = 0;
  std::thread waiter([&] {
    SetEvent(started.get());
    SetLastError(kPoisonError);
    result = WaitForSingleObject(waited, kChildTimeoutMs);
    error = GetLastError();
  });
  // Whatever fails below, the waiter is woken and joined: a joinable thread left behind would end the process.
  auto wake_and_join = [&] {
    if (!waiter.joinable()) return;
    SetEvent(other);
    waiter.join();
  };
  struct OnExit {
    std::function<void()> run;
    ~OnExit() { run(); }
  } on_exit{wake_and_join};
  ASSERT_EQ(WaitForSingleObject(started.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it block inside the wait
  EXPECT_TRUE(CloseHandle(waited));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a wait ended by the close would end now
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(other)), SucceedsWith(kPoisonError));
  wake_and_join();
  EXPECT_THAT((CallResult<DWORD>{result, error}), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
}

}  // namespace
}  // namespace winipc::conformance
