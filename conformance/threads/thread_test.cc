// CreateThread and thread handles: the start routine and its parameter, thread ids, the handle's signal, exit
// codes, the GetCurrentThread pseudo handle, CREATE_SUSPENDED.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createthread
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getexitcodethread
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-exitthread
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentthread
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-resumethread
#include <atomic>
#include <string>

#include "harness/harness.h"
#include "threads/non_thread_handles.h"

namespace winipc::conformance {
namespace {

// What a test thread reports back, and an event that holds it until the test lets it go.
struct ThreadState {
  void* parameter_seen = nullptr;
  DWORD id_inside = 0;
  HANDLE pseudo_inside = nullptr;
  std::atomic<bool> ran{false};
  std::atomic<bool> finished{false};  // set last: the thread touches nothing in the state after it
  HANDLE release = nullptr;           // manual-reset event; the thread waits for it (kChildTimeoutMs at most)
  DWORD exit_code = 0;
};

// Records what it sees, waits for `release` if there is one, and returns state->exit_code.
DWORD WINAPI RecordingThread(LPVOID parameter) {
  auto* state = static_cast<ThreadState*>(parameter);
  state->parameter_seen = parameter;
  state->id_inside = GetCurrentThreadId();
  state->pseudo_inside = GetCurrentThread();
  state->ran = true;
  if (state->release != nullptr) WaitForSingleObject(state->release, kChildTimeoutMs);
  const DWORD exit_code = state->exit_code;
  state->finished = true;
  return exit_code;
}

// Like RecordingThread, but ends through ExitThread(state->exit_code) instead of returning (it returns 1 if
// ExitThread comes back).
DWORD WINAPI ExitingThread(LPVOID parameter) {
  auto* state = static_cast<ThreadState*>(parameter);
  state->ran = true;
  if (state->release != nullptr) WaitForSingleObject(state->release, kChildTimeoutMs);
  ExitThread(state->exit_code);
}

// Tests that CreateThread runs lpStartAddress with lpParameter and returns the new thread's id through
// lpThreadId, equal to GetCurrentThreadId inside the thread and different from the creator's.
TEST(CreateThread, RunsStartRoutineWithParameterAndReturnsId) {
  BEHAVIOUR("TH-THREAD-001");
  ThreadState state;
  DWORD id = 0;
  SetLastError(kPoisonError);
  const auto created = Call(CreateThread(nullptr, 0, RecordingThread, &state, 0, &id));
  ScopedHandle thread(created.value);
  ASSERT_THAT(created, Succeeds());
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(state.ran);
  EXPECT_EQ(state.parameter_seen, &state);
  EXPECT_NE(id, 0u);
  EXPECT_EQ(state.id_inside, id);
  EXPECT_NE(id, GetCurrentThreadId());
}

// Tests that a thread handle is not signalled while the thread runs and is signalled once it has exited.
TEST(CreateThread, HandleIsSignalledWhenThreadExits) {
  BEHAVIOUR("TH-THREAD-002");
  ScopedHandle release(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(release);
  ThreadState state;
  state.release = release.get();
  ScopedHandle thread(CreateThread(nullptr, 0, RecordingThread, &state, 0, nullptr));
  ASSERT_TRUE(thread);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(thread.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "signalled while running";
  ASSERT_TRUE(SetEvent(release.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(thread.get(), kChildTimeoutMs)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "not signalled after exit";
  EXPECT_EQ(WaitForSingleObject(thread.get(), 0), WAIT_OBJECT_0) << "did not stay signalled";
}

// Tests that GetExitCodeThread reports STILL_ACTIVE (259) while the thread runs and the start routine's return
// value after it has exited, leaving the last error untouched.
TEST(GetExitCodeThread, StillActiveThenReturnValue) {
  BEHAVIOUR("TH-THREAD-003");
  ScopedHandle release(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(release);
  ThreadState state;
  state.release = release.get();
  state.exit_code = 1234;
  ScopedHandle thread(CreateThread(nullptr, 0, RecordingThread, &state, 0, nullptr));
  ASSERT_TRUE(thread);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(thread.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  ASSERT_TRUE(SetEvent(release.get()));
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(thread.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, 1234u);
}

// Tests that a thread that calls ExitThread(code) ends with that exit code.
TEST(ExitThread, ExitCodeIsTheArgument) {
  BEHAVIOUR("TH-THREAD-004");
  ThreadState state;
  state.exit_code = 4321;
  ScopedHandle thread(CreateThread(nullptr, 0, ExitingThread, &state, 0, nullptr));
  ASSERT_TRUE(thread);
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(state.ran);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(thread.get(), &code));
  EXPECT_EQ(code, 4321u) << "1 means ExitThread returned";
}

// Tests that GetCurrentThread returns the pseudo handle (HANDLE)-2 in every thread, while GetCurrentThreadId
// differs from thread to thread.
TEST(GetCurrentThread, IsPseudoHandleMinusTwoInEveryThread) {
  BEHAVIOUR("TH-THREAD-005");
  const HANDLE pseudo = reinterpret_cast<HANDLE>(static_cast<intptr_t>(-2));
  EXPECT_EQ(GetCurrentThread(), pseudo);
  ThreadState state;
  ScopedHandle thread(CreateThread(nullptr, 0, RecordingThread, &state, 0, nullptr));
  ASSERT_TRUE(thread);
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(state.pseudo_inside, pseudo);
  EXPECT_NE(state.id_inside, GetCurrentThreadId());
}

// Tests that waiting on the GetCurrentThread pseudo handle (the running thread itself) times out: WAIT_TIMEOUT.
TEST(GetCurrentThread, WaitOnPseudoHandleTimesOut) {
  BEHAVIOUR("TH-THREAD-006");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(GetCurrentThread(), 100)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that GetExitCodeThread on the GetCurrentThread pseudo handle reports STILL_ACTIVE.
TEST(GetCurrentThread, ExitCodeOfPseudoHandleIsStillActive) {
  BEHAVIOUR("TH-THREAD-007");
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(GetCurrentThread(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
}

// Tests that GetExitCodeThread on a handle that is not a thread (an event, NULL, a forged value) fails with
// ERROR_INVALID_HANDLE.
TEST(GetExitCodeThread, NonThreadHandleFailsWithInvalidHandle) {
  BEHAVIOUR("TH-THREAD-008");
  threads::ExpectNonThreadHandlesFail([](HANDLE handle) {
    DWORD code = 0;
    return Call(GetExitCodeThread(handle, &code));
  });
}

// Tests that a thread created with CREATE_SUSPENDED does not run until ResumeThread, which returns the previous
// suspend count 1; a second ResumeThread returns 0.
TEST(CreateThread, SuspendedThreadRunsOnlyAfterResume) {
  BEHAVIOUR("TH-THREAD-009");
  ThreadState state;
  ScopedHandle thread(CreateThread(nullptr, 0, RecordingThread, &state, CREATE_SUSPENDED, nullptr));
  ASSERT_TRUE(thread);
  EXPECT_EQ(WaitForSingleObject(thread.get(), 300), WAIT_TIMEOUT) << "a suspended thread ended";
  EXPECT_FALSE(state.ran) << "a suspended thread ran";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ResumeThread(thread.get())), ReturnsWithError(1, kPoisonError));
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "never ran after ResumeThread";
  EXPECT_TRUE(state.ran);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ResumeThread(thread.get())), ReturnsWithError(0, kPoisonError)) << "an ended thread";
}

// Tests that closing a thread's handle while it runs does not stop it: it goes on and finishes its work.
TEST(CreateThread, ClosingHandleLeavesThreadRunning) {
  BEHAVIOUR("TH-THREAD-010");
  ScopedHandle release(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(release);
  ThreadState state;
  state.release = release.get();
  DWORD id = 0;
  ScopedHandle thread(CreateThread(nullptr, 0, RecordingThread, &state, 0, &id));
  ASSERT_TRUE(thread);
  for (int i = 0; i < 1000 && !state.ran; ++i) Sleep(10);
  ASSERT_TRUE(state.ran) << "the thread never started";
  EXPECT_FALSE(state.finished) << "the thread did not wait for the release";
  thread.reset();
  ASSERT_TRUE(SetEvent(release.get()));
  // Without a handle the thread's end cannot be waited for: poll what it does after the release.
  for (int i = 0; i < 1000 && !state.finished; ++i) Sleep(10);
  EXPECT_TRUE(state.finished) << "the thread stopped when its handle was closed";
  EXPECT_EQ(state.id_inside, id);
}

// Tests that GetThreadId on a thread handle returns the id CreateThread reported, and CreateThread accepts a
// NULL lpThreadId.
TEST(CreateThread, GetThreadIdMatchesAndNullIdPointerIsAllowed) {
  BEHAVIOUR("TH-THREAD-011");
  ThreadState state;
  DWORD id = 0;
  ScopedHandle with_id(CreateThread(nullptr, 0, RecordingThread, &state, 0, &id));
  ASSERT_TRUE(with_id);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadId(with_id.get())), ReturnsWithError(id, kPoisonError));
  ASSERT_EQ(WaitForSingleObject(with_id.get(), kChildTimeoutMs), WAIT_OBJECT_0);

  ThreadState other;
  SetLastError(kPoisonError);
  const auto created = Call(CreateThread(nullptr, 0, RecordingThread, &other, 0, nullptr));
  ScopedHandle without_id(created.value);
  ASSERT_THAT(created, Succeeds());
  ASSERT_EQ(WaitForSingleObject(without_id.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(other.ran);
  EXPECT_EQ(GetThreadId(without_id.get()), other.id_inside);
}

}  // namespace
}  // namespace winipc::conformance
