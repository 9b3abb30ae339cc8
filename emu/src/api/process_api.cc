// CreateProcess, OpenProcess, GetExitCodeProcess, TerminateProcess, ExitProcess, GetProcessId,
// GetCurrentProcessId, SetHandleInformation, GetHandleInformation, and the environment and current directory a
// child is given: Get/SetEnvironmentVariable, GetCurrentDirectory.
#include <windows.h>

#include <algorithm>
#include <cstring>

#include "api/boundary.h"
#include "api/child_stdio.h"
#include "core/process.h"
#include "core/transfer.h"
#include "core/utf.h"

namespace winipc::api {
namespace {

constexpr uint32_t kQueryRights = PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION;

// The process behind a handle (GetCurrentProcess() and its duplicates are the calling process: nullptr).
Result<std::shared_ptr<Process>> ProcessWithRight(HANDLE handle, uint32_t rights, bool* self) {
  *self = false;
  if (FromHandle(handle) == kCurrentProcessPseudoHandle) {
    *self = true;
    return std::shared_ptr<Process>();
  }
  auto entry = LookupHandle(handle, ObjectType::kProcess);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & rights)) return Status(ERROR_ACCESS_DENIED);
  auto process = std::dynamic_pointer_cast<Process>(entry->object);
  if (!process) *self = true;  // a duplicate of GetCurrentProcess()
  return process;
}

// "A=1\0B=2\0\0", in UTF-8 or (CREATE_UNICODE_ENVIRONMENT) UTF-16.
std::vector<std::string> ParseEnvironment(const void* block, bool unicode) {
  std::vector<std::string> out;
  if (unicode) {
    const auto* p = static_cast<const char16_t*>(block);
    while (*p != 0) {
      std::u16string entry(p);
      out.push_back(Utf16ToUtf8(entry));
      p += entry.size() + 1;
    }
  } else {
    const auto* p = static_cast<const char*>(block);
    while (*p != 0) {
      std::string entry(p);
      p += entry.size() + 1;
      out.push_back(std::move(entry));
    }
  }
  return out;
}

