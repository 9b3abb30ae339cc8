// Child processes on Linux: posix_spawn of /proc/self/exe, waitpid, SIGKILL. emu has no CreateProcess, and the
// suite must not need one, so this file talks to POSIX directly.
#include "harness/child_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "harness/child.h"
#include "harness/report.h"

extern char** environ;

namespace winipc::conformance::internal {

class ChildProcess {
 public:
  ChildProcess(std::string name, pid_t pid) : name_(std::move(name)), pid_(pid) {}

  std::optional<int> Wait(DWORD timeout_ms);
  void Kill();

 private:
  // Records how the process ended; reports a signal nobody here sent (a crash) on stderr.
  void Reaped(int status);

  std::string name_;
  pid_t pid_;
  bool killed_ = false;
  std::optional<int> exit_code_;
};

std::optional<int> ChildProcess::Wait(DWORD timeout_ms) {
  using Clock = std::chrono::steady_clock;
  constexpr DWORD kInfinite = 0xFFFFFFFF;  // INFINITE
  const Clock::time_point deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  // Poll with a growing pause: exits are noticed within a few milliseconds without a busy loop.
  std::chrono::milliseconds pause(1);
  while (!exit_code_) {
    int status = 0;
    const pid_t reaped = waitpid(pid_, &status, WNOHANG);
    if (reaped == pid_) {
      Reaped(status);
      break;
    }
    if (reaped < 0 && errno != EINTR) {
      ReportHarnessError("waitpid(" + std::to_string(pid_) + ") for child " + name_ + ": " + std::strerror(errno));
      exit_code_ = kChildNotStarted;
      break;
    }
    const Clock::time_point now = Clock::now();
    if (timeout_ms != kInfinite && now >= deadline) return std::nullopt;
    std::this_thread::sleep_for(timeout_ms == kInfinite ? pause : std::min<Clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  return exit_code_;
}

void ChildProcess::Kill() {
  if (exit_code_) return;
  killed_ = true;
  kill(pid_, SIGKILL);
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid_, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  if (reaped == pid_) {
    Reaped(status);
  } else {
    ReportHarnessError("waitpid(" + std::to_string(pid_) + ") after SIGKILL: " + std::strerror(errno));
    exit_code_ = kChildKilled;
  }
}

void ChildProcess::Reaped(int status) {
  if (WIFEXITED(status)) {
    exit_code_ = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    exit_code_ = 128 + WTERMSIG(status);
    if (!(killed_ && WTERMSIG(status) == SIGKILL)) {
      std::fprintf(stderr, "winipc harness: child %s (pid %d) ended by signal %d (%s)\n", name_.c_str(),
                   static_cast<int>(pid_), WTERMSIG(status), strsignal(WTERMSIG(status)));
    }
  } else {
    exit_code_ = kChildNotStarted;  // Not reachable without WUNTRACED.
  }
}

void ChildProcessDeleter::operator()(ChildProcess* process) const {
  if (!process->Wait(0)) process->Kill();
  delete process;
}

std::string ProgramPath() {
  char self[4096];
  const ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
  return length > 0 ? std::string(self, static_cast<size_t>(length)) : "";
}

ChildProcessPtr StartChildProcess(const std::string& name, const std::vector<std::string>& args, std::string* error) {
  // /proc/self/exe is this very binary even if the file was replaced since; argv[0] gets its readable path.
  std::string program = ProgramPath();
  if (program.empty()) program = "/proc/self/exe";

  std::vector<std::string> arguments = {program, "--winipc-child=" + name};
  arguments.insert(arguments.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  const int result = posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ);
  if (result != 0) {
    *error = std::string("posix_spawn: ") + std::strerror(result);
    return nullptr;
  }
  return ChildProcessPtr(new ChildProcess(name, pid));
}

std::optional<int> WaitForChildProcess(ChildProcess& process, DWORD timeout_ms) { return process.Wait(timeout_ms); }

void KillChildProcess(ChildProcess& process) { process.Kill(); }

}  // namespace winipc::conformance::internal
