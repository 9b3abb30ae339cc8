// CreateMutex(Ex), OpenMutex, ReleaseMutex.
#include <windows.h>

#include "api/boundary.h"
#include "core/mutex.h"

namespace winipc::api {
namespace {

HANDLE CreateMutexCommon(bool initial_owner, const std::optional<std::u16string>& name, bool ansi,
                         const SECURITY_ATTRIBUTES* attributes, uint32_t access = MUTEX_ALL_ACCESS) {
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  auto mutex = CreateMutexObject(parsed.value(), initial_owner, &existed);
  if (!mutex.ok()) return Fail(mutex.status(), HANDLE(nullptr));
  return Inheritable(PublishCreate(std::move(mutex).value(), ObjectType::kMutex, access, existed), attributes);
}

HANDLE OpenMutexCommon(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  return OpenByName(ObjectType::kMutex, access, name, ansi,
                    [](const ObjectName& n) { return OpenMutexObject(n); });
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bInitialOwner, LPCSTR lpName) {
  return CreateMutexCommon(bInitialOwner != FALSE, NameFromA(lpName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES lpAttributes, BOOL bInitialOwner, LPCWSTR lpName) {
  return CreateMutexCommon(bInitialOwner != FALSE, NameFromW(lpName), false, lpAttributes);
}

extern "C" HANDLE WINAPI CreateMutexExA(LPSECURITY_ATTRIBUTES lpAttributes, LPCSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
  return CreateMutexCommon((dwFlags & CREATE_MUTEX_INITIAL_OWNER) != 0, NameFromA(lpName), true,
                           lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI CreateMutexExW(LPSECURITY_ATTRIBUTES lpAttributes, LPCWSTR lpName, DWORD dwFlags,
                                        DWORD dwDesiredAccess) {
  return CreateMutexCommon((dwFlags & CREATE_MUTEX_INITIAL_OWNER) != 0, NameFromW(lpName), false,
                           lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI OpenMutexA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  return Inheritable(OpenMutexCommon(dwDesiredAccess, NameFromA(lpName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenMutexW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
  return Inheritable(OpenMutexCommon(dwDesiredAccess, NameFromW(lpName), false), bInheritHandle);
}

// No access right is needed: only the owner can release, whatever handle it uses. An uncontended release runs
// under the handle table's lock (no reference counted); one that hands the mutex to a waiter holds a reference
// instead, since it takes the mutex's queue lock and wakes the waiter.
extern "C" BOOL WINAPI ReleaseMutex(HANDLE hMutex) {
  std::shared_ptr<Object> contended;
  Status released = HandleTable::Get().WithEntry(FromHandle(hMutex), [&contended](const HandleEntry& entry) {
    if (entry.object->type() != ObjectType::kMutex) return Status(ERROR_INVALID_HANDLE);
    switch (static_cast<Mutex&>(*entry.object).BeginRelease()) {
      case Mutex::ReleaseStep::kNotOwner:
        return Status(ERROR_NOT_OWNER);
      case Mutex::ReleaseStep::kHandOn:
        contended = entry.object;
        break;
      case Mutex::ReleaseStep::kDone:
        break;
    }
    return Status::Ok();
  });
  if (!released.ok()) return Fail(released, FALSE);
  if (contended) static_cast<Mutex&>(*contended).HandOn();
  return TRUE;
}
