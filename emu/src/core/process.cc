#include "core/process.h"

#include <sys/mman.h>
#include <windows.h>

#include <cstdlib>
#include <map>
#include <thread>

#include "core/environment.h"
#include "core/record_thread.h"
#include "core/transfer.h"
#include "posix/process_sys.h"

namespace winipc {
namespace {

// The children this process started, by pid, so OpenProcess of one finds the same object (and its record).
std::mutex children_mutex;
std::map<pid_t, std::weak_ptr<Process>>& Children() {
  static auto* children = new std::map<pid_t, std::weak_ptr<Process>>();
  return *children;
}

std::shared_ptr<Process> FindChild(pid_t pid, uint64_t start_time) {
  std::lock_guard<std::mutex> guard(children_mutex);
  auto it = Children().find(pid);
  if (it == Children().end()) return nullptr;
  auto process = it->second.lock();
  return process && process->start_time() == start_time ? process : nullptr;
}

void RecordExitStatus(int status, void*) {
  if (ProcessRecord* record = OwnRecord()) RecordExitCode(*record, static_cast<uint32_t>(status));
}

}  // namespace

Process::Process(pid_t pid, uint64_t start_time, posix::Fd pidfd, bool child, posix::Fd record)
    : Waitable(ObjectType::kProcess),
      pid_(pid),
      start_time_(start_time),
      pidfd_(std::move(pidfd)),
      child_(child),
      record_fd_(std::move(record)) {
  if (record_fd_.valid()) record_ = MapProcessRecord(record_fd_.get());
}

Process::~Process() {
  if (child_ && !Word(ended_).load()) (void)posix::ReapChild(pidfd_.get(), false);  // no zombie if it has ended
  UnmapProcessRecord(record_);
}

ProcessRecord* Process::record() {
  if (ProcessRecord* record = std::atomic_ref<ProcessRecord*>(record_).load()) return record;
  std::lock_guard<std::mutex> guard(mutex_);
  if (record_ == nullptr && !Word(ended_).load()) {
    auto fd = FindProcessRecord(pid_, start_time_);
    if (fd.ok()) {
      record_fd_ = std::move(fd).value();
      std::atomic_ref<ProcessRecord*>(record_).store(MapProcessRecord(record_fd_.get()));
    }
  }
  return record_;
}

int Process::RecordDescriptor(uint32_t* detail) {
  *detail = kNoThreadSlot;
  return std::atomic_ref<ProcessRecord*>(record_).load() != nullptr ? record_fd_.get() : -1;
}

void Process::MarkEnded(std::optional<int> status) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (Word(ended_).load()) return;
  if (auto recorded = record_ != nullptr ? RecordedExitCode(*record_) : std::nullopt) {
    exit_code_ = *recorded;
  } else if (terminated_with_) {
    exit_code_ = *terminated_with_;
  } else {
    exit_code_ = status ? static_cast<uint32_t>(*status) : 0;
  }
  // Its threads have ended with it, however it ended (SIGKILL too): wake whoever waits on them, everywhere.
  if (record_ != nullptr) EndThreadSlotsWithProcess(*record_);
  Word(ended_).store(1);
  posix::FutexWakeAll(&ended_);
}

bool Process::Ended() {
  if (Word(ended_).load()) return true;
  if (!pidfd_.valid()) {  // it had already gone when this object was made
    MarkEnded(std::nullopt);
    return true;
  }
  if (child_) {
    std::optional<int> status;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (Word(ended_).load()) return true;
      if (watching_) return false;  // the watcher reaps it
      status = posix::ReapChild(pidfd_.get(), false);
    }
    if (!status) return false;
    MarkEnded(status);
    return true;
  }
  if (!posix::ProcessEnded(pidfd_.get(), false)) return false;
  MarkEnded(std::nullopt);
  return true;
}

uint32_t Process::ExitCode() { return Ended() ? exit_code_ : STILL_ACTIVE; }

Status Process::Terminate(uint32_t exit_code) {
  if (Ended()) return Status(ERROR_ACCESS_DENIED);
  {
    std::lock_guard<std::mutex> guard(mutex_);
    if (Word(ended_).load()) return Status(ERROR_ACCESS_DENIED);
    terminated_with_ = exit_code;
    if (record_ != nullptr) RecordExitCode(*record_, exit_code);  // for every holder, not only this one
  }
  posix::KillProcess(pidfd_.get());
  return Status::Ok();
}

