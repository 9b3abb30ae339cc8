// Processes: children started by CreateProcess, and other processes opened by pid or handed over by another
// process. A process object is signalled when the process has ended; a thread started on the first wait (and only
// then) blocks on the process's pidfd and wakes waiters, so no one polls.
//
// An emu process's record (core/process_record.h) holds its full 32-bit exit code (Linux keeps only 8 bits, and
// only for the parent) and its threads' slots; every process object of an emu process keeps a descriptor of it,
// so the code is there for whoever holds a handle, also after the process is gone. A child started suspended waits
// in its record to be resumed.
#ifndef WINIPC_CORE_PROCESS_H_
#define WINIPC_CORE_PROCESS_H_

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/process_record.h"
#include "core/status.h"
#include "core/sync.h"
#include "core/thread.h"
#include "posix/sys.h"

namespace winipc {

class Process : public Waitable, public std::enable_shared_from_this<Process> {
 public:
  // `pidfd` invalid: the process had ended before it could be opened. `record` invalid: it has none (not an emu
  // process that deals with others).
  Process(pid_t pid, uint64_t start_time, posix::Fd pidfd, bool child, posix::Fd record);
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
  // Starts the thread that wakes waiters when the process ends (once).
  void StartWatcher();

  // Its record; looked for again while it has none (a process not started by emu makes one late).
  ProcessRecord* record();
  int pidfd() const { return pidfd_.get(); }
  int record_fd() const { return record_fd_.get(); }
  int RecordDescriptor(uint32_t* detail) override;

  Take TryTake(WaitSlot&) override { return Ended() ? Take::kTaken : Take::kNotSignalled; }
  uint32_t* FutexWord() override { return &ended_; }
  void BeginSleeping(WaitSlot&) override { StartWatcher(); }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return Ended(); }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}

 private:
  // Records the end: the exit code from the record, a TerminateProcess, or the status; ends the threads' slots.
  void MarkEnded(std::optional<int> status);
  const pid_t pid_;
  const uint64_t start_time_;
  posix::Fd pidfd_;
  const bool child_;
  posix::Fd record_fd_;
  ProcessRecord* record_ = nullptr;  // mapped, or nullptr
  std::mutex mutex_;
  uint32_t ended_ = 0;     // futex word
  uint32_t exit_code_ = 0;
  std::optional<uint32_t> terminated_with_;
  bool watching_ = false;
};

// This process as a handle to it sees it (OpenProcess of its own id, DuplicateHandle(GetCurrentProcess())):
// never signalled while anyone can look.
class CurrentProcess : public NeverSignalled {
 public:
  CurrentProcess() : NeverSignalled(ObjectType::kProcess) {}
  int RecordDescriptor(uint32_t* detail) override;
};

// What a process or thread handle takes along to another process (core/transfer.cc): who the process is, copies
// of its pidfd and record descriptors (either may be invalid), and a thread's slot in that record.
struct ProcessParcel {
  pid_t pid = 0;
  uint64_t start_time = 0;
  posix::Fd pidfd;
  posix::Fd record;
  uint32_t slot = kNoThreadSlot;
};
// For a process object or a thread object; a thread of this process gets its slot now.
Result<ProcessParcel> ParcelForProcessObject(Object& object);
// The receiving side: a process object (this process's own, a child's, or a new one), or a thread object.
Result<std::shared_ptr<Object>> ProcessObjectFromParcel(ObjectType type, ProcessParcel parcel);
// DuplicateHandle out of another process: the object for a process or thread handle there, from a new descriptor
// of the record it names (which says who the process is) and a thread's slot.
Result<std::shared_ptr<Object>> TakeProcessObject(ObjectType type, posix::Fd record, uint32_t slot);
// This process's object for a handle to itself.
std::shared_ptr<Object> CurrentProcessObject();

struct ProcessSpec {
  std::string executable;  // as given: a path, or a name looked up in $PATH
  std::vector<std::string> argv;
  std::optional<std::vector<std::string>> environment;
  std::optional<std::string> directory;
  bool inherit_handles = false;
  bool suspended = false;
  // STARTF_USESTDHANDLES: the descriptors the child gets as 0, 1 and 2 (-1: closed); nullopt: this process's.
  std::optional<std::array<int, 3>> std_fds;
};

struct StartedProcess {
  std::shared_ptr<Process> process;
  std::shared_ptr<Thread> main_thread;
};

Result<StartedProcess> StartProcess(const ProcessSpec& spec);
// "WINIPC_NO_STD_HANDLES=<digits>": the standard handles (0 input, 1 output, 2 error) a process was started
// without (STARTF_USESTDHANDLES with NULL or a handle that is not a file); its descriptor is /dev/null.
inline constexpr char kNoStdHandlesVariable[] = "WINIPC_NO_STD_HANDLES=";
// OpenProcess: the emu child with that pid if there is one, else any process of this user.
// ERROR_INVALID_PARAMETER if there is no such process.
Result<std::shared_ptr<Process>> OpenProcessById(uint32_t pid);
// ExitProcess: records the code in this process's record, then exits (atexit handlers run, as Windows runs DLL
// detach).
[[noreturn]] void ExitCurrentProcess(uint32_t exit_code);
// The last thread was terminated: records the code and ends the process at once (async-signal-safe).
[[noreturn]] void EndCurrentProcessNow(uint32_t exit_code);
uint32_t CurrentProcessId();

// Splits a command line into arguments the way the Microsoft C runtime does (quotes, and backslashes before a
// quote); the first argument ends at the first space or tab unless quoted, backslashes there are literal.
std::vector<std::string> SplitCommandLine(const std::string& command_line);

// This process's environment and current directory.
std::optional<std::string> EnvironmentVariable(const std::string& name);
Status SetEnvironmentVariableTo(const std::string& name, const std::optional<std::string>& value);  // nullopt: remove
std::string CurrentDirectory();

// Once this process has its record (core/transfer.cc): the exit-code hook, the TerminateThread handler, and, for a
// child created suspended, the wait for ResumeThread.
void BeginOwnRecord(bool wait_if_suspended);
// The start time of this process (posix::ProcessStartTime), read once.
uint64_t OwnStartTime();

}  // namespace winipc

#endif  // WINIPC_CORE_PROCESS_H_
