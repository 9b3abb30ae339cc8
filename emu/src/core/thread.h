// Threads. A thread object is signalled when its thread has ended, so thread handles work in every wait function.
//
// A thread of this process (LocalThread: CreateThread's, or the calling thread when it asks for a real handle to
// itself) holds a futex word that turns 1 when the thread has ended (after its mutexes are abandoned) and the exit
// code. Once a handle to it leaves the process, the thread also gets a slot in the process record
// (core/process_record.h), where other processes read the same; a thread of another process is a RecordThread
// (core/record_thread.h).
//
// TerminateThread sends the thread a real-time signal; its handler does what the end of a thread does (abandons
// the thread's mutexes, records the exit code, wakes waiters) and ends just that thread, at once: none of the
// destructors of its start routine's frames run (as Windows documents for TerminateThread's dangers). A thread
// CreateThread started jumps back below its start routine and ends through the C library; any other thread ends
// with the exit system call.
#ifndef WINIPC_CORE_THREAD_H_
#define WINIPC_CORE_THREAD_H_

#include <setjmp.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/status.h"
#include "core/sync.h"

namespace winipc {

using ThreadStart = uint32_t (*)(void*);

// Ends the calling thread with `exit_code` (its thread object, if it has one, records the code).
[[noreturn]] void ExitCurrentThread(uint32_t exit_code);
// TerminateThread(GetCurrentThread()): ends the calling thread at once, as TerminateThread does any thread.
[[noreturn]] void TerminateCurrentThread(uint32_t exit_code);

class Thread : public Waitable {
 public:
  Thread() : Waitable(ObjectType::kThread) {}

  virtual uint32_t id() const = 0;
  virtual bool exited() = 0;
  // Once exited().
  virtual uint32_t exit_code() = 0;
  // Starts a thread created suspended; returns the suspend count before (1, or 0 if it was running).
  virtual uint32_t Resume() { return 0; }
  // TerminateThread: asks the thread to end with `exit_code`. Nothing happens to a thread that has ended.
  virtual Status Terminate(uint32_t exit_code) = 0;

  // SetThreadPriority's value, remembered and reported back, never applied to the Linux thread (docs/porting.md).
  // A thread of another process opened here starts at THREAD_PRIORITY_NORMAL (0) in this process.
  std::atomic<int> priority{0};

  Take TryTake(WaitSlot&) override { return exited() ? Take::kTaken : Take::kNotSignalled; }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return exited(); }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}
};

class LocalThread : public Thread, public std::enable_shared_from_this<LocalThread> {
 public:
  uint32_t id() const override { return Word(const_cast<uint32_t&>(tid_)).load(); }
  bool exited() override { return Word(exited_).load() != 0; }
  uint32_t exit_code() override { return exit_code_; }
  uint32_t Resume() override;
  Status Terminate(uint32_t exit_code) override;
  uint32_t* FutexWord() override { return &exited_; }
  // Its slot in this process's record, made on first use (nullopt if the process has no record or the record
  // has no slot left).
  std::optional<uint32_t> Slot();
  int RecordDescriptor(uint32_t* detail) override;

 private:
  friend Result<std::shared_ptr<LocalThread>> StartThread(ThreadStart, void*, size_t, bool);
  friend std::shared_ptr<LocalThread> CurrentThreadObject();
  friend struct ThreadRunner;
  friend struct ThreadEnd;
  friend void ExitCurrentThread(uint32_t);
  // The thread has ended with `exit_code`: records it (here and in the slot) and wakes waiters.
  void MarkEnded(uint32_t exit_code);
  uint32_t tid_ = 0;
  uint32_t exited_ = 0;     // futex word
  uint32_t suspended_ = 0;  // futex word: 1 while created suspended
  uint32_t exit_code_ = 0;
  std::atomic<bool> ending_{false};          // set by MarkEnded before the slot and exited_ (see there)
  std::atomic<uint32_t> terminate_code_{0};  // what TerminateThread asked for
  std::atomic<uint32_t> slot_{UINT32_MAX};   // in this process's record, once made
  LocalThread* next_terminated_ = nullptr;   // in the list of terminated threads (core/thread.cc)
  // CreateThread's threads: where TerminateThread takes the thread back to, below its start routine, so that it
  // ends through the C library (thread-exit handlers run, the stack is freed). Valid while jump_ready_.
  sigjmp_buf terminated_;
  std::atomic<bool> jump_ready_{false};
};

// ERROR_NOT_ENOUGH_MEMORY when no thread can be made.
Result<std::shared_ptr<LocalThread>> StartThread(ThreadStart start, void* parameter, size_t stack_size,
                                                 bool suspended);

// The calling thread's object: DuplicateHandle(GetCurrentThread()). A thread emu did not start gets one now, which
// lives until the thread ends.
std::shared_ptr<LocalThread> CurrentThreadObject();
// The object of a running thread of this process, if it has one (OpenThread).
std::shared_ptr<LocalThread> FindLocalThread(uint32_t tid);

// The calling thread's id (its Linux thread id, as GetCurrentThreadId reports it).
uint32_t CurrentThreadId();

// TerminateThread of a thread known by its slot in the record of process `pid` (core/record_thread.h); that
// process installed the handler when it made its record (PrepareThreadTermination). A thread that is gone is left.
void TerminateThreadBySlot(int pid, uint32_t tid, uint32_t slot, uint32_t exit_code);
// Installs the TerminateThread signal handler in this process (once).
void PrepareThreadTermination();
// Threads emu runs for itself (process watchers): a terminated thread that leaves only these ends the process.
void CountHelperThread(int delta);

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
