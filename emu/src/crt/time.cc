// The Microsoft C runtime's 64-bit time functions. _localtime64_s and friends refuse a NULL or negative time with
// EINVAL and set every field of the result to -1, as Microsoft documents.
#include <time.h>

#include <cerrno>
#include <cstring>

#include "crt/invalid_parameter.h"

using winipc::crt::InvalidParameter;

namespace {
// Microsoft's localtime accepts times from 1970 to 3000-12-31 23:59:59 UTC.
constexpr __time64_t kMaxTime = 32535215999LL;

errno_t Breakdown(struct tm* result, const __time64_t* time, bool local) {
  if (result == nullptr) return InvalidParameter(EINVAL);
  if (time == nullptr || *time < 0 || *time > kMaxTime) {
    memset(result, 0xff, sizeof *result);  // every field -1
    return InvalidParameter(EINVAL);
  }
  const time_t t = static_cast<time_t>(*time);
  struct tm out;
  if ((local ? localtime_r(&t, &out) : gmtime_r(&t, &out)) == nullptr) {
    memset(result, 0xff, sizeof *result);
    return InvalidParameter(EINVAL);
  }
  *result = out;
  return 0;
}
}  // namespace

extern "C" {

__time64_t _time64(__time64_t* out) {
  const __time64_t now = static_cast<__time64_t>(time(nullptr));
  if (out != nullptr) *out = now;
  return now;
}
__time64_t _mktime64(struct tm* tm) {
  if (tm == nullptr) {
    InvalidParameter(EINVAL);
    return -1;
  }
  return static_cast<__time64_t>(mktime(tm));
}
errno_t _localtime64_s(struct tm* result, const __time64_t* time) { return Breakdown(result, time, true); }
errno_t _gmtime64_s(struct tm* result, const __time64_t* time) { return Breakdown(result, time, false); }
errno_t localtime_s(struct tm* result, const time_t* time) {
  const __time64_t t = time != nullptr ? *time : 0;
  return Breakdown(result, time != nullptr ? &t : nullptr, true);
}
errno_t gmtime_s(struct tm* result, const time_t* time) {
  const __time64_t t = time != nullptr ? *time : 0;
  return Breakdown(result, time != nullptr ? &t : nullptr, false);
}
// asctime's 26 characters ("Wed Jan 02 02:03:55 1980\n" and the NUL) must fit.
errno_t asctime_s(char* buffer, size_t size, const struct tm* tm) {
  if (buffer == nullptr || size == 0) return InvalidParameter(EINVAL);
  buffer[0] = 0;
  if (tm == nullptr) return InvalidParameter(EINVAL);
  if (size < 26) return InvalidParameter(ERANGE);
  char text[64];
  if (asctime_r(tm, text) == nullptr || strlen(text) >= size) return InvalidParameter(EINVAL);
  strcpy(buffer, text);
  return 0;
}
errno_t ctime_s(char* buffer, size_t size, const time_t* time) {
  if (buffer == nullptr || size == 0) return InvalidParameter(EINVAL);
  buffer[0] = 0;
  struct tm tm;
  const errno_t error = localtime_s(&tm, time);
  if (error != 0) return error;
  return asctime_s(buffer, size, &tm);
}

}  // extern "C"
