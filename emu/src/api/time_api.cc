// Time: the performance counter, SYSTEMTIME in UTC and local time, and the FILETIME <-> SYSTEMTIME conversions.
// (GetSystemTimeAsFileTime and GetTickCount(64) are in timer_api.cc.)
// https://learn.microsoft.com/en-us/windows/win32/api/timezoneapi/nf-timezoneapi-filetimetosystemtime
#include <windows.h>

#include <ctime>

#include "api/boundary.h"
#include "core/calendar.h"
#include "core/timer.h"
#include "posix/sys.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

namespace {

// The counter ticks at 10 MHz, as on current Windows.
constexpr int64_t kPerformanceFrequency = 10000000;


SYSTEMTIME ToSystemTime(const CivilTime& t) {
  SYSTEMTIME st;
  st.wYear = static_cast<WORD>(t.year);
  st.wMonth = static_cast<WORD>(t.month);
  st.wDayOfWeek = static_cast<WORD>(t.day_of_week);
  st.wDay = static_cast<WORD>(t.day);
  st.wHour = static_cast<WORD>(t.hour);
  st.wMinute = static_cast<WORD>(t.minute);
  st.wSecond = static_cast<WORD>(t.second);
  st.wMilliseconds = static_cast<WORD>(t.millisecond);
  return st;
}

// The local time zone's current offset from UTC, in FILETIME ticks (Windows converts with the bias in force now,
// not the one at the converted time).
int64_t LocalOffsetTicks() {
  const time_t now = time(nullptr);
  struct tm local;
  localtime_r(&now, &local);
  return static_cast<int64_t>(local.tm_gmtoff) * static_cast<int64_t>(kTicksPerSecond);
}

}  // namespace

extern "C" BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* lpPerformanceCount) {
  if (lpPerformanceCount == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  lpPerformanceCount->QuadPart = posix::MonotonicNowNs() / (1000000000 / kPerformanceFrequency);
  return TRUE;
}

extern "C" BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* lpFrequency) {
  if (lpFrequency == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  lpFrequency->QuadPart = kPerformanceFrequency;
  return TRUE;
}

extern "C" void WINAPI GetSystemTime(LPSYSTEMTIME lpSystemTime) {
  *lpSystemTime = ToSystemTime(*CivilFromFileTime(SystemTimeAsFileTime()));
}

extern "C" void WINAPI GetLocalTime(LPSYSTEMTIME lpSystemTime) {
  *lpSystemTime = ToSystemTime(*CivilFromFileTime(SystemTimeAsFileTime() + LocalOffsetTicks()));
}

extern "C" BOOL WINAPI FileTimeToSystemTime(const FILETIME* lpFileTime, LPSYSTEMTIME lpSystemTime) {
  auto civil = CivilFromFileTime(FromFileTime(*lpFileTime));
  if (!civil) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  *lpSystemTime = ToSystemTime(*civil);
  return TRUE;
}

extern "C" BOOL WINAPI SystemTimeToFileTime(const SYSTEMTIME* lpSystemTime, LPFILETIME lpFileTime) {
  const CivilTime t{lpSystemTime->wYear,   lpSystemTime->wMonth,  lpSystemTime->wDay,
                    0,                     lpSystemTime->wHour,   lpSystemTime->wMinute,
                    lpSystemTime->wSecond, lpSystemTime->wMilliseconds};
  auto ticks = FileTimeFromCivil(t);
  if (!ticks) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  *lpFileTime = ToFileTime(*ticks);
  return TRUE;
}

extern "C" BOOL WINAPI FileTimeToLocalFileTime(const FILETIME* lpFileTime, LPFILETIME lpLocalFileTime) {
  *lpLocalFileTime = ToFileTime(FromFileTime(*lpFileTime) + static_cast<uint64_t>(LocalOffsetTicks()));
  return TRUE;
}

extern "C" BOOL WINAPI LocalFileTimeToFileTime(const FILETIME* lpLocalFileTime, LPFILETIME lpFileTime) {
  *lpFileTime = ToFileTime(FromFileTime(*lpLocalFileTime) - static_cast<uint64_t>(LocalOffsetTicks()));
  return TRUE;
}

extern "C" LONG WINAPI CompareFileTime(const FILETIME* lpFileTime1, const FILETIME* lpFileTime2) {
  const uint64_t a = FromFileTime(*lpFileTime1), b = FromFileTime(*lpFileTime2);
  return a < b ? -1 : a > b ? 1 : 0;
}
