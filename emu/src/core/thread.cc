#include "core/thread.h"

#include <pthread.h>
#include <windows.h>

#include <map>
#include <mutex>

#include "core/mutex.h"
#include "core/process.h"
#include "core/process_record.h"
#include "posix/process_sys.h"
#include "posix/robust_list.h"
#include "posix/sys.h"

namespace winipc {
namespace {

// What a TerminateThread signal carries: the address of the LocalThread meant (a thread of this process), or,
// with kBySlot, a slot of this process's record and the exit code. The handler ends the thread only if it is the
// one meant, so a signal that reaches a later thread with the same id does nothing.
constexpr uint64_t kBySlot = uint64_t{1} << 63;

// The calling thread's object, if it has one: set for the whole life of a CreateThread thread, and when a thread
// emu did not start first asks for itself.
thread_local LocalThread* current_thread = nullptr;

std::atomic<int> helper_threads{0};

// Threads emu did not start that TerminateThread ended with the exit system call, never freed: nothing runs on
// their abandoned stacks to release what those referred to (their object), as Windows keeps a terminated thread's
// stack. Listed here, so that a leak checker still finds them. Pushed from the signal handler: no allocation.
std::atomic<LocalThread*> terminated_threads{nullptr};

// Running threads of this process that have an object, by id (OpenThread, and a thread handle coming back).
std::mutex registry_mutex;
std::map<uint32_t, std::weak_ptr<LocalThread>>& Registry() {
  static auto* registry = new std::map<uint32_t, std::weak_ptr<LocalThread>>();
  return *registry;
}

void Register(const std::shared_ptr<LocalThread>& thread) {
  posix::ThreadTerminationDeferred deferred;  // a thread terminated here would leave the registry locked
  std::lock_guard<std::mutex> guard(registry_mutex);
  Registry()[thread->id()] = thread;
}

void Unregister(LocalThread* thread) {
  posix::ThreadTerminationDeferred deferred;
  std::lock_guard<std::mutex> guard(registry_mutex);
  auto it = Registry().find(thread->id());
  if (it != Registry().end() && it->second.lock().get() == thread) Registry().erase(it);
}

bool IsMainThread() { return CurrentThreadId() == static_cast<uint32_t>(posix::CurrentProcessId()); }

// Makes a new thread's list of owned mutexes now (it owns none yet, so nothing is abandoned): its first use
// registers a thread-exit destructor, which allocates, and should not happen first inside the TerminateThread
// signal handler. A thread emu did not start cannot be prepared so (it may own mutexes already); if it never took
// one, the handler makes its list, which allocates — a small risk only a terminated thread runs.
void PrepareNewThread() { AbandonOwnedMutexes(); }

// The main thread's slot (0) ends when the main thread ends before its process (ExitThread, TerminateThread).
void EndMainThreadSlot(uint32_t exit_code) {
  if (ProcessRecord* record = OwnRecord(); record != nullptr && IsMainThread()) {
    EndThreadSlot(*ThreadSlot(*record, 0), exit_code);
  }
}

}  // namespace

// How threads end, with access to their objects.
struct ThreadEnd {
  // The end of the calling thread however it ends (only the process's end skips this): its mutexes are abandoned
  // before it counts as ended, as on Windows.
  static void Now(uint32_t exit_code) {
    AbandonOwnedMutexes();
    if (LocalThread* t = current_thread) t->MarkEnded(exit_code);
    EndMainThreadSlot(exit_code);
  }

  // The handler of the TerminateThread signal, in the thread it reached.
  static void OnRequest(uint64_t value) {
    LocalThread* self = current_thread;
    uint32_t exit_code;
    if (value & kBySlot) {
      const uint32_t slot = static_cast<uint32_t>(value >> 32) & 0x7fffffff;
      const bool mine = slot == 0 ? IsMainThread() : (self != nullptr && self->slot_.load() == slot);
      if (!mine) return;
      exit_code = static_cast<uint32_t>(value);
    } else {
      if (self == nullptr || reinterpret_cast<LocalThread*>(static_cast<uintptr_t>(value)) != self) return;
      exit_code = self->terminate_code_.load();
    }
    if (self != nullptr && self->exited()) return;  // it is ending already, with its own code
    TerminateCurrentThread(exit_code);
  }

