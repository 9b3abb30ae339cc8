// Critical sections: the struct's layout, ownership and recursion, TryEnter from another thread, mutual exclusion
// under contention, a waiter getting the section on release, spin counts.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/critical-section-objects
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-entercriticalsection
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-tryentercriticalsection
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setcriticalsectionspincount
#include <atomic>
#include <cstddef>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

// A critical section initialised for the test and deleted after it.
class CriticalSection {
 public:
  CriticalSection() { InitializeCriticalSection(&cs_); }
  ~CriticalSection() { DeleteCriticalSection(&cs_); }
  CRITICAL_SECTION* get() { return &cs_; }

 private:
  CRITICAL_SECTION cs_;
};

HANDLE OwnerOf(DWORD thread_id) { return reinterpret_cast<HANDLE>(static_cast<ULONG_PTR>(thread_id)); }

// Tests that CRITICAL_SECTION has the SDK's x86-64 layout (programs embed it in their own structs and some read
// its fields).
TEST(CriticalSection, HasTheSdkLayout) {
  BEHAVIOUR("IS-CS-001");
  if (sizeof(void*) != 8) GTEST_SKIP() << "the layout checked is x86-64's";
  EXPECT_EQ(sizeof(CRITICAL_SECTION), 40u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, DebugInfo), 0u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, LockCount), 8u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, RecursionCount), 12u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, OwningThread), 16u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, LockSemaphore), 24u);
  EXPECT_EQ(offsetof(RTL_CRITICAL_SECTION, SpinCount), 32u);
}

// Tests that the owner may enter again, and that OwningThread and RecursionCount say who owns it and how many
// times it entered, back to no owner after as many leaves.
TEST(CriticalSection, OwnerEntersRecursivelyAndFieldsTrackIt) {
  BEHAVIOUR("IS-CS-002");
  CriticalSection cs;
  SetLastError(kPoisonError);
  EnterCriticalSection(cs.get());
  EXPECT_EQ(cs.get()->OwningThread, OwnerOf(GetCurrentThreadId()));
  EXPECT_EQ(cs.get()->RecursionCount, 1);
  EnterCriticalSection(cs.get());
  EXPECT_EQ(cs.get()->RecursionCount, 2);
  LeaveCriticalSection(cs.get());
  EXPECT_EQ(cs.get()->RecursionCount, 1);
  EXPECT_EQ(cs.get()->OwningThread, OwnerOf(GetCurrentThreadId()));
  LeaveCriticalSection(cs.get());
  EXPECT_EQ(cs.get()->RecursionCount, 0);
  EXPECT_EQ(cs.get()->OwningThread, nullptr);
  EXPECT_EQ(GetLastError(), kPoisonError);
}

// Tests that TryEnterCriticalSection on another thread fails while the section is owned (even recursively) and
// succeeds once the owner has left as many times as it entered.
TEST(CriticalSection, TryEnterFromOtherThreadFailsWhileOwned) {
  BEHAVIOUR("IS-CS-003");
  CriticalSection cs;
  EnterCriticalSection(cs.get());
  EnterCriticalSection(cs.get());
  EXPECT_EQ(TryEnterFromOtherThread(cs.get()), FALSE);
  LeaveCriticalSection(cs.get());
  EXPECT_EQ(TryEnterFromOtherThread(cs.get()), FALSE);
  LeaveCriticalSection(cs.get());
  EXPECT_NE(TryEnterFromOtherThread(cs.get()), FALSE);
}

// Tests that TryEnterCriticalSection by the owner succeeds and counts as one more entry.
TEST(CriticalSection, TryEnterByOwnerSucceedsRecursively) {
  BEHAVIOUR("IS-CS-004");
  CriticalSection cs;
  SetLastError(kPoisonError);
  ASSERT_NE(TryEnterCriticalSection(cs.get()), FALSE);
  EXPECT_NE(TryEnterCriticalSection(cs.get()), FALSE);
  EXPECT_EQ(cs.get()->RecursionCount, 2);
  EXPECT_EQ(GetLastError(), kPoisonError);
  LeaveCriticalSection(cs.get());
  LeaveCriticalSection(cs.get());
  EXPECT_NE(TryEnterFromOtherThread(cs.get()), FALSE);
}

