#include "core/calendar.h"

namespace winipc {
namespace {

// Days from 1970-01-01 to a civil date, and back (the proleptic Gregorian calendar; H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* year, int* month, int* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (m <= 2));
  *month = static_cast<int>(m);
  *day = static_cast<int>(d);
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

constexpr int64_t kDays1601To1970 = 134774;
constexpr uint64_t kTicksPerDay = 86400 * kTicksPerSecond;

}  // namespace

std::optional<CivilTime> CivilFromFileTime(uint64_t ticks) {
  if (ticks > 0x7fffffffffffffffull) return std::nullopt;
  const int64_t days = static_cast<int64_t>(ticks / kTicksPerDay);
  uint64_t rest = ticks % kTicksPerDay;
  CivilTime t;
  CivilFromDays(days - kDays1601To1970, &t.year, &t.month, &t.day);
  t.day_of_week = static_cast<int>((days + 1) % 7);  // 1601-01-01 was a Monday
  t.hour = static_cast<int>(rest / (3600 * kTicksPerSecond));
  rest %= 3600 * kTicksPerSecond;
  t.minute = static_cast<int>(rest / (60 * kTicksPerSecond));
  rest %= 60 * kTicksPerSecond;
  t.second = static_cast<int>(rest / kTicksPerSecond);
  t.millisecond = static_cast<int>(rest % kTicksPerSecond / 10000);
  return t;
}

std::optional<uint64_t> FileTimeFromCivil(const CivilTime& t) {
  if (t.year < 1601 || t.year > 30827 || t.month < 1 || t.month > 12 || t.day < 1 ||
      t.day > DaysInMonth(t.year, t.month) || t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 ||
      t.second < 0 || t.second > 59 || t.millisecond < 0 || t.millisecond > 999) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(t.year, t.month, t.day) + kDays1601To1970;
  return static_cast<uint64_t>(days) * kTicksPerDay +
         static_cast<uint64_t>((t.hour * 3600 + t.minute * 60 + t.second)) * kTicksPerSecond +
         static_cast<uint64_t>(t.millisecond) * 10000;
}

}  // namespace winipc
