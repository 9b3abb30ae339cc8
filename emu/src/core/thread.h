// Threads: CreateThread runs the start routine on a pthread; the thread object (private to the process) holds
// a futex word that turns 1 when the thread has ended, so thread handles work in every wait function.
#ifndef WINIPC_CORE_THREAD_H_
#define WINIPC_CORE_THREAD_H_

#include <cstdint>
#include <memory>

#include "core/status.h"
#include "core/sync.h"

namespace winipc {

using ThreadStart = uint32_t (*)(void*);

// Ends the calling thread with `exit_code` (its Thread object, if CreateThread made it, records the code).
[[noreturn]] void ExitCurrentThread(uint32_t exit_code);

class Thread : public Waitable {
 public:
  Thread() : Waitable(ObjectType::kThread) {}

  virtual uint32_t id() const { return Word(const_cast<uint32_t&>(tid_)).load(); }
  virtual bool exited() const { return Word(const_cast<uint32_t&>(exited_)).load() != 0; }
  virtual uint32_t exit_code() const { return exit_code_; }
  // Starts a thread created suspended; returns the suspend count before (1, or 0 if it was running).
  virtual uint32_t Resume();

  Take TryTake(WaitSlot&) override { return exited() ? Take::kTaken : Take::kNotSignalled; }
  uint32_t* FutexWord() override { return &exited_; }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return exited(); }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}

 private:
  friend Result<std::shared_ptr<Thread>> StartThread(ThreadStart, void*, size_t, bool);
  friend struct ThreadRunner;
  friend void ExitCurrentThread(uint32_t);
  uint32_t tid_ = 0;
  uint32_t exited_ = 0;
  uint32_t suspended_ = 0;  // futex word: 1 while created suspended
  uint32_t exit_code_ = 0;
};

// ERROR_NOT_ENOUGH_MEMORY when no thread can be made.
Result<std::shared_ptr<Thread>> StartThread(ThreadStart start, void* parameter, size_t stack_size, bool suspended);

// The calling thread's id (its Linux thread id, as GetCurrentThreadId reports it).
uint32_t CurrentThreadId();

// Something that is never signalled: waiting on the current process or thread pseudo-handle.
class NeverSignalled : public Waitable {
 public:
  explicit NeverSignalled(ObjectType type) : Waitable(type) {}
  Take TryTake(WaitSlot&) override { return Take::kNotSignalled; }
  uint32_t* FutexWord() override { return &zero_; }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return false; }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}

 private:
  uint32_t zero_ = 0;
};

}  // namespace winipc

#endif  // WINIPC_CORE_THREAD_H_
