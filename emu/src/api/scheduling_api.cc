// Scheduling and error handling settings a program makes and reads back: SetThreadPriority/GetThreadPriority,
// SetPriorityClass/GetPriorityClass, the affinity masks, SetErrorMode/GetErrorMode, SetUnhandledExceptionFilter.
// Priorities are remembered, not applied (raising a Linux thread's priority needs privileges a Windows program
// does not need for HIGH_PRIORITY_CLASS); affinity is real (sched_setaffinity).
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-setthreadpriority
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-setpriorityclass
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setthreadaffinitymask
// https://learn.microsoft.com/en-us/windows/win32/api/errhandlingapi/nf-errhandlingapi-seterrormode
#include <windows.h>

#include <atomic>
#include <map>
#include <mutex>

#include "api/boundary.h"
#include "core/process.h"
#include "core/thread.h"
#include "posix/process_sys.h"
#include "posix/system_sys.h"

namespace winipc::api {
namespace {

// The values SetThreadPriority accepts in a process that is not REALTIME_PRIORITY_CLASS (TH-PRIO-003).
bool IsThreadPriority(int priority) {
  return (priority >= THREAD_PRIORITY_LOWEST && priority <= THREAD_PRIORITY_HIGHEST) ||
         priority == THREAD_PRIORITY_IDLE || priority == THREAD_PRIORITY_TIME_CRITICAL;
}

bool IsPriorityClass(DWORD value) {
  switch (value) {
    case IDLE_PRIORITY_CLASS:
    case BELOW_NORMAL_PRIORITY_CLASS:
    case NORMAL_PRIORITY_CLASS:
    case ABOVE_NORMAL_PRIORITY_CLASS:
    case HIGH_PRIORITY_CLASS:
    case REALTIME_PRIORITY_CLASS:
      return true;
    default:
      return false;
  }
}

// The thread behind a handle, or the calling thread for GetCurrentThread().
Result<std::shared_ptr<Thread>> ThreadWithRight(HANDLE handle, uint32_t rights) {
  if (FromHandle(handle) == kCurrentThreadPseudoHandle) return std::static_pointer_cast<Thread>(CurrentThreadObject());
  return ObjectWithRight<Thread>(handle, ObjectType::kThread, rights);
}

// Priority classes by process id: this process's, and those set through handles to others (which keep their
// own, unknown to this process: docs/porting.md).
struct PriorityClasses {
  std::mutex mutex;
  std::map<int, DWORD> by_pid;
};
PriorityClasses& Classes() {
  static auto* classes = new PriorityClasses;
  return *classes;
}

// The process id behind a handle with one of `rights`, or this process's for GetCurrentProcess().
Result<int> ProcessIdWithRight(HANDLE handle, uint32_t rights) {
  if (FromHandle(handle) == kCurrentProcessPseudoHandle) return posix::CurrentProcessId();
  auto entry = LookupHandle(handle, ObjectType::kProcess);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & rights)) return Status(ERROR_ACCESS_DENIED);
  if (auto process = std::dynamic_pointer_cast<Process>(entry->object)) return static_cast<int>(process->pid());
  return posix::CurrentProcessId();  // a duplicate of GetCurrentProcess()
}

