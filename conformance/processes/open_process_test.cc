// OpenProcess, GetCurrentProcess/GetCurrentProcessId and GetProcessId: opening a child by id, the access a process
// handle is given and checked against, and the ids and pseudo-handle of the current process.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-openprocess
// https://learn.microsoft.com/en-us/windows/win32/procthread/process-security-and-access-rights
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocess
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocessid
#include <string>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::LaunchedProcess;

CHILD_MAIN(PrOpenWaitsForRelease) {
  Handshake release = Handshake::Open(args.at(0));
  CHILD_CHECK(release.Wait(kChildTimeoutMs)) << "never released";
  return static_cast<int>(std::stoul(args.at(1)));
}

// Tests that OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE) of a child's id gives a new handle to it,
// leaving the last error untouched, through which its exit can be waited for and its exit code read.
TEST(OpenProcess, ChildIdGivesHandleToChild) {
  BEHAVIOUR("PR-OPEN-001");
  Handshake release = Handshake::Create("pr-open-child");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "21"}, FALSE);
  ASSERT_TRUE(child);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, child.pid()));
  ScopedHandle process(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_NE(process.get(), child.process());
  EXPECT_EQ(GetProcessId(process.get()), child.pid());
  EXPECT_EQ(WaitForSingleObject(process.get(), 300), static_cast<DWORD>(WAIT_TIMEOUT));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(WaitForSingleObject(process.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(process.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, 21u);
}

// Tests that GetExitCodeProcess through a handle opened with SYNCHRONIZE only fails with ERROR_ACCESS_DENIED.
TEST(OpenProcess, SynchronizeOnlyHandleCannotQueryExitCode) {
  BEHAVIOUR("PR-OPEN-002");
  Handshake release = Handshake::Create("pr-open-sync");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "0"}, FALSE);
  ASSERT_TRUE(child);
  ScopedHandle process(OpenProcess(SYNCHRONIZE, FALSE, child.pid()));
  ASSERT_TRUE(process) << DescribeError(GetLastError());
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(process.get(), &code)), FailsWith(ERROR_ACCESS_DENIED));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that TerminateProcess through a handle without PROCESS_TERMINATE fails with ERROR_ACCESS_DENIED and the
// process keeps running.
TEST(OpenProcess, HandleWithoutTerminateCannotTerminate) {
  BEHAVIOUR("PR-OPEN-003");
  Handshake release = Handshake::Create("pr-open-term");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "3"}, FALSE);
  ASSERT_TRUE(child);
  ScopedHandle process(OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, child.pid()));
  ASSERT_TRUE(process) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateProcess(process.get(), 99)), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(WaitForSingleObject(child.process(), 300), static_cast<DWORD>(WAIT_TIMEOUT)) << "still running";
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 3);
}

// Tests that OpenProcess of id 0 (the idle process, never openable) fails with ERROR_INVALID_PARAMETER.
TEST(OpenProcess, IdZeroFailsWithInvalidParameter) {
  BEHAVIOUR("PR-OPEN-004");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, 0)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenProcess of an id no process has fails with ERROR_INVALID_PARAMETER.
TEST(OpenProcess, UnusedIdFailsWithInvalidParameter) {
  BEHAVIOUR("PR-OPEN-005");
  // Process ids are multiples of 4 far below this on Windows (and below 2^22 on Linux).
  constexpr DWORD kUnusedId = 0x7ffffffc;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, kUnusedId)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenProcess of the current process's id gives a real handle (not the pseudo-handle) to this process.
TEST(OpenProcess, OwnIdGivesRealHandle) {
  BEHAVIOUR("PR-OPEN-006");
  SetLastError(kPoisonError);
  const auto opened = Call(OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, GetCurrentProcessId()));
  ScopedHandle process(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_NE(process.get(), GetCurrentProcess());
  EXPECT_EQ(GetProcessId(process.get()), GetCurrentProcessId());
  EXPECT_EQ(WaitForSingleObject(process.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT));
}

// Tests that GetCurrentProcess() is the pseudo-handle (HANDLE)-1 and GetProcessId of it is GetCurrentProcessId(),
// both leaving the last error untouched.
TEST(GetCurrentProcess, IsPseudoHandleOfCurrentProcessId) {
  BEHAVIOUR("PR-OPEN-007");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetCurrentProcess()), ReturnsWithError(reinterpret_cast<HANDLE>(-1), kPoisonError));
  const DWORD pid = GetCurrentProcessId();
  EXPECT_NE(pid, 0u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(GetCurrentProcess())), ReturnsWithError(pid, kPoisonError));
}

