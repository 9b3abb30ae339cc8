// Child processes that wait on a named object: for tests of wakes across processes, for every waitable type.
//
//   std::vector<Child> waiters = StartWaiters(WaitableKind::kSemaphore, name, 2, kChildTimeoutMs);
//   ReleaseSemaphore(semaphore, 2, nullptr);
//   for (Child& w : waiters) EXPECT_EQ(w.Wait(kChildTimeoutMs), 0);   // 0: woken; kWaiterTimedOut: timed out
#ifndef WINIPC_CONFORMANCE_HARNESS_WAITERS_H_
#define WINIPC_CONFORMANCE_HARNESS_WAITERS_H_

#include <windows.h>

#include <string>
#include <vector>

#include "harness/child.h"

namespace winipc::conformance {

enum class WaitableKind { kEvent, kSemaphore };

// A waiter's exit code when its wait timed out (0 when it was woken with WAIT_OBJECT_0).
inline constexpr int kWaiterTimedOut = 42;

// How long a waiter that should not be woken waits before giving up (a child then exits kWaiterTimedOut).
inline constexpr DWORD kUnwokenWaitMs = 1500;

// Starts `count` children that open `name` as `kind` with SYNCHRONIZE only and wait for it up to `wait_ms`.
// Returns once every one has said it is about to wait (a moment later it is normally blocked; the tests must
// not depend on exactly when).
std::vector<Child> StartWaiters(WaitableKind kind, const std::string& name, int count, DWORD wait_ms);

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_WAITERS_H_
