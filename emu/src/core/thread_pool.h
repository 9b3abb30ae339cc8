// emu's thread pool: the threads that run QueueUserWorkItem's and TrySubmitThreadpoolCallback's callbacks and
// thread-pool work objects.
//
// The pool starts a new thread whenever a task arrives and no pool thread is idle, so a callback that blocks (on
// an event another callback will set, say) never starves the ones queued behind it; idle threads wait for the
// next task. The pool's state is never destroyed: its threads may still run while the process exits.
#ifndef WINIPC_CORE_THREAD_POOL_H_
#define WINIPC_CORE_THREAD_POOL_H_

#include <functional>

namespace winipc {

// Queues `task` to run once on a pool thread. False only when no thread could be started and none exists.
bool SubmitToPool(std::function<void()> task);

}  // namespace winipc

#endif  // WINIPC_CORE_THREAD_POOL_H_
