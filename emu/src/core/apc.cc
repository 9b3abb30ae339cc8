#include "core/apc.h"

#include <map>

#include "core/timer.h"
#include "posix/robust_list.h"
#include "posix/sys.h"

namespace winipc {
namespace {

std::atomic_ref<uint32_t> Atomic(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

// Queues by thread id, for QueueUserAPC from other threads. A thread's entry goes when the thread ends.
struct Registry {
  std::mutex mutex;
  std::map<uint32_t, std::shared_ptr<ThreadApcs>> by_tid;
};

Registry& GetRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

struct OwnQueue {
  std::shared_ptr<ThreadApcs> apcs;
  uint32_t tid = 0;
  ~OwnQueue() {
    if (apcs == nullptr || tid != posix::ThreadId()) return;
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> guard(r.mutex);
    auto it = r.by_tid.find(tid);
    if (it != r.by_tid.end() && it->second == apcs) r.by_tid.erase(it);
  }
};
thread_local OwnQueue own_queue;

}  // namespace

void ThreadApcs::Queue(std::function<void()> call) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    calls_.push_back(std::move(call));
    Atomic(word_).fetch_add(1);
  }
  posix::FutexWakeAll(&word_);
}

bool ThreadApcs::Pending() {
  std::lock_guard<std::mutex> guard(mutex_);
  return !calls_.empty();
}

bool ThreadApcs::RunAll() {
  bool ran = false;
  for (;;) {
    std::function<void()> call;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (calls_.empty()) return ran;
      call = std::move(calls_.front());
      calls_.pop_front();
    }
    call();
    ran = true;
  }
}

void ThreadApcs::AddTimer(std::shared_ptr<Timer> timer, uint32_t generation, TimerRoutine routine,
                          void* argument) {
  // A timer has one completion routine: a new setting replaces what this thread had for it.
  std::erase_if(timers_, [&](const TimerRegistration& r) {
    return r.timer == timer || (r.timer->file() != nullptr && timer->file() != nullptr &&
                                r.timer->file()->SameObject(*timer->file()));
  });
  auto schedule = timer->Schedule();
  if (!schedule || timer->Generation() != generation) return;
  timers_.push_back(TimerRegistration{std::move(timer), generation, routine, argument, schedule->first,
                                      schedule->second, std::make_shared<bool>(false)});
}

std::optional<int64_t> ThreadApcs::NextTimerDue() {
  std::erase_if(timers_, [](const TimerRegistration& r) { return r.timer->Generation() != r.generation; });
  std::optional<int64_t> next;
  for (const TimerRegistration& r : timers_) {
    if (*r.queued) continue;
    next = next ? std::min(*next, r.due_ns) : r.due_ns;
  }
  return next;
}

void ThreadApcs::QueueDueTimers() {
  const int64_t now = posix::MonotonicNowNs();
  for (auto it = timers_.begin(); it != timers_.end();) {
    TimerRegistration& r = *it;
    if (r.timer->Generation() != r.generation) {
      it = timers_.erase(it);
      continue;
    }
    if (*r.queued || now < r.due_ns) {
      ++it;
      continue;
    }
    // Windows passes the UTC time at which the timer was signalled.
    const uint64_t when = FileTimeOfMonotonic(r.due_ns);
    *r.queued = true;
    Queue([queued = r.queued, routine = r.routine, argument = r.argument, when] {
      *queued = false;
      routine(argument, static_cast<uint32_t>(when), static_cast<uint32_t>(when >> 32));
    });
    if (r.period_ns > 0) {
      r.due_ns += ((now - r.due_ns) / r.period_ns + 1) * r.period_ns;
      ++it;
    } else {
      it = timers_.erase(it);
    }
  }
}

ThreadApcs& CurrentThreadApcs() {
  OwnQueue& own = own_queue;
  const uint32_t tid = posix::ThreadId();
  if (own.apcs == nullptr || own.tid != tid) {
    Registry& r = GetRegistry();
    std::lock_guard<std::mutex> guard(r.mutex);
    auto& slot = r.by_tid[tid];
    if (slot == nullptr) slot = std::make_shared<ThreadApcs>();  // or the one QueueUserAPC made before
    own.apcs = slot;
    own.tid = tid;
  }
  return *own.apcs;
}

std::shared_ptr<ThreadApcs> ApcsOfThread(uint32_t tid) {
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> guard(r.mutex);
  auto it = r.by_tid.find(tid);
  if (it != r.by_tid.end()) return it->second;
  if (!posix::ThreadOfThisProcess(tid)) return nullptr;
  auto made = std::make_shared<ThreadApcs>();
  r.by_tid[tid] = made;
  return made;
}

}  // namespace winipc