std::atomic<UINT> error_mode{0};
std::atomic<LPTOP_LEVEL_EXCEPTION_FILTER> exception_filter{nullptr};

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI SetThreadPriority(HANDLE hThread, int nPriority) {
  auto thread = ThreadWithRight(hThread, THREAD_SET_INFORMATION | THREAD_SET_LIMITED_INFORMATION);
  if (!thread.ok()) return Fail(thread.status(), FALSE);
  // Background mode changes I/O and memory priority only, and only for the calling thread.
  if (nPriority == THREAD_MODE_BACKGROUND_BEGIN || nPriority == THREAD_MODE_BACKGROUND_END) {
    if (FromHandle(hThread) != kCurrentThreadPseudoHandle) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
    return TRUE;
  }
  if (!IsThreadPriority(nPriority)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  thread.value()->priority.store(nPriority);
  return TRUE;
}

extern "C" int WINAPI GetThreadPriority(HANDLE hThread) {
  auto thread = ThreadWithRight(hThread, THREAD_QUERY_INFORMATION | THREAD_QUERY_LIMITED_INFORMATION);
  if (!thread.ok()) return Fail(thread.status(), int{THREAD_PRIORITY_ERROR_RETURN});
  return thread.value()->priority.load();
}

extern "C" BOOL WINAPI SetPriorityClass(HANDLE hProcess, DWORD dwPriorityClass) {
  auto pid = ProcessIdWithRight(hProcess, PROCESS_SET_INFORMATION);
  if (!pid.ok()) return Fail(pid.status(), FALSE);
  if (dwPriorityClass == PROCESS_MODE_BACKGROUND_BEGIN || dwPriorityClass == PROCESS_MODE_BACKGROUND_END) {
    if (pid.value() != posix::CurrentProcessId()) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
    return TRUE;
  }
  if (!IsPriorityClass(dwPriorityClass)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  // Without the privilege to raise priorities (which no emu process has) REALTIME becomes HIGH, as on Windows.
  const DWORD granted = dwPriorityClass == REALTIME_PRIORITY_CLASS ? HIGH_PRIORITY_CLASS : dwPriorityClass;
  std::lock_guard<std::mutex> lock(Classes().mutex);
  Classes().by_pid[pid.value()] = granted;
  return TRUE;
}

extern "C" DWORD WINAPI GetPriorityClass(HANDLE hProcess) {
  auto pid = ProcessIdWithRight(hProcess, PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION);
  if (!pid.ok()) return Fail(pid.status(), DWORD{0});
  std::lock_guard<std::mutex> lock(Classes().mutex);
  auto it = Classes().by_pid.find(pid.value());
  return it != Classes().by_pid.end() ? it->second : DWORD{NORMAL_PRIORITY_CLASS};
}

extern "C" BOOL WINAPI GetProcessAffinityMask(HANDLE hProcess, PDWORD_PTR lpProcessAffinityMask,
                                              PDWORD_PTR lpSystemAffinityMask) {
  auto pid = ProcessIdWithRight(hProcess, PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION);
  if (!pid.ok()) return Fail(pid.status(), FALSE);
  if (lpProcessAffinityMask == nullptr || lpSystemAffinityMask == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  // A process's mask is its main thread's (Linux keeps one per thread).
  auto mask = posix::ThreadAffinity(pid.value());
  if (!mask.ok()) return Fail(mask.status(), FALSE);
  *lpProcessAffinityMask = static_cast<DWORD_PTR>(mask.value());
  *lpSystemAffinityMask = static_cast<DWORD_PTR>(posix::OnlineCpuMask());
  return TRUE;
}

extern "C" BOOL WINAPI SetProcessAffinityMask(HANDLE hProcess, DWORD_PTR dwProcessAffinityMask) {
  auto pid = ProcessIdWithRight(hProcess, PROCESS_SET_INFORMATION);
  if (!pid.ok()) return Fail(pid.status(), FALSE);
  const uint64_t mask = dwProcessAffinityMask;
  if (mask == 0 || (mask & ~posix::OnlineCpuMask()) != 0) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  Status set = pid.value() == posix::CurrentProcessId() ? posix::SetAllThreadsAffinity(mask)
                                                        : posix::SetThreadAffinity(pid.value(), mask);
  if (!set.ok()) return Fail(set, FALSE);
  return TRUE;
}

extern "C" DWORD_PTR WINAPI SetThreadAffinityMask(HANDLE hThread, DWORD_PTR dwThreadAffinityMask) {
  auto thread = ThreadWithRight(hThread, THREAD_SET_INFORMATION | THREAD_SET_LIMITED_INFORMATION);
  if (!thread.ok()) return Fail(thread.status(), DWORD_PTR{0});
  const int tid = static_cast<int>(thread.value()->id());
  auto owner = posix::ProcessOfThread(static_cast<uint32_t>(tid));
  if (!owner.ok()) return Fail(Status(ERROR_INVALID_HANDLE), DWORD_PTR{0});
  // The new mask must be a subset of the process's (PR-AFFIN-003).
  auto process_mask = posix::ThreadAffinity(owner.value());
  if (!process_mask.ok()) return Fail(process_mask.status(), DWORD_PTR{0});
  const uint64_t mask = dwThreadAffinityMask;
  if (mask == 0 || (mask & ~process_mask.value()) != 0) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD_PTR{0});
  auto previous = posix::ThreadAffinity(tid);
  if (!previous.ok()) return Fail(previous.status(), DWORD_PTR{0});
  Status set = posix::SetThreadAffinity(tid, mask);
  if (!set.ok()) return Fail(set, DWORD_PTR{0});
  return static_cast<DWORD_PTR>(previous.value());
}

extern "C" UINT WINAPI GetErrorMode(void) { return error_mode.load(); }

// The mode only decides which dialog boxes Windows shows; emu shows none, and stores it (ER-MODE-001).
extern "C" UINT WINAPI SetErrorMode(UINT uMode) { return error_mode.exchange(uMode); }

// Stored and returned; emu never calls it: a Linux signal (SIGSEGV, SIGFPE) is not a Windows exception
// (docs/porting.md).
extern "C" LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(
    LPTOP_LEVEL_EXCEPTION_FILTER lpTopLevelExceptionFilter) {
  return exception_filter.exchange(lpTopLevelExceptionFilter);
}
