#include "core/process.h"

#include <sys/mman.h>
#include <windows.h>

#include <cstdlib>
#include <map>
#include <thread>

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

ProcessRecord* own_record = nullptr;  // this process's record, if an emu parent started it

void RecordExitStatus(int status, void*) {
  if (own_record != nullptr && Word(own_record->has_exit_code).load() == 0) {
    own_record->exit_code = static_cast<uint32_t>(status);
    Word(own_record->has_exit_code).store(1);
  }
}

}  // namespace

Process::Process(pid_t pid, uint64_t start_time, posix::Fd pidfd, bool child, ProcessRecord* record)
    : Waitable(ObjectType::kProcess),
      pid_(pid),
      start_time_(start_time),
      pidfd_(std::move(pidfd)),
      child_(child),
      record_(record) {}

Process::~Process() {
  if (child_ && !Word(ended_).load()) (void)posix::ReapChild(pidfd_.get(), false);  // no zombie if it has ended
  if (record_ != nullptr) (void)posix::Unmap(record_, posix::PageSize());
}

void Process::MarkEnded(std::optional<int> status) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (Word(ended_).load()) return;
  if (record_ != nullptr && Word(record_->has_exit_code).load()) {
    exit_code_ = record_->exit_code;
  } else if (terminated_with_) {
    exit_code_ = *terminated_with_;
  } else {
    exit_code_ = status ? static_cast<uint32_t>(*status) : 0;
  }
  Word(ended_).store(1);
  posix::FutexWakeAll(&ended_);
}

bool Process::Ended() {
  if (Word(ended_).load()) return true;
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
    if (record_ != nullptr && Word(record_->has_exit_code).load() == 0) {
      record_->exit_code = exit_code;
      Word(record_->has_exit_code).store(1);
    }
  }
  posix::KillProcess(pidfd_.get());
  return Status::Ok();
}

uint32_t Process::Resume() {
  if (record_ == nullptr) return 0;
  uint32_t expected = 1;
  if (!Word(record_->suspended).compare_exchange_strong(expected, 0)) return 0;
  posix::FutexWakeAll(&record_->suspended);
  return 1;
}

void Process::StartWatcher() {
  std::lock_guard<std::mutex> guard(mutex_);
  if (watching_ || Word(ended_).load()) return;
  watching_ = true;
  // The watcher keeps the object alive until the process ends, then wakes every waiter.
  std::thread([self = shared_from_this()] {
    if (self->child_) {
      self->MarkEnded(posix::ReapChild(self->pidfd_.get(), true));
    } else {
      (void)posix::ProcessEnded(self->pidfd_.get(), true);
      self->MarkEnded(std::nullopt);
    }
  }).detach();
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

  auto record_fd = posix::MemFd("winipc-process");
  if (!record_fd.ok()) return record_fd.status();
  WINIPC_RETURN_IF_ERROR(posix::Truncate(record_fd->get(), posix::PageSize()));
  auto mapped = posix::Map(nullptr, posix::PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, record_fd->get(), 0);
  if (!mapped.ok()) return mapped.status();
  auto* record = static_cast<ProcessRecord*>(mapped.value());
  record->suspended = spec.suspended ? 1 : 0;

  auto launch = PrepareLaunch(spec.inherit_handles, record_fd->get());
  if (!launch.ok()) {
    (void)posix::Unmap(record, posix::PageSize());
    return launch.status();
  }
  posix::SpawnSpec spawn;
  spawn.path = path.value();
  spawn.argv = spec.argv;
  spawn.environment = spec.environment ? *spec.environment : posix::CurrentEnvironment();
  for (const std::string& variable : launch->environment) spawn.environment->push_back(variable);
  spawn.directory = spec.directory;
  spawn.keep_fds = launch->keep_fds;
  auto pid = posix::Spawn(spawn);
  if (!pid.ok()) {
    (void)posix::Unmap(record, posix::PageSize());
    return pid.status();
  }
  auto pidfd = posix::PidFdOpen(pid.value());
  auto start = posix::ProcessStartTime(pid.value());
  if (!pidfd.ok()) return pidfd.status();
  auto process = std::make_shared<Process>(pid.value(), start.ok() ? start.value() : 0, std::move(pidfd).value(),
                                           /*child=*/true, record);
  LaunchSucceeded(*launch);
  {
    std::lock_guard<std::mutex> guard(children_mutex);
    Children()[pid.value()] = process;
  }
  // The main thread's id: Linux gives a process's first thread the process id.
  auto thread = std::make_shared<ProcessMainThread>(process, static_cast<uint32_t>(pid.value()));
  return StartedProcess{process, thread};
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
  return std::make_shared<Process>(static_cast<pid_t>(pid), start.ok() ? start.value() : 0,
                                   std::move(pidfd).value(), /*child=*/false, nullptr);
}

void AttachProcessRecord(int fd) {
  posix::Fd owner(fd);  // the mapping is all this process needs
  auto mapped = posix::Map(nullptr, posix::PageSize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (!mapped.ok()) return;
  own_record = static_cast<ProcessRecord*>(mapped.value());
  on_exit(RecordExitStatus, nullptr);  // `return n` from main: the full int, which the exit status truncates
  while (Word(own_record->suspended).load() != 0) (void)posix::FutexWait(&own_record->suspended, 1, nullptr);
}

void ExitCurrentProcess(uint32_t exit_code) {
  RecordExitStatus(static_cast<int>(exit_code), nullptr);
  std::exit(static_cast<int>(exit_code));
}

std::optional<std::string> EnvironmentVariable(const std::string& name) { return posix::GetEnv(name); }

Status SetEnvironmentVariableTo(const std::string& name, const std::optional<std::string>& value) {
  return posix::SetEnv(name, value);
}

std::string CurrentDirectory() { return posix::CurrentDirectory(); }

uint32_t CurrentProcessId() {
  EnsureMailbox();
  return static_cast<uint32_t>(posix::CurrentProcessId());
}

}  // namespace winipc
