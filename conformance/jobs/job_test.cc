// Job objects: names, the signal TerminateJobObject gives, ending a member process, and access rights.
//
// The test process never joins a job (nor calls TerminateJobObject on one it is in): members are children that
// assign themselves.
//
// https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-createjobobjectw
// https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-openjobobjectw
// https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-assignprocesstojobobject
// https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-terminatejobobject
// https://learn.microsoft.com/en-us/windows/win32/procthread/job-object-security-and-access-rights
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// The exit code TerminateJobObject gives the members in these tests.
constexpr UINT kJobExitCode = 77;

// Tests that CreateJobObject with a name nobody uses, or with no name, creates a job and sets last error 0
// (A and W).
TEST(CreateJobObject, NewOrNoNameSucceedsWithErrorZero) {
  BEHAVIOUR("SY-JOB-001");
  SetLastError(kPoisonError);
  const auto narrow = Call(CreateJobObjectA(nullptr, UniqueName("job-new").c_str()));
  ScopedHandle narrow_job(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(0)) << "CreateJobObjectA, named";
  SetLastError(kPoisonError);
  const auto wide = Call(CreateJobObjectW(nullptr, Wide(UniqueName("job-new-w")).c_str()));
  ScopedHandle wide_job(wide.value);
  EXPECT_THAT(wide, SucceedsWith(0)) << "CreateJobObjectW, named";
  SetLastError(kPoisonError);
  const auto unnamed = Call(CreateJobObjectA(nullptr, nullptr));
  ScopedHandle unnamed_job(unnamed.value);
  EXPECT_THAT(unnamed, SucceedsWith(0)) << "CreateJobObjectA, unnamed";
}