  // The calling thread, marked ended, leaves: a thread CreateThread started jumps back below its start routine
  // (ThreadRunner::Run); any other ends with the exit system call, its object kept in the list of terminated
  // threads.
  [[noreturn]] static void Leave() {
    LocalThread* self = current_thread;
    if (self != nullptr && self->jump_ready_.load()) siglongjmp(self->terminated_, 1);
    if (self != nullptr) {
      self->next_terminated_ = terminated_threads.load();
      while (!terminated_threads.compare_exchange_weak(self->next_terminated_, self)) {
      }
    }
    posix::ExitThisThreadOnly();
  }

  // A thread emu did not start, which got an object when it asked for itself, ends when its thread_local
  // `adopted` is destroyed. The main thread ends with its process (exit() runs this too, before the exit code is
  // known), unless it called ExitThread.
  struct Adopted {
    std::shared_ptr<LocalThread> object;
    bool exiting = false;  // ExitThread
    ~Adopted() {
      if (!object || (IsMainThread() && !exiting)) return;
      Now(object->exit_code_);
      Unregister(object.get());
    }
  };
  static thread_local Adopted adopted;
};
thread_local ThreadEnd::Adopted ThreadEnd::adopted;

struct ThreadRunner {
  std::shared_ptr<LocalThread> thread;  // the running thread's own reference: the object outlives every handle
  ThreadStart start;
  void* parameter;

  // Marks the thread ended, however it ends (return, ExitThread's unwinding, TerminateThread's jump).
  struct Finish {
    LocalThread& thread;
    ~Finish() {
      thread.jump_ready_.store(false);
      ThreadEnd::Now(thread.exit_code_);
      Unregister(&thread);
    }
  };

