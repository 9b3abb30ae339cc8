// Child processes on Windows: CreateProcessA of this module, WaitForSingleObject, TerminateProcess.
#include "harness/child_process.h"

#include <cstdio>

#include "harness/child.h"
#include "harness/command_line.h"
#include "harness/error_names.h"
#include "harness/report.h"

namespace winipc::conformance::internal {

class ChildProcess {
 public:
  ChildProcess(std::string name, HANDLE process) : name_(std::move(name)), process_(process) {}
  ~ChildProcess() { CloseHandle(process_); }

  std::optional<int> Wait(DWORD timeout_ms);
  void Kill();

 private:
  std::string name_;
  HANDLE process_;
  std::optional<int> exit_code_;
};

std::optional<int> ChildProcess::Wait(DWORD timeout_ms) {
  if (exit_code_) return exit_code_;
  const DWORD waited = WaitForSingleObject(process_, timeout_ms);
  if (waited == WAIT_TIMEOUT) return std::nullopt;
  DWORD exit_code = 0;
  if (waited != WAIT_OBJECT_0 || !GetExitCodeProcess(process_, &exit_code)) {
    ReportHarnessError("waiting for child " + name_ + " failed with " + DescribeError(GetLastError()));
    exit_code_ = kChildNotStarted;
  } else {
    exit_code_ = static_cast<int>(exit_code);
  }
  return exit_code_;
}

void ChildProcess::Kill() {
  if (exit_code_) return;
  // TerminateProcess only starts the termination; wait for it so the process is really gone on return.
  constexpr DWORD kTerminationTimeoutMs = 10000;
  if (!TerminateProcess(process_, kChildKilled)) {
    // It may have exited meanwhile (ERROR_ACCESS_DENIED); Wait below sorts that out.
    std::fprintf(stderr, "winipc harness: TerminateProcess on child %s: %s\n", name_.c_str(),
                 DescribeError(GetLastError()).c_str());
  }
  if (!Wait(kTerminationTimeoutMs)) {
    ReportHarnessError("child " + name_ + " still running 10 s after TerminateProcess");
  }
}

void ChildProcessDeleter::operator()(ChildProcess* process) const {
  if (!process->Wait(0)) process->Kill();
  delete process;
}

namespace {

std::string ModulePath() {
  std::string path(MAX_PATH, '\0');
  for (;;) {
    const DWORD length = GetModuleFileNameA(nullptr, path.data(), static_cast<DWORD>(path.size()));
    if (length == 0) return "";
    if (length < path.size()) {
      path.resize(length);
      return path;
    }
    path.resize(path.size() * 2);  // Truncated: try a bigger buffer.
  }
}

// The child writes to our stdout and stderr. They are passed explicitly (STARTF_USESTDHANDLES), which needs
// them inheritable; that is what a console does for its processes anyway.
HANDLE InheritableStdHandle(DWORD which) {
  const HANDLE handle = GetStdHandle(which);
  if (handle != nullptr && handle != INVALID_HANDLE_VALUE) {
    SetHandleInformation(handle, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  }
  return handle;
}

}  // namespace

std::string ProgramPath() { return ModulePath(); }

ChildProcessPtr StartChildProcess(const std::string& name, const std::vector<std::string>& args, std::string* error) {
  const std::string program = ModulePath();
  if (program.empty()) {
    *error = "GetModuleFileNameA failed with " + DescribeError(GetLastError());
    return nullptr;
  }
  std::vector<std::string> arguments = {program, "--winipc-child=" + name};
  arguments.insert(arguments.end(), args.begin(), args.end());
  std::string command_line = BuildWindowsCommandLine(arguments);  // CreateProcessA may write into it.

  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = InheritableStdHandle(STD_INPUT_HANDLE);
  startup.hStdOutput = InheritableStdHandle(STD_OUTPUT_HANDLE);
  startup.hStdError = InheritableStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION info = {};
  // bInheritHandles is TRUE: besides the standard handles, the child gets every handle the test made
  // inheritable, as a Windows child would (tests of handle inheritance rely on it).
  if (!CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup,
                      &info)) {
    *error = "CreateProcessA(" + command_line + ") failed with " + DescribeError(GetLastError());
    return nullptr;
  }
  CloseHandle(info.hThread);
  return ChildProcessPtr(new ChildProcess(name, info.hProcess));
}

std::optional<int> WaitForChildProcess(ChildProcess& process, DWORD timeout_ms) { return process.Wait(timeout_ms); }

void KillChildProcess(ChildProcess& process) { process.Kill(); }

}  // namespace winipc::conformance::internal
