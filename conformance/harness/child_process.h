// The per-OS half of Child: one started process of this binary. Declared here, defined in
// child_process_win.cc (CreateProcess) and child_process_posix.cc (posix_spawn); CMake picks one.
#ifndef WINIPC_CONFORMANCE_HARNESS_CHILD_PROCESS_H_
#define WINIPC_CONFORMANCE_HARNESS_CHILD_PROCESS_H_

#include <windows.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace winipc::conformance::internal {

class ChildProcess;

// Kills and reaps a process that is still running, then frees it.
struct ChildProcessDeleter {
  void operator()(ChildProcess* process) const;
};

using ChildProcessPtr = std::unique_ptr<ChildProcess, ChildProcessDeleter>;

// The path of this executable, as the OS names it; "" if it cannot be found.
std::string ProgramPath();

// Starts this executable as `--winipc-child=<name> <args...>`, sharing stdin, stdout and stderr. On failure
// returns null and describes why in *error.
ChildProcessPtr StartChildProcess(const std::string& name, const std::vector<std::string>& args, std::string* error);

// The exit code once the process has exited (remembered for later calls), or nullopt if it is still running
// after timeout_ms. A process ended by a signal reports 128 + the signal number, like a shell.
std::optional<int> WaitForChildProcess(ChildProcess& process, DWORD timeout_ms);

// Ends the process with exit code kChildKilled and reaps it; nothing if it has already exited.
void KillChildProcess(ChildProcess& process);

}  // namespace winipc::conformance::internal

#endif  // WINIPC_CONFORMANCE_HARNESS_CHILD_PROCESS_H_