// Tests that GetProcessId of a handle that is not a process (an event, a forged value) returns 0 with
// ERROR_INVALID_HANDLE.
TEST(GetProcessId, NonProcessHandleFailsWithInvalidHandle) {
  BEHAVIOUR("PR-OPEN-008");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(event.get())), FailsWith(ERROR_INVALID_HANDLE)) << "event";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(ForgedHandle())), FailsWith(ERROR_INVALID_HANDLE)) << "forged";
}

// Tests that a child that has exited can still be opened by id while a handle to it is open, and the new handle
// is signalled and reports the exit code.
TEST(OpenProcess, ExitedChildStillOpenWhileHandleHeld) {
  BEHAVIOUR("PR-OPEN-009");
  Handshake release = Handshake::Create("pr-open-exited");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "17"}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(release.Signal());
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 17);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, child.pid()));
  ScopedHandle process(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_EQ(WaitForSingleObject(process.get(), 0), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeProcess(process.get(), &code));
  EXPECT_EQ(code, 17u);
}

// Tests that waiting on a process handle opened without SYNCHRONIZE fails: WAIT_FAILED with ERROR_ACCESS_DENIED.
TEST(OpenProcess, HandleWithoutSynchronizeCannotBeWaitedOn) {
  BEHAVIOUR("PR-OPEN-010");
  Handshake release = Handshake::Create("pr-open-nosync");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "0"}, FALSE);
  ASSERT_TRUE(child);
  ScopedHandle process(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, child.pid()));
  ASSERT_TRUE(process) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(process.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that GetProcessId through a handle with SYNCHRONIZE only returns 0 with ERROR_ACCESS_DENIED (it needs
// PROCESS_QUERY_INFORMATION or PROCESS_QUERY_LIMITED_INFORMATION).
TEST(GetProcessId, HandleWithoutQueryAccessIsDenied) {
  BEHAVIOUR("PR-OPEN-011");
  Handshake release = Handshake::Create("pr-open-pid");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "0"}, FALSE);
  ASSERT_TRUE(child);
  ScopedHandle process(OpenProcess(SYNCHRONIZE, FALSE, child.pid()));
  ASSERT_TRUE(process) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(process.get())), FailsWith(ERROR_ACCESS_DENIED));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that PROCESS_QUERY_LIMITED_INFORMATION is enough for GetExitCodeProcess and GetProcessId.
TEST(OpenProcess, LimitedQueryAccessReadsExitCodeAndId) {
  BEHAVIOUR("PR-OPEN-012");
  Handshake release = Handshake::Create("pr-open-limited");
  LaunchedProcess child = LaunchedProcess::Start("PrOpenWaitsForRelease", {release.name(), "0"}, FALSE);
  ASSERT_TRUE(child);
  ScopedHandle process(OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, child.pid()));
  ASSERT_TRUE(process) << DescribeError(GetLastError());
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeProcess(process.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(process.get())), ReturnsWithError(child.pid(), kPoisonError));
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that OpenProcess with bInheritHandle TRUE gives a handle flagged HANDLE_FLAG_INHERIT, and FALSE one that
// is not.
TEST(OpenProcess, InheritHandleSetsInheritFlag) {
  BEHAVIOUR("PR-OPEN-013");
  ScopedHandle inheritable(OpenProcess(SYNCHRONIZE, TRUE, GetCurrentProcessId()));
  ScopedHandle plain(OpenProcess(SYNCHRONIZE, FALSE, GetCurrentProcessId()));
  ASSERT_TRUE(inheritable && plain) << DescribeError(GetLastError());
  DWORD flags = 0xffff;
  ASSERT_TRUE(GetHandleInformation(inheritable.get(), &flags));
  EXPECT_EQ(flags, static_cast<DWORD>(HANDLE_FLAG_INHERIT));
  flags = 0xffff;
  ASSERT_TRUE(GetHandleInformation(plain.get(), &flags));
  EXPECT_EQ(flags, 0u);
}

}  // namespace
}  // namespace winipc::conformance
