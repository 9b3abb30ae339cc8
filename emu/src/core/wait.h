// Waiting on objects whose state is a futex word in shared memory, and WaitForSingleObject's dispatch.
#ifndef WINIPC_CORE_WAIT_H_
#define WINIPC_CORE_WAIT_H_

#include <time.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "core/object.h"
#include "core/status.h"

namespace winipc {

inline std::atomic_ref<uint32_t> Word(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

// Waits until `try_take` succeeds or the absolute CLOCK_MONOTONIC `deadline` passes (nullptr: forever); false on
// timeout. The waiter count lets signallers skip the wake call when nobody sleeps: a waiter counts itself in
// before its last check and sleeps only while `*word` is still 0, and a signaller changes the word before it
// reads the count (both sequentially consistent), so no wake is lost.
template <typename TryTake>
bool WaitOnWord(uint32_t& word, uint32_t& waiters, TryTake try_take, const struct timespec* deadline);

// Wakes every sleeper on `word` if any is counted in `waiters`.
void WakeWaiters(uint32_t& word, uint32_t& waiters);

// WaitForSingleObject on any object: WAIT_OBJECT_0 or WAIT_TIMEOUT, or ERROR_INVALID_HANDLE for objects that
// cannot be waited on.
Result<uint32_t> WaitForObject(const std::shared_ptr<Object>& object, uint32_t milliseconds);

bool FutexSleep(uint32_t* word, uint32_t expected, const struct timespec* deadline);

// Sleep: 0 gives up the rest of the time slice; INFINITE never returns.
void SleepMilliseconds(uint32_t milliseconds);

template <typename TryTake>
bool WaitOnWord(uint32_t& word, uint32_t& waiters, TryTake try_take, const struct timespec* deadline) {
  if (try_take()) return true;
  Word(waiters).fetch_add(1);
  bool got = false;
  for (;;) {
    if (try_take()) {
      got = true;
      break;
    }
    if (!FutexSleep(&word, 0, deadline)) {
      got = try_take();  // a signal that raced with the timeout still counts
      break;
    }
  }
  Word(waiters).fetch_sub(1);
  return got;
}

}  // namespace winipc

#endif  // WINIPC_CORE_WAIT_H_
