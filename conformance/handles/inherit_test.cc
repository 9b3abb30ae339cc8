// Handle inheritance: SECURITY_ATTRIBUTES.bInheritHandle, GetHandleInformation/SetHandleInformation
// (HANDLE_FLAG_INHERIT, HANDLE_FLAG_PROTECT_FROM_CLOSE) and what a child started by CreateProcess(bInheritHandles)
// gets: each inheritable handle at the same value, to the same object, with the same access; nothing else.
//
// The children here are started with CreateProcessA itself (processes/launched_process.h), never SpawnChild, so
// the inheritance under test is the one CreateProcess gives on both builds.
//
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/handle-inheritance
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-gethandleinformation
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-sethandleinformation
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessa
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle
#include <cstring>
#include <string>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::HandleArgument;
using processes::HandleFromArgument;
using processes::LaunchedProcess;

constexpr char kInheritParentText[] = "written by the parent";
constexpr char kInheritChildText[] = "written by the child";
constexpr size_t kInheritChildOffset = 1024;

SECURITY_ATTRIBUTES Inheritable() {
  SECURITY_ATTRIBUTES attributes = {};
  attributes.nLength = sizeof attributes;
  attributes.bInheritHandle = TRUE;
  return attributes;
}

ScopedHandle NewSectionWith(SECURITY_ATTRIBUTES* attributes) {
  return ScopedHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, attributes, PAGE_READWRITE, 0, 4096, nullptr));
}

// Uses the inherited handle args[1] as an object of type args[0] in a way the parent can observe (see the rows of
// InheritedHandleTest).
CHILD_MAIN(InheritUsesHandle) {
  const std::string& type = args.at(0);
  const HANDLE handle = HandleFromArgument(args.at(1));
  if (type == "mapping") {
    ScopedView view(MapViewOfFile(handle, FILE_MAP_WRITE, 0, 0, 0));
    CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
    CHILD_CHECK_EQ(std::string(view.as<const char>()), std::string(kInheritParentText));
    std::strcpy(view.as<char>() + kInheritChildOffset, kInheritChildText);
  } else if (type == "event") {
    CHILD_CHECK_THAT(Call(SetEvent(handle)), Succeeds());
  } else if (type == "mutex") {
    CHILD_CHECK_EQ(WaitForSingleObject(handle, 0), static_cast<DWORD>(WAIT_OBJECT_0));  // exit owning it
  } else if (type == "semaphore") {
    LONG previous = -1;
    CHILD_CHECK_THAT(Call(ReleaseSemaphore(handle, 3, &previous)), Succeeds());
    CHILD_CHECK_EQ(previous, 0);
  } else if (type == "timer") {
    LARGE_INTEGER due;
    due.QuadPart = -1;  // 100 ns from now
    CHILD_CHECK_THAT(Call(SetWaitableTimer(handle, &due, 0, nullptr, nullptr, FALSE)), Succeeds());
  } else if (type == "job") {
    CHILD_CHECK_THAT(Call(TerminateJobObject(handle, 0)), Succeeds());
  } else {
    CHILD_CHECK(false) << "unknown type " << type;
  }
  return 0;
}

// Checks that args[0] is not an open file-mapping handle here: MapViewOfFile fails with ERROR_INVALID_HANDLE.
CHILD_MAIN(InheritExpectsNoMapping) {
  const HANDLE handle = HandleFromArgument(args.at(0));
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(handle, FILE_MAP_READ, 0, 0, 0));
  ScopedView view(mapped.value);
  CHILD_CHECK_THAT(mapped, FailsWith(ERROR_INVALID_HANDLE)) << "value " << args.at(0);
  return 0;
}

// Checks that the event handle args[0] can be waited on but not set (it has SYNCHRONIZE only).
CHILD_MAIN(InheritChecksSynchronizeOnlyEvent) {
  const HANDLE handle = HandleFromArgument(args.at(0));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(WaitForSingleObject(handle, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetEvent(handle)), FailsWith(ERROR_ACCESS_DENIED));
  return 0;
}

// Reports GetHandleInformation of args[0] as the exit code (or 100 + error if it fails).
CHILD_MAIN(InheritReportsFlags) {
  DWORD flags = 0;
  if (!GetHandleInformation(HandleFromArgument(args.at(0)), &flags)) return 100 + static_cast<int>(GetLastError());
  return static_cast<int>(flags);
}

