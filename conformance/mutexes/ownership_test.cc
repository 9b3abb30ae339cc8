// Mutex ownership belongs to the thread, not to a handle: closing handles to a mutex the thread owns neither
// releases nor abandons it; the owner keeps it (and its recursion count) until it releases it through any
// handle, or ends.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/mutex-objects
#include <atomic>
#include <string>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that closing one of two handles to a mutex the thread owns twice (one wait through each) neither releases
// nor abandons it: another thread's wait still times out; the owner releases it twice through the other handle,
// the third release fails with ERROR_NOT_OWNER, and only then is the mutex free (WAIT_OBJECT_0, not abandoned).
TEST(MutexOwnership, ClosingOneOfTwoHandlesKeepsOwnershipAndCount) {
  BEHAVIOUR("SY-MTX-034");
  const std::string name = UniqueName("mtx-close-one");
  ScopedHandle first(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(first);
  ScopedHandle second(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, name.c_str()));
  ASSERT_TRUE(second);
  ASSERT_EQ(WaitForSingleObject(second.get(), 0), WAIT_OBJECT_0);  // recursion count 2
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CloseHandle(first.release())), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitFromOtherThread(second.get(), 0), WAIT_TIMEOUT) << "closing a handle released or abandoned it";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(second.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitFromOtherThread(second.get(), 0), WAIT_TIMEOUT) << "the count lost the acquisition of the closed handle";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(second.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(second.get())), FailsWith(ERROR_NOT_OWNER));
  EXPECT_EQ(WaitFromOtherThread(second.get(), 0), WAIT_OBJECT_0);
}

// Tests that a thread that closes its only handle to a mutex it owns still owns it: another thread of the process,
// waiting through its own handle, times out while the owner runs and gets WAIT_ABANDONED once the owner ends.
TEST(MutexOwnership, OwnerThatClosedItsHandleKeepsTheMutexUntilItEnds) {
  BEHAVIOUR("SY-MTX-035");
  const std::string name = UniqueName("mtx-close-owner");
  ScopedHandle mine;
  std::atomic<int> step{0};
  std::thread owner([&] {
    HANDLE m = CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str());
    if (m == nullptr) return;
    mine = ScopedHandle(OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, name.c_str()));
    CloseHandle(m);
    step = 1;
    while (step != 2) Sleep(1);
  });
  while (step != 1) Sleep(1);
  ASSERT_TRUE(mine);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mine.get(), 50)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the owner's close released the mutex";
  step = 2;
  owner.join();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mine.get(), kChildTimeoutMs)), ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  EXPECT_TRUE(ReleaseMutex(mine.get()));
}

}  // namespace
}  // namespace winipc::conformance