// Tests that a critical section excludes: four threads each adding 1 to a plain (non-atomic) counter 20000 times
// inside it leave exactly 80000.
TEST(CriticalSection, ExcludesUnderContention) {
  BEHAVIOUR("IS-CS-005");
  CriticalSection cs;
  volatile long counter = 0;  // volatile: the read-modify-write stays three steps another thread can split
  constexpr int kThreads = 4, kRounds = 20000;
  ASSERT_TRUE(RunOnThreads(kThreads, [&](int) {
    for (int i = 0; i < kRounds; ++i) {
      EnterCriticalSection(cs.get());
      counter = counter + 1;
      LeaveCriticalSection(cs.get());
    }
  }));
  EXPECT_EQ(counter, long{kThreads} * kRounds);
}

// Tests that a thread blocked in EnterCriticalSection does not get the section while it is owned, and gets it
// once the owner leaves.
TEST(CriticalSection, WaiterGetsItOnRelease) {
  BEHAVIOUR("IS-CS-006");
  CriticalSection cs;
  std::atomic<bool> entered{false};
  DWORD owner_seen = 0;
  EnterCriticalSection(cs.get());
  TestThread waiter([&] {
    EnterCriticalSection(cs.get());
    entered = true;
    owner_seen = static_cast<DWORD>(reinterpret_cast<ULONG_PTR>(cs.get()->OwningThread));
    LeaveCriticalSection(cs.get());
  });
  ASSERT_TRUE(waiter.started());
  EXPECT_TRUE(waiter.StillRunningAfter(100));
  EXPECT_FALSE(entered);
  LeaveCriticalSection(cs.get());
  ASSERT_TRUE(waiter.Wait());
  EXPECT_TRUE(entered);
  EXPECT_NE(owner_seen, GetCurrentThreadId());
  EXPECT_NE(owner_seen, 0u);
}

// Tests that InitializeCriticalSectionAndSpinCount succeeds and SetCriticalSectionSpinCount returns the spin count
// set before (on a machine with more than one processor; a single processor keeps none).
TEST(CriticalSection, SetSpinCountReturnsThePreviousOne) {
  BEHAVIOUR("IS-CS-007");
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  if (info.dwNumberOfProcessors < 2) GTEST_SKIP() << "a single processor keeps no spin count";
  CRITICAL_SECTION cs;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeCriticalSectionAndSpinCount(&cs, 4000)), Succeeds());
  EXPECT_EQ(SetCriticalSectionSpinCount(&cs, 100), 4000u);
  EXPECT_EQ(SetCriticalSectionSpinCount(&cs, 0), 100u);
  EnterCriticalSection(&cs);
  LeaveCriticalSection(&cs);
  DeleteCriticalSection(&cs);
}

// Tests that InitializeCriticalSectionEx with CRITICAL_SECTION_NO_DEBUG_INFO makes a working, recursive section.
TEST(CriticalSection, InitializeExWithoutDebugInfoWorks) {
  BEHAVIOUR("IS-CS-008");
  CRITICAL_SECTION cs;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(InitializeCriticalSectionEx(&cs, 0, CRITICAL_SECTION_NO_DEBUG_INFO)), Succeeds());
  EnterCriticalSection(&cs);
  EnterCriticalSection(&cs);
  EXPECT_EQ(cs.RecursionCount, 2);
  EXPECT_EQ(TryEnterFromOtherThread(&cs), FALSE);
  LeaveCriticalSection(&cs);
  LeaveCriticalSection(&cs);
  EXPECT_NE(TryEnterFromOtherThread(&cs), FALSE);
  DeleteCriticalSection(&cs);
}

// Tests that a deleted critical section can be initialised again and used.
TEST(CriticalSection, DeletedSectionCanBeInitialisedAgain) {
  BEHAVIOUR("IS-CS-009");
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  EnterCriticalSection(&cs);
  LeaveCriticalSection(&cs);
  DeleteCriticalSection(&cs);
  InitializeCriticalSection(&cs);
  EXPECT_NE(TryEnterCriticalSection(&cs), FALSE);
  EXPECT_EQ(TryEnterFromOtherThread(&cs), FALSE);
  LeaveCriticalSection(&cs);
  DeleteCriticalSection(&cs);
}

}  // namespace
}  // namespace winipc::conformance
