// Processes: children started by CreateProcess, and other processes opened by pid. A process object is
// signalled when the process has ended; a thread started on the first wait (and only then) blocks on the
// process's pidfd and wakes waiters, so no one polls.
//
// A child started by emu shares a small record page with its parent (ProcessRecord): the child writes its full
// 32-bit exit code there (Linux keeps only 8 bits) and, if it was created suspended, waits there to be resumed.
#ifndef WINIPC_CORE_PROCESS_H_
#define WINIPC_CORE_PROCESS_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/sync.h"
#include "core/thread.h"
#include "posix/sys.h"

namespace winipc {

struct ProcessRecord {
  uint32_t exit_code;
  uint32_t has_exit_code;  // 1 once exit_code is final
  uint32_t suspended;      // futex word: 1 until the parent resumes the child's main thread
  uint32_t unused;
};

class Process : public Waitable, public std::enable_shared_from_this<Process> {
 public:
  Process(pid_t pid, uint64_t start_time, posix::Fd pidfd, bool child, ProcessRecord* record);
  ~Process() override;

  pid_t pid() const { return pid_; }
  uint64_t start_time() const { return start_time_; }
  bool Ended();
  // STILL_ACTIVE while it runs.
  uint32_t ExitCode();
  // ERROR_ACCESS_DENIED once the process has ended, as on Windows.
  Status Terminate(uint32_t exit_code);
  // Lets a child created suspended run; returns the suspend count before (1, or 0).
  uint32_t Resume();

  Take TryTake(WaitSlot&) override { return Ended() ? Take::kTaken : Take::kNotSignalled; }
  uint32_t* FutexWord() override { return &ended_; }
  void BeginSleeping(WaitSlot&) override { StartWatcher(); }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return Ended(); }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}

 private:
  void StartWatcher();
  // Records the end: the exit code from the record, a TerminateProcess, or the status.
  void MarkEnded(std::optional<int> status);
  const pid_t pid_;
  const uint64_t start_time_;
  posix::Fd pidfd_;
  const bool child_;
  ProcessRecord* record_;  // shared with the child, or nullptr
  std::mutex mutex_;
  uint32_t ended_ = 0;     // futex word
  uint32_t exit_code_ = 0;
  std::optional<uint32_t> terminated_with_;
  bool watching_ = false;
};

// The main thread of a process emu started, as CreateProcess's hThread: it ends when the process does.
class ProcessMainThread : public Thread {
 public:
  explicit ProcessMainThread(std::shared_ptr<Process> process, uint32_t id)
      : process_(std::move(process)), id_(id) {}
  uint32_t id() const override { return id_; }
  bool exited() const override { return process_->Ended(); }
  uint32_t exit_code() const override { return process_->ExitCode(); }
  uint32_t Resume() override { return process_->Resume(); }
  Take TryTake(WaitSlot& slot) override { return process_->TryTake(slot); }
  uint32_t* FutexWord() override { return process_->FutexWord(); }
  void BeginSleeping(WaitSlot& slot) override { process_->BeginSleeping(slot); }
  bool LockedSignalled(WaitSlot& slot) override { return process_->LockedSignalled(slot); }

 private:
  std::shared_ptr<Process> process_;
  uint32_t id_;
};

struct ProcessSpec {
  std::string executable;  // as given: a path, or a name looked up in $PATH
  std::vector<std::string> argv;
  std::optional<std::vector<std::string>> environment;
  std::optional<std::string> directory;
  bool inherit_handles = false;
  bool suspended = false;
};

struct StartedProcess {
  std::shared_ptr<Process> process;
  std::shared_ptr<ProcessMainThread> main_thread;
};

Result<StartedProcess> StartProcess(const ProcessSpec& spec);
// OpenProcess: the emu child with that pid if there is one, else any process of this user.
// ERROR_INVALID_PARAMETER if there is no such process.
Result<std::shared_ptr<Process>> OpenProcessById(uint32_t pid);
// ExitProcess: records the code for an emu parent, then exits (atexit handlers run, as Windows runs DLL detach).
[[noreturn]] void ExitCurrentProcess(uint32_t exit_code);
uint32_t CurrentProcessId();

// Splits a command line into arguments the way the Microsoft C runtime does (quotes, and backslashes before a
// quote); the first argument ends at the first space or tab unless quoted, backslashes there are literal.
std::vector<std::string> SplitCommandLine(const std::string& command_line);

// This process's environment and current directory.
std::optional<std::string> EnvironmentVariable(const std::string& name);
Status SetEnvironmentVariableTo(const std::string& name, const std::optional<std::string>& value);  // nullopt: remove
std::string CurrentDirectory();

// The child side, at start-up (core/transfer.cc calls it): the record, the suspension, the exit-code hook.
void AttachProcessRecord(int fd);

}  // namespace winipc

#endif  // WINIPC_CORE_PROCESS_H_
