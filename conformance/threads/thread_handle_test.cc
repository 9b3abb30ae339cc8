// Real handles to a thread other than the one CreateThread returns: DuplicateHandle of the GetCurrentThread
// pseudo-handle, and OpenThread by thread id.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentthread
// ("To create a handle that can be used by other threads ... DuplicateHandle")
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-openthread
#include <atomic>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kWorkerCode = 0xC0DE0019;

// A worker that duplicates its own pseudo-handle into a real one (kept in `handle`), says so, waits for `release`
// and returns kWorkerCode.
struct Worker {
  HANDLE ready = nullptr;    // manual-reset event the worker sets
  HANDLE release = nullptr;  // manual-reset event the worker waits for
  HANDLE handle = nullptr;   // the worker's duplicate of GetCurrentThread()
  DWORD id = 0;
  BOOL duplicated = FALSE;
  DWORD error = 0;
};

DWORD WINAPI DuplicatingThread(LPVOID parameter) {
  auto* worker = static_cast<Worker*>(parameter);
  worker->id = GetCurrentThreadId();
  SetLastError(kPoisonError);
  worker->duplicated = DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(),
                                       &worker->handle, 0, FALSE, DUPLICATE_SAME_ACCESS);
  worker->error = GetLastError();
  SetEvent(worker->ready);
  WaitForSingleObject(worker->release, kChildTimeoutMs);
  return kWorkerCode;
}

// Tests that DuplicateHandle of GetCurrentThread() gives a real handle to the calling thread (not the pseudo-handle,
// leaving the last error untouched) that another thread can use: GetThreadId is the caller's id, it is not
// signalled while the thread runs, it is once the thread has ended, and GetExitCodeThread then reports its code.
TEST(DuplicateHandle, CurrentThreadPseudoHandleGivesRealHandle) {
  BEHAVIOUR("TH-THREAD-019");
  ScopedHandle ready(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle release(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(ready && release);
  Worker worker;
  worker.ready = ready.get();
  worker.release = release.get();
  ScopedHandle thread(CreateThread(nullptr, 0, DuplicatingThread, &worker, 0, nullptr));
  ASSERT_TRUE(thread);
  ASSERT_EQ(WaitForSingleObject(ready.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  ScopedHandle duplicate(worker.handle);
  EXPECT_TRUE(worker.duplicated) << DescribeError(worker.error);
  EXPECT_EQ(worker.error, kPoisonError);
  ASSERT_TRUE(duplicate);
  EXPECT_NE(duplicate.get(), GetCurrentThread());
  EXPECT_NE(duplicate.get(), thread.get());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadId(duplicate.get())), ReturnsWithError(worker.id, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(duplicate.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "signalled while running";
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(duplicate.get(), &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  ASSERT_TRUE(SetEvent(release.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(duplicate.get(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  ASSERT_TRUE(GetExitCodeThread(duplicate.get(), &code));
  EXPECT_EQ(code, kWorkerCode);
}

// Tests that a duplicate of GetCurrentThread() made by the main (test) thread names that thread: its id, and it is
// not signalled while the thread runs.
TEST(DuplicateHandle, CurrentThreadDuplicateInCallingThread) {
  BEHAVIOUR("TH-THREAD-020");
  HANDLE handle = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &handle, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(handle);
  ASSERT_TRUE(owned);
  EXPECT_EQ(GetThreadId(handle), GetCurrentThreadId());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(handle, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(handle, &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
}

// Waits for the event in its parameter and returns 0x20210.
DWORD WINAPI WaitingThread(LPVOID parameter) {
  WaitForSingleObject(static_cast<HANDLE>(parameter), kChildTimeoutMs);
  return 0x20210;
}

// A running WaitingThread and the event that lets it end.
struct WaitingWorker {
  ScopedHandle release{CreateEventA(nullptr, TRUE, FALSE, nullptr)};
  DWORD id = 0;
  ScopedHandle thread{release ? CreateThread(nullptr, 0, WaitingThread, release.get(), 0, &id) : nullptr};
  explicit operator bool() const { return static_cast<bool>(thread); }
  ~WaitingWorker() {
    SetEvent(release.get());
    if (thread) WaitForSingleObject(thread.get(), kChildTimeoutMs);
  }
};

// Tests that OpenThread of a running thread's id gives a new handle to it, leaving the last error untouched,
// through which its end can be waited for and its exit code read.
TEST(OpenThread, ThreadIdGivesHandleToThread) {
  BEHAVIOUR("TH-THREAD-021");
  WaitingWorker worker;
  ASSERT_TRUE(worker);
  const DWORD id = worker.id;
  SetLastError(kPoisonError);
  const auto opened = Call(OpenThread(SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, id));
  ScopedHandle handle(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_NE(handle.get(), worker.thread.get());
  EXPECT_EQ(GetThreadId(handle.get()), id);
  EXPECT_EQ(WaitForSingleObject(handle.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT));
  ASSERT_TRUE(SetEvent(worker.release.get()));
  EXPECT_EQ(WaitForSingleObject(handle.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(handle.get(), &code));
  EXPECT_EQ(code, 0x20210u);
}

// Tests that OpenThread of id 0 or of an id no thread has fails with ERROR_INVALID_PARAMETER.
TEST(OpenThread, UnknownIdFailsWithInvalidParameter) {
  BEHAVIOUR("TH-THREAD-022");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenThread(SYNCHRONIZE, FALSE, 0)), FailsWith(ERROR_INVALID_PARAMETER)) << "id 0";
  constexpr DWORD kUnusedId = 0x7ffffffc;  // thread ids are far below this on Windows and on Linux
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenThread(SYNCHRONIZE, FALSE, kUnusedId)), FailsWith(ERROR_INVALID_PARAMETER)) << "unused id";
}

// Tests that a thread handle opened without THREAD_QUERY_INFORMATION cannot read the exit code
// (ERROR_ACCESS_DENIED), and one without SYNCHRONIZE cannot be waited on (WAIT_FAILED, ERROR_ACCESS_DENIED).
TEST(OpenThread, AccessIsCheckedOnUse) {
  BEHAVIOUR("TH-THREAD-023");
  WaitingWorker worker;
  ASSERT_TRUE(worker);
  const DWORD id = worker.id;
  ScopedHandle synchronize_only(OpenThread(SYNCHRONIZE, FALSE, id));
  ScopedHandle query_only(OpenThread(THREAD_QUERY_INFORMATION, FALSE, id));
  ASSERT_TRUE(synchronize_only && query_only) << DescribeError(GetLastError());
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(synchronize_only.get(), &code)), FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(query_only.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  ASSERT_TRUE(SetEvent(worker.release.get()));
  EXPECT_EQ(WaitForSingleObject(synchronize_only.get(), kChildTimeoutMs), WAIT_OBJECT_0);
}

}  // namespace
}  // namespace winipc::conformance