  static void* Run(void* arg) {
    std::unique_ptr<ThreadRunner> self(static_cast<ThreadRunner*>(arg));
    LocalThread& t = *self->thread;
    PrepareNewThread();
    current_thread = &t;  // before the suspension, so that TerminateThread reaches a suspended thread too
    Word(t.tid_).store(posix::ThreadId());
    posix::FutexWakeAll(&t.tid_);
    while (Word(t.suspended_).load() != 0) (void)posix::FutexWait(&t.suspended_, 1, nullptr);
    Finish finish{t};
    if (sigsetjmp(t.terminated_, 1) == 0) {
      t.jump_ready_.store(true);
      t.exit_code_ = self->start(self->parameter);
    }
    // Here also after TerminateThread (already marked ended): what the start routine's frames held stays behind.
    return nullptr;
  }
};

void LocalThread::MarkEnded(uint32_t exit_code) {
  if (ending_.load()) return;  // the first end decides the exit code
  exit_code_ = exit_code;
  ending_.store(true);
  // The slot first, then this process's waiters: a waiter here may go on to end the process, which ends every
  // slot still running with the process's exit code, and another process reading the slot would then see that
  // code instead of this thread's (TH-THREAD-018). Slot() stores the slot, then looks at ending_: one of the two
  // sees the other, and both write the same.
  const uint32_t slot = slot_.load();
  if (slot != kNoThreadSlot) {
    if (ProcessRecord* record = OwnRecord()) EndThreadSlot(*ThreadSlot(*record, slot), exit_code);
  }
  Word(exited_).store(1);
  posix::FutexWakeAll(&exited_);
}

std::optional<uint32_t> LocalThread::Slot() {
  uint32_t slot = slot_.load();
  if (slot != kNoThreadSlot) return slot;
  ProcessRecord* record = OwnRecord();
  if (record == nullptr) return std::nullopt;
  const uint32_t tid = id();
  const std::optional<uint32_t> made =
      tid == static_cast<uint32_t>(posix::CurrentProcessId()) ? std::optional<uint32_t>(0) : NewThreadSlot(*record, tid);
  if (!made) return std::nullopt;
  if (!slot_.compare_exchange_strong(slot, *made)) {
    if (*made != 0) EndThreadSlot(*ThreadSlot(*record, *made), 0);  // lost a race: that slot is never used
    return slot;
  }
  if (ending_.load()) EndThreadSlot(*ThreadSlot(*record, *made), exit_code_);
  return *made;
}

int LocalThread::RecordDescriptor(uint32_t* detail) {
  auto slot = Slot();
  if (!slot) return -1;
  *detail = *slot;
  return OwnRecordFd();
}

uint32_t LocalThread::Resume() {
  uint32_t expected = 1;
  if (!Word(suspended_).compare_exchange_strong(expected, 0)) return 0;
  posix::FutexWakeAll(&suspended_);
  return 1;
}

Status LocalThread::Terminate(uint32_t exit_code) {
  if (exited()) return Status::Ok();
  if (id() == CurrentThreadId()) TerminateCurrentThread(exit_code);
  terminate_code_.store(exit_code);
  PrepareThreadTermination();
  (void)posix::SendThreadTermination(posix::CurrentProcessId(), id(), reinterpret_cast<uintptr_t>(this));
  return Status::Ok();
}

Result<std::shared_ptr<LocalThread>> StartThread(ThreadStart start, void* parameter, size_t stack_size,
                                                 bool suspended) {
  auto thread = std::make_shared<LocalThread>();
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
  Register(thread);
  return thread;
}

std::shared_ptr<LocalThread> CurrentThreadObject() {
  if (LocalThread* t = current_thread) return std::static_pointer_cast<LocalThread>(t->shared_from_this());
  auto thread = std::make_shared<LocalThread>();
  thread->tid_ = CurrentThreadId();
  ThreadEnd::adopted.object = thread;
  current_thread = thread.get();
  Register(thread);
  return thread;
}

std::shared_ptr<LocalThread> FindLocalThread(uint32_t tid) {
  std::shared_ptr<LocalThread> thread;
  {
    posix::ThreadTerminationDeferred deferred;
    std::lock_guard<std::mutex> guard(registry_mutex);
    auto it = Registry().find(tid);
    if (it != Registry().end()) thread = it->second.lock();
  }
  if (thread && thread->exited()) return nullptr;  // the id now belongs to a thread without an object
  return thread;
}

uint32_t CurrentThreadId() { return posix::ThreadId(); }

void ExitCurrentThread(uint32_t exit_code) {
  if (LocalThread* t = current_thread) t->exit_code_ = exit_code;
  ThreadEnd::adopted.exiting = true;
  if (IsMainThread()) ThreadEnd::Now(exit_code);  // no destructor of emu's runs for it otherwise
  // The start routine's return value would overwrite the code: unwinding skips that assignment.
  pthread_exit(nullptr);
}

void TerminateCurrentThread(uint32_t exit_code) {
  ThreadEnd::Now(exit_code);
  // Windows ends a process whose last thread ends; emu's own helper threads do not count.
  if (posix::ThreadCount() - helper_threads.load() <= 1) EndCurrentProcessNow(exit_code);
  ThreadEnd::Leave();
}

void TerminateThreadBySlot(int pid, uint32_t tid, uint32_t slot, uint32_t exit_code) {
  if (pid == posix::CurrentProcessId() && tid == CurrentThreadId()) TerminateCurrentThread(exit_code);
  PrepareThreadTermination();
  (void)posix::SendThreadTermination(pid, tid, kBySlot | (uint64_t{slot & 0x7fffffff} << 32) | exit_code);
}

void PrepareThreadTermination() { posix::InstallThreadTerminationHandler(ThreadEnd::OnRequest); }

void CountHelperThread(int delta) { helper_threads.fetch_add(delta); }

}  // namespace winipc
