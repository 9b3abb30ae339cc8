#include "core/thread.h"

#include <pthread.h>
#include <windows.h>

#include "core/mutex.h"
#include "posix/robust_list.h"
#include "posix/sys.h"

namespace winipc {

struct ThreadRunner {
  std::shared_ptr<Thread> thread;  // the running thread's own reference: the object outlives every handle
  ThreadStart start;
  void* parameter;

  // Marks the thread ended, however it ends (return, ExitThread's unwinding).
  struct Finish {
    Thread& thread;
    ~Finish() {
      AbandonOwnedMutexes();  // as on Windows, before the thread counts as ended
      Word(thread.exited_).store(1);
      posix::FutexWakeAll(&thread.exited_);
    }
  };

  static void* Run(void* arg) {
    std::unique_ptr<ThreadRunner> self(static_cast<ThreadRunner*>(arg));
    Thread& t = *self->thread;
    Word(t.tid_).store(posix::ThreadId());
    posix::FutexWakeAll(&t.tid_);
    while (Word(t.suspended_).load() != 0) (void)posix::FutexWait(&t.suspended_, 1, nullptr);
    current() = self->thread.get();
    Finish finish{t};
    t.exit_code_ = self->start(self->parameter);
    return nullptr;
  }

  static Thread*& current() {
    thread_local Thread* thread = nullptr;
    return thread;
  }
};

uint32_t Thread::Resume() {
  uint32_t expected = 1;
  if (!Word(suspended_).compare_exchange_strong(expected, 0)) return 0;
  posix::FutexWakeAll(&suspended_);
  return 1;
}

Result<std::shared_ptr<Thread>> StartThread(ThreadStart start, void* parameter, size_t stack_size, bool suspended) {
  auto thread = std::make_shared<Thread>();
  thread->suspended_ = suspended ? 1 : 0;
  auto runner = std::make_unique<ThreadRunner>(ThreadRunner{thread, start, parameter});
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (stack_size != 0) {
    if (stack_size < static_cast<size_t>(PTHREAD_STACK_MIN)) stack_size = static_cast<size_t>(PTHREAD_STACK_MIN);
    pthread_attr_setstacksize(&attr, stack_size);
  }
  pthread_t handle;
  const int rc = pthread_create(&handle, &attr, ThreadRunner::Run, runner.get());
  pthread_attr_destroy(&attr);
  if (rc != 0) return Status(ERROR_NOT_ENOUGH_MEMORY);
  runner.release();  // the thread owns it now
  // Windows hands back the id at once: wait until the new thread has published it.
  while (Word(thread->tid_).load() == 0) (void)posix::FutexWait(&thread->tid_, 0, nullptr);
  return thread;
}

uint32_t CurrentThreadId() { return posix::ThreadId(); }

void ExitCurrentThread(uint32_t exit_code) {
  if (Thread* t = ThreadRunner::current()) t->exit_code_ = exit_code;
  // The start routine's return value would overwrite the code: unwinding skips that assignment.
  pthread_exit(nullptr);
}

}  // namespace winipc