// Signals the handshake args[1], then waits on the inherited auto-reset event args[0] until the parent sets it.
CHILD_MAIN(InheritWaitsForEvent) {
  Handshake ready = Handshake::Open(args.at(1));
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK_EQ(WaitForSingleObject(HandleFromArgument(args.at(0)), kChildTimeoutMs),
                 static_cast<DWORD>(WAIT_OBJECT_0));
  return 0;
}

// Tests that GetHandleInformation reports HANDLE_FLAG_INHERIT for a handle created with bInheritHandle TRUE and 0
// for one created without security attributes, leaving the last error untouched.
TEST(GetHandleInformation, ReportsInheritFromSecurityAttributes) {
  BEHAVIOUR("HD-INHERIT-001");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle inheritable = NewSectionWith(&attributes);
  ScopedHandle plain = NewSectionWith(nullptr);
  ASSERT_TRUE(inheritable && plain);
  DWORD flags = 0xffff;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetHandleInformation(inheritable.get(), &flags)), SucceedsWith(kPoisonError));
  EXPECT_EQ(flags, static_cast<DWORD>(HANDLE_FLAG_INHERIT));
  flags = 0xffff;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetHandleInformation(plain.get(), &flags)), SucceedsWith(kPoisonError));
  EXPECT_EQ(flags, 0u);
}

// Tests that SetHandleInformation changes only the flags in dwMask: HANDLE_FLAG_INHERIT on and off without
// touching HANDLE_FLAG_PROTECT_FROM_CLOSE, and the reverse.
TEST(SetHandleInformation, ChangesOnlyMaskedFlags) {
  BEHAVIOUR("HD-INHERIT-002");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  const struct {
    DWORD mask;
    DWORD flags;
    DWORD expected;
  } steps[] = {
      {HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT},
      {HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE,
       HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE},
      {HANDLE_FLAG_INHERIT, 0, HANDLE_FLAG_PROTECT_FROM_CLOSE},
      {HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE,
       HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE},
      {HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT},
      {HANDLE_FLAG_INHERIT | HANDLE_FLAG_PROTECT_FROM_CLOSE, 0, 0},
  };
  for (const auto& step : steps) {
    SCOPED_TRACE(::testing::Message() << "mask " << step.mask << " flags " << step.flags);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetHandleInformation(event.get(), step.mask, step.flags)), SucceedsWith(kPoisonError));
    DWORD flags = 0xffff;
    ASSERT_TRUE(GetHandleInformation(event.get(), &flags));
    EXPECT_EQ(flags, step.expected);
  }
}

// Tests that GetHandleInformation and SetHandleInformation of a handle that is not open fail with
// ERROR_INVALID_HANDLE.
TEST(GetHandleInformation, NotOpenHandleFailsWithInvalidHandle) {
  BEHAVIOUR("HD-INHERIT-003");
  DWORD flags = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetHandleInformation(ForgedHandle(), &flags)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetHandleInformation(ForgedHandle(), HANDLE_FLAG_INHERIT, 0)), FailsWith(ERROR_INVALID_HANDLE));
  const auto closed = CallWithClosedHandle([&](HANDLE h) { return Call(GetHandleInformation(h, &flags)); });
  EXPECT_THAT(closed, FailsWith(ERROR_INVALID_HANDLE)) << "a handle just closed";
}

// Tests that CloseHandle of a handle with HANDLE_FLAG_PROTECT_FROM_CLOSE fails (no debugger attached) with
// ERROR_INVALID_HANDLE and leaves the handle open; once the flag is cleared it closes.
TEST(CloseHandle, ProtectFromCloseHandleIsNotClosed) {
  BEHAVIOUR("HD-INHERIT-004");
  HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(event, nullptr);
  ASSERT_TRUE(SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
  // NtClose answers STATUS_HANDLE_NOT_CLOSABLE, which CloseHandle reports as ERROR_INVALID_HANDLE; under a
  // debugger Windows raises an exception instead (Microsoft Learn CloseHandle), which this suite never runs under.
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(event)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(event)), SucceedsWith(kPoisonError)) << "the handle is still open";
  ASSERT_TRUE(SetHandleInformation(event, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(event)), SucceedsWith(kPoisonError));
}

