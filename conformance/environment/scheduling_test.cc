// Scheduling and error-handling settings a program makes and reads back: thread priorities, priority classes,
// affinity masks, the error mode, the unhandled-exception filter, IsDebuggerPresent.
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-setthreadpriority
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-setpriorityclass
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setthreadaffinitymask
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getprocessaffinitymask
// https://learn.microsoft.com/en-us/windows/win32/api/errhandlingapi/nf-errhandlingapi-seterrormode
// https://learn.microsoft.com/en-us/windows/win32/api/errhandlingapi/nf-errhandlingapi-setunhandledexceptionfilter
#include <cstdint>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// A thread that waits on an event until the test lets it end; its handle has THREAD_ALL_ACCESS.
class ParkedThread {
 public:
  ParkedThread() : release_(CreateEventA(nullptr, TRUE, FALSE, nullptr)) {
    thread_.reset(CreateThread(nullptr, 0, &ParkedThread::Run, release_.get(), 0, nullptr));
  }
  ~ParkedThread() {
    SetEvent(release_.get());
    WaitForSingleObject(thread_.get(), kChildTimeoutMs);
  }
  ParkedThread(const ParkedThread&) = delete;
  ParkedThread& operator=(const ParkedThread&) = delete;
  HANDLE get() const { return thread_.get(); }

 private:
  static DWORD WINAPI Run(LPVOID release) {
    WaitForSingleObject(static_cast<HANDLE>(release), kChildTimeoutMs);
    return 0;
  }
  ScopedHandle release_;
  ScopedHandle thread_;
};

LONG WINAPI FirstFilter(EXCEPTION_POINTERS*) { return EXCEPTION_CONTINUE_SEARCH; }
LONG WINAPI SecondFilter(EXCEPTION_POINTERS*) { return EXCEPTION_EXECUTE_HANDLER; }

// Tests that a new thread runs at THREAD_PRIORITY_NORMAL and reports back each priority it is given.
TEST(SetThreadPriority, ReportsBackEachPriority) {
  BEHAVIOUR("TH-PRIO-001");
  ParkedThread thread;
  ASSERT_NE(thread.get(), nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadPriority(thread.get())), ReturnsWithError(THREAD_PRIORITY_NORMAL, kPoisonError));
  for (int priority : {THREAD_PRIORITY_IDLE, THREAD_PRIORITY_LOWEST, THREAD_PRIORITY_BELOW_NORMAL,
                       THREAD_PRIORITY_NORMAL, THREAD_PRIORITY_ABOVE_NORMAL, THREAD_PRIORITY_HIGHEST,
                       THREAD_PRIORITY_TIME_CRITICAL}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetThreadPriority(thread.get(), priority)), SucceedsWith(kPoisonError)) << priority;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetThreadPriority(thread.get())), ReturnsWithError(priority, kPoisonError)) << priority;
  }
}

// Tests that the current-thread pseudo-handle and a real handle to the same thread see the same priority.
TEST(SetThreadPriority, PseudoHandleAndRealHandleAgree) {
  BEHAVIOUR("TH-PRIO-002");
  ScopedHandle self(OpenThread(THREAD_ALL_ACCESS, FALSE, GetCurrentThreadId()));
  ASSERT_TRUE(self);
  ASSERT_TRUE(SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_BELOW_NORMAL));
  EXPECT_EQ(GetThreadPriority(self.get()), THREAD_PRIORITY_BELOW_NORMAL);
  ASSERT_TRUE(SetThreadPriority(self.get(), THREAD_PRIORITY_NORMAL));
  EXPECT_EQ(GetThreadPriority(GetCurrentThread()), THREAD_PRIORITY_NORMAL);
}

// Tests that a value that is no thread priority fails with ERROR_INVALID_PARAMETER and changes nothing.
TEST(SetThreadPriority, InvalidValueFailsWithInvalidParameter) {
  BEHAVIOUR("TH-PRIO-003");
  ParkedThread thread;
  ASSERT_NE(thread.get(), nullptr);
  for (int priority : {3, 14, -3, -14, 16, -16, 1000}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetThreadPriority(thread.get(), priority)), FailsWith(ERROR_INVALID_PARAMETER)) << priority;
  }
  EXPECT_EQ(GetThreadPriority(thread.get()), THREAD_PRIORITY_NORMAL);
}

// Tests that a handle that is not a thread fails with ERROR_INVALID_HANDLE, GetThreadPriority returning
// THREAD_PRIORITY_ERROR_RETURN.
TEST(GetThreadPriority, EventHandleFailsWithErrorReturn) {
  BEHAVIOUR("TH-PRIO-004");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadPriority(event.get())),
              ReturnsWithError(static_cast<int>(THREAD_PRIORITY_ERROR_RETURN), ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetThreadPriority(event.get(), THREAD_PRIORITY_NORMAL)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that a process starts in NORMAL_PRIORITY_CLASS and reports back the classes it is given.
TEST(SetPriorityClass, ReportsBackEachClass) {
  BEHAVIOUR("PR-PRIO-001");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetPriorityClass(GetCurrentProcess())),
              ReturnsWithError(DWORD{NORMAL_PRIORITY_CLASS}, kPoisonError));
  for (DWORD value : {DWORD{IDLE_PRIORITY_CLASS}, DWORD{BELOW_NORMAL_PRIORITY_CLASS},
                      DWORD{ABOVE_NORMAL_PRIORITY_CLASS}, DWORD{HIGH_PRIORITY_CLASS},
                      DWORD{NORMAL_PRIORITY_CLASS}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetPriorityClass(GetCurrentProcess(), value)), SucceedsWith(kPoisonError)) << value;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetPriorityClass(GetCurrentProcess())), ReturnsWithError(value, kPoisonError)) << value;
  }
}

