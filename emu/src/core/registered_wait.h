// RegisterWaitForSingleObject's waits: a thread of its own per registration waits (core/wait.h) on the object and
// on a private cancel event, and runs the callback itself when the object is signalled or the timeout elapses.
// One thread per registration is the simplest design that is obviously correct: the callbacks of one
// registration never overlap, and cancelling needs no bookkeeping shared between registrations.
//
// The registration's state (cancelled, a callback running, the event to set when callbacks are over) is kept
// under one mutex; the thread decides to run a callback under that mutex, so once Cancel() has returned no new
// callback starts, and WaitForCallbacks() returns only when the one running (if any) has returned.
#ifndef WINIPC_CORE_REGISTERED_WAIT_H_
#define WINIPC_CORE_REGISTERED_WAIT_H_

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "core/event.h"
#include "core/status.h"
#include "core/sync.h"

namespace winipc {

using WaitCallback = void (*)(void* context, unsigned char timed_out);

class RegisteredWait : public std::enable_shared_from_this<RegisteredWait> {
 public:
  // Starts waiting on `object` (null: on nothing, so only the timeout fires) for up to `milliseconds` (INFINITE: no timeout) at a time; `once`: the callback
  // runs at most once, otherwise the wait starts again after each callback.
  static Result<std::shared_ptr<RegisteredWait>> Start(std::shared_ptr<Waitable> object, WaitCallback callback,
                                                       void* context, uint32_t milliseconds, bool once);

  // Stops the wait: no callback starts after this returns. `completion` (may be null) is set once no callback
  // runs any more. Returns false if a callback was running when it was called.
  bool Cancel(std::shared_ptr<Event> completion);
  // Returns once no callback runs (after Cancel: none ever will). Returns at once when called from the
  // registration's own callback, which would otherwise wait for itself.
  void WaitForCallbacks();

  RegisteredWait(std::shared_ptr<Waitable> object, std::shared_ptr<Event> cancel, WaitCallback callback,
                 void* context, uint32_t milliseconds, bool once);

 private:
  void Run();

  const std::shared_ptr<Waitable> object_;
  const std::shared_ptr<Event> cancel_;
  const WaitCallback callback_;
  void* const context_;
  const uint32_t milliseconds_;
  const bool once_;

  std::mutex mutex_;
  std::condition_variable idle_;
  bool cancelled_ = false;
  bool running_ = false;
  std::thread::id thread_;
  std::shared_ptr<Event> completion_;
};

}  // namespace winipc

#endif  // WINIPC_CORE_REGISTERED_WAIT_H_