uint32_t Process::Resume() {
  ProcessRecord* r = record();
  if (r == nullptr) return 0;
  uint32_t expected = 1;
  if (!Word(r->suspended).compare_exchange_strong(expected, 0)) return 0;
  posix::FutexWakeAll(&r->suspended);
  return 1;
}

void Process::StartWatcher() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (watching_ || Word(ended_).load() || !pidfd_.valid()) return;
  watching_ = true;
  // The watcher keeps the object alive until the process ends, then wakes every waiter.
  CountHelperThread(1);
  std::thread([self = shared_from_this()] {
    if (self->child_) {
      self->MarkEnded(posix::ReapChild(self->pidfd_.get(), true));
    } else {
      (void)posix::ProcessEnded(self->pidfd_.get(), true);
      self->MarkEnded(std::nullopt);
    }
    CountHelperThread(-1);
  }).detach();
}

int CurrentProcess::RecordDescriptor(uint32_t* detail) {
  *detail = kNoThreadSlot;
  return OwnRecord() != nullptr ? OwnRecordFd() : -1;
}

std::shared_ptr<Object> CurrentProcessObject() { return std::make_shared<CurrentProcess>(); }

uint64_t OwnStartTime() {
  static const uint64_t start = [] {
    auto time = posix::ProcessStartTime(posix::CurrentProcessId());
    return time.ok() ? time.value() : 0;
  }();
  return start;
}

namespace {

// This process as a parcel says it: its pid, a new pidfd of itself, its record (made now if it has none).
Result<ProcessParcel> OwnParcel() {
  EnsureMailbox();
  if (OwnRecord() == nullptr) return Status(ERROR_NOT_ENOUGH_MEMORY);
  ProcessParcel parcel;
  parcel.pid = posix::CurrentProcessId();
  parcel.start_time = OwnStartTime();
  auto pidfd = posix::PidFdOpen(parcel.pid);
  if (!pidfd.ok()) return pidfd.status();
  parcel.pidfd = std::move(pidfd).value();
  auto record = posix::DupDescriptor(OwnRecordFd());
  if (!record.ok()) return record.status();
  parcel.record = std::move(record).value();
  return parcel;
}

Result<ProcessParcel> ParcelFor(Process& process) {
  ProcessParcel parcel;
  parcel.pid = process.pid();
  parcel.start_time = process.start_time();
  if (process.pidfd() >= 0) {
    auto pidfd = posix::DupDescriptor(process.pidfd());
    if (!pidfd.ok()) return pidfd.status();
    parcel.pidfd = std::move(pidfd).value();
  }
  if (process.record() != nullptr) {
    auto record = posix::DupDescriptor(process.record_fd());
    if (!record.ok()) return record.status();
    parcel.record = std::move(record).value();
  }
  return parcel;
}

}  // namespace

Result<ProcessParcel> ParcelForProcessObject(Object& object) {
  if (object.type() == ObjectType::kProcess) {
    if (auto* process = dynamic_cast<Process*>(&object)) return ParcelFor(*process);
    return OwnParcel();  // a handle to this process
  }
  if (object.type() != ObjectType::kThread) return Status(ERROR_NOT_SUPPORTED);
  if (auto* thread = dynamic_cast<RecordThread*>(&object)) {
    auto parcel = thread->owner() ? ParcelFor(*thread->owner()) : OwnParcel();
    if (parcel.ok()) parcel->slot = thread->slot_index();
    return parcel;
  }
  auto parcel = OwnParcel();  // a thread of this process: it needs a slot in the record now
  if (!parcel.ok()) return parcel;
  auto slot = static_cast<LocalThread&>(object).Slot();
  if (!slot) return Status(ERROR_NOT_ENOUGH_MEMORY);
  parcel->slot = *slot;
  return parcel;
}

Result<std::shared_ptr<Object>> ProcessObjectFromParcel(ObjectType type, ProcessParcel parcel) {
  if (parcel.pid == posix::CurrentProcessId() && parcel.start_time == OwnStartTime()) {
    // Back home: this process, or one of its threads (its own object while it has one).
    if (type == ObjectType::kProcess) return CurrentProcessObject();
    ProcessRecord* own = OwnRecord();
    ThreadRecord* slot = own != nullptr ? ThreadSlot(*own, parcel.slot) : nullptr;
    if (slot != nullptr) {
      if (auto local = FindLocalThread(Word(slot->tid).load()); local && local->Slot() == parcel.slot) {
        return std::static_pointer_cast<Object>(local);
      }
    }
    auto thread = RecordThread::Make(nullptr, parcel.slot);
    if (!thread.ok()) return thread.status();
    return std::static_pointer_cast<Object>(std::move(thread).value());
  }
  std::shared_ptr<Process> process = FindChild(parcel.pid, parcel.start_time);
  if (!process) {
    process = std::make_shared<Process>(parcel.pid, parcel.start_time, std::move(parcel.pidfd), /*child=*/false,
                                        std::move(parcel.record));
  }
  if (type == ObjectType::kProcess) return std::static_pointer_cast<Object>(process);
  auto thread = RecordThread::Make(std::move(process), parcel.slot);
  if (!thread.ok()) return thread.status();
  return std::static_pointer_cast<Object>(std::move(thread).value());
}