// Tests that DuplicateHandle(DUPLICATE_CLOSE_SOURCE) of a HANDLE_FLAG_PROTECT_FROM_CLOSE source succeeds with a new
// value and leaves the protected source open.
TEST(DuplicateHandle, CloseSourceOfProtectedHandleKeepsSource) {
  BEHAVIOUR("HD-INHERIT-005");
  HANDLE source = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(source, nullptr);
  ASSERT_TRUE(SetHandleInformation(source, HANDLE_FLAG_PROTECT_FROM_CLOSE, HANDLE_FLAG_PROTECT_FROM_CLOSE));
  HANDLE duplicate = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &duplicate, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  EXPECT_NE(duplicate, source) << "catalogue entry 89";
  DWORD flags = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetHandleInformation(source, &flags)), SucceedsWith(kPoisonError)) << "the source is still open";
  EXPECT_EQ(flags, static_cast<DWORD>(HANDLE_FLAG_PROTECT_FROM_CLOSE));
  SetHandleInformation(source, HANDLE_FLAG_PROTECT_FROM_CLOSE, 0);
  CloseHandle(source);
}

struct InheritCase {
  const char* id;
  const char* name;
  const char* type;  // InheritUsesHandle's args[0]
  ScopedHandle (*create)(SECURITY_ATTRIBUTES* attributes);
  void (*check_parent)(HANDLE handle);  // what the parent sees after the child used the handle
};

class InheritedHandle : public ::testing::TestWithParam<InheritCase> {};

