// CreateTimerQueue, CreateTimerQueueTimer, ChangeTimerQueueTimer, DeleteTimerQueueTimer, DeleteTimerQueue(Ex)
// (core/timer_queue.h).
//
// Queue and timer handles are not kernel handles: a queue handle is looked up in a table of the live queues and
// a timer handle in its queue, so that an unknown one fails with ERROR_INVALID_PARAMETER or
// ERROR_INVALID_HANDLE instead of touching freed memory. NULL names the default queue, made at first use.
#include <windows.h>

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "api/boundary.h"
#include "core/event.h"
#include "core/timer_queue.h"

namespace winipc::api {
namespace {

class Queues {
 public:
  Result<HANDLE> Add() {
    auto queue = TimerQueue::Create();
    if (!queue.ok()) return queue.status();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto key = reinterpret_cast<uintptr_t>(queue.value().get());
    live_[key] = std::move(queue).value();
    return ToHandle(key);
  }
  // The queue behind a handle (NULL: the default queue); `remove` takes it out of the table.
  std::shared_ptr<TimerQueue> Find(HANDLE handle, bool remove) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (handle == nullptr) {
      if (remove) return nullptr;
      if (default_ == nullptr) {
        auto queue = TimerQueue::Create();
        if (queue.ok()) default_ = std::move(queue).value();
      }
      return default_;
    }
    auto found = live_.find(FromHandle(handle));
    if (found == live_.end()) return nullptr;
    auto queue = found->second;
    if (remove) live_.erase(found);
    return queue;
  }

 private:
  std::mutex mutex_;
  std::map<uintptr_t, std::shared_ptr<TimerQueue>> live_;
  std::shared_ptr<TimerQueue> default_;
};

// Never destroyed: a queue's thread may still run while static destructors run.
Queues& TheQueues() {
  static Queues* queues = new Queues;
  return *queues;
}

// The event of DeleteTimerQueueTimer/DeleteTimerQueueEx: NULL (do not wait), INVALID_HANDLE_VALUE (wait here) or
// an event to set.
struct Completion {
  std::shared_ptr<Event> event;
  bool wait_here = false;
};

Result<Completion> CompletionFor(HANDLE handle) {
  Completion completion;
  if (handle == INVALID_HANDLE_VALUE) {
    completion.wait_here = true;
  } else if (handle != nullptr) {
    auto event = ObjectWithRight<Event>(handle, ObjectType::kEvent, EVENT_MODIFY_STATE);
    if (!event.ok()) return event.status();
    completion.event = std::move(event).value();
  }
  return completion;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateTimerQueue(void) {
  auto queue = TheQueues().Add();
  if (!queue.ok()) return Fail(queue.status(), HANDLE(nullptr));
  return queue.value();
}

extern "C" BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
                                             PVOID Parameter, DWORD DueTime, DWORD Period, ULONG Flags) {
  if (phNewTimer == nullptr || Callback == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  auto queue = TheQueues().Find(TimerQueue, /*remove=*/false);
  if (queue == nullptr) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  // WT_EXECUTEONLYONCE makes the timer a one-shot whatever the period.
  auto timer = queue->Add(reinterpret_cast<WaitCallback>(Callback), Parameter, DueTime,
                          (Flags & WT_EXECUTEONLYONCE) ? 0 : Period);
  if (!timer.ok()) return Fail(timer.status(), FALSE);
  *phNewTimer = ToHandle(timer.value());
  return TRUE;
}

extern "C" BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period) {
  auto queue = TheQueues().Find(TimerQueue, /*remove=*/false);
  if (queue == nullptr || !queue->Change(FromHandle(Timer), DueTime, Period)) {
    return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  }
  return TRUE;
}

extern "C" BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent) {
  auto completion = CompletionFor(CompletionEvent);
  if (!completion.ok()) return Fail(completion.status(), FALSE);
  auto queue = TheQueues().Find(TimerQueue, /*remove=*/false);
  if (queue == nullptr) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  auto removed = queue->Remove(FromHandle(Timer), completion->event, completion->wait_here);
  if (!removed.has_value()) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  // A callback still running: the timer is deleted all the same, and Windows says so with ERROR_IO_PENDING.
  if (!*removed) return Fail(Status(ERROR_IO_PENDING), FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent) {
  auto completion = CompletionFor(CompletionEvent);
  if (!completion.ok()) return Fail(completion.status(), FALSE);
  if (TimerQueue == nullptr) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);  // the default queue stays
  auto queue = TheQueues().Find(TimerQueue, /*remove=*/true);
  if (queue == nullptr) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (!queue->Shutdown(completion->event, completion->wait_here)) return Fail(Status(ERROR_IO_PENDING), FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue) { return DeleteTimerQueueEx(TimerQueue, nullptr); }
