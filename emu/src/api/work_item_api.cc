// QueueUserWorkItem, TrySubmitThreadpoolCallback, and thread-pool work objects (CreateThreadpoolWork,
// SubmitThreadpoolWork, WaitForThreadpoolWorkCallbacks, CloseThreadpoolWork), all on emu's one pool
// (core/thread_pool.h). A callback environment is accepted and ignored; the instance a callback receives is a
// token that emu's functions do not read.
#include <windows.h>

#include <condition_variable>
#include <memory>
#include <mutex>

#include "api/boundary.h"
#include "core/thread_pool.h"

namespace winipc::api {
namespace {

// A work object's count of submissions not yet started and of callbacks running, for
// WaitForThreadpoolWorkCallbacks. Shared with the queued tasks, so CloseThreadpoolWork may free the handle while
// they are still queued.
struct WorkState {
  PTP_WORK_CALLBACK callback;
  void* context;
  std::mutex mutex;
  std::condition_variable idle;
  unsigned pending = 0;
  unsigned running = 0;
  bool closed = false;  // CloseThreadpoolWork was called: the last callback to end frees the work object
};

PTP_CALLBACK_INSTANCE Instance() {
  static char token;
  return reinterpret_cast<PTP_CALLBACK_INSTANCE>(&token);
}

}  // namespace
}  // namespace winipc::api

struct _TP_WORK {
  std::shared_ptr<winipc::api::WorkState> state;
};

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags) {
  if (Function == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  if (!SubmitToPool([Function, Context] { (void)Function(Context); })) {
    return Fail(Status(ERROR_NOT_ENOUGH_MEMORY), FALSE);
  }
  return TRUE;
}

extern "C" BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv, PTP_CALLBACK_ENVIRON) {
  if (pfns == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  if (!SubmitToPool([pfns, pv] { pfns(Instance(), pv); })) return Fail(Status(ERROR_NOT_ENOUGH_MEMORY), FALSE);
  return TRUE;
}

extern "C" PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON) {
  if (pfnwk == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), PTP_WORK(nullptr));
  auto work = new _TP_WORK{std::make_shared<WorkState>()};
  work->state->callback = pfnwk;
  work->state->context = pv;
  return work;
}

extern "C" VOID WINAPI SubmitThreadpoolWork(PTP_WORK pwk) {
  if (pwk == nullptr) return;
  std::shared_ptr<WorkState> state = pwk->state;
  {
    std::lock_guard<std::mutex> lock(state->mutex);
    ++state->pending;
  }
  (void)SubmitToPool([state, pwk] {
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      if (state->pending == 0) return;  // cancelled by WaitForThreadpoolWorkCallbacks(..., TRUE)
      --state->pending;
      ++state->running;
    }
    state->callback(Instance(), state->context, pwk);
    bool free_now;
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      --state->running;
      free_now = state->closed && state->pending == 0 && state->running == 0;
    }
    state->idle.notify_all();
    if (free_now) delete pwk;
  });
}

extern "C" VOID WINAPI WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks) {
  if (pwk == nullptr) return;
  WorkState& state = *pwk->state;
  std::unique_lock<std::mutex> lock(state.mutex);
  if (fCancelPendingCallbacks) state.pending = 0;
  state.idle.wait(lock, [&state] { return state.pending == 0 && state.running == 0; });
}

// As Windows: the work object goes at once when no callback is outstanding, otherwise after the last one.
extern "C" VOID WINAPI CloseThreadpoolWork(PTP_WORK pwk) {
  if (pwk == nullptr) return;
  bool free_now;
  {
    std::lock_guard<std::mutex> lock(pwk->state->mutex);
    pwk->state->closed = true;
    free_now = pwk->state->pending == 0 && pwk->state->running == 0;
  }
  if (free_now) delete pwk;
}
