// NTSTATUS codes, for what Windows keeps in an OVERLAPPED: its Internal member holds the status of the I/O
// (STATUS_PENDING while it runs), and GetOverlappedResult turns that status into the Win32 error it reports.
// Pure functions, unit-tested (nt_status_test.cc); the pairs were checked under Wine (FL-OVL-009).
#ifndef WINIPC_CORE_NT_STATUS_H_
#define WINIPC_CORE_NT_STATUS_H_

#include <cstdint>

namespace winipc {

inline constexpr uint32_t kStatusSuccess = 0x00000000;
inline constexpr uint32_t kStatusPending = 0x00000103;
inline constexpr uint32_t kStatusEndOfFile = 0xC0000011;

// The Win32 error GetOverlappedResult reports for a completed I/O's status: the SDK's pairs for the statuses file
// I/O produces, the Win32 code itself for a status of facility NTWIN32 (0xC007xxxx), and
// ERROR_MR_MID_NOT_FOUND (317) for a status with no Win32 error, as RtlNtStatusToDosError gives.
uint32_t Win32ErrorFromNtStatus(uint32_t status);
// The status emu records for an I/O that failed with a Win32 error: the SDK's status for it when there is one,
// else the NTWIN32 status that carries the code, so Win32ErrorFromNtStatus gives the same error back.
uint32_t NtStatusFromWin32Error(uint32_t error);

}  // namespace winipc

#endif  // WINIPC_CORE_NT_STATUS_H_
