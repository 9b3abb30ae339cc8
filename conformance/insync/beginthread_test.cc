// <process.h>: _beginthreadex and _endthreadex (a real, waitable thread handle with the start routine's exit
// code), _beginthread (whose handle closes itself), _getpid.
//
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/beginthread-beginthreadex
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/endthread-endthreadex
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/getpid
#include <process.h>

#include <atomic>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

struct Seen {
  void* argument = nullptr;
  DWORD thread_id = 0;
  std::atomic<bool> ran{false};
};

unsigned __stdcall ReturnsSeven(void* argument) {
  auto* seen = static_cast<Seen*>(argument);
  seen->argument = argument;
  seen->thread_id = GetCurrentThreadId();
  seen->ran = true;
  return 7;
}

unsigned __stdcall EndsWithEndthreadex(void*) {
  _endthreadex(21);
  return 1;  // not reached
}

void __cdecl SignalsItsEvent(void* argument) { SetEvent(static_cast<HANDLE>(argument)); }

void __cdecl EndsWithEndthread(void* argument) {
  SetEvent(static_cast<HANDLE>(argument));
  _endthread();
}

// Tests that _beginthreadex runs the routine with its argument, reports the thread id, and returns a thread handle
// that is signalled when the thread ends, gives the routine's return value as exit code, and closes.
TEST(BeginThreadEx, ReturnsAWaitableHandleWithTheExitCode) {
  BEHAVIOUR("IS-BEGIN-001");
  Seen seen;
  unsigned id = 0;
  const uintptr_t value = _beginthreadex(nullptr, 0, ReturnsSeven, &seen, 0, &id);
  ASSERT_NE(value, 0u);
  HANDLE thread = reinterpret_cast<HANDLE>(value);
  ASSERT_EQ(WaitForSingleObject(thread, kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(seen.argument, &seen);
  EXPECT_EQ(seen.thread_id, id);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(thread, &code)), Succeeds());
  EXPECT_EQ(code, 7u);
  EXPECT_EQ(GetThreadId(thread), id);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(thread)), Succeeds());
}

// Tests that _endthreadex ends the thread with the code it is given.
TEST(BeginThreadEx, EndthreadexSetsTheExitCode) {
  BEHAVIOUR("IS-BEGIN-002");
  ScopedHandle thread(reinterpret_cast<HANDLE>(_beginthreadex(nullptr, 0, EndsWithEndthreadex, nullptr, 0, nullptr)));
  ASSERT_NE(thread.get(), nullptr);
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(thread.get(), &code));
  EXPECT_EQ(code, 21u);
}

// Tests that a thread started with CREATE_SUSPENDED does not run until ResumeThread.
TEST(BeginThreadEx, SuspendedThreadWaitsForResume) {
  BEHAVIOUR("IS-BEGIN-003");
  Seen seen;
  ScopedHandle thread(reinterpret_cast<HANDLE>(_beginthreadex(nullptr, 0, ReturnsSeven, &seen, CREATE_SUSPENDED,
                                                              nullptr)));
  ASSERT_NE(thread.get(), nullptr);
  EXPECT_EQ(WaitForSingleObject(thread.get(), 100), WAIT_TIMEOUT);
  EXPECT_FALSE(seen.ran);
  EXPECT_EQ(ResumeThread(thread.get()), 1u);
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_TRUE(seen.ran);
}

// Tests that _beginthread runs the routine with its argument and returns neither 0 nor -1, also when the routine
// ends with _endthread.
TEST(BeginThread, RunsTheRoutineWithItsArgument) {
  BEHAVIOUR("IS-BEGIN-004");
  for (auto routine : {SignalsItsEvent, EndsWithEndthread}) {
    HANDLE done = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    ScopedHandle done_owner(done);
    const uintptr_t value = _beginthread(routine, 0, done);
    EXPECT_NE(value, 0u);
    EXPECT_NE(value, static_cast<uintptr_t>(-1));
    EXPECT_EQ(WaitForSingleObject(done, kChildTimeoutMs), WAIT_OBJECT_0);
  }
}

// Tests that _getpid is the process id GetCurrentProcessId reports.
TEST(BeginThread, GetpidIsTheProcessId) {
  BEHAVIOUR("IS-BEGIN-005");
  EXPECT_EQ(static_cast<DWORD>(_getpid()), GetCurrentProcessId());
}

}  // namespace
}  // namespace winipc::conformance
