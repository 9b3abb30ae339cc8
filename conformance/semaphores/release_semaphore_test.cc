// ReleaseSemaphore and waits on semaphores: counts, the maximum, bad handles, and waiters in other processes.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-releasesemaphore
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitforsingleobject
// https://learn.microsoft.com/en-us/windows/win32/sync/semaphore-objects
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that ReleaseSemaphore adds lReleaseCount to the count and returns the count before the release through
// lpPreviousCount.
TEST(ReleaseSemaphore, AddsReleaseCountAndReportsPreviousCount) {
  BEHAVIOUR("SY-SEM-023");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, /*lInitialCount=*/1, /*lMaximumCount=*/10, nullptr));
  ASSERT_TRUE(semaphore);
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 2, &previous));
  EXPECT_EQ(previous, 1) << "the initial count";
  previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 4, &previous));
  EXPECT_EQ(previous, 3) << "1 + 2";
  ASSERT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_OBJECT_0);
  previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  EXPECT_EQ(previous, 6) << "1 + 2 + 4 - 1 wait";
}

// Tests that ReleaseSemaphore with a NULL lpPreviousCount succeeds and still adds lReleaseCount.
TEST(ReleaseSemaphore, NullPreviousCountSucceeds) {
  BEHAVIOUR("SY-SEM-024");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 5, nullptr));
  ASSERT_TRUE(semaphore);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 3, nullptr)), SucceedsWith(kPoisonError));
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  EXPECT_EQ(previous, 3);
}

// Tests that a release that would take the count past the maximum fails with ERROR_TOO_MANY_POSTS and leaves the
// count unchanged, even when part of it would fit.
TEST(ReleaseSemaphore, PastMaximumFailsWithTooManyPostsAndKeepsCount) {
  BEHAVIOUR("SY-SEM-025");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, /*lInitialCount=*/1, /*lMaximumCount=*/3, nullptr));
  ASSERT_TRUE(semaphore);
  for (const LONG release : {LONG{3}, LONG{0x7fffffff}}) {
    SCOPED_TRACE("release " + std::to_string(release) + " onto 1 of 3");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), release, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS));
  }
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 2, &previous)) << "1 + 2 reaches the maximum exactly";
  EXPECT_EQ(previous, 1) << "the refused releases changed the count";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS))
      << "one more at the maximum";
}

// Tests that ReleaseSemaphore with lReleaseCount 0 or negative fails with ERROR_INVALID_PARAMETER and changes
// nothing.
TEST(ReleaseSemaphore, ZeroOrNegativeReleaseCountFailsWithInvalidParameter) {
  BEHAVIOUR("SY-SEM-026");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 1, 5, nullptr));
  ASSERT_TRUE(semaphore);
  for (const LONG release : {LONG{0}, LONG{-1}, static_cast<LONG>(-0x7fffffff - 1)}) {
    SCOPED_TRACE("lReleaseCount " + std::to_string(release));
    LONG previous = -1;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), release, &previous)), FailsWith(ERROR_INVALID_PARAMETER));
  }
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  EXPECT_EQ(previous, 1) << "a refused release changed the count";
}

// Tests that ReleaseSemaphore on a handle of another type (an event, a file mapping) fails with
// ERROR_INVALID_HANDLE and leaves the object alone.
TEST(ReleaseSemaphore, OtherTypeHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-SEM-027");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(event && mapping);
  LONG previous = -1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(event.get(), 1, &previous)), FailsWith(ERROR_INVALID_HANDLE)) << "event";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was signalled";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(mapping.get(), 1, &previous)), FailsWith(ERROR_INVALID_HANDLE)) << "mapping";
}

// Tests that ReleaseSemaphore on a handle that is not open (NULL, forged, just closed) fails with
// ERROR_INVALID_HANDLE.
TEST(ReleaseSemaphore, InvalidHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-SEM-028");
  const auto stale = CallWithClosedHandle([](HANDLE h) { return Call(ReleaseSemaphore(h, 1, nullptr)); });
  EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE)) << "a handle just closed";
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseSemaphore(c.handle, 1, nullptr)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that successful OpenSemaphore, ReleaseSemaphore and WaitForSingleObject (signalled and timed out) leave the
// last error untouched.
TEST(ReleaseSemaphore, SuccessLeavesLastErrorUntouched) {
  BEHAVIOUR("SY-SEM-029");
  const std::string name = UniqueName("sem-last-error");
  ScopedHandle created(CreateSemaphoreA(nullptr, 0, 2, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle semaphore(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError)) << "OpenSemaphoreA";
  ASSERT_TRUE(semaphore);
  LONG previous = -1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, &previous)), SucceedsWith(kPoisonError))
      << "ReleaseSemaphore";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "a wait that takes a unit";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "a wait that times out";
}

// Tests that a process blocked on a semaphore with count 0 is woken by ReleaseSemaphore in another process, and
// takes the unit released.
TEST(SemaphoreWait, WaiterInOtherProcessIsWokenByRelease) {
  BEHAVIOUR("SY-SEM-030");
  const std::string name = UniqueName("sem-wait-one");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 5, name.c_str()));
  ASSERT_TRUE(semaphore);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kSemaphore, name, 1, kChildTimeoutMs);
  LONG previous = -1;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, &previous)), SucceedsWith(kPoisonError));
  EXPECT_EQ(previous, 0);
  EXPECT_EQ(waiters[0].Wait(kChildTimeoutMs), 0) << "the waiter was not woken";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the woken waiter took the unit";
}

// Tests that releasing 2 units with two processes waiting wakes both, and no unit is left.
TEST(SemaphoreWait, ReleaseOfTwoWakesTwoWaitingProcesses) {
  BEHAVIOUR("SY-SEM-031");
  const std::string name = UniqueName("sem-wait-two");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 5, name.c_str()));
  ASSERT_TRUE(semaphore);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kSemaphore, name, 2, kChildTimeoutMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(ReleaseSemaphore(semaphore.get(), 2, nullptr)), SucceedsWith(kPoisonError));
  EXPECT_EQ(waiters[0].Wait(kChildTimeoutMs), 0) << "waiter 0 was not woken";
  EXPECT_EQ(waiters[1].Wait(kChildTimeoutMs), 0) << "waiter 1 was not woken";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "each waiter took one unit";
}

// Tests that releasing 1 unit with two processes waiting wakes exactly one; the other times out.
TEST(SemaphoreWait, ReleaseOfOneWakesExactlyOneOfTwoProcesses) {
  BEHAVIOUR("SY-SEM-032");
  const std::string name = UniqueName("sem-wait-one-of-two");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 5, name.c_str()));
  ASSERT_TRUE(semaphore);
  std::vector<Child> waiters = StartWaiters(WaitableKind::kSemaphore, name, 2, kUnwokenWaitMs);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, nullptr)), SucceedsWith(kPoisonError));
  std::vector<int> exit_codes = {waiters[0].Wait(kChildTimeoutMs), waiters[1].Wait(kChildTimeoutMs)};
  std::sort(exit_codes.begin(), exit_codes.end());
  EXPECT_EQ(exit_codes, (std::vector<int>{0, kWaiterTimedOut})) << "expected one woken waiter and one timeout";
}

}  // namespace
}  // namespace winipc::conformance
