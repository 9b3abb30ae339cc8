// Handles that are not threads, for the thread functions' "not a thread handle" tests.
#ifndef WINIPC_CONFORMANCE_THREADS_NON_THREAD_HANDLES_H_
#define WINIPC_CONFORMANCE_THREADS_NON_THREAD_HANDLES_H_

#include <windows.h>

#include "harness/harness.h"

namespace winipc::conformance::threads {

// Calls `use(handle)`, which returns a CallResult, with an event handle, NULL and a forged value, the last error
// poisoned before each, and expects each to fail with ERROR_INVALID_HANDLE.
template <typename Use>
void ExpectNonThreadHandlesFail(Use use) {
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"event", event.get()}, {"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(use(c.handle), FailsWith(ERROR_INVALID_HANDLE));
  }
}

}  // namespace winipc::conformance::threads

#endif  // WINIPC_CONFORMANCE_THREADS_NON_THREAD_HANDLES_H_
