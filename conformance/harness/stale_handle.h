// Using a handle value after it was closed, safely.
//
// Windows gives a freed handle value to the next handle created, at once, and the test runtime itself creates
// handles now and then (mingw's winpthreads does, lazily, inside GoogleTest's locks). So a test that closes a
// handle and uses the value a few statements later may reach an unrelated object, and closing that value may
// break the runtime. CallWithClosedHandle closes a fresh handle and calls `use` with its value immediately,
// with nothing in between; check the result afterwards:
//
//   const auto stale = CallWithClosedHandle([](HANDLE h) { return Call(SetEvent(h)); });
//   EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE));
#ifndef WINIPC_CONFORMANCE_HARNESS_STALE_HANDLE_H_
#define WINIPC_CONFORMANCE_HARNESS_STALE_HANDLE_H_

#include <windows.h>

#include <cstdint>

#include "harness/matchers.h"

namespace winipc::conformance {

// A value no handle has: for "not an open handle" cases.
inline HANDLE ForgedHandle() { return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x1234)); }

template <typename Use>
auto CallWithClosedHandle(Use use) {
  HANDLE handle = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  CloseHandle(handle);
  SetLastError(kPoisonError);
  return use(handle);
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_STALE_HANDLE_H_
