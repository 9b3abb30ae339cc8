// What the overlapped I/O tests (overlapped_test.cc, completion_routine_test.cc) share: the NTSTATUS values an
// OVERLAPPED's Internal holds (ntstatus.h, which windows.h does not include) and their test file's content.
#ifndef WINIPC_CONFORMANCE_FILES_OVERLAPPED_STATUS_H_
#define WINIPC_CONFORMANCE_FILES_OVERLAPPED_STATUS_H_

#include <windows.h>

namespace winipc::conformance::files::overlapped {

inline constexpr ULONG_PTR kStatusSuccess = 0;
inline constexpr ULONG_PTR kStatusPending = 0x103;
inline constexpr ULONG_PTR kStatusEndOfFile = 0xC0000011;
inline constexpr ULONG_PTR kStatusAccessDenied = 0xC0000022;
inline constexpr ULONG_PTR kStatusBufferOverflow = 0x80000005;

inline constexpr char kContent[] = "0123456789abcdef";  // the test file's 16 bytes

}  // namespace winipc::conformance::files::overlapped

#endif  // WINIPC_CONFORMANCE_FILES_OVERLAPPED_STATUS_H_
