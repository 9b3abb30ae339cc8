// What a program asks about the machine and itself: the computer and user names, the Windows version, memory,
// processors, the precise clock, and process and thread times.
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getcomputernamea
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getusernamea
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-getversionexa
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-globalmemorystatusex
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocesstimes
#include <lmcons.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

uint64_t Ticks(const FILETIME& time) { return (uint64_t{time.dwHighDateTime} << 32) | time.dwLowDateTime; }

constexpr uint64_t kTicksPerSecond = 10000000;

// Tests that GetComputerNameA returns the name, its length without the NUL in *nSize, and at most
// MAX_COMPUTERNAME_LENGTH characters.
TEST(GetComputerName, ReturnsNameAndLengthWithoutNul) {
  BEHAVIOUR("SI-NAME-001");
  char name[MAX_COMPUTERNAME_LENGTH + 1];
  std::memset(name, 'x', sizeof name);
  DWORD size = sizeof name;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetComputerNameA(name, &size)), Succeeds());
  EXPECT_GE(size, 1u);
  EXPECT_LE(size, static_cast<DWORD>(MAX_COMPUTERNAME_LENGTH));
  EXPECT_EQ(std::strlen(name), size);
}

// Tests that a buffer too small fails with ERROR_BUFFER_OVERFLOW and *nSize set to the size needed with the NUL.
TEST(GetComputerName, SmallBufferFailsWithBufferOverflow) {
  BEHAVIOUR("SI-NAME-002");
  char name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = sizeof name;
  ASSERT_TRUE(GetComputerNameA(name, &size));
  const DWORD length = size;
  DWORD small = 1;
  char one[1];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetComputerNameA(one, &small)), FailsWith(ERROR_BUFFER_OVERFLOW));
  EXPECT_EQ(small, length + 1);
}

// Tests that GetComputerNameW gives the same name as GetComputerNameA.
TEST(GetComputerName, WideMatchesAnsi) {
  BEHAVIOUR("SI-NAME-003");
  char name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD size = sizeof name;
  ASSERT_TRUE(GetComputerNameA(name, &size));
  WCHAR wide[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD wide_size = MAX_COMPUTERNAME_LENGTH + 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetComputerNameW(wide, &wide_size)), Succeeds());
  EXPECT_EQ(wide_size, size);
  EXPECT_EQ(Narrow(wide), std::string(name));
}

// Tests that GetUserNameA returns the name and sets *pcbBuffer to its length with the NUL.
TEST(GetUserName, ReturnsNameAndSizeWithNul) {
  BEHAVIOUR("SI-NAME-004");
  char name[UNLEN + 1];
  DWORD size = sizeof name;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetUserNameA(name, &size)), Succeeds());
  EXPECT_GE(size, 2u);
  EXPECT_EQ(std::strlen(name) + 1, size);
}

// Tests that a buffer too small fails with ERROR_INSUFFICIENT_BUFFER and the size needed with the NUL.
TEST(GetUserName, SmallBufferFailsWithInsufficientBuffer) {
  BEHAVIOUR("SI-NAME-005");
  char name[UNLEN + 1];
  DWORD size = sizeof name;
  ASSERT_TRUE(GetUserNameA(name, &size));
  const DWORD needed = size;
  char one[1];
  DWORD small = 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetUserNameA(one, &small)), FailsWith(ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(small, needed);
}

// Tests that GetUserNameW gives the same name as GetUserNameA.
TEST(GetUserName, WideMatchesAnsi) {
  BEHAVIOUR("SI-NAME-006");
  char name[UNLEN + 1];
  DWORD size = sizeof name;
  ASSERT_TRUE(GetUserNameA(name, &size));
  WCHAR wide[UNLEN + 1];
  DWORD wide_size = UNLEN + 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetUserNameW(wide, &wide_size)), Succeeds());
  EXPECT_EQ(wide_size, size);
  EXPECT_EQ(Narrow(wide), std::string(name));
}

// Tests that GetVersionExA reports Windows NT 6.0 or later (the exact version is the system's and, on Windows, the
// manifest's: docs/porting.md), and that GetVersion packs the same numbers.
TEST(GetVersionEx, ReportsNtAndAgreesWithGetVersion) {
  BEHAVIOUR("SI-VER-001");
  OSVERSIONINFOA info;
  std::memset(&info, 0xcc, sizeof info);
  info.dwOSVersionInfoSize = sizeof info;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GetVersionExA(&info)), SucceedsWith(kPoisonError));
  EXPECT_GE(info.dwMajorVersion, 6u);
  EXPECT_EQ(info.dwPlatformId, static_cast<DWORD>(VER_PLATFORM_WIN32_NT));
  const DWORD version = GetVersion();
  EXPECT_EQ(version & 0xff, info.dwMajorVersion);
  EXPECT_EQ((version >> 8) & 0xff, info.dwMinorVersion);
  EXPECT_EQ(version >> 16, info.dwBuildNumber);
}

