// Timer queues (CreateTimerQueue and its timers): one thread per queue sleeps until the earliest due timer, then
// hands the callback to the pool (core/thread_pool.h), so callbacks of one timer may overlap as on Windows.
//
// All of a queue's state, its timers' included, is kept under the queue's one mutex. The queue thread decides to
// start a callback under it, so once Remove()/Shutdown() have returned no callback of theirs starts, and
// WaitIdle() returns only when the ones running have returned.
#ifndef WINIPC_CORE_TIMER_QUEUE_H_
#define WINIPC_CORE_TIMER_QUEUE_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "core/event.h"
#include "core/registered_wait.h"
#include "core/status.h"

namespace winipc {

class TimerQueue : public std::enable_shared_from_this<TimerQueue> {
 public:
  struct Timer;
  using Clock = std::chrono::steady_clock;

  static Result<std::shared_ptr<TimerQueue>> Create();

  // A timer first due in `due_ms`, then every `period_ms` (0: once). Its key identifies it to the calls below.
  Result<uintptr_t> Add(WaitCallback callback, void* context, uint32_t due_ms, uint32_t period_ms);
  // Sets a timer's next due time and period; false if the queue has no such timer. A one-shot timer that has
  // already fired is left alone (as Windows documents).
  bool Change(uintptr_t key, uint32_t due_ms, uint32_t period_ms);
  // Deletes a timer: none of its callbacks starts after this returns; `completion` (may be null) is set once
  // none runs. nullopt: no such timer; false: a callback was running.
  std::optional<bool> Remove(uintptr_t key, std::shared_ptr<Event> completion, bool wait);
  // Deletes every timer and stops the queue's thread; as Remove for all of them at once.
  bool Shutdown(std::shared_ptr<Event> completion, bool wait);

  TimerQueue() = default;

 private:
  void Run();
  void Fire(const std::shared_ptr<Timer>& timer);

  std::mutex mutex_;
  std::condition_variable changed_;  // a timer was added, changed or removed, or the queue stops
  std::condition_variable idle_;     // a callback returned
  std::map<uintptr_t, std::shared_ptr<Timer>> timers_;
  std::map<Timer*, std::shared_ptr<Timer>> removed_running_;  // deleted timers whose callbacks still run
  std::shared_ptr<Event> queue_completion_;  // DeleteTimerQueueEx's event, while deleted callbacks run
  bool stopping_ = false;
};

}  // namespace winipc

#endif  // WINIPC_CORE_TIMER_QUEUE_H_
