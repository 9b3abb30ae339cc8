// Asynchronous procedure calls: every thread has a queue of functions that run on that thread at its next
// alertable wait (SleepEx, WaitFor*Ex and SignalObjectAndWait with bAlertable TRUE). An alertable wait that finds
// its objects signalled returns them and leaves the queue alone; otherwise it runs every queued call (and those
// they queue) and returns WAIT_IO_COMPLETION, as Windows does. A call queued from another thread wakes an
// alertable wait at once: the queue has a futex word that the wait sleeps on beside its objects.
//
// Waitable-timer completion routines are kept per thread too (the thread that set the timer runs them): an
// alertable wait of that thread also sleeps until the timer's due time and queues the routine when it passes,
// at most one at a time per timer, as Windows queues a timer's one APC.
#ifndef WINIPC_CORE_APC_H_
#define WINIPC_CORE_APC_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/status.h"

namespace winipc {

class Timer;

class ThreadApcs {
 public:
  // From any thread of the process.
  void Queue(std::function<void()> call);
  // The owner thread:
  bool Pending();
  uint32_t* Word() { return &word_; }
  // Runs every queued call, and the calls they queue, in order; true if any ran.
  bool RunAll();

  // Timer completion routines of this thread. `generation` is the timer's setting that registered it (a later
  // SetWaitableTimer or CancelWaitableTimer of that timer, by anyone, ends the registration).
  using TimerRoutine = void (*)(void* argument, uint32_t low, uint32_t high);
  void AddTimer(std::shared_ptr<Timer> timer, uint32_t generation, TimerRoutine routine, void* argument);
  // The earliest due time of a registration (CLOCK_MONOTONIC ns).
  std::optional<int64_t> NextTimerDue();
  // Queues the routines of registrations whose due time has passed.
  void QueueDueTimers();

 private:
  struct TimerRegistration {
    std::shared_ptr<Timer> timer;
    uint32_t generation;
    TimerRoutine routine;
    void* argument;
    int64_t due_ns;
    int64_t period_ns;
    std::shared_ptr<bool> queued;  // its call is in the queue and has not run yet
  };
  std::mutex mutex_;
  std::deque<std::function<void()>> calls_;
  uint32_t word_ = 0;  // futex word: changes with every Queue
  std::vector<TimerRegistration> timers_;  // only the owner thread touches these
};

// The calling thread's queue.
ThreadApcs& CurrentThreadApcs();
// The queue of thread `tid` of this process (made if it has none yet); nullptr if there is no such thread.
std::shared_ptr<ThreadApcs> ApcsOfThread(uint32_t tid);

}  // namespace winipc

#endif  // WINIPC_CORE_APC_H_
