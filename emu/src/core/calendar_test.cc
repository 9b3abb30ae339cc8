// Tests of the FILETIME calendar arithmetic behind FileTimeToSystemTime and SystemTimeToFileTime.
#include "core/calendar.h"

#include <gtest/gtest.h>

namespace winipc {
namespace {

// Tests that every day from 1601 to 2401 converts to a date and back to the same FILETIME, days counting up.
TEST(Calendar, EveryDayRoundTrips) {
  constexpr uint64_t kDay = 86400 * kTicksPerSecond;
  int last_day_of_week = 0;  // 1601-01-01 was a Monday (1)
  for (uint64_t day = 0; day < 292194; ++day) {
    const uint64_t ticks = day * kDay + 12345678;
    auto civil = CivilFromFileTime(ticks);
    ASSERT_TRUE(civil.has_value()) << day;
    EXPECT_EQ(civil->day_of_week, (last_day_of_week + 1) % 7) << day;
    last_day_of_week = civil->day_of_week;
    auto back = FileTimeFromCivil(*civil);
    ASSERT_TRUE(back.has_value()) << day;
    EXPECT_EQ(*back, ticks / 10000 * 10000) << day;  // SYSTEMTIME keeps milliseconds
  }
}

// Tests that the Unix epoch is 1970-01-01 00:00 and a day beyond the month is refused.
TEST(Calendar, KnownDatesAndBadDays) {
  auto epoch = CivilFromFileTime(kUnixEpochAsFileTime);
  ASSERT_TRUE(epoch.has_value());
  EXPECT_EQ(epoch->year, 1970);
  EXPECT_EQ(epoch->month, 1);
  EXPECT_EQ(epoch->day, 1);
  EXPECT_EQ(epoch->day_of_week, 4);
  EXPECT_FALSE(FileTimeFromCivil({2023, 2, 29, 0, 0, 0, 0, 0}).has_value());
  EXPECT_TRUE(FileTimeFromCivil({2024, 2, 29, 0, 0, 0, 0, 0}).has_value());
  EXPECT_FALSE(FileTimeFromCivil({1900, 2, 29, 0, 0, 0, 0, 0}).has_value());
  EXPECT_FALSE(CivilFromFileTime(0x8000000000000000ull).has_value());
}

}  // namespace
}  // namespace winipc
