// The wait functions' engine: one object, any of several, or all of several, across processes.
//
// A wait first tries to take what is signalled now (the lowest index, for a wait on any). Otherwise it joins the
// queue of each of its objects (core/wait_queue.h) and sleeps in the kernel on its claim word
// (core/wait_block.h), where a signaller grants it a signal; and, with futex_waitv, on the words of objects that
// are not queued (threads, processes, jobs), on a mutex owner's liveness, and, for an alertable wait, on its
// thread's APC queue. It never polls. A timer in the set shortens the sleep to its due time.
#ifndef WINIPC_CORE_WAIT_H_
#define WINIPC_CORE_WAIT_H_

#include <cstdint>
#include <memory>

#include "core/status.h"
#include "core/sync.h"

namespace winipc {

struct WaitOutcome {
  enum Kind { kSignalled, kAbandoned, kTimeout, kIoCompletion, kFailed } kind;
  uint32_t index;        // which object (wait-any), or the lowest abandoned mutex (wait-all)
  Status failure = {};   // kFailed: why (the signal of SignalObjectAndWait failed)
};

inline constexpr size_t kMaxWaitObjects = 64;  // MAXIMUM_WAIT_OBJECTS

// SignalObjectAndWait's signal: run once, after the wait has joined its object's queue (so that an answer to the
// signal, even a PulseEvent, reaches it) and before it sleeps, or before it returns if it never sleeps.
class SignalBeforeWait {
 public:
  virtual ~SignalBeforeWait() = default;
  virtual Status Signal() = 0;
  // The signal failed after the wait had taken object `index`: gives it back.
  virtual void GiveBack(Waitable& object) = 0;
};

struct WaitOptions {
  bool alertable = false;                 // run queued APCs instead of sleeping on (WAIT_IO_COMPLETION)
  SignalBeforeWait* signal = nullptr;     // SignalObjectAndWait
};

// Waits up to `milliseconds` (INFINITE: forever; 0: just tries) for one of the `count` (1..kMaxWaitObjects)
// objects (wait_all false: the lowest signalled index is taken) or all of them at once (nothing is consumed
// unless everything is).
WaitOutcome WaitForObjects(Waitable* const* objects, size_t count, bool wait_all, uint32_t milliseconds,
                           const WaitOptions& options = {});

// Sleep: 0 gives up the rest of the time slice; INFINITE never returns. Alertable: returns true (and has run the
// thread's queued APCs) when APCs ended the sleep (WAIT_IO_COMPLETION).
bool SleepMilliseconds(uint32_t milliseconds, bool alertable = false);

}  // namespace winipc

#endif  // WINIPC_CORE_WAIT_H_
