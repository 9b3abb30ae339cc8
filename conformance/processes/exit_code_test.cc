// How a process ends and what its handle then reports: GetExitCodeProcess (STILL_ACTIVE, then the code given to
// return/ExitProcess/TerminateProcess, all 32 bits), the handle's signal, TerminateProcess on an exited process,
// and what the exit does to the process's own handles (closed; an owned mutex abandoned).
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getexitcodeprocess
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-exitprocess
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-terminateprocess
// https://learn.microsoft.com/en-us/windows/win32/procthread/terminating-a-process
#include <string>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::LaunchedProcess;
using processes::Mailbox;
using processes::StartDetached;

// Waits (bounded) for the parent to set the handshake event args[0], then exits 0.
CHILD_MAIN(PrWaitsForRelease) {
  Handshake release = Handshake::Open(args.at(0));
  CHILD_CHECK(release.Wait(kChildTimeoutMs)) << "never released";
  return 0;
}

CHILD_MAIN(PrReturnsCode) { return static_cast<int>(std::stoul(args.at(0))); }

CHILD_MAIN(PrCallsExitProcess) {
  ExitProcess(static_cast<UINT>(std::stoul(args.at(0))));
  return 1;  // not reached
}

CHILD_MAIN(PrTerminatesItself) {
  TerminateProcess(GetCurrentProcess(), static_cast<UINT>(std::stoul(args.at(0))));
  return 1;  // not reached
}

// Creates the named event args[0], signals the handshake args[1], waits for the handshake args[2] and exits
// without closing the event.
CHILD_MAIN(PrCreatesEventAndExits) {
  HANDLE event = CreateEventA(nullptr, TRUE, FALSE, args.at(0).c_str());
  CHILD_CHECK(event != nullptr) << "CreateEventA: " << DescribeError(GetLastError());
  Handshake ready = Handshake::Open(args.at(1));
  Handshake release = Handshake::Open(args.at(2));
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK(release.Wait(kChildTimeoutMs));
  return 0;  // `event` stays open: the exit closes it
}

// Opens the named mutex args[0], takes it and exits without releasing it.
CHILD_MAIN(PrTakesMutexAndExits) {
  HANDLE mutex = OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, args.at(0).c_str());
  CHILD_CHECK(mutex != nullptr) << "OpenMutexA: " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(WaitForSingleObject(mutex, 0), static_cast<DWORD>(WAIT_OBJECT_0));
  return 0;
}

