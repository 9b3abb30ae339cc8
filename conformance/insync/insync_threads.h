// Threads for the in-process synchronisation tests: run a function on several threads of the test process at once,
// waiting a bounded time for them all (a broken lock must fail the test, not hang it).
#ifndef WINIPC_CONFORMANCE_INSYNC_INSYNC_THREADS_H_
#define WINIPC_CONFORMANCE_INSYNC_INSYNC_THREADS_H_

#include <windows.h>

#include <functional>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {

// A thread running `body`, started at once. Wait() waits up to kChildTimeoutMs for it to end.
class TestThread {
 public:
  explicit TestThread(std::function<void()> body) : body_(std::move(body)) {
    handle_ = CreateThread(nullptr, 0, Run, this, 0, nullptr);
  }
  TestThread(const TestThread&) = delete;
  TestThread& operator=(const TestThread&) = delete;
  // A thread that never ended is terminated, so that it cannot touch the test's frame after the test.
  ~TestThread() {
    if (handle_ == nullptr) return;
    if (WaitForSingleObject(handle_, kChildTimeoutMs) != WAIT_OBJECT_0) TerminateThread(handle_, 1);
    CloseHandle(handle_);
  }
  bool started() const { return handle_ != nullptr; }
  // True when the thread ended within the time limit.
  bool Wait() { return handle_ != nullptr && WaitForSingleObject(handle_, kChildTimeoutMs) == WAIT_OBJECT_0; }
  // True when the thread is still running after `ms` (for "it is still blocked" checks, never timed the other way).
  bool StillRunningAfter(DWORD ms) { return WaitForSingleObject(handle_, ms) == WAIT_TIMEOUT; }

 private:
  static DWORD WINAPI Run(LPVOID self) {
    static_cast<TestThread*>(self)->body_();
    return 0;
  }
  std::function<void()> body_;
  HANDLE handle_ = nullptr;
};

// Runs body(i) on `count` threads at once; true when all ended within the time limit.
inline bool RunOnThreads(int count, const std::function<void(int)>& body) {
  std::vector<std::unique_ptr<TestThread>> threads;
  for (int i = 0; i < count; ++i) threads.push_back(std::make_unique<TestThread>([&body, i] { body(i); }));
  bool all = true;
  for (auto& thread : threads) all = thread->Wait() && all;
  return all;
}

// What TryEnterCriticalSection returns on another thread (which leaves at once if it got the section).
inline BOOL TryEnterFromOtherThread(CRITICAL_SECTION* cs) {
  BOOL result = -1;
  TestThread other([&] {
    result = TryEnterCriticalSection(cs);
    if (result) LeaveCriticalSection(cs);
  });
  EXPECT_TRUE(other.Wait());
  return result;
}

// What TryAcquireSRWLockShared (shared) or TryAcquireSRWLockExclusive returns on another thread (which releases
// at once if it got the lock).
inline BOOLEAN TrySrwFromOtherThread(SRWLOCK* lock, bool shared) {
  BOOLEAN result = 2;
  TestThread other([&] {
    result = shared ? TryAcquireSRWLockShared(lock) : TryAcquireSRWLockExclusive(lock);
    if (result && shared) ReleaseSRWLockShared(lock);
    if (result && !shared) ReleaseSRWLockExclusive(lock);
  });
  EXPECT_TRUE(other.Wait());
  return result;
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_INSYNC_INSYNC_THREADS_H_
