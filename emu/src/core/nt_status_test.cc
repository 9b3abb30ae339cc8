#include "core/nt_status.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc {
namespace {

// Tests that the statuses file I/O produces map to the Win32 errors GetOverlappedResult reports under Wine.
TEST(Win32ErrorFromNtStatus, KnownStatusesGiveTheirErrors) {
  EXPECT_EQ(Win32ErrorFromNtStatus(kStatusSuccess), 0u);
  EXPECT_EQ(Win32ErrorFromNtStatus(kStatusEndOfFile), static_cast<uint32_t>(ERROR_HANDLE_EOF));
  EXPECT_EQ(Win32ErrorFromNtStatus(0xC0000022), static_cast<uint32_t>(ERROR_ACCESS_DENIED));
  EXPECT_EQ(Win32ErrorFromNtStatus(0xC000007F), static_cast<uint32_t>(ERROR_DISK_FULL));
  EXPECT_EQ(Win32ErrorFromNtStatus(0x80000005), 234u);  // a warning: ERROR_MORE_DATA
}

// Tests that an NTWIN32 status carries its Win32 code and that a status with no Win32 error gives 317.
TEST(Win32ErrorFromNtStatus, NtWin32FacilityAndUnknownStatuses) {
  EXPECT_EQ(Win32ErrorFromNtStatus(0xC0070070), 112u);
  EXPECT_EQ(Win32ErrorFromNtStatus(0xC0DEDEAD), 317u);
}

// Tests that every Win32 error emu may record comes back unchanged through its status.
TEST(NtStatusFromWin32Error, RoundTripsThroughWin32ErrorFromNtStatus) {
  for (uint32_t error : {0u, 5u, 6u, 38u, 87u, 112u, 998u, 1224u, 1u, 50u, 1455u}) {
    EXPECT_EQ(Win32ErrorFromNtStatus(NtStatusFromWin32Error(error)), error) << error;
  }
  EXPECT_EQ(NtStatusFromWin32Error(ERROR_HANDLE_EOF), kStatusEndOfFile);
}

}  // namespace
}  // namespace winipc
