#include "core/nt_status.h"

#include <windows.h>

namespace winipc {
namespace {

struct Pair {
  uint32_t status;
  uint32_t error;
};

// NTSTATUS values as in the SDK's ntstatus.h; each pair was checked with GetOverlappedResult under Wine.
constexpr Pair kPairs[] = {
    {kStatusSuccess, ERROR_SUCCESS},
    {kStatusEndOfFile, ERROR_HANDLE_EOF},
    {0x80000005, ERROR_MORE_DATA},  // STATUS_BUFFER_OVERFLOW: a warning, still a failure
    {0xC0000001, ERROR_GEN_FAILURE},  // STATUS_UNSUCCESSFUL
    {0xC0000005, ERROR_NOACCESS},  // STATUS_ACCESS_VIOLATION
    {0xC0000008, ERROR_INVALID_HANDLE},
    {0xC000000D, ERROR_INVALID_PARAMETER},
    {0xC0000017, ERROR_NOT_ENOUGH_MEMORY},  // STATUS_NO_MEMORY
    {0xC0000022, ERROR_ACCESS_DENIED},
    {0xC0000043, ERROR_SHARING_VIOLATION},
    {0xC000007F, ERROR_DISK_FULL},
    {0xC000011F, ERROR_TOO_MANY_OPEN_FILES},  // STATUS_TOO_MANY_OPENED_FILES
    {0xC0000120, ERROR_OPERATION_ABORTED},  // STATUS_CANCELLED
    {0xC0000243, ERROR_USER_MAPPED_FILE},
};

constexpr uint32_t kNtWin32Facility = 0xC0070000;  // error severity, customer bit clear, facility 7 (NTWIN32)

}  // namespace

uint32_t Win32ErrorFromNtStatus(uint32_t status) {
  for (const Pair& pair : kPairs) {
    if (pair.status == status) return pair.error;
  }
  if ((status & 0xFFFF0000) == kNtWin32Facility) return status & 0xFFFF;
  return ERROR_MR_MID_NOT_FOUND;  // "the message is not found"
}

uint32_t NtStatusFromWin32Error(uint32_t error) {
  for (const Pair& pair : kPairs) {
    if (pair.error == error) return pair.status;
  }
  return kNtWin32Facility | (error & 0xFFFF);
}

}  // namespace winipc
