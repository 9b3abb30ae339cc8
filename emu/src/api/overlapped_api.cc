// GetOverlappedResult(Ex), CancelIo, CancelIoEx. emu's ReadFile and WriteFile finish the I/O before they return
// (file_api.cc), so an OVERLAPPED that emu filled in is never pending: these read what it holds, and wait only for
// one a program marked pending itself (Internal == STATUS_PENDING), as Windows does.
//
// https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresult
// https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresultex
// https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func
#include <windows.h>

#include <atomic>

#include "api/boundary.h"
#include "core/nt_status.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                             LPDWORD lpNumberOfBytesTransferred, DWORD dwMilliseconds,
                                             BOOL bAlertable) {
  // Windows faults on a NULL pointer here; emu answers as for the other out-parameters it checks.
  if (lpOverlapped == nullptr || lpNumberOfBytesTransferred == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  uint32_t status = static_cast<uint32_t>(std::atomic_ref<ULONG_PTR>(lpOverlapped->Internal).load());
  if (status == kStatusPending) {
    // Still running: nothing to report without waiting (FL-OVL-005); else wait for its event, or for the file
    // itself when there is none, and take whatever is there then (a status still pending counts as success).
    if (dwMilliseconds == 0) return Fail(Status(ERROR_IO_INCOMPLETE), FALSE);
    const DWORD waited = WaitForSingleObjectEx(lpOverlapped->hEvent != nullptr ? lpOverlapped->hEvent : hFile,
                                               dwMilliseconds, bAlertable);
    if (waited == WAIT_FAILED) return FALSE;  // the wait has set last error
    if (waited != WAIT_OBJECT_0) return Fail(Status(waited), FALSE);  // WAIT_TIMEOUT, WAIT_IO_COMPLETION
    status = static_cast<uint32_t>(std::atomic_ref<ULONG_PTR>(lpOverlapped->Internal).load());
    if (status == kStatusPending) status = kStatusSuccess;
  }
  // The count is given whatever the status, a failure's included (FL-OVL-006).
  *lpNumberOfBytesTransferred = static_cast<DWORD>(lpOverlapped->InternalHigh);
  if (status != kStatusSuccess) return Fail(Status(Win32ErrorFromNtStatus(status)), FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                           LPDWORD lpNumberOfBytesTransferred, BOOL bWait) {
  return GetOverlappedResultEx(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait ? INFINITE : 0, FALSE);
}

namespace {

// Nothing is ever pending in emu, so there is nothing to cancel; the handle must still be valid. Like Wine, any
// kind of handle is accepted (Windows expects a file handle).
Status CheckCancelTarget(HANDLE handle) {
  if (IsPseudoHandle(FromHandle(handle))) return Status::Ok();  // Wine: CancelIo(GetCurrentProcess()) succeeds
  auto entry = HandleTable::Get().Lookup(FromHandle(handle));
  return entry.ok() ? Status::Ok() : entry.status();
}

}  // namespace

extern "C" BOOL WINAPI CancelIo(HANDLE hFile) {
  Status valid = CheckCancelTarget(hFile);
  return valid.ok() ? TRUE : Fail(valid, FALSE);
}

extern "C" BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED) {
  Status valid = CheckCancelTarget(hFile);
  if (!valid.ok()) return Fail(valid, FALSE);
  // "If this function cannot find a request to cancel, the return value is 0 and GetLastError returns
  // ERROR_NOT_FOUND" (CancelIoEx's documentation), with or without an OVERLAPPED (FL-OVL-011, -012).
  return Fail(Status(ERROR_NOT_FOUND), FALSE);
}
