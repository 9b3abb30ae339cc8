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

// What the child below found: 0 when the wait ended, owning the grant, within 2.5 s.
enum Outcome {
  kEnded = 0,
  kCreateFailed,
  kNeverWaited,       // the thread never slept in its wait
  kGrantRaced,        // its claim changed under the grant
  kStillAsleep,       // the granted wait was still asleep 3 s later
  kWrongResult,       // the wait returned something else than WAIT_OBJECT_0
  kTooSlow,           // it ended, but later than 2.5 s after the grant
  kSignalLeft,        // the event was still signalled: the grant was not the signal
};

// Tests that a wait granted without a wake (its signaller killed in between) returns WAIT_OBJECT_0 within about
// a second rather than sleeping for ever, and that the event stays reset (the grant consumed the signal). In a
// child, so that this binary's later tests find no namespace cached from this one.
TEST_F(LostWake, GrantWithoutAWakeIsFoundWithinASecond) {
  EXPECT_EQ(InChild([]() -> int {
              HANDLE event = CreateEventA(nullptr, FALSE, FALSE, "lost-wake");
              if (event == nullptr) return kCreateFailed;
              std::atomic<WaitBlock*> block{nullptr};
              std::atomic<DWORD> result{WAIT_FAILED};
              std::atomic<bool> done{false};
              std::thread waiter([&] {
                uint32_t index = 0;
                block.store(MyWaitBlock(&index));  // the block this thread's waits use
                result.store(WaitForSingleObject(event, INFINITE));
                done.store(true);
              });
              // Wait until the thread sleeps in its wait, then grant it (object 0) the way Offer does, without
              // the wake.
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
              Outcome outcome = kEnded;
              if (b == nullptr || claim::State(c) != claim::kWaiting) {
                outcome = kNeverWaited;
              } else {
                usleep(50000);  // let it reach the kernel
                if (!Claim(b).compare_exchange_strong(c, claim::Make(claim::Generation(c), claim::kGranted, 0, false))) {
                  outcome = kGrantRaced;
                }
              }
              const auto granted_at = std::chrono::steady_clock::now();
              for (int i = 0; i < 300 && !done.load(); ++i) usleep(10000);
              const bool ended = done.load();
              if (!ended) {  // the wake that never came (or the grant that was not made): never leave it behind
                if (b != nullptr) posix::FutexWakeAll(&b->claim);
                SetEvent(event);
              }
              waiter.join();
              const auto took =
                  std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - granted_at);
              if (outcome != kEnded) return outcome;
              if (!ended) return kStillAsleep;
              if (result.load() != WAIT_OBJECT_0) return kWrongResult;
              if (took.count() >= 2500) return kTooSlow;
              if (WaitForSingleObject(event, 0) != WAIT_TIMEOUT) return kSignalLeft;
              return CloseHandle(event) ? kEnded : kCreateFailed;
            }),
            kEnded);
}

}  // namespace
}  // namespace winipc
