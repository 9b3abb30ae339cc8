// CloseHandle, DuplicateHandle, GetCurrentProcess, GetCurrentProcessId.
#include <unistd.h>
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/handles.h"
#include "core/thread.h"

namespace winipc::api {
namespace {

bool IsCurrentProcess(HANDLE h) {
  if (FromHandle(h) == kCurrentProcessPseudoHandle) return true;
  auto entry = HandleTable::Get().Lookup(FromHandle(h));
  return entry.ok() && entry->object->type() == ObjectType::kProcess;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI CloseHandle(HANDLE hObject) {
  const uintptr_t value = FromHandle(hObject);
  // Closing a pseudo-handle is allowed and does nothing.
  if (IsPseudoHandle(value)) return TRUE;
  auto object = HandleTable::Get().Remove(value);
  if (!object.ok()) return Fail(object.status(), FALSE);
  object.value().reset();  // the last reference in this process releases the object (and maybe its name)
  return TRUE;
}

extern "C" BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle,
                                       HANDLE hTargetProcessHandle, LPHANDLE lpTargetHandle, DWORD dwDesiredAccess,
                                       BOOL bInheritHandle, DWORD dwOptions) {
  (void)bInheritHandle;  // inheritance arrives with CreateProcess
  if (lpTargetHandle != nullptr) *lpTargetHandle = nullptr;  // what the caller sees if this fails
  const uintptr_t source = FromHandle(hSourceHandle);
  const bool close_source = (dwOptions & DUPLICATE_CLOSE_SOURCE) != 0 && !IsPseudoHandle(source);
  // Only this process for now: duplicating into or out of another process comes with process handles.
  if (!IsCurrentProcess(hSourceProcessHandle)) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (!IsCurrentProcess(hTargetProcessHandle)) {
    // DUPLICATE_CLOSE_SOURCE closes the source "regardless of any error status returned" (HD-DUP-010).
    if (close_source) (void)HandleTable::Get().Remove(source);
    return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  }
  std::shared_ptr<Object> object;
  uint32_t access;
  if (source == kCurrentProcessPseudoHandle) {
    object = std::make_shared<NeverSignalled>(ObjectType::kProcess);  // this process: it runs
    access = RightsOf(ObjectType::kProcess).valid;
  } else {
    auto entry = HandleTable::Get().Lookup(source);
    if (!entry.ok()) return Fail(entry.status(), FALSE);
    object = entry->object;
    access = entry->access;
  }
  if (!(dwOptions & DUPLICATE_SAME_ACCESS)) access = MapGenericAccess(object->type(), dwDesiredAccess);
  if (close_source) {
    if (lpTargetHandle == nullptr) {
      (void)HandleTable::Get().Remove(source);
      return TRUE;
    }
    // Within one process the source handle itself becomes the duplicate: the same value with the new access,
    // even when a lower value is free (HD-DUP-009).
    const Status kept = HandleTable::Get().SetAccess(source, access);
    if (!kept.ok()) return Fail(kept, FALSE);
    *lpTargetHandle = ToHandle(source & ~uintptr_t{3});
    return TRUE;
  }
  if (lpTargetHandle == nullptr) return TRUE;  // a duplicate nobody can receive is closed at once
  auto value = HandleTable::Get().Insert(std::move(object), access);
  if (!value.ok()) return Fail(value.status(), FALSE);
  *lpTargetHandle = ToHandle(value.value());
  return TRUE;
}

extern "C" HANDLE WINAPI GetCurrentProcess(void) { return ToHandle(kCurrentProcessPseudoHandle); }

extern "C" DWORD WINAPI GetCurrentProcessId(void) { return static_cast<DWORD>(getpid()); }