// Tests that GetVersionExW accepts OSVERSIONINFOEXW, reports the same version as GetVersionExA, and a workstation.
TEST(GetVersionEx, ExtendedWideReportsWorkstation) {
  BEHAVIOUR("SI-VER-002");
  OSVERSIONINFOA plain;
  plain.dwOSVersionInfoSize = sizeof plain;
  ASSERT_TRUE(GetVersionExA(&plain));
  OSVERSIONINFOEXW info;
  std::memset(&info, 0xcc, sizeof info);
  info.dwOSVersionInfoSize = sizeof info;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GetVersionExW(reinterpret_cast<OSVERSIONINFOW*>(&info))), SucceedsWith(kPoisonError));
  EXPECT_EQ(info.dwMajorVersion, plain.dwMajorVersion);
  EXPECT_EQ(info.dwMinorVersion, plain.dwMinorVersion);
  EXPECT_EQ(info.dwBuildNumber, plain.dwBuildNumber);
  EXPECT_EQ(info.wProductType, VER_NT_WORKSTATION);
}

// Tests that a dwOSVersionInfoSize that is neither structure's size fails with ERROR_INSUFFICIENT_BUFFER.
TEST(GetVersionEx, WrongSizeFailsWithInsufficientBuffer) {
  BEHAVIOUR("SI-VER-003");
  OSVERSIONINFOEXA info;
  std::memset(&info, 0, sizeof info);
  info.dwOSVersionInfoSize = sizeof(OSVERSIONINFOA) - 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetVersionExA(reinterpret_cast<OSVERSIONINFOA*>(&info))), FailsWith(ERROR_INSUFFICIENT_BUFFER));
  info.dwOSVersionInfoSize = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetVersionExA(reinterpret_cast<OSVERSIONINFOA*>(&info))), FailsWith(ERROR_INSUFFICIENT_BUFFER));
}

// Tests that GlobalMemoryStatusEx reports physical memory, a page file at least as large, and a load in percent.
TEST(GlobalMemoryStatusEx, ReportsPlausibleFigures) {
  BEHAVIOUR("SI-MEM-001");
  MEMORYSTATUSEX status;
  std::memset(&status, 0, sizeof status);
  status.dwLength = sizeof status;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GlobalMemoryStatusEx(&status)), SucceedsWith(kPoisonError));
  EXPECT_GE(status.ullTotalPhys, uint64_t{64} << 20);
  EXPECT_GT(status.ullAvailPhys, 0u);
  EXPECT_LE(status.ullAvailPhys, status.ullTotalPhys);
  EXPECT_GE(status.ullTotalPageFile, status.ullTotalPhys);
  EXPECT_LE(status.dwMemoryLoad, 100u);
  if (sizeof(void*) == 8) {
    EXPECT_GE(status.ullTotalVirtual, uint64_t{1} << 40);
  }
  EXPECT_LE(status.ullAvailVirtual, status.ullTotalVirtual);
}

// Tests that a dwLength other than sizeof(MEMORYSTATUSEX) fails with ERROR_INVALID_PARAMETER.
TEST(GlobalMemoryStatusEx, WrongLengthFailsWithInvalidParameter) {
  BEHAVIOUR("SI-MEM-002");
  MEMORYSTATUSEX status;
  std::memset(&status, 0, sizeof status);
  status.dwLength = sizeof status - 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GlobalMemoryStatusEx(&status)), FailsWith(ERROR_INVALID_PARAMETER));
  status.dwLength = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GlobalMemoryStatusEx(&status)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that GetActiveProcessorCount agrees with GetSystemInfo for group 0 and for all groups.
TEST(GetActiveProcessorCount, MatchesSystemInfo) {
  BEHAVIOUR("SI-CPU-001");
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  // The last error is not checked: Wine 8.0 leaves ERROR_INSUFFICIENT_BUFFER from an inner size query.
  EXPECT_THAT(Call(GetActiveProcessorCount(ALL_PROCESSOR_GROUPS)), Returns(info.dwNumberOfProcessors));
  EXPECT_THAT(Call(GetActiveProcessorCount(0)), Returns(info.dwNumberOfProcessors));
}

// Tests that GetCurrentProcessorNumber is one of the processors GetSystemInfo counts.
TEST(GetCurrentProcessorNumber, IsBelowProcessorCount) {
  BEHAVIOUR("SI-CPU-002");
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  EXPECT_LT(GetCurrentProcessorNumber(), info.dwNumberOfProcessors);
}

// Tests that GetNativeSystemInfo reports the same machine as GetSystemInfo in a 64-bit process.
TEST(GetNativeSystemInfo, MatchesSystemInfoIn64BitProcess) {
  BEHAVIOUR("SI-CPU-003");
  if (sizeof(void*) != 8) GTEST_SKIP() << "a 32-bit process on a 64-bit system sees a different machine";
  SYSTEM_INFO info;
  SYSTEM_INFO native;
  GetSystemInfo(&info);
  std::memset(&native, 0xcc, sizeof native);
  SetLastError(kPoisonError);
  GetNativeSystemInfo(&native);
  EXPECT_EQ(GetLastError(), kPoisonError);
  EXPECT_EQ(native.wProcessorArchitecture, info.wProcessorArchitecture);
  EXPECT_EQ(native.dwPageSize, info.dwPageSize);
  EXPECT_EQ(native.dwNumberOfProcessors, info.dwNumberOfProcessors);
  EXPECT_EQ(native.dwAllocationGranularity, info.dwAllocationGranularity);
}

