// For tests of CreateProcess and of what a child gets from it (inherited handles): a child main of this binary
// started with CreateProcessA itself, not with SpawnChild, so the call under test is the one the test makes on
// both builds (SpawnChild uses posix_spawn on Linux, which emu never sees). Also a small named mailbox for
// passing values (handle values, pids, expected strings) to a child another way than its command line.
//
// Header-only and used by conformance/processes/*_test.cc and conformance/handles/{inherit,duplicate_process}_test.cc.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessa
#ifndef WINIPC_CONFORMANCE_PROCESSES_LAUNCHED_PROCESS_H_
#define WINIPC_CONFORMANCE_PROCESSES_LAUNCHED_PROCESS_H_

#include <windows.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance::processes {

// A child main of this binary started by CreateProcessA. Move-only; destroying one whose process still runs
// terminates it (exit code kChildKilled) and waits for it, so a failed ASSERT leaks no process.
class LaunchedProcess {
 public:
  LaunchedProcess() = default;
  LaunchedProcess(LaunchedProcess&& other) noexcept
      : process_(std::move(other.process_)), thread_(std::move(other.thread_)), info_(other.info_) {}
  LaunchedProcess& operator=(LaunchedProcess&& other) noexcept {
    if (this != &other) {
      Kill();
      process_ = std::move(other.process_);
      thread_ = std::move(other.thread_);
      info_ = other.info_;
    }
    return *this;
  }
  LaunchedProcess(const LaunchedProcess&) = delete;
  LaunchedProcess& operator=(const LaunchedProcess&) = delete;
  ~LaunchedProcess() { Kill(); }

  // Starts the child main `name` with `args` through CreateProcessA(program, command line, NULL, NULL,
  // inherit_handles, 0, NULL, NULL, ...). A failure is a test failure and gives an invalid LaunchedProcess.
  static LaunchedProcess Start(const std::string& name, const std::vector<std::string>& args, BOOL inherit_handles) {
    LaunchedProcess launched;
    const std::string program = ChildProgramPath();
    std::string command_line = ChildCommandLine(name, args);  // CreateProcessA may write into it.
    STARTUPINFOA startup = {};
    startup.cb = sizeof startup;
    std::fflush(nullptr);  // The child may write to the same stdout and stderr.
    if (!CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, inherit_handles, 0, nullptr,
                        nullptr, &startup, &launched.info_)) {
      ADD_FAILURE() << "CreateProcessA(" << command_line << ") failed with " << DescribeError(GetLastError());
      return LaunchedProcess();
    }
    launched.Adopt(launched.info_);
    return launched;
  }

  // Takes ownership of what a successful CreateProcess call filled in.
  void Adopt(const PROCESS_INFORMATION& info) {
    info_ = info;
    process_.reset(info.hProcess);
    thread_.reset(info.hThread);
  }

  HANDLE process() const { return process_.get(); }
  HANDLE thread() const { return thread_.get(); }
  DWORD pid() const { return info_.dwProcessId; }
  const PROCESS_INFORMATION& info() const { return info_; }
  explicit operator bool() const { return static_cast<bool>(process_); }

  // Waits up to timeout_ms for the child to exit and returns its exit code. If it still runs then, that is a
  // test failure: it is terminated and the result is kChildTimedOut.
  int Wait(DWORD timeout_ms) {
    if (!process_) return kChildNotStarted;
    const DWORD waited = WaitForSingleObject(process_.get(), timeout_ms);
    if (waited != WAIT_OBJECT_0) {
      ADD_FAILURE() << "child still running after " << timeout_ms << " ms (wait returned " << waited
                    << "); terminating it";
      Kill();
      return kChildTimedOut;
    }
    DWORD exit_code = 0;
    if (!GetExitCodeProcess(process_.get(), &exit_code)) {
      ADD_FAILURE() << "GetExitCodeProcess failed with " << DescribeError(GetLastError());
      return kChildNotStarted;
    }
    return static_cast<int>(exit_code);
  }

  // Closes the handles and lets the child run on, unwatched (pid() still answers).
  void Detach() {
    process_.reset();
    thread_.reset();
  }

  // Terminates the child if it still runs and waits (bounded) until it is gone.
  void Kill() {
    if (!process_) return;
    if (WaitForSingleObject(process_.get(), 0) == WAIT_TIMEOUT) {
      TerminateProcess(process_.get(), kChildKilled);
      WaitForSingleObject(process_.get(), kChildTimeoutMs);
    }
  }

 private:
  ScopedHandle process_;
  ScopedHandle thread_;
  PROCESS_INFORMATION info_ = {};
};

