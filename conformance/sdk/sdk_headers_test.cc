// What Windows code takes from the SDK's smaller headers: the version macros of <sdkddkver.h> (Visual Studio's
// targetver.h includes it), the exception codes and filter dispositions (<winnt.h>, <excpt.h>), the compiler
// intrinsics of <intrin.h>, winmm's timer calls (<timeapi.h>, through <mmsystem.h>), and the release C runtime's
// <crtdbg.h>.
// https://learn.microsoft.com/en-us/cpp/porting/modifying-winver-and-win32-winnt
// https://learn.microsoft.com/en-us/cpp/intrinsics/bitscanforward-bitscanforward64
// https://learn.microsoft.com/en-us/windows/win32/api/timeapi/nf-timeapi-timebeginperiod
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/crtsetdbgflag
#include <windows.h>

#include <crtdbg.h>
#include <excpt.h>
#include <intrin.h>
#include <mmsystem.h>
#include <sdkddkver.h>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that the Windows version constants have the SDK's values and that _WIN32_WINNT and WINVER are defined
// to a version from Windows 7 on.
TEST(SdkHeaders, VersionMacros) {
  BEHAVIOUR("SK-VER-001");
  EXPECT_EQ(_WIN32_WINNT_WIN7, 0x0601);
  EXPECT_EQ(_WIN32_WINNT_WIN8, 0x0602);
  EXPECT_EQ(_WIN32_WINNT_WIN10, 0x0A00);
  EXPECT_EQ(NTDDI_WIN7, 0x06010000);
  EXPECT_EQ(NTDDI_WIN10, 0x0A000000);
  EXPECT_GE(_WIN32_WINNT, _WIN32_WINNT_WIN7);
  EXPECT_GE(WINVER, _WIN32_WINNT_WIN7);
  EXPECT_GE(NTDDI_VERSION, NTDDI_WIN7);
}

// Tests that the exception codes and the filter dispositions have Windows' values.
TEST(SdkHeaders, ExceptionCodes) {
  BEHAVIOUR("SK-EXCPT-001");
  EXPECT_EQ(static_cast<DWORD>(EXCEPTION_ACCESS_VIOLATION), 0xC0000005u);
  EXPECT_EQ(static_cast<DWORD>(EXCEPTION_IN_PAGE_ERROR), 0xC0000006u);
  EXPECT_EQ(static_cast<DWORD>(EXCEPTION_INT_DIVIDE_BY_ZERO), 0xC0000094u);
  EXPECT_EQ(static_cast<DWORD>(EXCEPTION_STACK_OVERFLOW), 0xC00000FDu);
  EXPECT_EQ(static_cast<DWORD>(EXCEPTION_BREAKPOINT), 0x80000003u);
  EXPECT_EQ(static_cast<DWORD>(STATUS_CONTROL_C_EXIT), 0xC000013Au);
  EXPECT_EQ(EXCEPTION_EXECUTE_HANDLER, 1);
  EXPECT_EQ(EXCEPTION_CONTINUE_SEARCH, 0);
  EXPECT_EQ(EXCEPTION_CONTINUE_EXECUTION, -1);
}

// Tests that the _Interlocked intrinsics return what the Interlocked functions return: the new value for
// increment and decrement, the old one for exchange, add and compare-exchange.
TEST(SdkHeaders, InterlockedIntrinsics) {
  BEHAVIOUR("SK-INTRIN-001");
  volatile LONG value = 5;
  EXPECT_EQ(_InterlockedIncrement(&value), 6);
  EXPECT_EQ(_InterlockedDecrement(&value), 5);
  EXPECT_EQ(_InterlockedExchange(&value, 9), 5);
  EXPECT_EQ(_InterlockedExchangeAdd(&value, 3), 9);
  EXPECT_EQ(_InterlockedCompareExchange(&value, 20, 12), 12) << "compared equal: exchanged";
  EXPECT_EQ(_InterlockedCompareExchange(&value, 30, 12), 20) << "compared unequal: kept";
  EXPECT_EQ(value, 20);
  volatile LONGLONG wide = 1LL << 40;
  EXPECT_EQ(_InterlockedIncrement64(&wide), (1LL << 40) + 1);
}

