// ReleaseMutex and ownership: recursion, release by a thread or process that does not own the mutex, ownership
// passing to a waiter in another process, bad handles.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-releasemutex
// https://learn.microsoft.com/en-us/windows/win32/sync/using-mutex-objects
#include <string>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that a mutex is recursive: the owner can wait on it again any number of times, each WAIT_OBJECT_0, must
// release it as many times, and the release after that fails with ERROR_NOT_OWNER.
TEST(ReleaseMutex, RecursiveOwnershipNeedsOneReleasePerAcquisition) {
  BEHAVIOUR("SY-MTX-021");
  constexpr int kDepth = 32;  // catalogue 146: 1 + 31 more waits
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(mutex);
  for (int i = 0; i < kDepth; ++i) {
    SetLastError(kPoisonError);
    ASSERT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
        << "acquisition " << i + 1;
  }
  for (int i = 0; i < kDepth; ++i) {
    if (i == kDepth - 1) {
      EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_TIMEOUT) << "still owned before the last release";
    }
    SetLastError(kPoisonError);
    ASSERT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "release " << i + 1;
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER)) << "release " << kDepth + 1;
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_OBJECT_0) << "fully released";
}

// Tests that ReleaseMutex by a thread that does not own the mutex fails with ERROR_NOT_OWNER and leaves it owned.
TEST(ReleaseMutex, NonOwnerThreadFailsWithNotOwner) {
  BEHAVIOUR("SY-MTX-022");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ASSERT_TRUE(mutex);
  CallResult<BOOL> released{TRUE, 0};
  std::thread other([&] {
    SetLastError(kPoisonError);
    released = Call(ReleaseMutex(mutex.get()));
  });
  other.join();
  EXPECT_THAT(released, FailsWith(ERROR_NOT_OWNER));
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_TIMEOUT) << "the refused release freed the mutex";
  EXPECT_TRUE(ReleaseMutex(mutex.get())) << "the owner still owns it";
}

// Child: opens the mutex args[0] the parent owns; its ReleaseMutex must fail with ERROR_NOT_OWNER and its wait
// must time out.
CHILD_MAIN(ReleaseForeignMutex) {
  ScopedHandle mutex(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, args.at(0).c_str()));
  CHILD_CHECK(mutex) << "OpenMutexA " << args.at(0) << " failed, error " << GetLastError();
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER));
  CHILD_CHECK_EQ(WaitForSingleObject(mutex.get(), 0), DWORD{WAIT_TIMEOUT});
  return 0;
}

// Tests that ReleaseMutex by a thread of another process fails with ERROR_NOT_OWNER and leaves the mutex owned.
TEST(ReleaseMutex, OtherProcessFailsWithNotOwner) {
  BEHAVIOUR("SY-MTX-023");
  const std::string name = UniqueName("mtx-release-foreign");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(mutex);
  Child child = SpawnChild("ReleaseForeignMutex", {name});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the parent still owns it";
}

// Child: signals args[1], waits for the mutex args[0], signals args[2] once it owns it, waits for args[3], then
// releases the mutex.
CHILD_MAIN(TakeMutexWhenReleased) {
  ScopedHandle mutex(OpenMutexA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  CHILD_CHECK(mutex) << "OpenMutexA " << args.at(0) << " failed, error " << GetLastError();
  Handshake waiting = Handshake::Open(args.at(1));
  Handshake owned = Handshake::Open(args.at(2));
  Handshake done = Handshake::Open(args.at(3));
  CHILD_CHECK(waiting && owned && done);
  CHILD_CHECK(waiting.Signal());
  CHILD_CHECK_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), DWORD{WAIT_OBJECT_0});
  CHILD_CHECK(owned.Signal());
  CHILD_CHECK(done.Wait(kChildTimeoutMs));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError));
  return 0;
}

// Tests that releasing a mutex a process is blocked on gives that process ownership: it gets WAIT_OBJECT_0 and
// holds the mutex (the releaser's own wait now times out) until it releases it.
TEST(ReleaseMutex, OwnershipPassesToWaiterInOtherProcess) {
  BEHAVIOUR("SY-MTX-024");
  const std::string name = UniqueName("mtx-release-pass");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(mutex);
  Handshake waiting = Handshake::Create("mtx-waiting");
  Handshake owned = Handshake::Create("mtx-owned");
  Handshake done = Handshake::Create("mtx-done");
  ASSERT_TRUE(waiting && owned && done);
  Child child = SpawnChild("TakeMutexWhenReleased", {name, waiting.name(), owned.name(), done.name()});
  ASSERT_TRUE(waiting.Wait(kChildTimeoutMs));
  EXPECT_FALSE(owned.Wait(300)) << "the child got the mutex while the parent owned it";
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError));
  EXPECT_TRUE(owned.Wait(kChildTimeoutMs)) << "the child did not get the released mutex";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the child owns it now";
  ASSERT_TRUE(done.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), kChildTimeoutMs)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "released by the child, not abandoned";
  EXPECT_TRUE(ReleaseMutex(mutex.get()));
}

// Tests that ReleaseMutex on a handle of another type (event, semaphore, file mapping) fails with
// ERROR_INVALID_HANDLE and leaves the object alone.
TEST(ReleaseMutex, OtherTypeHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-MTX-025");
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(event && semaphore && mapping);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(event.get())), FailsWith(ERROR_INVALID_HANDLE)) << "event";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the event was reset";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(semaphore.get())), FailsWith(ERROR_INVALID_HANDLE)) << "semaphore";
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_TIMEOUT) << "the semaphore was released";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mapping.get())), FailsWith(ERROR_INVALID_HANDLE)) << "mapping";
}

// Tests that ReleaseMutex on a handle that is not open (NULL, forged, just closed) fails with ERROR_INVALID_HANDLE.
TEST(ReleaseMutex, InvalidHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-MTX-026");
  const auto stale = CallWithClosedHandle([](HANDLE h) { return Call(ReleaseMutex(h)); });
  EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE)) << "a handle just closed";
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseMutex(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

}  // namespace
}  // namespace winipc::conformance
