// CloseHandle, DuplicateHandle, GetCurrentProcess.
#include <unistd.h>
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/handles.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/transfer.h"

namespace winipc::api {
namespace {

// A process handle as DuplicateHandle takes it: the calling process (nullptr, *ok true), another process, or an
// error (not a process handle: ERROR_INVALID_HANDLE; without PROCESS_DUP_HANDLE: ERROR_ACCESS_DENIED).
Result<std::shared_ptr<Process>> DuplicationProcess(HANDLE h) {
  if (FromHandle(h) == kCurrentProcessPseudoHandle) return std::shared_ptr<Process>();
  auto entry = HandleTable::Get().Lookup(FromHandle(h));
  if (!entry.ok() || entry->object->type() != ObjectType::kProcess) return Status(ERROR_INVALID_HANDLE);
  if (!(entry->access & PROCESS_DUP_HANDLE)) return Status(ERROR_ACCESS_DENIED);
  auto process = std::dynamic_pointer_cast<Process>(entry->object);
  if (process && process->pid() == static_cast<pid_t>(CurrentProcessId())) return std::shared_ptr<Process>();
  if (process && process->Ended()) return Status(ERROR_ACCESS_DENIED);  // nothing can be put into it any more
  return process;  // null for a duplicate of GetCurrentProcess(): this process
}

// The source of a DuplicateHandle within or out of this process: a handle in the table, or a pseudo-handle, which
// gives a real handle to this process or to the calling thread, with every right.
Result<HandleEntry> SourceEntry(uintptr_t source) {
  if (source == kCurrentProcessPseudoHandle) {
    return HandleEntry{CurrentProcessObject(), RightsOf(ObjectType::kProcess).valid, 0};
  }
  if (source == kCurrentThreadPseudoHandle) {
    return HandleEntry{CurrentThreadObject(), RightsOf(ObjectType::kThread).valid, 0};
  }
  return HandleTable::Get().Lookup(source);
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI CloseHandle(HANDLE hObject) {
  const uintptr_t value = FromHandle(hObject);
  // Closing a pseudo-handle is allowed and does nothing.
  if (IsPseudoHandle(value)) return TRUE;
  Status closed = HandleTable::Get().Close(value);
  if (!closed.ok()) return Fail(closed, FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI DuplicateHandle(HANDLE hSourceProcessHandle, HANDLE hSourceHandle, HANDLE hTargetProcessHandle,
                                       LPHANDLE lpTargetHandle, DWORD dwDesiredAccess, BOOL bInheritHandle,
                                       DWORD dwOptions) {
  if (lpTargetHandle != nullptr) *lpTargetHandle = nullptr;  // what the caller sees if this fails
  const uintptr_t source = FromHandle(hSourceHandle);
  const bool close_source = (dwOptions & DUPLICATE_CLOSE_SOURCE) != 0 && !IsPseudoHandle(source);
  auto source_process = DuplicationProcess(hSourceProcessHandle);
  if (!source_process.ok()) return Fail(source_process.status(), FALSE);
  auto target_process = DuplicationProcess(hTargetProcessHandle);
  if (source_process.value()) {
    // Out of another process: read the handle it publishes, open its object anew, and have it close its handle
    // if asked (it does so at its next handle lookup).
    Process& from = *source_process.value();
    if (close_source) (void)RequestClose(from, source);
    if (!target_process.ok()) return Fail(target_process.status(), FALSE);
    auto taken = TakeHandle(from, source);
    if (!taken.ok()) return Fail(taken.status(), FALSE);
    const uint32_t access =
        (dwOptions & DUPLICATE_SAME_ACCESS) ? taken->access : MapGenericAccess(taken->object->type(), dwDesiredAccess);
    const uint32_t flags = bInheritHandle ? kHandleFlagInherit : 0;
    Result<uintptr_t> value =
        target_process.value()
            ? SendHandle(*target_process.value(), HandleEntry{taken->object, access, flags}, access, flags)
            : HandleTable::Get().Insert(taken->object, access, flags);
    if (!value.ok()) return Fail(value.status(), FALSE);
    if (lpTargetHandle != nullptr) *lpTargetHandle = ToHandle(value.value());
    return TRUE;
  }
  if (!target_process.ok()) {
    // DUPLICATE_CLOSE_SOURCE closes the source "regardless of any error status returned" (HD-DUP-010).
    if (close_source) (void)HandleTable::Get().Close(source);
    return Fail(target_process.status(), FALSE);
  }
  if (target_process.value()) {
    // Into another process: the object travels to its mailbox (core/transfer.h), the value is the one it gets there.
    auto entry = SourceEntry(source);
    if (!entry.ok()) return Fail(entry.status(), FALSE);
    const uint32_t access =
        (dwOptions & DUPLICATE_SAME_ACCESS) ? entry->access : MapGenericAccess(entry->object->type(), dwDesiredAccess);
    auto value = SendHandle(*target_process.value(), entry.value(), access, bInheritHandle ? kHandleFlagInherit : 0);
    if (close_source) (void)HandleTable::Get().Close(source);
    if (!value.ok()) return Fail(value.status(), FALSE);
    if (lpTargetHandle != nullptr) *lpTargetHandle = ToHandle(value.value());
    return TRUE;
  }
  auto entry = SourceEntry(source);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  std::shared_ptr<Object> object = entry->object;
  uint32_t access = entry->access;
  const bool protected_source = (entry->flags & kHandleFlagProtect) != 0;
  if (!(dwOptions & DUPLICATE_SAME_ACCESS)) access = MapGenericAccess(object->type(), dwDesiredAccess);
  const uint32_t flags = bInheritHandle ? kHandleFlagInherit : 0;
  // A source protected from close stays, and the duplicate gets a value of its own.
  if (close_source && !protected_source) {
    if (lpTargetHandle == nullptr) {
      (void)HandleTable::Get().Close(source);
      return TRUE;
    }
    // Within one process the source handle itself becomes the duplicate: the same value with the new access,
    // even when a lower value is free (HD-DUP-009).
    Status kept = HandleTable::Get().SetAccess(source, access);
    if (kept.ok()) kept = HandleTable::Get().SetFlags(source, kHandleFlagInherit | kHandleFlagProtect, flags);
    if (!kept.ok()) return Fail(kept, FALSE);
    *lpTargetHandle = ToHandle(source & ~uintptr_t{3});
    return TRUE;
  }
  if (lpTargetHandle == nullptr) return TRUE;  // a duplicate nobody can receive is closed at once
  auto value = HandleTable::Get().Insert(std::move(object), access, flags);
  if (!value.ok()) return Fail(value.status(), FALSE);
  *lpTargetHandle = ToHandle(value.value());
  return TRUE;
}

extern "C" HANDLE WINAPI GetCurrentProcess(void) { return ToHandle(kCurrentProcessPseudoHandle); }
