// Time: the performance counter, GetSystemTime/GetLocalTime, and the FILETIME <-> SYSTEMTIME conversions.
// https://learn.microsoft.com/en-us/windows/win32/api/timezoneapi/nf-timezoneapi-filetimetosystemtime
// https://learn.microsoft.com/en-us/windows/win32/api/timezoneapi/nf-timezoneapi-systemtimetofiletime
#include <windows.h>

#include <cstring>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

FILETIME Ticks(ULONGLONG ticks) {
  FILETIME ft;
  ft.dwLowDateTime = static_cast<DWORD>(ticks);
  ft.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  return ft;
}
ULONGLONG Ticks(const FILETIME& ft) { return (ULONGLONG{ft.dwHighDateTime} << 32) | ft.dwLowDateTime; }

SYSTEMTIME Date(WORD year, WORD month, WORD day, WORD hour, WORD minute, WORD second, WORD ms) {
  SYSTEMTIME st;
  std::memset(&st, 0, sizeof st);
  st.wYear = year;
  st.wMonth = month;
  st.wDay = day;
  st.wHour = hour;
  st.wMinute = minute;
  st.wSecond = second;
  st.wMilliseconds = ms;
  return st;
}

// Tests that the performance counter has a positive frequency and never goes back.
TEST(QueryPerformanceCounter, FrequencyPositiveAndCounterMonotonic) {
  BEHAVIOUR("TM-PERF-001");
  LARGE_INTEGER frequency, first, second;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueryPerformanceFrequency(&frequency)), SucceedsWith(kPoisonError));
  EXPECT_GT(frequency.QuadPart, 0);
  ASSERT_TRUE(QueryPerformanceCounter(&first));
  ASSERT_TRUE(QueryPerformanceCounter(&second));
  EXPECT_GE(second.QuadPart, first.QuadPart);
}

// Tests that FILETIME 0 is 1601-01-01 00:00, a Monday, and the Unix epoch's FILETIME is 1970-01-01, a Thursday.
TEST(FileTimeToSystemTime, EpochsAreTheirDates) {
  BEHAVIOUR("TM-CONV-001");
  SYSTEMTIME st;
  const FILETIME zero = Ticks(0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FileTimeToSystemTime(&zero, &st)), SucceedsWith(kPoisonError));
  EXPECT_EQ(st.wYear, 1601);
  EXPECT_EQ(st.wMonth, 1);
  EXPECT_EQ(st.wDay, 1);
  EXPECT_EQ(st.wDayOfWeek, 1);
  EXPECT_EQ(st.wHour + st.wMinute + st.wSecond + st.wMilliseconds, 0);
  const FILETIME unix_epoch = Ticks(116444736000000000ull);
  ASSERT_TRUE(FileTimeToSystemTime(&unix_epoch, &st));
  EXPECT_EQ(st.wYear, 1970);
  EXPECT_EQ(st.wMonth, 1);
  EXPECT_EQ(st.wDay, 1);
  EXPECT_EQ(st.wDayOfWeek, 4);
}

// Tests that a leap day converts to a FILETIME and back to the same date, with its day of the week filled in
// (the one given is ignored).
TEST(SystemTimeToFileTime, LeapDayRoundTrips) {
  BEHAVIOUR("TM-CONV-002");
  SYSTEMTIME in = Date(2024, 2, 29, 13, 14, 15, 678);
  in.wDayOfWeek = 6;  // wrong on purpose: 2024-02-29 was a Thursday
  FILETIME ft;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SystemTimeToFileTime(&in, &ft)), SucceedsWith(kPoisonError));
  EXPECT_EQ(Ticks(ft), 133536860556780000ull);
  SYSTEMTIME out;
  ASSERT_TRUE(FileTimeToSystemTime(&ft, &out));
  EXPECT_EQ(out.wYear, 2024);
  EXPECT_EQ(out.wMonth, 2);
  EXPECT_EQ(out.wDay, 29);
  EXPECT_EQ(out.wDayOfWeek, 4);
  EXPECT_EQ(out.wHour, 13);
  EXPECT_EQ(out.wMinute, 14);
  EXPECT_EQ(out.wSecond, 15);
  EXPECT_EQ(out.wMilliseconds, 678);
}