Result<std::shared_ptr<Object>> TakeProcessObject(ObjectType type, posix::Fd record, uint32_t slot) {
  ProcessRecord* mapped = MapProcessRecord(record.get());
  if (mapped == nullptr) return Status(ERROR_INVALID_HANDLE);
  ProcessParcel parcel;
  parcel.pid = mapped->pid;
  parcel.start_time = mapped->start_time;
  parcel.slot = slot;
  UnmapProcessRecord(mapped);
  if (parcel.pid <= 0) return Status(ERROR_INVALID_HANDLE);
  // A pidfd only if the pid still names that process; if it has gone, the object is born ended.
  auto pidfd = posix::PidFdOpen(parcel.pid);
  auto start = posix::ProcessStartTime(parcel.pid);
  if (pidfd.ok() && start.ok() && start.value() == parcel.start_time) parcel.pidfd = std::move(pidfd).value();
  parcel.record = std::move(record);
  return ProcessObjectFromParcel(type, std::move(parcel));
}

std::vector<std::string> SplitCommandLine(const std::string& line) {
  std::vector<std::string> args;
  size_t i = 0;
  const size_t n = line.size();
  // The program name: up to the first blank, or between quotes; backslashes are plain characters there.
  {
    std::string arg;
    bool quoted = false;
    for (; i < n; ++i) {
      const char c = line[i];
      if (c == '"') {
        quoted = !quoted;
        continue;
      }
      if (!quoted && (c == ' ' || c == '\t')) break;
      arg += c;
    }
    args.push_back(arg);
  }
  for (;;) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= n) break;
    std::string arg;
    bool quoted = false;
    while (i < n) {
      const char c = line[i];
      if (c == '\\') {
        size_t slashes = 0;
        while (i < n && line[i] == '\\') {
          ++slashes;
          ++i;
        }
        if (i < n && line[i] == '"') {
          arg.append(slashes / 2, '\\');  // 2n backslashes + quote: n backslashes, and the quote counts
          if (slashes % 2 == 1) {
            arg += '"';  // 2n+1: n backslashes and a literal quote
            ++i;
          }
        } else {
          arg.append(slashes, '\\');
        }
        continue;
      }
      if (c == '"') {
        if (quoted && i + 1 < n && line[i + 1] == '"') {
          arg += '"';  // "" inside quotes: a literal quote (the C runtime since 2008)
          i += 2;
          continue;
        }
        quoted = !quoted;
        ++i;
        continue;
      }
      if (!quoted && (c == ' ' || c == '\t')) break;
      arg += c;
      ++i;
    }
    args.push_back(arg);
  }
  return args;
}

Result<StartedProcess> StartProcess(const ProcessSpec& spec) {
  auto path = posix::FindExecutable(spec.executable);
  if (!path.ok() && spec.executable.size() > 4 &&
      spec.executable.compare(spec.executable.size() - 4, 4, ".exe") == 0) {
    path = posix::FindExecutable(spec.executable.substr(0, spec.executable.size() - 4));  // "child.exe" -> "child"
  }
  if (!path.ok()) return path.status();

  auto launch = PrepareLaunch(spec.inherit_handles, spec.suspended);
  if (!launch.ok()) return launch.status();
  posix::SpawnSpec spawn;
  spawn.path = path.value();
  spawn.argv = spec.argv;
  spawn.environment = spec.environment ? *spec.environment : posix::CurrentEnvironment();
  for (const std::string& variable : launch->environment) spawn.environment->push_back(variable);
  spawn.directory = spec.directory;
  spawn.keep_fds = launch->keep_fds;
  spawn.std_fds = spec.std_fds;
  if (spec.std_fds) {
    // Which standard handles the child has none of (GetStdHandle returns NULL for them): without
    // STARTF_USESTDHANDLES a child shares its parent's, so the parent's variable is kept then.
    std::erase_if(*spawn.environment, [](const std::string& e) { return e.rfind(kNoStdHandlesVariable, 0) == 0; });
    std::string none;
    for (int i = 0; i < 3; ++i) {
      if ((*spec.std_fds)[i] < 0) none.push_back(static_cast<char>('0' + i));
    }
    if (!none.empty()) spawn.environment->push_back(std::string(kNoStdHandlesVariable) + none);
  }
  auto pid = posix::Spawn(spawn);
  if (!pid.ok()) return pid.status();
  auto pidfd = posix::PidFdOpen(pid.value());
  auto start = posix::ProcessStartTime(pid.value());
  if (!pidfd.ok()) return pidfd.status();
  auto process = std::make_shared<Process>(pid.value(), start.ok() ? start.value() : 0, std::move(pidfd).value(),
                                           /*child=*/true, std::move(launch->record));
  if (ProcessRecord* record = process->record()) SetRecordOwner(*record, pid.value(), process->start_time());
  LaunchSucceeded(*launch, pid.value());
  {
    std::lock_guard<std::mutex> guard(children_mutex);
    Children()[pid.value()] = process;
  }
  // The main thread: slot 0 of the child's record (Linux gives a process's first thread the process id).
  auto thread = RecordThread::Make(process, 0);
  if (!thread.ok()) return thread.status();
  return StartedProcess{process, std::move(thread).value()};
}

