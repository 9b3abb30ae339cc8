// Every handle closes when a process ends, however it ends (issue 13): a child makes one named object of each
// type, owns a mutex on each of two threads, maps a section and arms a timer, closes nothing, and ends in one
// way; once it has ended, none of the names resolves. (What emu leaves on disk, which no Win32 call can see, is
// checked by emu's unit test core/exit_test.cc.)
//
// https://learn.microsoft.com/en-us/windows/win32/procthread/terminating-a-process
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-exitprocess
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-exitthread
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/kernel-objects
#include <cstdlib>
#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kExitSectionSize = 65536;
constexpr UINT kJobExitCode = 77;

// The leaves of the names a child makes under one prefix, one per type, and the mutex its second thread owns.
const char* const kEvent = "-event";
const char* const kMutex = "-mutex";
const char* const kSemaphore = "-semaphore";
const char* const kTimer = "-timer";
const char* const kSection = "-section";
const char* const kJob = "-job";
const char* const kThreadMutex = "-thread-mutex";

struct SecondThread {
  std::string prefix;
  HANDLE ready;
  bool ends;  // ends by ExitThread once ready; otherwise waits for ever, owning its mutex
};

// Owns a mutex of its own, says so, then waits (for ever, unless it is to end by ExitThread).
DWORD WINAPI OwnsAMutexAndWaits(void* parameter) {
  const auto* start = static_cast<const SecondThread*>(parameter);
  HANDLE mutex = CreateMutexA(nullptr, TRUE, (start->prefix + kThreadMutex).c_str());
  if (mutex == nullptr || !SetEvent(start->ready)) return 1;
  if (start->ends) ExitThread(0);
  HANDLE never = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  WaitForSingleObject(never, INFINITE);
  return 0;
}

// Makes every type under `prefix` and a second thread; closes nothing. `second_thread_ends`: the second thread
// ends by ExitThread (for the way where the last thread's ExitThread ends the process).
void MakeEveryTypeAndKeepIt(const std::string& prefix, bool second_thread_ends) {
  CHILD_CHECK(CreateEventA(nullptr, TRUE, TRUE, (prefix + kEvent).c_str()) != nullptr) << DescribeError(GetLastError());
  CHILD_CHECK(CreateMutexA(nullptr, TRUE, (prefix + kMutex).c_str()) != nullptr) << DescribeError(GetLastError());
  CHILD_CHECK(CreateSemaphoreA(nullptr, 1, 4, (prefix + kSemaphore).c_str()) != nullptr)
      << DescribeError(GetLastError());
  HANDLE timer = CreateWaitableTimerA(nullptr, TRUE, (prefix + kTimer).c_str());
  CHILD_CHECK(timer != nullptr) << DescribeError(GetLastError());
  LARGE_INTEGER due;
  due.QuadPart = -36000000000LL;  // an hour from now: still armed when the process ends
  CHILD_CHECK(SetWaitableTimer(timer, &due, 0, nullptr, nullptr, FALSE)) << DescribeError(GetLastError());
  HANDLE section =
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kExitSectionSize, (prefix + kSection).c_str());
  CHILD_CHECK(section != nullptr) << DescribeError(GetLastError());
  void* view = MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, 0);
  CHILD_CHECK(view != nullptr) << DescribeError(GetLastError());
  std::memset(view, 0x5a, kExitSectionSize);
  CHILD_CHECK(CreateJobObjectA(nullptr, (prefix + kJob).c_str()) != nullptr) << DescribeError(GetLastError());
  static SecondThread start;
  start = SecondThread{prefix, CreateEventA(nullptr, TRUE, FALSE, nullptr), second_thread_ends};
  CHILD_CHECK(start.ready != nullptr);
  CHILD_CHECK(CreateThread(nullptr, 0, OwnsAMutexAndWaits, &start, 0, nullptr) != nullptr)
      << DescribeError(GetLastError());
  CHILD_CHECK(WaitForSingleObject(start.ready, kChildTimeoutMs) == WAIT_OBJECT_0) << "the second thread's start";
}

// Makes every type under args[0], then ends as args[1] says: "return" (from main), "exit" (the C runtime's),
// "ExitProcess", "ExitThread" (the last of two threads to end calls it), "TerminateProcess" (of itself), or
// "job" (joins the job named args[2], signals handshake args[3] and waits for the parent's TerminateJobObject).
CHILD_MAIN(ExitsWithoutClosing) {
  const std::string& way = args.at(1);
  MakeEveryTypeAndKeepIt(args.at(0), /*second_thread_ends=*/way == "ExitThread");
  if (way == "return") return 11;
  if (way == "exit") std::exit(12);
  if (way == "ExitProcess") ExitProcess(13);
  if (way == "ExitThread") ExitThread(0);
  if (way == "TerminateProcess") TerminateProcess(GetCurrentProcess(), 15);
  if (way == "job") {
    ScopedHandle job(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, args.at(2).c_str()));
    CHILD_CHECK(job) << DescribeError(GetLastError());
    CHILD_CHECK(AssignProcessToJobObject(job.get(), GetCurrentProcess())) << DescribeError(GetLastError());
    Handshake ready = Handshake::Open(args.at(3));
    CHILD_CHECK(ready.Signal());
    // The parent ends it long before. In short sleeps: ThreadSanitizer hands a signal to a thread only when it
    // calls a function the sanitizer intercepts, which a wait inside emu may never do.
    for (DWORD slept = 0; slept < 2 * kChildTimeoutMs; slept += 50) Sleep(50);
  }
  CHILD_CHECK(false) << "still running after ending by " << way;
  return 0;
}

