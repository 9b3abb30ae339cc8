// Waiting from another thread of the test process, for tests of what one thread's ownership means to others.
#ifndef WINIPC_CONFORMANCE_HARNESS_OTHER_THREAD_H_
#define WINIPC_CONFORMANCE_HARNESS_OTHER_THREAD_H_

#include <windows.h>

#include <thread>

namespace winipc::conformance {

// What a wait of `timeout_ms` on `object` from a new thread returns. If the thread gets a mutex it releases it
// before it ends, so the test never leaves a mutex abandoned by accident.
inline DWORD WaitFromOtherThread(HANDLE object, DWORD timeout_ms) {
  DWORD result = WAIT_FAILED;
  std::thread waiter([&] {
    result = WaitForSingleObject(object, timeout_ms);
    if (result == WAIT_OBJECT_0 || result == WAIT_ABANDONED) ReleaseMutex(object);  // fails harmlessly otherwise
  });
  waiter.join();
  return result;
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_OTHER_THREAD_H_