// Tests that an inheritable handle of each type is, with bInheritHandles TRUE, open in the child at the same value
// and names the same object (the child uses it, the parent sees the effect).
TEST_P(InheritedHandle, ChildUsesSameValueForSameObject) {
  const InheritCase& row = GetParam();
  BEHAVIOUR(row.id);
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle handle = row.create(&attributes);
  ASSERT_TRUE(handle) << DescribeError(GetLastError());
  ScopedView view;
  if (std::strcmp(row.type, "mapping") == 0) {
    view.reset(MapViewOfFile(handle.get(), FILE_MAP_WRITE, 0, 0, 0));
    ASSERT_TRUE(view);
    std::strcpy(view.as<char>(), kInheritParentText);
  }
  LaunchedProcess child = LaunchedProcess::Start("InheritUsesHandle", {row.type, HandleArgument(handle.get())}, TRUE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child could not use the inherited " << row.type;
  if (view) {
    EXPECT_STREQ(view.as<const char>() + kInheritChildOffset, kInheritChildText) << "the child's write is in our view";
  } else {
    row.check_parent(handle.get());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Types, InheritedHandle,
    ::testing::Values(
        // Tests that an inherited unnamed mapping shows the same bytes in both processes, both ways.
        InheritCase{"HD-INHERIT-006", "Mapping", "mapping", NewSectionWith, [](HANDLE) {}},
        // Tests that an inherited event set in the child is signalled in the parent.
        InheritCase{"HD-INHERIT-007", "Event", "event",
                    [](SECURITY_ATTRIBUTES* a) { return ScopedHandle(CreateEventA(a, TRUE, FALSE, nullptr)); },
                    [](HANDLE h) { EXPECT_EQ(WaitForSingleObject(h, 0), WAIT_OBJECT_0); }},
        // Tests that an inherited mutex taken by the child that then exits is abandoned in the parent.
        InheritCase{"HD-INHERIT-008", "Mutex", "mutex",
                    [](SECURITY_ATTRIBUTES* a) { return ScopedHandle(CreateMutexA(a, FALSE, nullptr)); },
                    [](HANDLE h) {
                      EXPECT_EQ(WaitForSingleObject(h, kChildTimeoutMs), static_cast<DWORD>(WAIT_ABANDONED));
                      ReleaseMutex(h);
                    }},
        // Tests that an inherited semaphore released by 3 in the child has count 3 in the parent.
        InheritCase{"HD-INHERIT-009", "Semaphore", "semaphore",
                    [](SECURITY_ATTRIBUTES* a) { return ScopedHandle(CreateSemaphoreA(a, 0, 10, nullptr)); },
                    [](HANDLE h) {
                      LONG previous = -1;
                      EXPECT_TRUE(ReleaseSemaphore(h, 1, &previous));
                      EXPECT_EQ(previous, 3);
                    }},
        // Tests that an inherited waitable timer set in the child signals in the parent.
        InheritCase{"HD-INHERIT-010", "Timer", "timer",
                    [](SECURITY_ATTRIBUTES* a) { return ScopedHandle(CreateWaitableTimerA(a, TRUE, nullptr)); },
                    [](HANDLE h) { EXPECT_EQ(WaitForSingleObject(h, kChildTimeoutMs), WAIT_OBJECT_0); }},
        // Tests that an inherited job terminated in the child is signalled in the parent.
        InheritCase{"HD-INHERIT-011", "Job", "job",
                    [](SECURITY_ATTRIBUTES* a) { return ScopedHandle(CreateJobObjectA(a, nullptr)); },
                    [](HANDLE h) { EXPECT_EQ(WaitForSingleObject(h, 0), WAIT_OBJECT_0); }}),
    [](const ::testing::TestParamInfo<InheritCase>& info) { return std::string(info.param.name); });

// Tests that a handle that is not inheritable is not open in a child started with bInheritHandles TRUE (while an
// inheritable one made at the same time is).
TEST(CreateProcess, NonInheritableHandleIsNotInChild) {
  BEHAVIOUR("HD-INHERIT-012");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle inheritable = NewSectionWith(&attributes);
  ScopedHandle plain = NewSectionWith(nullptr);
  ASSERT_TRUE(inheritable && plain);
  LaunchedProcess child = LaunchedProcess::Start("InheritExpectsNoMapping", {HandleArgument(plain.get())}, TRUE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the non-inheritable mapping is open in the child";
}

// Tests that with bInheritHandles FALSE not even an inheritable handle is open in the child.
TEST(CreateProcess, InheritHandlesFalsePassesNothing) {
  BEHAVIOUR("HD-INHERIT-013");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle inheritable = NewSectionWith(&attributes);
  ASSERT_TRUE(inheritable);
  LaunchedProcess child =
      LaunchedProcess::Start("InheritExpectsNoMapping", {HandleArgument(inheritable.get())}, FALSE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the inheritable mapping is open in the child";
}

// Tests that SetHandleInformation(HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT) makes a handle created without
// inheritance inherited by the next child.
TEST(SetHandleInformation, InheritOnMakesHandleInherited) {
  BEHAVIOUR("HD-INHERIT-014");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ASSERT_TRUE(SetHandleInformation(event.get(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
  LaunchedProcess child = LaunchedProcess::Start("InheritUsesHandle", {"event", HandleArgument(event.get())}, TRUE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child could not set the event";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that SetHandleInformation(HANDLE_FLAG_INHERIT, 0) makes a handle created inheritable stay out of the next
// child.
TEST(SetHandleInformation, InheritOffKeepsHandleFromChild) {
  BEHAVIOUR("HD-INHERIT-015");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle mapping = NewSectionWith(&attributes);
  ASSERT_TRUE(mapping);
  ASSERT_TRUE(SetHandleInformation(mapping.get(), HANDLE_FLAG_INHERIT, 0));
  LaunchedProcess child = LaunchedProcess::Start("InheritExpectsNoMapping", {HandleArgument(mapping.get())}, TRUE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the mapping is open in the child";
}

// Tests that an inherited handle keeps its access in the child: an event handle with SYNCHRONIZE only can be waited
// on there but SetEvent fails with ERROR_ACCESS_DENIED.
TEST(CreateProcess, InheritedHandleKeepsItsAccess) {
  BEHAVIOUR("HD-INHERIT-016");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  HANDLE synchronize_only = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), event.get(), GetCurrentProcess(), &synchronize_only, SYNCHRONIZE,
                              TRUE, 0));
  ScopedHandle owned(synchronize_only);
  LaunchedProcess child =
      LaunchedProcess::Start("InheritChecksSynchronizeOnlyEvent", {HandleArgument(synchronize_only)}, TRUE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's access checks failed";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "nobody set it";
}

// Tests that an inherited handle is itself inheritable in the child: GetHandleInformation there reports
// HANDLE_FLAG_INHERIT.
TEST(CreateProcess, InheritedHandleIsInheritableInChild) {
  BEHAVIOUR("HD-INHERIT-017");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle mapping = NewSectionWith(&attributes);
  ASSERT_TRUE(mapping);
  LaunchedProcess child = LaunchedProcess::Start("InheritReportsFlags", {HandleArgument(mapping.get())}, TRUE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), static_cast<int>(HANDLE_FLAG_INHERIT));
}

// Tests that an inherited unnamed auto-reset event wakes a child waiting on it when the parent sets it.
TEST(CreateProcess, InheritedEventWakesChild) {
  BEHAVIOUR("HD-INHERIT-018");
  SECURITY_ATTRIBUTES attributes = Inheritable();
  ScopedHandle event(CreateEventA(&attributes, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  Handshake ready = Handshake::Create("hd-inherit-wake");
  LaunchedProcess child =
      LaunchedProcess::Start("InheritWaitsForEvent", {HandleArgument(event.get()), ready.name()}, TRUE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  EXPECT_EQ(WaitForSingleObject(child.process(), 300), static_cast<DWORD>(WAIT_TIMEOUT)) << "woken too early";
  ASSERT_TRUE(SetEvent(event.get()));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "the child's wait consumed it";
}

}  // namespace
}  // namespace winipc::conformance
