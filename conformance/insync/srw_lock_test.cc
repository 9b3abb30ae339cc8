// Slim reader/writer locks: static initialisation, exclusive and shared ownership seen from other threads, and
// exclusion under contention.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/slim-reader-writer--srw--locks
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-tryacquiresrwlockexclusive
#include <atomic>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

BOOLEAN TryExclusiveFromOtherThread(SRWLOCK* lock) { return TrySrwFromOtherThread(lock, false); }
BOOLEAN TrySharedFromOtherThread(SRWLOCK* lock) { return TrySrwFromOtherThread(lock, true); }

// Tests that an SRW lock is pointer-sized and that SRWLOCK_INIT (like InitializeSRWLock) gives a free lock.
TEST(SrwLock, IsPointerSizedAndStaticallyInitialised) {
  BEHAVIOUR("IS-SRW-001");
  EXPECT_EQ(sizeof(SRWLOCK), sizeof(void*));
  SRWLOCK lock = SRWLOCK_INIT;
  EXPECT_EQ(lock.Ptr, nullptr);
  SetLastError(kPoisonError);
  EXPECT_NE(TryAcquireSRWLockExclusive(&lock), FALSE);
  EXPECT_EQ(GetLastError(), kPoisonError);
  ReleaseSRWLockExclusive(&lock);
  SRWLOCK dynamic;
  InitializeSRWLock(&dynamic);
  EXPECT_NE(TryAcquireSRWLockShared(&dynamic), FALSE);
  ReleaseSRWLockShared(&dynamic);
}

// Tests that while one thread holds the lock exclusively, another can take it neither exclusively nor shared, and
// can once it is released.
TEST(SrwLock, ExclusiveHolderExcludesEveryone) {
  BEHAVIOUR("IS-SRW-002");
  SRWLOCK lock = SRWLOCK_INIT;
  AcquireSRWLockExclusive(&lock);
  EXPECT_EQ(TryExclusiveFromOtherThread(&lock), FALSE);
  EXPECT_EQ(TrySharedFromOtherThread(&lock), FALSE);
  ReleaseSRWLockExclusive(&lock);
  EXPECT_NE(TryExclusiveFromOtherThread(&lock), FALSE);
  EXPECT_NE(TrySharedFromOtherThread(&lock), FALSE);
}

// Tests that a shared holder lets another thread share the lock but not take it exclusively.
TEST(SrwLock, SharedHoldersShareButExcludeAWriter) {
  BEHAVIOUR("IS-SRW-003");
  SRWLOCK lock = SRWLOCK_INIT;
  AcquireSRWLockShared(&lock);
  EXPECT_NE(TrySharedFromOtherThread(&lock), FALSE);
  EXPECT_EQ(TryExclusiveFromOtherThread(&lock), FALSE);
  ReleaseSRWLockShared(&lock);
  EXPECT_NE(TryExclusiveFromOtherThread(&lock), FALSE);
}

// Tests that exclusive acquisition excludes: four threads each adding 1 to a plain counter 20000 times under the
// lock leave exactly 80000.
TEST(SrwLock, ExclusiveExcludesUnderContention) {
  BEHAVIOUR("IS-SRW-004");
  SRWLOCK lock = SRWLOCK_INIT;
  volatile long counter = 0;
  constexpr int kThreads = 4, kRounds = 20000;
  ASSERT_TRUE(RunOnThreads(kThreads, [&](int) {
    for (int i = 0; i < kRounds; ++i) {
      AcquireSRWLockExclusive(&lock);
      counter = counter + 1;
      ReleaseSRWLockExclusive(&lock);
    }
  }));
  EXPECT_EQ(counter, long{kThreads} * kRounds);
}

// Tests that readers never see a writer's update half done: two writers keep two plain counters equal under the
// exclusive lock while two readers compare them under the shared lock.
TEST(SrwLock, ReadersNeverSeeAHalfDoneWrite) {
  BEHAVIOUR("IS-SRW-005");
  SRWLOCK lock = SRWLOCK_INIT;
  volatile long first = 0, second = 0;
  std::atomic<int> torn{0};
  constexpr int kRounds = 20000;
  ASSERT_TRUE(RunOnThreads(4, [&](int i) {
    for (int round = 0; round < kRounds; ++round) {
      if (i < 2) {
        AcquireSRWLockExclusive(&lock);
        first = first + 1;
        second = second + 1;
        ReleaseSRWLockExclusive(&lock);
      } else {
        AcquireSRWLockShared(&lock);
        if (first != second) ++torn;
        ReleaseSRWLockShared(&lock);
      }
    }
  }));
  EXPECT_EQ(torn, 0);
  EXPECT_EQ(first, 2L * kRounds);
  EXPECT_EQ(second, 2L * kRounds);
}

// Tests that a thread blocked in AcquireSRWLockExclusive gets the lock when the last shared holder releases it.
TEST(SrwLock, BlockedWriterGetsItFromTheLastReader) {
  BEHAVIOUR("IS-SRW-006");
  SRWLOCK lock = SRWLOCK_INIT;
  std::atomic<bool> acquired{false};
  AcquireSRWLockShared(&lock);
  TestThread writer([&] {
    AcquireSRWLockExclusive(&lock);
    acquired = true;
    ReleaseSRWLockExclusive(&lock);
  });
  ASSERT_TRUE(writer.started());
  EXPECT_TRUE(writer.StillRunningAfter(100));
  EXPECT_FALSE(acquired);
  ReleaseSRWLockShared(&lock);
  ASSERT_TRUE(writer.Wait());
  EXPECT_TRUE(acquired);
}

}  // namespace
}  // namespace winipc::conformance