Result<std::shared_ptr<Process>> OpenProcessById(uint32_t pid) {
  if (pid == 0) return Status(ERROR_INVALID_PARAMETER);
  {
    std::lock_guard<std::mutex> guard(children_mutex);
    auto it = Children().find(static_cast<pid_t>(pid));
    if (it != Children().end()) {
      if (auto process = it->second.lock()) return process;
    }
  }
  auto pidfd = posix::PidFdOpen(static_cast<pid_t>(pid));
  if (!pidfd.ok()) return pidfd.status();
  auto start = posix::ProcessStartTime(static_cast<pid_t>(pid));
  const uint64_t start_time = start.ok() ? start.value() : 0;
  // An emu process's record, if it has one: its full exit code, readable after it ends, and its mailbox.
  auto record = FindProcessRecord(static_cast<pid_t>(pid), start_time);
  return std::make_shared<Process>(static_cast<pid_t>(pid), start_time, std::move(pidfd).value(), /*child=*/false,
                                   record.ok() ? std::move(record).value() : posix::Fd());
}

void BeginOwnRecord(bool wait_if_suspended) {
  static const bool hooked = [] {
    on_exit(RecordExitStatus, nullptr);  // `return n` from main: the full int, which the exit status truncates
    PrepareThreadTermination();          // a thread here may be terminated from another process
    return true;
  }();
  (void)hooked;
  ProcessRecord* record = OwnRecord();
  if (!wait_if_suspended || record == nullptr) return;
  while (Word(record->suspended).load() != 0) (void)posix::FutexWait(&record->suspended, 1, nullptr);
}

void ExitCurrentProcess(uint32_t exit_code) {
  RecordExitStatus(static_cast<int>(exit_code), nullptr);
  std::exit(static_cast<int>(exit_code));
}

void EndCurrentProcessNow(uint32_t exit_code) {
  RecordExitStatus(static_cast<int>(exit_code), nullptr);
  posix::ExitProcessNow(exit_code);
}

// Windows' variable names ignore case: "path" finds PATH (PE-ENV-004).
std::optional<std::string> EnvironmentVariable(const std::string& name) {
  if (auto exact = posix::GetEnv(name)) return exact;
  return FindVariable(posix::CurrentEnvironment(), name);
}

// Setting or removing a variable replaces one whose name differs only in case, as on Windows.
Status SetEnvironmentVariableTo(const std::string& name, const std::optional<std::string>& value) {
  if (!posix::GetEnv(name)) {
    while (true) {
      std::string other;
      for (const std::string& entry : posix::CurrentEnvironment()) {
        const size_t equals = entry.find('=', 1);
        if (equals == std::string::npos || equals != name.size()) continue;
        const std::string entry_name = entry.substr(0, equals);
        if (entry_name != name && FindVariable({entry_name + "="}, name)) other = entry_name;
      }
      if (other.empty()) break;
      Status removed = posix::SetEnv(other, std::nullopt);
      if (!removed.ok()) return removed;
    }
  }
  return posix::SetEnv(name, value);
}

std::string CurrentDirectory() { return posix::CurrentDirectory(); }

uint32_t CurrentProcessId() {
  EnsureMailbox();
  return static_cast<uint32_t>(posix::CurrentProcessId());
}

}  // namespace winipc