// Tests that a value that is no priority class fails with ERROR_INVALID_PARAMETER.
TEST(SetPriorityClass, InvalidClassFailsWithInvalidParameter) {
  BEHAVIOUR("PR-PRIO-002");
  for (DWORD value : {DWORD{0}, DWORD{1}, DWORD{0x10}, DWORD{NORMAL_PRIORITY_CLASS | HIGH_PRIORITY_CLASS}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetPriorityClass(GetCurrentProcess(), value)), FailsWith(ERROR_INVALID_PARAMETER)) << value;
  }
  EXPECT_EQ(GetPriorityClass(GetCurrentProcess()), static_cast<DWORD>(NORMAL_PRIORITY_CLASS));
}

// Tests that GetProcessAffinityMask gives a non-empty process mask inside the system mask.
TEST(GetProcessAffinityMask, ProcessMaskIsInsideSystemMask) {
  BEHAVIOUR("PR-AFFIN-001");
  DWORD_PTR process_mask = 0;
  DWORD_PTR system_mask = 0;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask)),
              SucceedsWith(kPoisonError));
  EXPECT_NE(process_mask, 0u);
  EXPECT_EQ(process_mask & ~system_mask, 0u);
}

// Tests that SetThreadAffinityMask returns the thread's previous mask, and the new one the next time.
TEST(SetThreadAffinityMask, ReturnsPreviousMask) {
  BEHAVIOUR("PR-AFFIN-002");
  DWORD_PTR process_mask = 0;
  DWORD_PTR system_mask = 0;
  ASSERT_TRUE(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask));
  const DWORD_PTR lowest = process_mask & (~process_mask + 1);
  ParkedThread thread;
  ASSERT_NE(thread.get(), nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetThreadAffinityMask(thread.get(), lowest)), ReturnsWithError(process_mask, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetThreadAffinityMask(thread.get(), process_mask)), ReturnsWithError(lowest, kPoisonError));
}

// Tests that a thread mask with a processor outside the process's mask, or no processor, fails with
// ERROR_INVALID_PARAMETER.
TEST(SetThreadAffinityMask, MaskOutsideProcessFailsWithInvalidParameter) {
  BEHAVIOUR("PR-AFFIN-003");
  DWORD_PTR process_mask = 0;
  DWORD_PTR system_mask = 0;
  ASSERT_TRUE(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask));
  ParkedThread thread;
  ASSERT_NE(thread.get(), nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetThreadAffinityMask(thread.get(), 0)), FailsWith(ERROR_INVALID_PARAMETER));
  const DWORD_PTR outside = ~process_mask;
  if (outside == 0) GTEST_SKIP() << "the process may run on every processor a mask can name";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetThreadAffinityMask(thread.get(), outside)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that SetProcessAffinityMask to one processor is reported back, and a mask outside the system's fails with
// ERROR_INVALID_PARAMETER.
TEST(SetProcessAffinityMask, SetsProcessMask) {
  BEHAVIOUR("PR-AFFIN-004");
  DWORD_PTR process_mask = 0;
  DWORD_PTR system_mask = 0;
  ASSERT_TRUE(GetProcessAffinityMask(GetCurrentProcess(), &process_mask, &system_mask));
  const DWORD_PTR lowest = process_mask & (~process_mask + 1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetProcessAffinityMask(GetCurrentProcess(), lowest)), SucceedsWith(kPoisonError));
  DWORD_PTR now_mask = 0;
  ASSERT_TRUE(GetProcessAffinityMask(GetCurrentProcess(), &now_mask, &system_mask));
  EXPECT_EQ(now_mask, lowest);
  EXPECT_TRUE(SetProcessAffinityMask(GetCurrentProcess(), process_mask));
  if (~system_mask != 0) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetProcessAffinityMask(GetCurrentProcess(), ~system_mask)), FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that SetErrorMode returns the previous mode and GetErrorMode the one set.
TEST(SetErrorMode, ReturnsPreviousMode) {
  BEHAVIOUR("ER-MODE-001");
  const UINT original = GetErrorMode();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX)),
              ReturnsWithError(original, kPoisonError));
  EXPECT_EQ(GetErrorMode(), static_cast<UINT>(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX));
  EXPECT_EQ(SetErrorMode(original), static_cast<UINT>(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX));
  EXPECT_EQ(GetErrorMode(), original);
}

// Tests that SetUnhandledExceptionFilter returns the filter set before it.
TEST(SetUnhandledExceptionFilter, ReturnsPreviousFilter) {
  BEHAVIOUR("ER-MODE-002");
  const LPTOP_LEVEL_EXCEPTION_FILTER original = SetUnhandledExceptionFilter(&FirstFilter);
  SetLastError(kPoisonError);
  EXPECT_EQ(SetUnhandledExceptionFilter(&SecondFilter), &FirstFilter);
  EXPECT_EQ(SetUnhandledExceptionFilter(original), &SecondFilter);
  EXPECT_EQ(GetLastError(), kPoisonError);
}

// Tests that IsDebuggerPresent is FALSE when no debugger is attached, and leaves the last error alone.
TEST(IsDebuggerPresent, FalseWithoutDebugger) {
  BEHAVIOUR("ER-MODE-003");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(IsDebuggerPresent()), ReturnsWithError(FALSE, kPoisonError));
}

}  // namespace
}  // namespace winipc::conformance
