#include "core/local_sync.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace winipc {
namespace {

// Tests when an exclusive try may take an SRW word: only when nobody holds it (a waiters flag alone allows it).
TEST(LocalSync, SrwExclusiveNeedsNoHolder) {
  EXPECT_TRUE(SrwCanTakeExclusive(0));
  EXPECT_TRUE(SrwCanTakeExclusive(kSrwWaiters));
  EXPECT_FALSE(SrwCanTakeExclusive(1));
  EXPECT_FALSE(SrwCanTakeExclusive(kSrwWriter));
  EXPECT_FALSE(SrwCanTakeExclusive(kSrwWriter | kSrwWaiters));
}

// Tests when a shared acquire may take an SRW word: never past a writer or a full count; a blocking acquire also
// yields to sleepers (so a waiting writer is not starved), a try does not.
TEST(LocalSync, SrwSharedYieldsToWritersAndSleepers) {
  EXPECT_TRUE(SrwCanTakeShared(0, true));
  EXPECT_TRUE(SrwCanTakeShared(3, true));
  EXPECT_FALSE(SrwCanTakeShared(kSrwWriter, false));
  EXPECT_FALSE(SrwCanTakeShared(kSrwReaders, false));
  EXPECT_FALSE(SrwCanTakeShared(2 | kSrwWaiters, true));
  EXPECT_TRUE(SrwCanTakeShared(2 | kSrwWaiters, false));
}

// Tests the word transitions of a shared and an exclusive holder, and that releases leave the word free.
TEST(LocalSync, SrwWordTransitions) {
  uint32_t word = 0;
  EXPECT_TRUE(SrwTryShared(&word));
  EXPECT_TRUE(SrwTryShared(&word));
  EXPECT_EQ(word, 2u);
  EXPECT_FALSE(SrwTryExclusive(&word));
  SrwReleaseShared(&word);
  SrwReleaseShared(&word);
  EXPECT_EQ(word, 0u);
  EXPECT_TRUE(SrwTryExclusive(&word));
  EXPECT_EQ(word, kSrwWriter);
  EXPECT_FALSE(SrwTryShared(&word));
  SrwReleaseExclusive(&word);
  EXPECT_EQ(word, 0u);
}

// Tests that the lock word excludes under contention, its sleeping path included (no spinning).
TEST(LocalSync, LockWordExcludes) {
  uint32_t word = 0;
  long counter = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        LockWord(&word, 0);
        counter = counter + 1;
        UnlockWord(&word);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(counter, 80000);
  EXPECT_EQ(word, 0u);
}

// Tests that a sequence sleep times out when nobody wakes it, and returns at once when the sequence moved.
TEST(LocalSync, SequenceSleepTimesOutOrSeesAWake) {
  uint32_t word = 5;
  struct timespec deadline;
  ASSERT_TRUE(DeadlineFor(10, &deadline));
  EXPECT_FALSE(SequenceSleep(&word, 5, &deadline));
  SequenceWake(&word, true);
  EXPECT_TRUE(SequenceSleep(&word, 5, nullptr));
  EXPECT_FALSE(DeadlineFor(0xFFFFFFFFu, &deadline));
}

}  // namespace
}  // namespace winipc
