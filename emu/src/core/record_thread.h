// A thread known through its slot in a process record (core/process_record.h): a thread of another process (one
// whose handle was inherited, duplicated in or out, opened by id, or CreateProcess's hThread), or a thread of this
// process whose own object is gone. It is signalled when the thread ends, or when its whole process does, however
// (SIGKILL too: the process object's pidfd watcher then ends every slot of the record).
#ifndef WINIPC_CORE_RECORD_THREAD_H_
#define WINIPC_CORE_RECORD_THREAD_H_

#include <cstdint>
#include <memory>

#include "core/process.h"
#include "core/process_record.h"
#include "core/thread.h"

namespace winipc {

class RecordThread : public Thread {
 public:
  // `owner` is the thread's process, which must have a record; nullptr for this process (its own record).
  // ERROR_INVALID_HANDLE if the slot does not exist.
  static Result<std::shared_ptr<RecordThread>> Make(std::shared_ptr<Process> owner, uint32_t slot);

  uint32_t id() const override { return tid_; }
  bool exited() override;
  uint32_t exit_code() override;
  // The main thread (slot 0) of a child created suspended: ResumeThread lets it run.
  uint32_t Resume() override;
  Status Terminate(uint32_t exit_code) override;
  uint32_t* FutexWord() override { return &slot_->ended; }
  void BeginSleeping(WaitSlot&) override {
    if (owner_) owner_->StartWatcher();
  }
  int RecordDescriptor(uint32_t* detail) override;

  const std::shared_ptr<Process>& owner() const { return owner_; }
  uint32_t slot_index() const { return index_; }

 private:
  RecordThread(std::shared_ptr<Process> owner, ThreadRecord* slot, uint32_t index)
      : owner_(std::move(owner)), slot_(slot), index_(index), tid_(Word(slot->tid).load()) {}
  std::shared_ptr<Process> owner_;
  ThreadRecord* slot_;
  uint32_t index_;
  uint32_t tid_;
};

// OpenThread: the thread `tid` of this process (its own object, or the main thread's slot) or of another emu
// process, found by its slot in that process's record. ERROR_INVALID_PARAMETER if there is no such thread, or emu
// knows nothing of it (a thread of another process whose handle never left it, or a thread of this process emu did
// not start and that never asked for a handle to itself).
Result<std::shared_ptr<Thread>> OpenThreadById(uint32_t tid);

}  // namespace winipc

#endif  // WINIPC_CORE_RECORD_THREAD_H_
