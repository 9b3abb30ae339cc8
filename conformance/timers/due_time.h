// Due times the waitable-timer tests share.
#ifndef WINIPC_CONFORMANCE_TIMERS_DUE_TIME_H_
#define WINIPC_CONFORMANCE_TIMERS_DUE_TIME_H_

#include <windows.h>

namespace winipc::conformance::timers {

// A relative due time of 100 ns: due at once.
inline LARGE_INTEGER DueAtOnce() {
  LARGE_INTEGER due;
  due.QuadPart = -1;
  return due;
}

}  // namespace winipc::conformance::timers

#endif  // WINIPC_CONFORMANCE_TIMERS_DUE_TIME_H_
