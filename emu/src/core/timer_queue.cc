#include "core/timer_queue.h"

#include <windows.h>

#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "core/thread_pool.h"

namespace winipc {

struct TimerQueue::Timer {
  WaitCallback callback;
  void* context;
  Clock::time_point due;
  uint32_t period_ms;
  bool armed = true;
  bool deleted = false;
  unsigned running = 0;
  std::thread::id callback_thread;  // set while exactly one callback runs (for a delete from inside it)
  std::shared_ptr<Event> completion;
};

Result<std::shared_ptr<TimerQueue>> TimerQueue::Create() {
  auto queue = std::make_shared<TimerQueue>();
  try {
    std::thread(&TimerQueue::Run, queue).detach();  // the thread holds the queue until Shutdown
  } catch (const std::system_error&) {
    return Status(ERROR_NOT_ENOUGH_MEMORY);
  }
  return queue;
}

Result<uintptr_t> TimerQueue::Add(WaitCallback callback, void* context, uint32_t due_ms, uint32_t period_ms) {
  auto timer = std::make_shared<Timer>();
  timer->callback = callback;
  timer->context = context;
  timer->due = Clock::now() + std::chrono::milliseconds(due_ms);
  timer->period_ms = period_ms;
  const auto key = reinterpret_cast<uintptr_t>(timer.get());
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return Status(ERROR_INVALID_PARAMETER);
    timers_[key] = std::move(timer);
  }
  changed_.notify_all();
  return key;
}

bool TimerQueue::Change(uintptr_t key, uint32_t due_ms, uint32_t period_ms) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = timers_.find(key);
    if (found == timers_.end()) return false;
    Timer& timer = *found->second;
    if (!timer.armed) return true;  // a one-shot timer that has fired
    timer.due = Clock::now() + std::chrono::milliseconds(due_ms);
    timer.period_ms = period_ms;
  }
  changed_.notify_all();
  return true;
}

void TimerQueue::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    std::shared_ptr<Timer> next;
    for (auto& [key, timer] : timers_) {
      if (timer->armed && (next == nullptr || timer->due < next->due)) next = timer;
    }
    if (next == nullptr) {
      changed_.wait(lock);
    } else if (const Clock::time_point due = next->due; Clock::now() < due) {
      changed_.wait_until(lock, due);  // a copy: the timer may change while the thread sleeps
    } else {
      Fire(next);
    }
  }
}

// Called with mutex_ held: starts one callback of `timer` on the pool and moves its due time on.
void TimerQueue::Fire(const std::shared_ptr<Timer>& timer) {
  if (timer->period_ms == 0) {
    timer->armed = false;
  } else {
    timer->due += std::chrono::milliseconds(timer->period_ms);
    const auto now = Clock::now();
    if (timer->due < now) timer->due = now + std::chrono::milliseconds(timer->period_ms);  // fell behind: skip
  }
  ++timer->running;
  auto self = shared_from_this();
  const bool submitted = SubmitToPool([self, timer] {
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (timer->running == 1) timer->callback_thread = std::this_thread::get_id();
    }
    timer->callback(timer->context, 1);
    std::shared_ptr<Event> completion;
    std::shared_ptr<Event> queue_completion;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      timer->callback_thread = std::thread::id();
      if (--timer->running == 0 && timer->deleted) {
        completion = std::move(timer->completion);
        self->removed_running_.erase(timer.get());
        if (self->removed_running_.empty() && self->queue_completion_) {
          queue_completion = std::move(self->queue_completion_);
        }
      }
    }
    self->idle_.notify_all();
    if (completion) completion->Set();
    if (queue_completion) queue_completion->Set();
  });
  if (!submitted) --timer->running;
}

std::optional<bool> TimerQueue::Remove(uintptr_t key, std::shared_ptr<Event> completion, bool wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  auto found = timers_.find(key);
  if (found == timers_.end()) return std::nullopt;
  std::shared_ptr<Timer> timer = std::move(found->second);
  timers_.erase(found);
  timer->deleted = true;
  timer->armed = false;
  const bool running = timer->running != 0;
  if (running) {
    timer->completion = completion;
    removed_running_[timer.get()] = timer;
  }
  lock.unlock();
  changed_.notify_all();
  if (!running) {
    if (completion) completion->Set();
    return true;
  }
  if (!wait) return false;
  lock.lock();
  if (timer->callback_thread == std::this_thread::get_id()) return true;  // deleted from its own callback
  idle_.wait(lock, [&timer] { return timer->running == 0; });
  return true;
}

bool TimerQueue::Shutdown(std::shared_ptr<Event> completion, bool wait) {
  std::vector<uintptr_t> keys;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    for (auto& [key, timer] : timers_) keys.push_back(key);
  }
  changed_.notify_all();
  bool idle = true;
  for (uintptr_t key : keys) {
    auto removed = Remove(key, nullptr, wait);
    if (removed.has_value() && !*removed) idle = false;
  }
  if (!wait && !idle && completion) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!removed_running_.empty()) {  // the last of the deleted timers' callbacks sets it
      queue_completion_ = std::move(completion);
      completion = nullptr;
    }
  }
  if (completion) completion->Set();
  return idle;
}

}  // namespace winipc
