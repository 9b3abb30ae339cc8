// CreateWaitableTimer(Ex), OpenWaitableTimer, SetWaitableTimer, CancelWaitableTimer, GetSystemTimeAsFileTime,
// GetTickCount(64).
#include <windows.h>

#include "api/boundary.h"
#include "core/apc.h"
#include "core/timer.h"
#include "posix/sys.h"

namespace winipc::api {
namespace {

HANDLE CreateTimerCommon(bool manual_reset, const std::optional<std::u16string>& name, bool ansi,
                         const SECURITY_ATTRIBUTES* attributes, uint32_t access = TIMER_ALL_ACCESS) {
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  auto timer = CreateTimerObject(parsed.value(), manual_reset, &existed);
  if (!timer.ok()) return Fail(timer.status(), HANDLE(nullptr));
  return Inheritable(PublishCreate(std::move(timer).value(), ObjectType::kWaitableTimer, access, existed),
                     attributes);
}

HANDLE OpenTimerCommon(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  return OpenByName(ObjectType::kWaitableTimer, access, name, ansi,
                    [](const ObjectName& n) { return OpenNamed<Timer>(n, ObjectType::kWaitableTimer); });
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bManualReset,
                                              LPCSTR lpTimerName) {
  return CreateTimerCommon(bManualReset != FALSE, NameFromA(lpTimerName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bManualReset,
                                              LPCWSTR lpTimerName) {
  return CreateTimerCommon(bManualReset != FALSE, NameFromW(lpTimerName), false, lpAttributes);
}

extern "C" HANDLE WINAPI CreateWaitableTimerExA(LPSECURITY_ATTRIBUTES lpAttributes, LPCSTR lpTimerName, DWORD dwFlags,
                                                DWORD dwDesiredAccess) {
  return CreateTimerCommon((dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET) != 0, NameFromA(lpTimerName),
                           true, lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES lpAttributes, LPCWSTR lpTimerName, DWORD dwFlags,
                                                DWORD dwDesiredAccess) {
  return CreateTimerCommon((dwFlags & CREATE_WAITABLE_TIMER_MANUAL_RESET) != 0, NameFromW(lpTimerName),
                           false, lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI OpenWaitableTimerA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpTimerName) {
  return Inheritable(OpenTimerCommon(dwDesiredAccess, NameFromA(lpTimerName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenWaitableTimerW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpTimerName) {
  return Inheritable(OpenTimerCommon(dwDesiredAccess, NameFromW(lpTimerName), false), bInheritHandle);
}

extern "C" BOOL WINAPI SetWaitableTimer(HANDLE hTimer, const LARGE_INTEGER* lpDueTime, LONG lPeriod,
                                        PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine,
                                        BOOL fResume) {
  auto timer = ObjectWithRight<Timer>(hTimer, ObjectType::kWaitableTimer, TIMER_MODIFY_STATE);
  if (!timer.ok()) return Fail(timer.status(), FALSE);
  if (lpDueTime == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  if (lPeriod < 0) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  const uint32_t setting =
      timer.value()->Set(MonotonicDueFromWindows(lpDueTime->QuadPart), int64_t{lPeriod} * 1000000);
  // The completion routine is an APC for this thread, run at its alertable waits after each expiry.
  if (pfnCompletionRoutine != nullptr) {
    auto entry = LookupHandle(hTimer, ObjectType::kWaitableTimer);
    if (entry.ok()) {
      CurrentThreadApcs().AddTimer(std::static_pointer_cast<Timer>(entry->object), setting,
                                 reinterpret_cast<ThreadApcs::TimerRoutine>(pfnCompletionRoutine),
                                   lpArgToCompletionRoutine);
    }
  }
  // Waking the machine from suspend is not something a Linux process can ask for; Windows reports the same.
  if (fResume) SetLastError(ERROR_NOT_SUPPORTED);
  return TRUE;
}

// The same, with a wake context (non-NULL: wake the machine, as fResume) and a tolerable delay, which a Linux timer
// needs no hint for.
extern "C" BOOL WINAPI SetWaitableTimerEx(HANDLE hTimer, const LARGE_INTEGER* lpDueTime, LONG lPeriod,
                                          PTIMERAPCROUTINE pfnCompletionRoutine, LPVOID lpArgToCompletionRoutine,
                                          PREASON_CONTEXT WakeContext, ULONG TolerableDelay) {
  (void)TolerableDelay;
  return SetWaitableTimer(hTimer, lpDueTime, lPeriod, pfnCompletionRoutine, lpArgToCompletionRoutine,
                          WakeContext != nullptr);
}

extern "C" BOOL WINAPI CancelWaitableTimer(HANDLE hTimer) {
  auto timer = ObjectWithRight<Timer>(hTimer, ObjectType::kWaitableTimer, TIMER_MODIFY_STATE);
  if (!timer.ok()) return Fail(timer.status(), FALSE);
  timer.value()->Cancel();
  return TRUE;
}

extern "C" void WINAPI GetSystemTimeAsFileTime(LPFILETIME lpSystemTimeAsFileTime) {
  *lpSystemTimeAsFileTime = ToFileTime(SystemTimeAsFileTime());
}

// Milliseconds since the system started, on CLOCK_MONOTONIC: the clock emu's waits and timers use, so a program
// that times a wait with GetTickCount sees what the wait saw. Unlike Windows it stops while the machine is
// suspended (docs/porting.md).
extern "C" ULONGLONG WINAPI GetTickCount64(void) { return static_cast<ULONGLONG>(posix::MonotonicNowNs() / 1000000); }

extern "C" DWORD WINAPI GetTickCount(void) { return static_cast<DWORD>(GetTickCount64()); }
