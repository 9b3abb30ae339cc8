// CreateThread, ExitThread, TerminateThread, OpenThread, GetExitCodeThread, GetCurrentThread(Id), GetThreadId,
// ResumeThread.
#include <windows.h>

#include "api/boundary.h"
#include "core/record_thread.h"
#include "core/thread.h"

namespace winipc::api {
namespace {

constexpr uint32_t kQueryRights = THREAD_QUERY_INFORMATION | THREAD_QUERY_LIMITED_INFORMATION;

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES, SIZE_T dwStackSize, LPTHREAD_START_ROUTINE lpStartAddress,
                                      LPVOID lpParameter, DWORD dwCreationFlags, LPDWORD lpThreadId) {
  if (lpStartAddress == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), HANDLE(nullptr));
  auto thread = StartThread(reinterpret_cast<ThreadStart>(lpStartAddress), lpParameter, dwStackSize,
                            (dwCreationFlags & CREATE_SUSPENDED) != 0);
  if (!thread.ok()) return Fail(thread.status(), HANDLE(nullptr));
  const uint32_t id = thread.value()->id();
  auto value = HandleTable::Get().Insert(thread.value(), THREAD_ALL_ACCESS);
  if (!value.ok()) {
    thread.value()->Resume();  // nobody could resume it: let it run rather than hang forever
    return Fail(value.status(), HANDLE(nullptr));
  }
  if (lpThreadId != nullptr) *lpThreadId = id;
  return ToHandle(value.value());
}

extern "C" void WINAPI ExitThread(DWORD dwExitCode) { ExitCurrentThread(dwExitCode); }

extern "C" BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode) {
  DWORD code = STILL_ACTIVE;
  if (FromHandle(hThread) != kCurrentThreadPseudoHandle) {
    auto thread = ObjectWithRight<Thread>(hThread, ObjectType::kThread, kQueryRights);
    if (!thread.ok()) return Fail(thread.status(), FALSE);
    if (thread.value()->exited()) code = thread.value()->exit_code();
  }
  if (lpExitCode == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  *lpExitCode = code;
  return TRUE;
}

extern "C" HANDLE WINAPI GetCurrentThread(void) { return ToHandle(kCurrentThreadPseudoHandle); }

extern "C" DWORD WINAPI GetCurrentThreadId(void) { return CurrentThreadId(); }

extern "C" DWORD WINAPI GetThreadId(HANDLE hThread) {
  if (FromHandle(hThread) == kCurrentThreadPseudoHandle) return CurrentThreadId();
  auto thread = ObjectWithRight<Thread>(hThread, ObjectType::kThread, kQueryRights);
  if (!thread.ok()) return Fail(thread.status(), DWORD{0});
  return thread.value()->id();
}

extern "C" DWORD WINAPI ResumeThread(HANDLE hThread) {
  if (FromHandle(hThread) == kCurrentThreadPseudoHandle) return 0;  // it is running: it is calling us
  auto thread = ObjectWithRight<Thread>(hThread, ObjectType::kThread, THREAD_SUSPEND_RESUME);
  if (!thread.ok()) return Fail(thread.status(), static_cast<DWORD>(-1));
  return thread.value()->Resume();
}

extern "C" BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode) {
  if (FromHandle(hThread) == kCurrentThreadPseudoHandle) TerminateCurrentThread(dwExitCode);
  auto thread = ObjectWithRight<Thread>(hThread, ObjectType::kThread, THREAD_TERMINATE);
  if (!thread.ok()) return Fail(thread.status(), FALSE);
  Status terminated = thread.value()->Terminate(dwExitCode);
  if (!terminated.ok()) return Fail(terminated, FALSE);
  return TRUE;
}

extern "C" HANDLE WINAPI OpenThread(DWORD dwDesiredAccess, BOOL bInheritHandle, DWORD dwThreadId) {
  auto thread = OpenThreadById(dwThreadId);
  if (!thread.ok()) return Fail(thread.status(), HANDLE(nullptr));
  auto access = AccessForOpen(ObjectType::kThread, dwDesiredAccess);
  if (!access.ok()) return Fail(access.status(), HANDLE(nullptr));
  return Inheritable(Publish(std::move(thread).value(), access.value(), Outcome::kOpened), bInheritHandle);
}
