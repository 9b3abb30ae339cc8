// CreateEvent(Ex), OpenEvent, SetEvent, ResetEvent, PulseEvent.
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/event.h"

namespace winipc::api {
namespace {

// `access`: what the handle gets; for a new event that is exactly what was asked (even 0), for an existing one it is
// checked as an open would be.
HANDLE CreateEventCommon(BOOL manual_reset, BOOL initial_state, const std::optional<std::u16string>& name, bool ansi,
                         const SECURITY_ATTRIBUTES* attributes, uint32_t access = EVENT_ALL_ACCESS) {
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  // On an existing name the first creator's reset type and state stay.
  auto event = CreateEventObject(parsed.value(), manual_reset != FALSE, initial_state != FALSE, &existed);
  if (!event.ok()) return Fail(event.status(), HANDLE(nullptr));
  return Inheritable(PublishCreate(std::move(event).value(), ObjectType::kEvent, access, existed), attributes);
}

HANDLE OpenEventCommon(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  return OpenByName(ObjectType::kEvent, access, name, ansi,
                    [](const ObjectName& n) { return OpenNamed<Event>(n, ObjectType::kEvent); });
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bManualReset, BOOL bInitialState,
                                      LPCSTR lpName) {
  return CreateEventCommon(bManualReset, bInitialState, NameFromA(lpName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bManualReset, BOOL bInitialState,
                                      LPCWSTR lpName) {
  return CreateEventCommon(bManualReset, bInitialState, NameFromW(lpName), false, lpAttributes);
}

// Flag bits other than these two are ignored, as Windows does.
extern "C" HANDLE WINAPI CreateEventExA(LPSECURITY_ATTRIBUTES lpAttributes, LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
  return CreateEventCommon((dwFlags & CREATE_EVENT_MANUAL_RESET) != 0, (dwFlags & CREATE_EVENT_INITIAL_SET) != 0,
                           NameFromA(lpName), true, lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI CreateEventExW(LPSECURITY_ATTRIBUTES lpAttributes, LPCWSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
  return CreateEventCommon((dwFlags & CREATE_EVENT_MANUAL_RESET) != 0, (dwFlags & CREATE_EVENT_INITIAL_SET) != 0,
                           NameFromW(lpName), false, lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI OpenEventA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  return Inheritable(OpenEventCommon(dwDesiredAccess, NameFromA(lpName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenEventW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
  return Inheritable(OpenEventCommon(dwDesiredAccess, NameFromW(lpName), false), bInheritHandle);
}

extern "C" BOOL WINAPI SetEvent(HANDLE hEvent) {
  auto event = ObjectWithRight<Event>(hEvent, ObjectType::kEvent, EVENT_MODIFY_STATE);
  if (!event.ok()) return Fail(event.status(), FALSE);
  event.value()->Set();
  return TRUE;
}

extern "C" BOOL WINAPI PulseEvent(HANDLE hEvent) {
  auto event = ObjectWithRight<Event>(hEvent, ObjectType::kEvent, EVENT_MODIFY_STATE);
  if (!event.ok()) return Fail(event.status(), FALSE);
  event.value()->Pulse();
  return TRUE;
}

extern "C" BOOL WINAPI ResetEvent(HANDLE hEvent) {
  auto event = ObjectWithRight<Event>(hEvent, ObjectType::kEvent, EVENT_MODIFY_STATE);
  if (!event.ok()) return Fail(event.status(), FALSE);
  event.value()->Reset();
  return TRUE;
}
