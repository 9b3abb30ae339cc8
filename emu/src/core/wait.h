// The wait functions' engine: one object, any of several, or all of several, across processes.
//
// Waiters sleep in the kernel on the objects' futex words (futex_waitv for several) and are woken by the
// signaller's change; they never poll. A timer in the set shortens the sleep to its due time.
#ifndef WINIPC_CORE_WAIT_H_
#define WINIPC_CORE_WAIT_H_

#include <cstdint>
#include <memory>

#include "core/status.h"
#include "core/sync.h"

namespace winipc {

struct WaitOutcome {
  enum Kind { kSignalled, kAbandoned, kTimeout } kind;
  uint32_t index;  // which object (wait-any), or the lowest abandoned mutex (wait-all)
};

inline constexpr size_t kMaxWaitObjects = 64;  // MAXIMUM_WAIT_OBJECTS

// Waits up to `milliseconds` (INFINITE: forever; 0: just tries) for one of the `count` (1..kMaxWaitObjects)
// objects (wait_all false: the lowest signalled index is taken) or all of them at once (nothing is consumed
// unless everything is). Allocates nothing.
WaitOutcome WaitForObjects(Waitable* const* objects, size_t count, bool wait_all, uint32_t milliseconds);

// Sleep: 0 gives up the rest of the time slice; INFINITE never returns.
void SleepMilliseconds(uint32_t milliseconds);

}  // namespace winipc

#endif  // WINIPC_CORE_WAIT_H_
