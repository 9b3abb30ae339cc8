#include "core/registered_wait.h"

#include <windows.h>

#include <system_error>
#include <utility>

#include "core/wait.h"

namespace winipc {

RegisteredWait::RegisteredWait(std::shared_ptr<Waitable> object, std::shared_ptr<Event> cancel,
                               WaitCallback callback, void* context, uint32_t milliseconds, bool once)
    : object_(std::move(object)),
      cancel_(std::move(cancel)),
      callback_(callback),
      context_(context),
      milliseconds_(milliseconds),
      once_(once) {}

Result<std::shared_ptr<RegisteredWait>> RegisteredWait::Start(std::shared_ptr<Waitable> object,
                                                              WaitCallback callback, void* context,
                                                              uint32_t milliseconds, bool once) {
  bool existed = false;
  auto cancel = CreateEventObject(std::nullopt, /*manual_reset=*/true, /*initial_state=*/false, &existed);
  if (!cancel.ok()) return cancel.status();
  auto wait = std::make_shared<RegisteredWait>(std::move(object), std::move(cancel).value(), callback, context,
                                               milliseconds, once);
  try {
    std::lock_guard<std::mutex> lock(wait->mutex_);  // thread_ is written before the thread can read it
    std::thread thread(&RegisteredWait::Run, wait);  // the thread holds the registration until it ends
    wait->thread_ = thread.get_id();
    thread.detach();
  } catch (const std::system_error&) {
    return Status(ERROR_NOT_ENOUGH_MEMORY);
  }
  return wait;
}

void RegisteredWait::Run() {
  Waitable* objects[2] = {cancel_.get(), object_.get()};  // cancel first: it wins over a signalled object
  const size_t count = object_ != nullptr ? 2 : 1;          // no object: a handle that was not open
  for (;;) {
    const WaitOutcome outcome = WaitForObjects(objects, count, /*wait_all=*/false, milliseconds_);
    bool timed_out;
    if (outcome.kind == WaitOutcome::kTimeout) {
      timed_out = true;
    } else if ((outcome.kind == WaitOutcome::kSignalled || outcome.kind == WaitOutcome::kAbandoned) &&
               outcome.index == 1) {
      timed_out = false;
    } else {
      break;  // cancelled, or the wait failed
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (cancelled_) {
        // Unregistered while this wait took the object. A wait-any looks at its objects one at a time, so it can
        // take a signal that came after the cancel it had looked at first (Windows' one look at both would have
        // seen the cancel): the object keeps what no callback was run for.
        if (!timed_out) object_->GiveBackTaken();
        break;
      }
      running_ = true;
    }
    callback_(context_, timed_out ? 1 : 0);
    std::shared_ptr<Event> completion;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      running_ = false;
      if (cancelled_) completion = std::move(completion_);
    }
    idle_.notify_all();
    if (completion) completion->Set();
    if (once_) break;
  }
}

bool RegisteredWait::Cancel(std::shared_ptr<Event> completion) {
  bool running;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_ = true;
    running = running_;
    if (running) completion_ = completion;
  }
  cancel_->Set();
  if (!running && completion) completion->Set();
  return !running;
}

void RegisteredWait::WaitForCallbacks() {
  std::unique_lock<std::mutex> lock(mutex_);
  if (std::this_thread::get_id() == thread_) return;
  idle_.wait(lock, [this] { return !running_; });
}

}  // namespace winipc
