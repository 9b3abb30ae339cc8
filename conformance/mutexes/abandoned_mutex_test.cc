// Abandoned mutexes: an owner thread or process that ends without releasing its mutex abandons it; the next
// waiter gets WAIT_ABANDONED and becomes the owner.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/mutex-objects
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitforsingleobject
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitformultipleobjects
#include <chrono>
#include <string>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Makes `mutex` abandoned: a new thread takes it and ends without releasing it.
void AbandonFromThread(HANDLE mutex) {
  std::thread owner([mutex] { WaitForSingleObject(mutex, kChildTimeoutMs); });
  owner.join();
}

// Tests that after the owner thread ends without releasing the mutex, the next wait (another thread) returns
// WAIT_ABANDONED and makes the waiter the owner: its ReleaseMutex succeeds, one more fails ERROR_NOT_OWNER.
TEST(AbandonedMutex, NextWaiterGetsWaitAbandonedAndOwnsIt) {
  BEHAVIOUR("SY-MTX-027");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(mutex);
  AbandonFromThread(mutex.get());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the waiter owns it";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER)) << "owned exactly once";
}

// Tests that abandonment is reported once: after the waiter that got WAIT_ABANDONED releases the mutex, the next
// wait returns WAIT_OBJECT_0.
TEST(AbandonedMutex, AbandonmentIsReportedOnlyOnce) {
  BEHAVIOUR("SY-MTX-028");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(mutex);
  AbandonFromThread(mutex.get());
  ASSERT_EQ(WaitForSingleObject(mutex.get(), 0), WAIT_ABANDONED);
  ASSERT_TRUE(ReleaseMutex(mutex.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_TRUE(ReleaseMutex(mutex.get()));
}

// Tests that a thread already blocked on the mutex when its owner thread ends is woken with WAIT_ABANDONED.
TEST(AbandonedMutex, BlockedWaiterIsWokenWhenOwnerThreadEnds) {
  BEHAVIOUR("SY-MTX-029");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ScopedHandle owned(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle finish(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(mutex && owned && finish);
  std::thread owner([&] {
    WaitForSingleObject(mutex.get(), kChildTimeoutMs);
    SetEvent(owned.get());
    WaitForSingleObject(finish.get(), kChildTimeoutMs);  // then ends, still owning the mutex
  });
  ASSERT_EQ(WaitForSingleObject(owned.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  std::thread ender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the main thread block first
    SetEvent(finish.get());
  });
  SetLastError(kPoisonError);
  const auto waited = Call(WaitForSingleObject(mutex.get(), kChildTimeoutMs));
  ender.join();
  owner.join();
  EXPECT_THAT(waited, ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  if (waited.value == WAIT_ABANDONED || waited.value == WAIT_OBJECT_0) {
    EXPECT_TRUE(ReleaseMutex(mutex.get()));
  }
}

// Child: takes the mutex args[0], signals args[1] and returns without releasing it.
CHILD_MAIN(TakeMutexAndExit) {
  ScopedHandle mutex(OpenMutexA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  CHILD_CHECK(mutex) << "OpenMutexA " << args.at(0) << " failed, error " << GetLastError();
  Handshake owned = Handshake::Open(args.at(1));
  CHILD_CHECK(owned);
  CHILD_CHECK_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), DWORD{WAIT_OBJECT_0});
  CHILD_CHECK(owned.Signal());
  return 0;
}

// Tests that a mutex held by a process that exits normally without releasing it is abandoned: the parent's wait
// returns WAIT_ABANDONED and the parent owns it.
TEST(AbandonedMutex, OwnerProcessExitAbandonsMutex) {
  BEHAVIOUR("SY-MTX-030");
  const std::string name = UniqueName("mtx-abandon-exit");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, name.c_str()));
  ASSERT_TRUE(mutex);
  Handshake owned = Handshake::Create("mtx-child-owns");
  ASSERT_TRUE(owned);
  Child child = SpawnChild("TakeMutexAndExit", {name, owned.name()});
  EXPECT_TRUE(owned.Wait(kChildTimeoutMs));
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the parent owns it";
}

// Child: takes the mutex args[0], signals args[1] and then blocks until it is killed (or gives up).
CHILD_MAIN(TakeMutexAndHang) {
  ScopedHandle mutex(OpenMutexA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  CHILD_CHECK(mutex) << "OpenMutexA " << args.at(0) << " failed, error " << GetLastError();
  Handshake owned = Handshake::Open(args.at(1));
  CHILD_CHECK(owned);
  CHILD_CHECK_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), DWORD{WAIT_OBJECT_0});
  CHILD_CHECK(owned.Signal());
  Sleep(kChildTimeoutMs);
  return 0;
}

// Tests that killing the process that owns a mutex wakes the process's waiter blocked on it with WAIT_ABANDONED,
// promptly (long before the wait's own timeout).
TEST(AbandonedMutex, KilledOwnerProcessWakesBlockedWaiter) {
  BEHAVIOUR("SY-MTX-031");
  const std::string name = UniqueName("mtx-abandon-kill");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, name.c_str()));
  ASSERT_TRUE(mutex);
  Handshake owned = Handshake::Create("mtx-child-owns");
  ASSERT_TRUE(owned);
  Child child = SpawnChild("TakeMutexAndHang", {name, owned.name()});
  ASSERT_TRUE(owned.Wait(kChildTimeoutMs));
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // let the main thread block first
    child.Kill();
  });
  const auto start = std::chrono::steady_clock::now();
  SetLastError(kPoisonError);
  const auto waited = Call(WaitForSingleObject(mutex.get(), kChildTimeoutMs));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  killer.join();
  EXPECT_THAT(waited, ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  EXPECT_LT(elapsed, std::chrono::milliseconds(kChildTimeoutMs / 2)) << "woken only near the timeout";
  if (waited.value == WAIT_ABANDONED || waited.value == WAIT_OBJECT_0) {
    EXPECT_TRUE(ReleaseMutex(mutex.get()));
  }
}

