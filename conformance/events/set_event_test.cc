// SetEvent and ResetEvent: manual and auto reset, and handles that are not events.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setevent
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-resetevent
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that a set manual-reset event stays signalled across any number of waits.
TEST(SetEvent, ManualResetStaysSignalledAcrossWaits) {
  BEHAVIOUR("EV-SET-001");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE("wait " + std::to_string(i + 1));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  }
}

// Tests that the signal of an auto-reset event is consumed by exactly one wait.
TEST(SetEvent, AutoResetIsConsumedByOneWait) {
  BEHAVIOUR("EV-SET-002");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that ResetEvent makes a signalled event non-signalled, and that resetting it again also succeeds.
TEST(ResetEvent, ClearsSignalledEvent) {
  BEHAVIOUR("EV-SET-003");
  for (const BOOL manual_reset : {TRUE, FALSE}) {
    SCOPED_TRACE(manual_reset ? "manual-reset" : "auto-reset");
    ScopedHandle event(CreateEventA(nullptr, manual_reset, /*bInitialState=*/TRUE, nullptr));
    ASSERT_TRUE(event);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ResetEvent(event.get())), SucceedsWith(kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ResetEvent(event.get())), SucceedsWith(kPoisonError)) << "resetting a reset event";
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  }
}

// Tests that setting an already signalled auto-reset event does not count: one wait still consumes it.
TEST(SetEvent, RepeatedSetOnAutoResetDoesNotAccumulate) {
  BEHAVIOUR("EV-SET-004");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError)) << "setting a signalled event";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that SetEvent and ResetEvent on a file-mapping handle fail with ERROR_INVALID_HANDLE.
TEST(SetEvent, MappingHandleFailsWithInvalidHandle) {
  BEHAVIOUR("EV-SET-005");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mapping);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(mapping.get())), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ResetEvent(mapping.get())), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that SetEvent and ResetEvent on a handle that is not open (NULL, forged, closed, or the current process)
// fail with ERROR_INVALID_HANDLE.
TEST(SetEvent, InvalidHandleFailsWithInvalidHandle) {
  BEHAVIOUR("EV-SET-006");
  const auto stale_set = CallWithClosedHandle([](HANDLE h) { return Call(SetEvent(h)); });
  const auto stale_reset = CallWithClosedHandle([](HANDLE h) { return Call(ResetEvent(h)); });
  EXPECT_THAT(stale_set, FailsWith(ERROR_INVALID_HANDLE)) << "SetEvent on a handle just closed";
  EXPECT_THAT(stale_reset, FailsWith(ERROR_INVALID_HANDLE)) << "ResetEvent on a handle just closed";
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}, {"GetCurrentProcess()", GetCurrentProcess()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetEvent(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ResetEvent(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

}  // namespace
}  // namespace winipc::conformance
