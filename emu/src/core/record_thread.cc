#include "core/record_thread.h"

#include <windows.h>

#include "core/transfer.h"
#include "posix/process_sys.h"

namespace winipc {

Result<std::shared_ptr<RecordThread>> RecordThread::Make(std::shared_ptr<Process> owner, uint32_t slot) {
  ProcessRecord* record = owner ? owner->record() : OwnRecord();
  ThreadRecord* found = nullptr;
  if (record != nullptr && slot < Word(record->threads).load()) found = ThreadSlot(*record, slot);
  if (found == nullptr) return Status(ERROR_INVALID_HANDLE);
  return std::shared_ptr<RecordThread>(new RecordThread(std::move(owner), found, slot));
}

bool RecordThread::exited() {
  if (Word(slot_->ended).load() != kThreadRunning) return true;
  // A process that has ended has ended every slot of its record (Process::MarkEnded).
  return owner_ && owner_->Ended();
}

uint32_t RecordThread::exit_code() {
  if (!exited()) return STILL_ACTIVE;
  if (Word(slot_->ended).load() == kThreadEnded) return Word(slot_->exit_code).load();
  return owner_ ? owner_->ExitCode() : 0;  // ended with its process: the process's code, as on Windows
}

uint32_t RecordThread::Resume() { return index_ == 0 && owner_ ? owner_->Resume() : 0; }

Status RecordThread::Terminate(uint32_t exit_code) {
  if (exited()) return Status::Ok();
  TerminateThreadBySlot(owner_ ? owner_->pid() : posix::CurrentProcessId(), tid_, index_, exit_code);
  return Status::Ok();
}

int RecordThread::RecordDescriptor(uint32_t* detail) {
  *detail = index_;
  return owner_ ? owner_->record_fd() : OwnRecordFd();
}

Result<std::shared_ptr<Thread>> OpenThreadById(uint32_t tid) {
  if (tid == 0) return Status(ERROR_INVALID_PARAMETER);
  if (tid == CurrentThreadId()) return std::static_pointer_cast<Thread>(CurrentThreadObject());
  if (auto local = FindLocalThread(tid)) return std::static_pointer_cast<Thread>(local);
  auto pid = posix::ProcessOfThread(tid);
  if (!pid.ok()) return pid.status();
  if (pid.value() == posix::CurrentProcessId()) {
    if (tid != static_cast<uint32_t>(pid.value())) return Status(ERROR_INVALID_PARAMETER);
    EnsureMailbox();  // the main thread: slot 0 of this process's record
    auto main = RecordThread::Make(nullptr, 0);
    if (!main.ok()) return Status(ERROR_INVALID_PARAMETER);
    return std::static_pointer_cast<Thread>(std::move(main).value());
  }
  EnsureMailbox();  // a process that deals with others can receive handles from them
  auto process = OpenProcessById(static_cast<uint32_t>(pid.value()));
  if (!process.ok()) return Status(ERROR_INVALID_PARAMETER);
  ProcessRecord* record = process.value()->record();
  std::optional<uint32_t> slot = record != nullptr ? FindThreadSlot(*record, tid) : std::nullopt;
  if (!slot) return Status(ERROR_INVALID_PARAMETER);
  auto thread = RecordThread::Make(std::move(process).value(), *slot);
  if (!thread.ok()) return Status(ERROR_INVALID_PARAMETER);
  return std::static_pointer_cast<Thread>(std::move(thread).value());
}

}  // namespace winipc
