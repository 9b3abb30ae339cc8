// A signaller grants a queued wait by a compare-and-swap on the waiter's claim, then wakes it with a system call
// made after it lets go of the object's lock. A signaller killed between the two (SIGKILL, or TerminateThread)
// leaves the grant in the claim word and the waiter asleep. The waiter looks at its claim again at least once a
// second, so such a wait still ends, owning what it was granted. Here the test plays the killed signaller: it
// grants a sleeping thread's wait and never wakes it.
#include <gtest/gtest.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "core/on_disk_test_util.h"
#include "core/wait_block.h"
#include "posix/sys.h"

namespace winipc {
namespace {

std::atomic_ref<uint32_t> Claim(WaitBlock* b) { return std::atomic_ref<uint32_t>(b->claim); }

using LostWake = TempRootTest;

// Tests that a wait granted without a wake (its signaller killed in between) returns WAIT_OBJECT_0 within about
// a second rather than sleeping for ever, and that the event stays reset (the grant consumed the signal).
TEST_F(LostWake, GrantWithoutAWakeIsFoundWithinASecond) {
  HANDLE event = CreateEventA(nullptr, FALSE, FALSE, "lost-wake");
  ASSERT_NE(event, nullptr);
  std::atomic<WaitBlock*> block{nullptr};
  std::atomic<DWORD> result{WAIT_FAILED};
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    uint32_t index = 0;
    block.store(MyWaitBlock(&index));  // the block this thread's waits use
    result.store(WaitForSingleObject(event, INFINITE));
    done.store(true);
  });
  // Wait until the thread sleeps in its wait, then grant it (object 0) the way Offer does, without the wake.
  WaitBlock* b = nullptr;
  uint32_t c = 0;
  for (int i = 0; i < 2000; ++i) {
    b = block.load();
    if (b != nullptr) {
      c = Claim(b).load();
      if (claim::State(c) == claim::kWaiting) break;
    }
    usleep(1000);
  }
  ASSERT_NE(b, nullptr);
  ASSERT_EQ(claim::State(c), claim::kWaiting) << "the thread never waited";
  usleep(50000);  // let it reach the kernel
  ASSERT_TRUE(Claim(b).compare_exchange_strong(c, claim::Make(claim::Generation(c), claim::kGranted, 0, false)));
  const auto granted_at = std::chrono::steady_clock::now();
  for (int i = 0; i < 300 && !done.load(); ++i) usleep(10000);
  const bool ended = done.load();
  if (!ended) posix::FutexWakeAll(&b->claim);  // the wake that never came: never leave the thread behind
  waiter.join();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - granted_at);
  EXPECT_TRUE(ended) << "the granted wait was still asleep 3 s later";
  EXPECT_EQ(result.load(), static_cast<DWORD>(WAIT_OBJECT_0));
  EXPECT_LT(took.count(), 2500);
  EXPECT_EQ(WaitForSingleObject(event, 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "the grant was the signal";
  CloseHandle(event);
}

}  // namespace
}  // namespace winipc
