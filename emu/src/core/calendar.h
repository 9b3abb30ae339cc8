// The Gregorian calendar of FILETIME (100 ns ticks since 1601-01-01 UTC) and SYSTEMTIME: pure arithmetic.
#ifndef WINIPC_CORE_CALENDAR_H_
#define WINIPC_CORE_CALENDAR_H_

#include <cstdint>
#include <optional>

namespace winipc {

struct CivilTime {
  int year, month, day;  // month 1-12, day 1-31
  int day_of_week;       // 0 = Sunday
  int hour, minute, second, millisecond;
};

inline constexpr uint64_t kTicksPerSecond = 10000000;
// FILETIME of 1970-01-01 00:00 UTC.
inline constexpr uint64_t kUnixEpochAsFileTime = 116444736000000000ull;

// The date and time of a FILETIME; nullopt beyond what SYSTEMTIME holds (FILETIME above 0x7fffffffffffffff).
std::optional<CivilTime> CivilFromFileTime(uint64_t ticks);
// The FILETIME of a date and time; nullopt for a field out of range (year 1601-30827, a day the month has,
// hour < 24, minute and second < 60, millisecond < 1000). day_of_week is ignored.
std::optional<uint64_t> FileTimeFromCivil(const CivilTime& t);

}  // namespace winipc

#endif  // WINIPC_CORE_CALENDAR_H_