// Child: creates the named mutex args[0] as its owner, signals args[1], then blocks until it is killed.
CHILD_MAIN(CreateOwnedMutexAndHang) {
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, args.at(0).c_str()));
  CHILD_CHECK(mutex) << "CreateMutexA " << args.at(0) << " failed, error " << GetLastError();
  Handshake owned = Handshake::Open(args.at(1));
  CHILD_CHECK(owned);
  CHILD_CHECK(owned.Signal());
  Sleep(kChildTimeoutMs);
  return 0;
}

// Tests that a killed owner that was the only holder of a named mutex leaves nothing behind: the name is gone
// (OpenMutex fails ERROR_FILE_NOT_FOUND) and creating it again makes a new, free mutex (last error 0, the first
// wait is WAIT_OBJECT_0, not WAIT_ABANDONED).
TEST(AbandonedMutex, KilledSoleOwnerLeavesNoNameBehind) {
  BEHAVIOUR("SY-MTX-033");
  const std::string name = UniqueName("mtx-abandon-sole");
  Handshake owned = Handshake::Create("mtx-sole-owns");
  ASSERT_TRUE(owned);
  Child child = SpawnChild("CreateOwnedMutexAndHang", {name, owned.name()});
  ASSERT_TRUE(owned.Wait(kChildTimeoutMs));
  child.Kill();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenMutexA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateMutexA(nullptr, FALSE, name.c_str()));
  ScopedHandle mutex(created.value);
  EXPECT_THAT(created, SucceedsWith(ERROR_SUCCESS)) << "a new mutex, not the killed owner's";
  ASSERT_TRUE(mutex);
  EXPECT_EQ(WaitForSingleObject(mutex.get(), 0), WAIT_OBJECT_0) << "free, and not abandoned";
  EXPECT_TRUE(ReleaseMutex(mutex.get()));
}

// Tests that WaitForMultipleObjects (wait-any) reports an abandoned mutex as WAIT_ABANDONED_0 + its index, and the
// caller owns it.
TEST(AbandonedMutex, WaitForMultipleReportsAbandonedIndex) {
  BEHAVIOUR("SY-MTX-032");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle free_mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(event && free_mutex && mutex);
  AbandonFromThread(mutex.get());
  // Index 0 is not signalled, index 2 is the abandoned mutex; index 1 is a free mutex, so the wait-any takes it.
  // To reach index 2, index 1 is first owned by another thread for the duration.
  ScopedHandle hold(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle held(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(hold && held);
  std::thread holder([&] {
    WaitForSingleObject(free_mutex.get(), kChildTimeoutMs);
    SetEvent(held.get());
    WaitForSingleObject(hold.get(), kChildTimeoutMs);
    ReleaseMutex(free_mutex.get());
  });
  ASSERT_EQ(WaitForSingleObject(held.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  const HANDLE handles[] = {event.get(), free_mutex.get(), mutex.get()};
  SetLastError(kPoisonError);
  const auto waited = Call(WaitForMultipleObjects(3, handles, FALSE, 0));
  SetEvent(hold.get());
  holder.join();
  EXPECT_THAT(waited, ReturnsWithError(WAIT_ABANDONED_0 + 2, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the caller owns it";
}

}  // namespace
}  // namespace winipc::conformance