// Tests that GetSystemTimePreciseAsFileTime reads the same clock as GetSystemTimeAsFileTime, and never goes back.
TEST(GetSystemTimePreciseAsFileTime, AgreesWithSystemTime) {
  BEHAVIOUR("SI-CPU-004");
  FILETIME coarse;
  FILETIME first;
  FILETIME second;
  GetSystemTimePreciseAsFileTime(&first);
  GetSystemTimeAsFileTime(&coarse);
  GetSystemTimePreciseAsFileTime(&second);
  EXPECT_LE(Ticks(first), Ticks(second));
  // Within a second of each other, whatever the coarse clock's resolution.
  EXPECT_LT(Ticks(coarse) > Ticks(first) ? Ticks(coarse) - Ticks(first) : Ticks(first) - Ticks(coarse),
            kTicksPerSecond);
}

// Tests that GetProcessTimes gives a creation time in the past (within a day), no exit time, and CPU times
// that grow with work done.
TEST(GetProcessTimes, CurrentProcessTimesArePlausible) {
  BEHAVIOUR("PR-TIMES-001");
  FILETIME creation, exit, kernel, user, now;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GetProcessTimes(GetCurrentProcess(), &creation, &exit, &kernel, &user)),
              SucceedsWith(kPoisonError));
  GetSystemTimeAsFileTime(&now);
  EXPECT_LE(Ticks(creation), Ticks(now) + kTicksPerSecond / 10);
  EXPECT_GT(Ticks(creation), Ticks(now) - 86400 * kTicksPerSecond);
  EXPECT_EQ(Ticks(exit), 0u);
  EXPECT_GT(Ticks(kernel) + Ticks(user), 0u);
}

// Tests that GetThreadTimes on the current thread gives a creation time in the past (within a day), no exit time,
// and user time that grows while the thread computes.
TEST(GetThreadTimes, CurrentThreadUserTimeGrows) {
  BEHAVIOUR("PR-TIMES-002");
  FILETIME creation, exit, kernel, user, now;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GetThreadTimes(GetCurrentThread(), &creation, &exit, &kernel, &user)),
              SucceedsWith(kPoisonError));
  GetSystemTimeAsFileTime(&now);
  EXPECT_LE(Ticks(creation), Ticks(now) + kTicksPerSecond / 10);
  EXPECT_GT(Ticks(creation), Ticks(now) - 86400 * kTicksPerSecond);
  EXPECT_EQ(Ticks(exit), 0u);
  // Spin until the thread's user time moves (it is counted in clock ticks on some systems).
  FILETIME later_user = user;
  volatile uint64_t sink = 0;
  for (int round = 0; round < 2000 && Ticks(later_user) == Ticks(user); ++round) {
    for (int i = 0; i < 1000000; ++i) sink = sink + static_cast<uint64_t>(i);
    ASSERT_TRUE(GetThreadTimes(GetCurrentThread(), &creation, &exit, &kernel, &later_user));
  }
  EXPECT_GT(Ticks(later_user), Ticks(user));
}

// Tests that GetProcessTimes on a handle that is not a process fails with ERROR_INVALID_HANDLE.
TEST(GetProcessTimes, EventHandleFailsWithInvalidHandle) {
  BEHAVIOUR("PR-TIMES-003");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  FILETIME creation, exit, kernel, user;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessTimes(event.get(), &creation, &exit, &kernel, &user)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadTimes(event.get(), &creation, &exit, &kernel, &user)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that GetThreadTimes through a handle to another running thread gives its creation time (in the past, not
// before this test began by more than the clock's resolution) and no exit time.
TEST(GetThreadTimes, OtherThreadHandleGivesCreationTime) {
  BEHAVIOUR("PR-TIMES-004");
  FILETIME before;
  GetSystemTimeAsFileTime(&before);
  ScopedHandle release(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(release);
  ScopedHandle thread(CreateThread(
      nullptr, 0,
      [](LPVOID event) -> DWORD {
        WaitForSingleObject(static_cast<HANDLE>(event), kChildTimeoutMs);
        return 0;
      },
      release.get(), 0, nullptr));
  ASSERT_TRUE(thread);
  FILETIME creation, exit, kernel, user, now;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadTimes(thread.get(), &creation, &exit, &kernel, &user)), SucceedsWith(kPoisonError));
  GetSystemTimeAsFileTime(&now);
  EXPECT_LE(Ticks(creation), Ticks(now) + kTicksPerSecond / 10);
  EXPECT_GE(Ticks(creation) + kTicksPerSecond / 10, Ticks(before));
  EXPECT_EQ(Ticks(exit), 0u);
  SetEvent(release.get());
  EXPECT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
}

}  // namespace
}  // namespace winipc::conformance