// Tests that GetExitCodeProcess of a running process succeeds with STILL_ACTIVE (259) and leaves the last error
// untouched.
TEST(GetExitCodeProcess, RunningProcessIsStillActive) {
  BEHAVIOUR("PR-EXIT-001");
  Handshake release = Handshake::Create("pr-exit-release");
  LaunchedProcess child = LaunchedProcess::Start("PrWaitsForRelease", {release.name()}, FALSE);
  ASSERT_TRUE(child);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(child.process(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that GetExitCodeProcess(GetCurrentProcess()) reports STILL_ACTIVE.
TEST(GetExitCodeProcess, CurrentProcessIsStillActive) {
  BEHAVIOUR("PR-EXIT-002");
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(GetCurrentProcess(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
}

struct ExitCase {
  const char* id;
  const char* name;
  const char* child;
  DWORD code;
};

class ProcessExitCode : public ::testing::TestWithParam<ExitCase> {};

// Tests that the exit code a child gives is the one GetExitCodeProcess reports, all 32 bits of it (one row per
// way of exiting and size of code).
TEST_P(ProcessExitCode, IsReportedUnchanged) {
  const ExitCase& row = GetParam();
  BEHAVIOUR(row.id);
  LaunchedProcess child = LaunchedProcess::Start(row.child, {std::to_string(row.code)}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(WaitForSingleObject(child.process(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(child.process(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, row.code);
}

INSTANTIATE_TEST_SUITE_P(
    Ways, ProcessExitCode,
    ::testing::Values(
        // Tests that returning n from main gives exit code n.
        ExitCase{"PR-EXIT-003", "ReturnFromMain", "PrReturnsCode", 42},
        // Tests that ExitProcess(n) gives exit code n (and ends the process there).
        ExitCase{"PR-EXIT-004", "ExitProcess", "PrCallsExitProcess", 43},
        // Tests that an exit code wider than 8 bits given to ExitProcess is reported whole.
        ExitCase{"PR-EXIT-005", "ExitProcessWideCode", "PrCallsExitProcess", 0x12345678},
        // Tests that TerminateProcess(GetCurrentProcess(), n) in the child gives exit code n.
        ExitCase{"PR-EXIT-013", "TerminateSelf", "PrTerminatesItself", 44}),
    [](const ::testing::TestParamInfo<ExitCase>& info) { return std::string(info.param.name); });

// Tests that TerminateProcess(h, n) on a running child returns TRUE, signals its handle and gives exit code n,
// all 32 bits of it.
TEST(TerminateProcess, RunningChildEndsWithGivenCode) {
  BEHAVIOUR("PR-EXIT-006");
  Handshake release = Handshake::Create("pr-exit-terminate");
  LaunchedProcess child = LaunchedProcess::Start("PrWaitsForRelease", {release.name()}, FALSE);
  ASSERT_TRUE(child);
  constexpr DWORD kCode = 0xE0000123;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateProcess(child.process(), kCode)), SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(child.process(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeProcess(child.process(), &code));
  EXPECT_EQ(code, kCode);
}

// Tests that a process handle is not signalled while the process runs and is signalled, for good, once it exits.
TEST(WaitForSingleObject, ProcessHandleSignalledAtExit) {
  BEHAVIOUR("PR-EXIT-007");
  Handshake release = Handshake::Create("pr-exit-signal");
  LaunchedProcess child = LaunchedProcess::Start("PrWaitsForRelease", {release.name()}, FALSE);
  ASSERT_TRUE(child);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(child.process(), 300)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  ASSERT_TRUE(release.Signal());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(child.process(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(child.process(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "a process stays signalled";
}

// Tests that a wait-any on two process handles returns the index of the one that exited.
TEST(WaitForMultipleObjects, WaitAnyReturnsExitedProcess) {
  BEHAVIOUR("PR-EXIT-008");
  Handshake release = Handshake::Create("pr-exit-any");
  LaunchedProcess waiting = LaunchedProcess::Start("PrWaitsForRelease", {release.name()}, FALSE);
  LaunchedProcess exiting = LaunchedProcess::Start("PrReturnsCode", {"0"}, FALSE);
  ASSERT_TRUE(waiting && exiting);
  const HANDLE handles[] = {waiting.process(), exiting.process()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, FALSE, kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0 + 1, kPoisonError));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(waiting.Wait(kChildTimeoutMs), 0);
}

// Tests that TerminateProcess on a process that has already exited fails with ERROR_ACCESS_DENIED and leaves its
// exit code alone.
TEST(TerminateProcess, ExitedProcessFailsWithAccessDenied) {
  BEHAVIOUR("PR-EXIT-009");
  LaunchedProcess child = LaunchedProcess::Start("PrReturnsCode", {"5"}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 5);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateProcess(child.process(), 6)), FailsWith(ERROR_ACCESS_DENIED));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeProcess(child.process(), &code));
  EXPECT_EQ(code, 5u);
}

// Tests that GetExitCodeProcess and TerminateProcess on a handle that is not a process (an event, a forged value)
// fail with ERROR_INVALID_HANDLE.
TEST(GetExitCodeProcess, NonProcessHandleFailsWithInvalidHandle) {
  BEHAVIOUR("PR-EXIT-010");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"event", event.get()}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    DWORD code = 0;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetExitCodeProcess(c.handle, &code)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(TerminateProcess(c.handle, 1)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that the handles a process leaves open are closed when it exits: its named event's name is gone.
TEST(ExitProcess, ExitClosesTheProcessHandles) {
  BEHAVIOUR("PR-EXIT-011");
  const std::string name = UniqueName("pr-exit-closes");
  Handshake ready = Handshake::Create("pr-exit-closes-ready");
  Handshake release = Handshake::Create("pr-exit-closes-release");
  LaunchedProcess child =
      LaunchedProcess::Start("PrCreatesEventAndExits", {name, ready.name(), release.name()}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  {
    ScopedHandle opened(OpenEventA(SYNCHRONIZE, FALSE, name.c_str()));
    ASSERT_TRUE(opened) << "the child's event exists while it runs";
  }
  ASSERT_TRUE(release.Signal());
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a mutex owned by a process that exits is abandoned: the next wait gets WAIT_ABANDONED and owns it.
TEST(ExitProcess, OwnedMutexIsAbandoned) {
  BEHAVIOUR("PR-EXIT-012");
  const std::string name = UniqueName("pr-exit-mutex");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, name.c_str()));
  ASSERT_TRUE(mutex);
  LaunchedProcess child = LaunchedProcess::Start("PrTakesMutexAndExits", {name}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the abandoned wait owns it";
}

// Tests that PROCESS_INFORMATION.hThread is signalled once the process has exited and GetExitCodeThread reports
// the process's exit code for its main thread.
TEST(GetExitCodeThread, MainThreadEndsWithProcessExitCode) {
  BEHAVIOUR("PR-EXIT-014");
  LaunchedProcess child = LaunchedProcess::Start("PrReturnsCode", {"42"}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 42);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(child.thread(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(child.thread(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, 42u);
}

// Starts PrOpenWaitsForRelease (processes/open_process_test.cc: exits with code args[2] once the handshake args[1]
// is set) keeping no handle to it, puts its id in the mailbox args[0] and exits.
CHILD_MAIN(PrStartsGrandchild) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  CHILD_CHECK(mailbox);
  const DWORD grandchild = StartDetached("PrOpenWaitsForRelease", {args.at(1), args.at(2)}, FALSE);
  CHILD_CHECK(grandchild != 0);
  mailbox.slot(0) = grandchild;
  return 0;
}

// Tests that GetExitCodeProcess through an OpenProcess handle to a process that is not this process's child (a
// grandchild whose parent has exited) reports its full 32-bit exit code once it has ended.
TEST(GetExitCodeProcess, NonChildReportsFullExitCode) {
  BEHAVIOUR("PR-EXIT-015");
  constexpr DWORD kCode = 0xC0DE0015;
  Mailbox mailbox = Mailbox::Create("pr-exit-grandchild");
  Handshake release = Handshake::Create("pr-exit-release");
  ASSERT_TRUE(mailbox && release);
  LaunchedProcess child =
      LaunchedProcess::Start("PrStartsGrandchild", {mailbox.name(), release.name(), std::to_string(kCode)}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE,
                                       static_cast<DWORD>(mailbox.slot(0))));
  ScopedHandle grandchild(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeProcess(grandchild.get(), &code));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  ASSERT_TRUE(release.Signal());
  ASSERT_EQ(WaitForSingleObject(grandchild.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(grandchild.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, kCode);
}

}  // namespace
}  // namespace winipc::conformance