BOOL CreateProcessCommon(const std::optional<std::string>& application, const std::optional<std::string>& command_line,
                         const SECURITY_ATTRIBUTES* process_attributes, const SECURITY_ATTRIBUTES* thread_attributes,
                         bool inherit_handles, DWORD flags, LPVOID environment,
                         const std::optional<std::string>& directory, LPPROCESS_INFORMATION info,
                         std::optional<std::array<int, 3>> std_fds) {
  if (info == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  if (!application && !command_line) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  ProcessSpec spec;
  spec.argv = SplitCommandLine(command_line ? *command_line : "\"" + *application + "\"");
  spec.executable = application ? *application : spec.argv.front();
  if (spec.argv.front().empty()) spec.argv.front() = spec.executable;
  if (environment != nullptr) {
    spec.environment = ParseEnvironment(environment, (flags & CREATE_UNICODE_ENVIRONMENT) != 0);
  }
  if (spec.environment) {
    std::erase_if(*spec.environment, [](const std::string& e) { return IsLaunchVariable(e); });
  }
  spec.directory = directory;
  spec.inherit_handles = inherit_handles;
  spec.suspended = (flags & CREATE_SUSPENDED) != 0;
  spec.std_fds = std_fds;  // STARTF_USESTDHANDLES (api/child_stdio.h)
  EnsureMailbox();  // a parent can be sent handles by its children
  auto started = StartProcess(spec);
  if (!started.ok()) return Fail(started.status(), FALSE);
  auto inherit = [](const SECURITY_ATTRIBUTES* sa) {
    return sa != nullptr && sa->bInheritHandle ? kHandleFlagInherit : 0u;
  };
  auto process = HandleTable::Get().Insert(started->process, PROCESS_ALL_ACCESS, inherit(process_attributes));
  if (!process.ok()) return Fail(process.status(), FALSE);
  auto thread = HandleTable::Get().Insert(started->main_thread, THREAD_ALL_ACCESS, inherit(thread_attributes));
  if (!thread.ok()) {
    (void)HandleTable::Get().Close(process.value());
    return Fail(thread.status(), FALSE);
  }
  info->hProcess = ToHandle(process.value());
  info->hThread = ToHandle(thread.value());
  info->dwProcessId = static_cast<DWORD>(started->process->pid());
  info->dwThreadId = started->main_thread->id();
  return TRUE;
}

// STARTF_USESTDHANDLES (A and W STARTUPINFO have the same flags and handles).
template <typename StartupInfo>
std::optional<std::array<int, 3>> StdDescriptorsFor(const StartupInfo* startup, BOOL inherit_handles) {
  if (startup == nullptr) return std::nullopt;
  return ChildStdDescriptors(startup->dwFlags, startup->hStdInput, startup->hStdOutput, startup->hStdError,
                             inherit_handles != FALSE);
}

std::optional<std::string> Utf8(LPCWSTR text) {
  if (text == nullptr) return std::nullopt;
  return Utf16ToUtf8(std::u16string(reinterpret_cast<const char16_t*>(text)));
}

std::optional<std::string> Text(LPCSTR text) {
  if (text == nullptr) return std::nullopt;
  return std::string(text);
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI CreateProcessA(LPCSTR lpApplicationName, LPSTR lpCommandLine,
                                      LPSECURITY_ATTRIBUTES lpProcessAttributes,
                                      LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                                      DWORD dwCreationFlags, LPVOID lpEnvironment, LPCSTR lpCurrentDirectory,
                                      LPSTARTUPINFOA lpStartupInfo, LPPROCESS_INFORMATION lpProcessInformation) {
  return CreateProcessCommon(Text(lpApplicationName), Text(lpCommandLine), lpProcessAttributes, lpThreadAttributes,
                             bInheritHandles != FALSE, dwCreationFlags, lpEnvironment, Text(lpCurrentDirectory),
                             lpProcessInformation, StdDescriptorsFor(lpStartupInfo, bInheritHandles));
}

extern "C" BOOL WINAPI CreateProcessW(LPCWSTR lpApplicationName, LPWSTR lpCommandLine,
                                      LPSECURITY_ATTRIBUTES lpProcessAttributes,
                                      LPSECURITY_ATTRIBUTES lpThreadAttributes, BOOL bInheritHandles,
                                      DWORD dwCreationFlags, LPVOID lpEnvironment, LPCWSTR lpCurrentDirectory,
                                      LPSTARTUPINFOW lpStartupInfo, LPPROCESS_INFORMATION lpProcessInformation) {
  return CreateProcessCommon(Utf8(lpApplicationName), Utf8(lpCommandLine), lpProcessAttributes, lpThreadAttributes,
                             bInheritHandles != FALSE, dwCreationFlags, lpEnvironment, Utf8(lpCurrentDirectory),
                             lpProcessInformation, StdDescriptorsFor(lpStartupInfo, bInheritHandles));
}

extern "C" HANDLE WINAPI OpenProcess(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwProcessId) {
  std::shared_ptr<Object> object;
  if (dwProcessId == CurrentProcessId()) {
    object = CurrentProcessObject();
  } else {
    EnsureMailbox();  // a process that deals with others can receive handles from them
    auto process = OpenProcessById(dwProcessId);
    if (!process.ok()) return Fail(process.status(), HANDLE(nullptr));
    object = std::move(process).value();
  }
  auto access = AccessForOpen(ObjectType::kProcess, dwDesiredAccess);
  if (!access.ok()) return Fail(access.status(), HANDLE(nullptr));
  return Inheritable(Publish(std::move(object), access.value(), Outcome::kOpened), bInheritHandle);
}

extern "C" BOOL WINAPI GetExitCodeProcess(HANDLE hProcess, LPDWORD lpExitCode) {
  bool self = false;
  auto process = ProcessWithRight(hProcess, kQueryRights, &self);
  if (!process.ok()) return Fail(process.status(), FALSE);
  if (lpExitCode == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  *lpExitCode = self ? STILL_ACTIVE : process.value()->ExitCode();
  return TRUE;
}

extern "C" BOOL WINAPI TerminateProcess(HANDLE hProcess, UINT uExitCode) {
  bool self = false;
  auto process = ProcessWithRight(hProcess, PROCESS_TERMINATE, &self);
  if (!process.ok()) return Fail(process.status(), FALSE);
  if (self) ExitCurrentProcess(uExitCode);
  Status terminated = process.value()->Terminate(uExitCode);
  if (!terminated.ok()) return Fail(terminated, FALSE);
  return TRUE;
}

extern "C" void WINAPI ExitProcess(UINT uExitCode) { ExitCurrentProcess(uExitCode); }

extern "C" DWORD WINAPI GetProcessId(HANDLE Process) {
  bool self = false;
  auto process = ProcessWithRight(Process, kQueryRights, &self);
  if (!process.ok()) return Fail(process.status(), DWORD{0});
  return self ? CurrentProcessId() : static_cast<DWORD>(process.value()->pid());
}

extern "C" DWORD WINAPI GetCurrentProcessId(void) { return CurrentProcessId(); }

extern "C" BOOL WINAPI SetHandleInformation(HANDLE hObject, DWORD dwMask, DWORD dwFlags) {
  const uint32_t known = HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE;
  Status set = HandleTable::Get().SetFlags(FromHandle(hObject), dwMask & known, dwFlags);
  if (!set.ok()) return Fail(set, FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI GetHandleInformation(HANDLE hObject, LPDWORD lpdwFlags) {
  auto entry = HandleTable::Get().Lookup(FromHandle(hObject));
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  if (lpdwFlags == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  *lpdwFlags = entry->flags;
  return TRUE;
}

extern "C" DWORD WINAPI GetEnvironmentVariableA(LPCSTR lpName, LPSTR lpBuffer, DWORD nSize) {
  auto value = lpName != nullptr ? EnvironmentVariable(lpName) : std::nullopt;
  if (!value) return Fail(Status(ERROR_ENVVAR_NOT_FOUND), DWORD{0});
  return CopyOut(*value, lpBuffer, nSize);
}

extern "C" DWORD WINAPI GetEnvironmentVariableW(LPCWSTR lpName, LPWSTR lpBuffer, DWORD nSize) {
  auto name = Utf8(lpName);
  auto value = name ? EnvironmentVariable(*name) : std::nullopt;
  if (!value) return Fail(Status(ERROR_ENVVAR_NOT_FOUND), DWORD{0});
  const std::u16string wide = Utf8ToUtf16(*value);
  return CopyOut(std::basic_string<WCHAR>(wide.begin(), wide.end()), lpBuffer, nSize);
}

extern "C" BOOL WINAPI SetEnvironmentVariableA(LPCSTR lpName, LPCSTR lpValue) {
  if (lpName == nullptr || *lpName == 0 || std::strchr(lpName, '=') != nullptr) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  Status set = SetEnvironmentVariableTo(lpName, Text(lpValue));
  return set.ok() ? TRUE : Fail(set, FALSE);
}

extern "C" BOOL WINAPI SetEnvironmentVariableW(LPCWSTR lpName, LPCWSTR lpValue) {
  auto name = Utf8(lpName);
  if (!name || name->empty() || name->find('=') != std::string::npos) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  Status set = SetEnvironmentVariableTo(*name, Utf8(lpValue));
  return set.ok() ? TRUE : Fail(set, FALSE);
}

extern "C" DWORD WINAPI GetCurrentDirectoryA(DWORD nBufferLength, LPSTR lpBuffer) {
  return CopyOut(CurrentDirectory(), lpBuffer, nBufferLength);
}

extern "C" DWORD WINAPI GetCurrentDirectoryW(DWORD nBufferLength, LPWSTR lpBuffer) {
  const std::u16string wide = Utf8ToUtf16(CurrentDirectory());
  return CopyOut(std::basic_string<WCHAR>(wide.begin(), wide.end()), lpBuffer, nBufferLength);
}
