// A wait or timer callback that holds its pool thread, for the threadpool tests of "while a callback runs".
#ifndef WINIPC_CONFORMANCE_THREADPOOL_HELD_CALLBACK_H_
#define WINIPC_CONFORMANCE_THREADPOOL_HELD_CALLBACK_H_

#include <atomic>

#include "harness/harness.h"

namespace winipc::conformance {

inline constexpr DWORD kPoolCallbackTimeoutMs = 10000;

// HoldCallback says it has started (`entered`), holds its thread until `release` is set or `hold_ms` have
// passed, then records that it finished and sets `done`.
struct HeldCallback {
  ScopedHandle entered{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  ScopedHandle release{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  ScopedHandle done{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  DWORD hold_ms = kPoolCallbackTimeoutMs;
  std::atomic<bool> finished{false};
};

inline void CALLBACK HoldCallback(PVOID context, BOOLEAN) {
  auto* held = static_cast<HeldCallback*>(context);
  SetEvent(held->entered.get());
  WaitForSingleObject(held->release.get(), held->hold_ms);
  held->finished = true;
  SetEvent(held->done.get());
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_THREADPOOL_HELD_CALLBACK_H_