// Tests that a SYSTEMTIME with a field out of range fails with ERROR_INVALID_PARAMETER.
TEST(SystemTimeToFileTime, FieldOutOfRangeFailsInvalidParameter) {
  BEHAVIOUR("TM-CONV-003");
  const SYSTEMTIME bad[] = {Date(2023, 13, 1, 0, 0, 0, 0), Date(2023, 1, 1, 24, 0, 0, 0),
                            Date(2023, 1, 1, 0, 60, 0, 0), Date(2023, 1, 1, 0, 0, 0, 1000),
                            Date(1600, 12, 31, 0, 0, 0, 0), Date(2023, 1, 0, 0, 0, 0, 0)};
  for (const SYSTEMTIME& st : bad) {
    SCOPED_TRACE(testing::Message() << st.wYear << "-" << st.wMonth << "-" << st.wDay << " " << st.wHour << ":"
                                    << st.wMinute << ":" << st.wSecond << "." << st.wMilliseconds);
    FILETIME ft;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SystemTimeToFileTime(&st, &ft)), FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that a FILETIME with the top bit set fails with ERROR_INVALID_PARAMETER.
TEST(FileTimeToSystemTime, NegativeFileTimeFailsInvalidParameter) {
  BEHAVIOUR("TM-CONV-004");
  const FILETIME ft = Ticks(0x8000000000000000ull);
  SYSTEMTIME st;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FileTimeToSystemTime(&ft, &st)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that CompareFileTime orders by the whole 64-bit value: -1, 0 or 1.
TEST(CompareFileTime, OrdersByWholeValue) {
  BEHAVIOUR("TM-CONV-005");
  const FILETIME low_high = Ticks(0x00000001ffffffffull), high_low = Ticks(0x0000000200000000ull);
  EXPECT_EQ(CompareFileTime(&low_high, &high_low), -1);
  EXPECT_EQ(CompareFileTime(&high_low, &low_high), 1);
  EXPECT_EQ(CompareFileTime(&high_low, &high_low), 0);
}

// Tests that converting a FILETIME to local time and back gives it back.
TEST(FileTimeToLocalFileTime, RoundTrips) {
  BEHAVIOUR("TM-CONV-006");
  const FILETIME utc = Ticks(133536860556780000ull);
  FILETIME local, back;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FileTimeToLocalFileTime(&utc, &local)), SucceedsWith(kPoisonError));
  ASSERT_TRUE(LocalFileTimeToFileTime(&local, &back));
  EXPECT_EQ(Ticks(back), Ticks(utc));
}

// Tests that GetSystemTime is the time GetSystemTimeAsFileTime gives, to the millisecond.
TEST(GetSystemTime, AgreesWithGetSystemTimeAsFileTime) {
  BEHAVIOUR("TM-NOW-001");
  FILETIME before, after, now;
  SYSTEMTIME st;
  GetSystemTimeAsFileTime(&before);
  GetSystemTime(&st);
  GetSystemTimeAsFileTime(&after);
  ASSERT_TRUE(SystemTimeToFileTime(&st, &now));
  EXPECT_GE(Ticks(now), Ticks(before) / 10000 * 10000);
  EXPECT_LE(Ticks(now), Ticks(after));
}

// Tests that a day the month does not have (February 29 of a common year, April 31) fails with
// ERROR_INVALID_PARAMETER.
TEST(SystemTimeToFileTime, DayBeyondMonthFailsInvalidParameter) {
  BEHAVIOUR("TM-CONV-007");
  for (const SYSTEMTIME& st : {Date(2023, 2, 29, 0, 0, 0, 0), Date(2023, 4, 31, 0, 0, 0, 0)}) {
    SCOPED_TRACE(testing::Message() << st.wYear << "-" << st.wMonth << "-" << st.wDay);
    FILETIME ft;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SystemTimeToFileTime(&st, &ft)), FailsWith(ERROR_INVALID_PARAMETER));
  }
}

}  // namespace
}  // namespace winipc::conformance