struct EndingCase {
  const char* id;
  const char* name;
  const char* way;
  int exit_code;
};

void PrintTo(const EndingCase& row, std::ostream* os) { *os << row.way; }

class ProcessEnd : public ::testing::TestWithParam<EndingCase> {};

// Tests that the named objects of a process that ended without closing them are gone: Open* of each fails with
// ERROR_FILE_NOT_FOUND (the exit code shows the child ended the intended way).
TEST_P(ProcessEnd, NamesOfObjectsLeftOpenAreGone) {
  const EndingCase& row = GetParam();
  BEHAVIOUR(row.id);
  // ThreadSanitizer's own thread outlives the child's threads, so their ExitThread never ends it; AddressSanitizer's
  // leak check reports the thread-local memory of the child's main thread once it has ended by ExitThread.
  if (std::strcmp(row.way, "ExitThread") == 0 && !SanitizerInUse().empty()) {
    GTEST_SKIP() << "not under " << SanitizerInUse() << " (see the comment)";
  }
  const std::string prefix = UniqueName("ns-exit");
  Child child;
  if (std::strcmp(row.way, "job") == 0) {
    const std::string job_name = UniqueName("ns-exit-ender");
    ScopedHandle job(CreateJobObjectA(nullptr, job_name.c_str()));
    ASSERT_TRUE(job);
    Handshake ready = Handshake::Create("ns-exit-ready");
    child = SpawnChild("ExitsWithoutClosing", {prefix, row.way, job_name, ready.name()});
    ASSERT_TRUE(ready.Wait(kChildTimeoutMs)) << "the child never joined the job";
    ASSERT_TRUE(TerminateJobObject(job.get(), kJobExitCode));
    ASSERT_EQ(child.Wait(kChildTimeoutMs), row.exit_code);
  } else {
    child = SpawnChild("ExitsWithoutClosing", {prefix, row.way});
    ASSERT_EQ(child.Wait(kChildTimeoutMs), row.exit_code);
  }

  const auto expect_gone = [](const CallResult<HANDLE>& opened, const char* what) {
    ScopedHandle owner(opened.value);
    EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND)) << what;
  };
  SetLastError(kPoisonError);
  expect_gone(Call(OpenEventA(SYNCHRONIZE, FALSE, (prefix + kEvent).c_str())), "event");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenMutexA(SYNCHRONIZE, FALSE, (prefix + kMutex).c_str())), "mutex owned by the main thread");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenMutexA(SYNCHRONIZE, FALSE, (prefix + kThreadMutex).c_str())),
              "mutex owned by the second thread");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenSemaphoreA(SYNCHRONIZE, FALSE, (prefix + kSemaphore).c_str())), "semaphore");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenWaitableTimerA(SYNCHRONIZE, FALSE, (prefix + kTimer).c_str())), "armed timer");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenFileMappingA(FILE_MAP_READ, FALSE, (prefix + kSection).c_str())), "section with a view");
  SetLastError(kPoisonError);
  expect_gone(Call(OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, (prefix + kJob).c_str())), "job");
}

INSTANTIATE_TEST_SUITE_P(
    Ways, ProcessEnd,
    ::testing::Values(
        // Tests that returning from main closes the process's handles.
        EndingCase{"NS-EXIT-001", "ReturnFromMain", "return", 11},
        // Tests that the C runtime's exit closes the process's handles.
        EndingCase{"NS-EXIT-002", "Exit", "exit", 12},
        // Tests that ExitProcess closes the process's handles.
        EndingCase{"NS-EXIT-003", "ExitProcess", "ExitProcess", 13},
        // Tests that the last thread ending by ExitThread (the main thread went first) closes the handles.
        EndingCase{"NS-EXIT-004", "LastThreadExitThread", "ExitThread", 0},
        // Tests that TerminateProcess of the calling process closes its handles.
        EndingCase{"NS-EXIT-005", "TerminateProcessOfItself", "TerminateProcess", 15},
        // Tests that a process ended by TerminateJobObject (from another process) has its handles closed.
        EndingCase{"NS-EXIT-006", "TerminateJobObject", "job", static_cast<int>(kJobExitCode)}),
    [](const ::testing::TestParamInfo<EndingCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace winipc::conformance