// Starts the child main `name` like LaunchedProcess::Start but keeps no handle to it: for a child that starts a
// grandchild which must outlive it. Returns the new process's id, or 0 (after reporting why) if it failed.
inline DWORD StartDetached(const std::string& name, const std::vector<std::string>& args, BOOL inherit_handles) {
  LaunchedProcess launched = LaunchedProcess::Start(name, args, inherit_handles);
  if (!launched) return 0;
  launched.Detach();
  return launched.pid();
}

// Duplicates `handle` (DUPLICATE_SAME_ACCESS) into the process `pid`, opened with PROCESS_DUP_HANDLE for the call:
// the value it has there, or NULL (GetLastError says why).
inline HANDLE DuplicateIntoProcess(HANDLE handle, DWORD pid) {
  ScopedHandle target(OpenProcess(PROCESS_DUP_HANDLE, FALSE, pid));
  if (!target) return nullptr;
  HANDLE there = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), handle, target.get(), &there, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
    return nullptr;
  }
  return there;
}

// A handle value as a command-line argument, and back.
inline std::string HandleArgument(HANDLE handle) {
  return std::to_string(static_cast<unsigned long long>(reinterpret_cast<uintptr_t>(handle)));
}
inline HANDLE HandleFromArgument(const std::string& argument) {
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(std::stoull(argument)));
}

// A named 4 KiB mapping two processes use to pass values: the parent creates it, the child opens it. The slots
// are 64-bit words; text() is the rest of the page after the slots.
class Mailbox {
 public:
  static constexpr int kSlots = 16;
  static constexpr size_t kTextSize = 4096 - kSlots * sizeof(uint64_t);

  static Mailbox Create(const char* what) {
    Mailbox mailbox;
    mailbox.name_ = UniqueName(what);
    mailbox.mapping_.reset(
        CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, mailbox.name_.c_str()));
    if (mailbox.mapping_) mailbox.view_.reset(MapViewOfFile(mailbox.mapping_.get(), FILE_MAP_WRITE, 0, 0, 0));
    return mailbox;
  }
  static Mailbox Open(const std::string& name) {
    Mailbox mailbox;
    mailbox.name_ = name;
    mailbox.mapping_.reset(OpenFileMappingA(FILE_MAP_WRITE, FALSE, name.c_str()));
    if (mailbox.mapping_) mailbox.view_.reset(MapViewOfFile(mailbox.mapping_.get(), FILE_MAP_WRITE, 0, 0, 0));
    return mailbox;
  }

  const std::string& name() const { return name_; }
  explicit operator bool() const { return static_cast<bool>(view_); }

  volatile uint64_t& slot(int index) { return view_.as<volatile uint64_t>()[index]; }
  void SetHandle(int index, HANDLE handle) { slot(index) = reinterpret_cast<uintptr_t>(handle); }
  HANDLE GetHandle(int index) { return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(slot(index))); }
  char* text() { return view_.as<char>() + kSlots * sizeof(uint64_t); }

 private:
  std::string name_;
  ScopedHandle mapping_;
  ScopedView view_;
};

}  // namespace winipc::conformance::processes

#endif  // WINIPC_CONFORMANCE_PROCESSES_LAUNCHED_PROCESS_H_
