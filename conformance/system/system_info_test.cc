// GetSystemInfo: the page size, allocation granularity, address range and processors that views depend on.
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-getsysteminfo
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/ns-sysinfoapi-system_info
#include <windows.h>

#include <bitset>
#include <cstdint>
#include <cstring>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// GetSystemInfo with every byte of the structure preset, so that a field it leaves alone stands out.
SYSTEM_INFO SystemInfo() {
  SYSTEM_INFO info;
  std::memset(&info, 0xcc, sizeof info);
  GetSystemInfo(&info);
  return info;
}

// Tests that the page size is 4096 bytes.
TEST(GetSystemInfo, PageSizeIs4096) {
  BEHAVIOUR("SI-INFO-001");
  EXPECT_EQ(SystemInfo().dwPageSize, 4096u);
}

// Tests that the allocation granularity (where views start) is 65536 bytes.
TEST(GetSystemInfo, AllocationGranularityIs65536) {
  BEHAVIOUR("SI-INFO-002");
  EXPECT_EQ(SystemInfo().dwAllocationGranularity, 65536u);
}

// Tests that the application address range is 0x10000 to 0x7ffffffeffff, as on 64-bit Windows.
TEST(GetSystemInfo, ApplicationAddressRangeIs64BitUserSpace) {
  BEHAVIOUR("SI-INFO-003");
  if (sizeof(void*) != 8) GTEST_SKIP() << "the range checked is that of 64-bit processes";
  const SYSTEM_INFO info = SystemInfo();
  EXPECT_EQ(reinterpret_cast<uintptr_t>(info.lpMinimumApplicationAddress), uintptr_t{0x10000});
  EXPECT_EQ(reinterpret_cast<uintptr_t>(info.lpMaximumApplicationAddress), uintptr_t{0x7ffffffeffff});
}

// Tests that at least one processor is reported, and the active processor mask has one bit per processor.
TEST(GetSystemInfo, ProcessorCountMatchesActiveMask) {
  BEHAVIOUR("SI-INFO-004");
  const SYSTEM_INFO info = SystemInfo();
  EXPECT_GE(info.dwNumberOfProcessors, 1u);
  if (info.dwNumberOfProcessors < 64) {
    EXPECT_EQ(std::bitset<64>(info.dwActiveProcessorMask).count(), info.dwNumberOfProcessors);
  }
}

// Tests that an x86-64 process is told it runs on PROCESSOR_ARCHITECTURE_AMD64 with processor type 8664.
TEST(GetSystemInfo, ArchitectureIsAmd64OnX8664) {
  BEHAVIOUR("SI-INFO-005");
#if defined(__x86_64__) || defined(_M_X64)
  const SYSTEM_INFO info = SystemInfo();
  EXPECT_EQ(info.wProcessorArchitecture, PROCESSOR_ARCHITECTURE_AMD64);
  EXPECT_EQ(info.dwProcessorType, static_cast<DWORD>(PROCESSOR_AMD_X8664));
#else
  GTEST_SKIP() << "this build is not for x86-64";
#endif
}

// Tests that GetSystemInfo leaves the last error untouched.
TEST(GetSystemInfo, LeavesLastErrorUntouched) {
  BEHAVIOUR("SI-INFO-006");
  SYSTEM_INFO info;
  SetLastError(kPoisonError);
  GetSystemInfo(&info);
  EXPECT_EQ(GetLastError(), kPoisonError);
}

}  // namespace
}  // namespace winipc::conformance