// Tests that _BitScanForward/_BitScanReverse find the lowest and highest set bit and return 0 for a zero mask,
// and that __popcnt and _byteswap_ulong count and swap.
TEST(SdkHeaders, BitIntrinsics) {
  BEHAVIOUR("SK-INTRIN-002");
  DWORD index = 99;
  EXPECT_EQ(_BitScanForward(&index, 0x50), 1);
  EXPECT_EQ(index, 4u);
  EXPECT_EQ(_BitScanReverse(&index, 0x50), 1);
  EXPECT_EQ(index, 6u);
  EXPECT_EQ(_BitScanReverse(&index, 0x80000000u), 1);
  EXPECT_EQ(index, 31u);
  EXPECT_EQ(_BitScanForward(&index, 0), 0);
  EXPECT_EQ(__popcnt(0xF0F0u), 8u);
  EXPECT_EQ(_byteswap_ulong(0x11223344u), 0x44332211u);
  EXPECT_EQ(_byteswap_ushort(0x1122), 0x2211);
}

// Tests that timeGetTime reads the clock GetTickCount reads, and that timeBeginPeriod/timeEndPeriod accept a
// period from 1 ms and refuse 0 with TIMERR_NOCANDO.
TEST(SdkHeaders, WinmmTimerCalls) {
  BEHAVIOUR("SK-WINMM-001");
  const DWORD tick = GetTickCount();
  const DWORD time = timeGetTime();
  EXPECT_LT(time - tick < 0x80000000u ? time - tick : tick - time, 100u);
  EXPECT_EQ(timeBeginPeriod(1), static_cast<MMRESULT>(TIMERR_NOERROR));
  EXPECT_EQ(timeEndPeriod(1), static_cast<MMRESULT>(TIMERR_NOERROR));
  EXPECT_EQ(timeBeginPeriod(0), static_cast<MMRESULT>(TIMERR_NOCANDO));
  EXPECT_EQ(timeEndPeriod(0), static_cast<MMRESULT>(TIMERR_NOCANDO));
}

// Tests that timeGetDevCaps reports a 1 ms minimum period and a maximum that timeBeginPeriod accepts (one more
// is TIMERR_NOCANDO), and refuses a NULL pointer or a size smaller than TIMECAPS with TIMERR_NOCANDO.
TEST(SdkHeaders, WinmmDevCaps) {
  BEHAVIOUR("SK-WINMM-002");
  TIMECAPS caps = {};
  EXPECT_EQ(timeGetDevCaps(&caps, sizeof caps), static_cast<MMRESULT>(TIMERR_NOERROR));
  EXPECT_EQ(caps.wPeriodMin, 1u);
  EXPECT_GE(caps.wPeriodMax, 1000u);
  EXPECT_EQ(timeBeginPeriod(caps.wPeriodMax), static_cast<MMRESULT>(TIMERR_NOERROR));
  EXPECT_EQ(timeEndPeriod(caps.wPeriodMax), static_cast<MMRESULT>(TIMERR_NOERROR));
  EXPECT_EQ(timeBeginPeriod(caps.wPeriodMax + 1), static_cast<MMRESULT>(TIMERR_NOCANDO));
  EXPECT_EQ(timeGetDevCaps(nullptr, sizeof caps), static_cast<MMRESULT>(TIMERR_NOCANDO));
  EXPECT_EQ(timeGetDevCaps(&caps, sizeof caps - 1), static_cast<MMRESULT>(TIMERR_NOCANDO));
}

// Tests that in a release build (no _DEBUG, as this suite) the debug C runtime's calls are inert: the heap checks
// report a sound heap, the leak dump reports nothing, and _ASSERTE of a false expression does nothing.
TEST(SdkHeaders, ReleaseCrtDebugCallsAreInert) {
  BEHAVIOUR("SK-CRTDBG-001");
  EXPECT_EQ(_CrtCheckMemory(), 1);
  EXPECT_EQ(_CrtDumpMemoryLeaks(), 0);
  EXPECT_EQ(_CrtSetDbgFlag(_CRTDBG_ALLOC_MEM_DF | _CRTDBG_LEAK_CHECK_DF), 0);
  int evaluated = 0;
  _ASSERTE(++evaluated == 100);
  EXPECT_EQ(evaluated, 0) << "release _ASSERTE does not evaluate its expression";
}

}  // namespace
}  // namespace winipc::conformance