// Tests that CreateJobObject on an existing job's name returns a new handle to the same job with
// ERROR_ALREADY_EXISTS (A and W).
TEST(CreateJobObject, ExistingNameSucceedsWithAlreadyExists) {
  BEHAVIOUR("SY-JOB-002");
  const std::string name = UniqueName("job-existing");
  ScopedHandle first(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto narrow = Call(CreateJobObjectA(nullptr, name.c_str()));
  ScopedHandle second(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(ERROR_ALREADY_EXISTS)) << "CreateJobObjectA";
  EXPECT_NE(second.get(), first.get()) << "each Create* call gets its own handle";
  SetLastError(kPoisonError);
  const auto wide = Call(CreateJobObjectW(nullptr, Wide(name).c_str()));
  ScopedHandle third(wide.value);
  EXPECT_THAT(wide, SucceedsWith(ERROR_ALREADY_EXISTS)) << "CreateJobObjectW";
  ASSERT_TRUE(second && third);
  ASSERT_TRUE(TerminateJobObject(second.get(), 0));
  EXPECT_EQ(WaitForSingleObject(first.get(), 0), WAIT_OBJECT_0) << "the handles name one job";
  EXPECT_EQ(WaitForSingleObject(third.get(), 0), WAIT_OBJECT_0) << "the handles name one job";
}

// Tests that OpenJobObject (A and W, JOB_OBJECT_ALL_ACCESS) finds an existing job by name, leaves the last error
// untouched, and its handle names the same job.
TEST(OpenJobObject, ExactNameOpensSameJob) {
  BEHAVIOUR("SY-JOB-003");
  const std::string name = UniqueName("job-open");
  ScopedHandle created(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  const auto narrow = Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle narrow_job(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(kPoisonError)) << "OpenJobObjectA";
  SetLastError(kPoisonError);
  const auto wide = Call(OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, Wide(name).c_str()));
  ScopedHandle wide_job(wide.value);
  EXPECT_THAT(wide, SucceedsWith(kPoisonError)) << "OpenJobObjectW";
  ASSERT_TRUE(narrow_job && wide_job);
  ASSERT_TRUE(TerminateJobObject(wide_job.get(), 0));
  EXPECT_EQ(WaitForSingleObject(created.get(), 0), WAIT_OBJECT_0) << "terminated through the W handle";
  EXPECT_EQ(WaitForSingleObject(narrow_job.get(), 0), WAIT_OBJECT_0) << "seen through the A handle";
}

// Tests that OpenJobObject on a name that does not exist fails with ERROR_FILE_NOT_FOUND (A and W).
TEST(OpenJobObject, MissingNameFailsWithFileNotFound) {
  BEHAVIOUR("SY-JOB-004");
  const std::string name = UniqueName("job-missing");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, Wide(name).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that OpenJobObject with a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenJobObject, NullNameFailsWithInvalidParameter) {
  BEHAVIOUR("SY-JOB-005");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that a named job is temporary: once its last handle is closed, OpenJobObject fails with
// ERROR_FILE_NOT_FOUND.
TEST(OpenJobObject, NameIsGoneAfterLastClose) {
  BEHAVIOUR("SY-JOB-006");
  const std::string name = UniqueName("job-temporary");
  ScopedHandle job(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(job);
  job.reset();
  SetLastError(kPoisonError);
  const auto opened = Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle reopened(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a new job is not signalled.
TEST(JobWait, NewJobIsNotSignalled) {
  BEHAVIOUR("SY-JOB-007");
  ScopedHandle job(CreateJobObjectA(nullptr, nullptr));
  ASSERT_TRUE(job);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(job.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that TerminateJobObject on a job with no processes succeeds, leaves the last error untouched, and
// signals the job, which stays signalled.
TEST(TerminateJobObject, EmptyJobSucceedsAndStaysSignalled) {
  BEHAVIOUR("SY-JOB-008");
  ScopedHandle job(CreateJobObjectA(nullptr, nullptr));
  ASSERT_TRUE(job);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateJobObject(job.get(), kJobExitCode)), SucceedsWith(kPoisonError));
  for (int i = 0; i < 3; ++i) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(job.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError)) << "wait " << i;
  }
}

// Opens the job named args[0], assigns this process to it, signals handshake args[1], then waits up to
// kChildTimeoutMs for handshake args[2] (never signalled: the parent ends the child through the job).
CHILD_MAIN(JoinsJobAndWaits) {
  SetLastError(kPoisonError);
  const auto opened = Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, args.at(0).c_str()));
  ScopedHandle job(opened.value);
  CHILD_CHECK_THAT(opened, SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(AssignProcessToJobObject(job.get(), GetCurrentProcess())), SucceedsWith(kPoisonError));
  Handshake ready = Handshake::Open(args.at(1));
  Handshake never = Handshake::Open(args.at(2));
  CHILD_CHECK(ready && never);
  CHILD_CHECK(ready.Signal());
  never.Wait(kChildTimeoutMs);
  return 0;
}

// Tests that TerminateJobObject(job, 77) ends a process in the job with exit code 77, and the job becomes
// signalled and stays signalled.
TEST(TerminateJobObject, EndsMemberProcessWithExitCode) {
  BEHAVIOUR("SY-JOB-009");
  const std::string name = UniqueName("job-terminate");
  ScopedHandle job(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(job);
  Handshake ready = Handshake::Create("job-member-ready");
  Handshake never = Handshake::Create("job-member-never");
  ASSERT_TRUE(ready && never);
  Child child = SpawnChild("JoinsJobAndWaits", {name, ready.name(), never.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs)) << "the child never joined the job";
  EXPECT_EQ(WaitForSingleObject(job.get(), 0), WAIT_TIMEOUT) << "signalled with a running member";
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(TerminateJobObject(job.get(), kJobExitCode)), SucceedsWith(kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), static_cast<int>(kJobExitCode));
  EXPECT_EQ(WaitForSingleObject(job.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "not signalled after the terminate";
  EXPECT_EQ(WaitForSingleObject(job.get(), 0), WAIT_OBJECT_0) << "did not stay signalled";
}

// Tests that a job handle opened without JOB_OBJECT_TERMINATE can wait on the job, but TerminateJobObject
// through it fails with ERROR_ACCESS_DENIED and does not signal the job.
TEST(TerminateJobObject, WithoutTerminateAccessFailsWithAccessDenied) {
  BEHAVIOUR("SY-JOB-010");
  const std::string name = UniqueName("job-no-terminate");
  ScopedHandle owner(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS & ~DWORD{JOB_OBJECT_TERMINATE}, FALSE, name.c_str()));
  ScopedHandle job(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateJobObject(job.get(), kJobExitCode)), FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(job.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the refused terminate signalled the job";
}

// Opens the job named args[0] without JOB_OBJECT_ASSIGN_PROCESS and checks that it cannot assign itself.
CHILD_MAIN(AssignsItselfWithoutAssignAccess) {
  SetLastError(kPoisonError);
  const auto opened =
      Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS & ~DWORD{JOB_OBJECT_ASSIGN_PROCESS}, FALSE, args.at(0).c_str()));
  ScopedHandle job(opened.value);
  CHILD_CHECK_THAT(opened, SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(AssignProcessToJobObject(job.get(), GetCurrentProcess())), FailsWith(ERROR_ACCESS_DENIED));
  return 0;
}

// Tests that AssignProcessToJobObject through a job handle without JOB_OBJECT_ASSIGN_PROCESS fails with
// ERROR_ACCESS_DENIED and the process does not join the job.
TEST(AssignProcessToJobObject, WithoutAssignAccessFailsWithAccessDenied) {
  BEHAVIOUR("SY-JOB-011");
  const std::string name = UniqueName("job-no-assign");
  ScopedHandle job(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(job);
  Child child = SpawnChild("AssignsItselfWithoutAssignAccess", {name});
  // A child that joined by mistake is ended with kJobExitCode by this terminate (the job is then empty).
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  ASSERT_TRUE(TerminateJobObject(job.get(), kJobExitCode));
}

// Tests that TerminateJobObject and AssignProcessToJobObject on a handle that is not a job (an event, a
// semaphore, NULL, a forged value) fail with ERROR_INVALID_HANDLE.
TEST(TerminateJobObject, NonJobHandleFailsWithInvalidHandle) {
  BEHAVIOUR("SY-JOB-012");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ASSERT_TRUE(event && semaphore);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {
      {"event", event.get()}, {"semaphore", semaphore.get()}, {"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(TerminateJobObject(c.handle, kJobExitCode)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(AssignProcessToJobObject(c.handle, GetCurrentProcess())), FailsWith(ERROR_INVALID_HANDLE));
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was signalled";
}

// Opens the job named args[0], assigns this process to it and exits 0.
CHILD_MAIN(JoinsJobAndExits) {
  SetLastError(kPoisonError);
  const auto opened = Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, args.at(0).c_str()));
  ScopedHandle job(opened.value);
  CHILD_CHECK_THAT(opened, SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(AssignProcessToJobObject(job.get(), GetCurrentProcess())), SucceedsWith(kPoisonError));
  return 0;
}

// Tests that a terminated job stays signalled when a process is assigned to it afterwards.
TEST(TerminateJobObject, StaysSignalledAfterNewMemberJoins) {
  BEHAVIOUR("SY-JOB-013");
  const std::string name = UniqueName("job-rejoin");
  ScopedHandle job(CreateJobObjectA(nullptr, name.c_str()));
  ASSERT_TRUE(job);
  ASSERT_TRUE(TerminateJobObject(job.get(), kJobExitCode));
  ASSERT_EQ(WaitForSingleObject(job.get(), 0), WAIT_OBJECT_0);
  Child child = SpawnChild("JoinsJobAndExits", {name});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(WaitForSingleObject(job.get(), 0), WAIT_OBJECT_0) << "the new member reset the job's signal";
}

}  // namespace
}  // namespace winipc::conformance
