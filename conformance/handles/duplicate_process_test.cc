// DuplicateHandle across processes: into a child (through its PROCESS_INFORMATION handle or one from OpenProcess)
// and from a child back into this process, with DUPLICATE_SAME_ACCESS, a reduced or a wider access, and
// DUPLICATE_CLOSE_SOURCE; and the scenario of issue 5, an unnamed mapping and an unnamed event given to a child
// both by inheritance and by duplication.
//
// Duplicated values reach the child through a named mailbox mapping (processes/launched_process.h), after a "go"
// handshake. Children are started with CreateProcessA itself, so emu sees them.
//
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle
// https://learn.microsoft.com/en-us/windows/win32/procthread/process-security-and-access-rights
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/handle-inheritance
#include <cstring>
#include <string>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::HandleArgument;
using processes::HandleFromArgument;
using processes::LaunchedProcess;
using processes::Mailbox;

constexpr char kParentText[] = "parent bytes";
constexpr char kChildText[] = "child bytes";
constexpr size_t kChildTextOffset = 2048;

// Mailbox slots.
constexpr int kTargetSlot = 0;       // a value the parent duplicated into the child
constexpr int kSecondTargetSlot = 1;  // another one
constexpr int kChildHandleSlot = 2;   // a value the child reports from its own table

// The child side of every test: opens the mailbox args[0] and the handshake args[1] ("go"), waits for it.
struct ChildSide {
  Mailbox mailbox;
  Handshake go;
};
ChildSide OpenChildSide(const std::vector<std::string>& args) {
  ChildSide side{Mailbox::Open(args.at(0)), Handshake::Open(args.at(1))};
  return side;
}

// args[2]: "set" (the duplicated event can be set), "synchronize-only" (waited on, not set) or "inheritable"
// (flagged HANDLE_FLAG_INHERIT here, and can be set).
CHILD_MAIN(XdupUsesEvent) {
  ChildSide side = OpenChildSide(args);
  CHILD_CHECK(side.mailbox && side.go);
  CHILD_CHECK(side.go.Wait(kChildTimeoutMs));
  const HANDLE event = side.mailbox.GetHandle(kTargetSlot);
  if (args.at(2) == "set" || args.at(2) == "inheritable") {
    DWORD flags = 0xffff;
    CHILD_CHECK(GetHandleInformation(event, &flags)) << DescribeError(GetLastError());
    CHILD_CHECK_EQ(flags, args.at(2) == "inheritable" ? static_cast<DWORD>(HANDLE_FLAG_INHERIT) : 0u);
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(SetEvent(event)), SucceedsWith(kPoisonError)) << "value " << event;
  } else {
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(WaitForSingleObject(event, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(SetEvent(event)), FailsWith(ERROR_ACCESS_DENIED));
  }
  return 0;
}

// The duplicated mapping has FILE_MAP_READ only: a read view sees the parent's bytes, a write view is refused.
CHILD_MAIN(XdupReadsMapping) {
  ChildSide side = OpenChildSide(args);
  CHILD_CHECK(side.mailbox && side.go);
  CHILD_CHECK(side.go.Wait(kChildTimeoutMs));
  const HANDLE mapping = side.mailbox.GetHandle(kTargetSlot);
  ScopedView view(MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile(FILE_MAP_READ): " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(std::string(view.as<const char>()), std::string(kParentText));
  SetLastError(kPoisonError);
  const auto write = Call(MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0));
  ScopedView write_view(write.value);
  CHILD_CHECK_THAT(write, FailsWith(ERROR_ACCESS_DENIED));
  return 0;
}

// Creates an unnamed auto-reset event, reports its value in kChildHandleSlot and signals the handshake args[2]
// ("ready"). args[3]: "wait" (wait on it until someone sets it) or "closed" (after "go", check that the parent's
// DUPLICATE_CLOSE_SOURCE closed it here).
CHILD_MAIN(XdupOwnsEvent) {
  ChildSide side = OpenChildSide(args);
  Handshake ready = Handshake::Open(args.at(2));
  CHILD_CHECK(side.mailbox && side.go && ready);
  const HANDLE event = CreateEventA(nullptr, FALSE, FALSE, nullptr);
  CHILD_CHECK(event != nullptr);
  side.mailbox.SetHandle(kChildHandleSlot, event);
  CHILD_CHECK(ready.Signal());
  if (args.at(3) == "wait") {
    CHILD_CHECK_EQ(WaitForSingleObject(event, kChildTimeoutMs), static_cast<DWORD>(WAIT_OBJECT_0));
  } else {
    CHILD_CHECK(side.go.Wait(kChildTimeoutMs));
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(SetEvent(event)), FailsWith(ERROR_INVALID_HANDLE)) << "value " << event;
  }
  return 0;
}

CHILD_MAIN(XdupExits) { return 0; }

// The issue-5 scenario, child side. args[2], args[3]: the inherited mapping and event (full access). Mailbox
// slots: the duplicated mapping (FILE_MAP_READ) and event (SYNCHRONIZE).
CHILD_MAIN(XdupSharedScenario) {
  ChildSide side = OpenChildSide(args);
  CHILD_CHECK(side.mailbox && side.go);
  const HANDLE inherited_mapping = HandleFromArgument(args.at(2));
  const HANDLE inherited_event = HandleFromArgument(args.at(3));
  CHILD_CHECK(side.go.Wait(kChildTimeoutMs));
  const HANDLE duplicated_mapping = side.mailbox.GetHandle(kTargetSlot);
  const HANDLE duplicated_event = side.mailbox.GetHandle(kSecondTargetSlot);
  // Values: four distinct handles, the inherited ones flagged inheritable, the duplicated ones not.
  DWORD flags = 0xffff;
  CHILD_CHECK(GetHandleInformation(inherited_mapping, &flags)) << DescribeError(GetLastError());
  CHILD_CHECK_EQ(flags, static_cast<DWORD>(HANDLE_FLAG_INHERIT));
  CHILD_CHECK(GetHandleInformation(duplicated_event, &flags)) << DescribeError(GetLastError());
  CHILD_CHECK_EQ(flags, 0u);
  // Mapping: the inherited handle maps read-write, the duplicated one read-only; both show the parent's bytes,
  // and what the child writes through one shows through the other.
  ScopedView writable(MapViewOfFile(inherited_mapping, FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(writable) << "inherited mapping: " << DescribeError(GetLastError());
  ScopedView readable(MapViewOfFile(duplicated_mapping, FILE_MAP_READ, 0, 0, 0));
  CHILD_CHECK(readable) << "duplicated mapping: " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(std::string(writable.as<const char>()), std::string(kParentText));
  CHILD_CHECK_EQ(std::string(readable.as<const char>()), std::string(kParentText));
  SetLastError(kPoisonError);
  const auto write = Call(MapViewOfFile(duplicated_mapping, FILE_MAP_WRITE, 0, 0, 0));
  ScopedView refused(write.value);
  CHILD_CHECK_THAT(write, FailsWith(ERROR_ACCESS_DENIED)) << "the duplicate has FILE_MAP_READ only";
  std::strcpy(writable.as<char>() + kChildTextOffset, kChildText);
  CHILD_CHECK_EQ(std::string(readable.as<const char>() + kChildTextOffset), std::string(kChildText));
  // Event: the duplicated handle cannot set it; the inherited one can, and the duplicate then sees it set.
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetEvent(duplicated_event)), FailsWith(ERROR_ACCESS_DENIED));
  CHILD_CHECK_EQ(WaitForSingleObject(duplicated_event, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  CHILD_CHECK_THAT(Call(SetEvent(inherited_event)), Succeeds());
  CHILD_CHECK_EQ(WaitForSingleObject(duplicated_event, 0), static_cast<DWORD>(WAIT_OBJECT_0));
  return 0;
}

// The parent side: a mailbox, a "go" handshake, and a child started with CreateProcessA.
struct ParentSide {
  Mailbox mailbox;
  Handshake go;
  LaunchedProcess child;

  // Hands the child `value` (its kTargetSlot), lets it go, and returns its exit code (-1 if it could not be let go).
  int HandOver(HANDLE value) {
    mailbox.SetHandle(kTargetSlot, value);
    if (!go.Signal()) return -1;
    return child.Wait(kChildTimeoutMs);
  }
};
ParentSide StartChild(const char* child_main, std::vector<std::string> extra_args, BOOL inherit_handles = FALSE) {
  ParentSide side{Mailbox::Create("hd-xdup-mailbox"), Handshake::Create("hd-xdup-go"), LaunchedProcess()};
  if (!side.mailbox || !side.go) {
    ADD_FAILURE() << "no mailbox or handshake";
    return side;
  }
  std::vector<std::string> args = {side.mailbox.name(), side.go.name()};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  side.child = LaunchedProcess::Start(child_main, args, inherit_handles);
  return side;
}

// Tests that DuplicateHandle(DUPLICATE_SAME_ACCESS) into a child through its PROCESS_INFORMATION handle succeeds,
// leaving the last error untouched, and gives a value that the child can use for the same event.
TEST(DuplicateHandleAcrossProcesses, SameAccessIntoChildWorksThere) {
  BEHAVIOUR("HD-XDUP-001");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), side.child.process(), &in_child, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ASSERT_TRUE(ScopedHandle::IsValid(in_child));
  ASSERT_EQ(side.HandOver(in_child), 0) << "the child could not set the event through " << in_child;
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that DuplicateHandle into a child works through a handle from OpenProcess(PROCESS_DUP_HANDLE).
TEST(DuplicateHandleAcrossProcesses, IntoChildOpenedWithDupHandleAccess) {
  BEHAVIOUR("HD-XDUP-002");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  ScopedHandle target(OpenProcess(PROCESS_DUP_HANDLE, FALSE, side.child.pid()));
  ASSERT_TRUE(target) << DescribeError(GetLastError());
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), target.get(), &in_child, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ASSERT_EQ(side.HandOver(in_child), 0) << "the child could not set the event through " << in_child;
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that DuplicateHandle into a process handle without PROCESS_DUP_HANDLE fails with ERROR_ACCESS_DENIED.
TEST(DuplicateHandleAcrossProcesses, TargetWithoutDupHandleAccessIsDenied) {
  BEHAVIOUR("HD-XDUP-003");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  ScopedHandle target(OpenProcess(PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, side.child.pid()));
  ASSERT_TRUE(target) << DescribeError(GetLastError());
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), target.get(), &in_child, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              FailsWith(ERROR_ACCESS_DENIED));
  side.child.Kill();
}

// Tests that an event duplicated into a child with SYNCHRONIZE only can be waited on there, but SetEvent fails
// with ERROR_ACCESS_DENIED.
TEST(DuplicateHandleAcrossProcesses, ReducedAccessIsEnforcedInChild) {
  BEHAVIOUR("HD-XDUP-004");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"synchronize-only"});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  ASSERT_TRUE(
      DuplicateHandle(GetCurrentProcess(), event.get(), side.child.process(), &in_child, SYNCHRONIZE, FALSE, 0));
  EXPECT_EQ(side.HandOver(in_child), 0) << "the child's access checks failed";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "nobody set it";
}

// Tests that a mapping duplicated into a child with FILE_MAP_READ maps for read there, showing the parent's bytes,
// and not for write.
TEST(DuplicateHandleAcrossProcesses, ReadOnlyMappingInChildSeesParentBytes) {
  BEHAVIOUR("HD-XDUP-005");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mapping);
  ScopedView view(MapViewOfFile(mapping.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  std::strcpy(view.as<char>(), kParentText);
  ParentSide side = StartChild("XdupReadsMapping", {});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  ASSERT_TRUE(
      DuplicateHandle(GetCurrentProcess(), mapping.get(), side.child.process(), &in_child, FILE_MAP_READ, FALSE, 0));
  EXPECT_EQ(side.HandOver(in_child), 0) << "the child's checks failed";
}

// Tests that a duplicate into a child may ask for more access than the source handle has (an event the user may
// fully access: SYNCHRONIZE source, EVENT_ALL_ACCESS duplicate), and the child can then set it.
TEST(DuplicateHandleAcrossProcesses, WiderAccessThanSourceIsGranted) {
  BEHAVIOUR("HD-XDUP-006");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  HANDLE synchronize_only = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), event.get(), GetCurrentProcess(), &synchronize_only, SYNCHRONIZE,
                              FALSE, 0));
  ScopedHandle source(synchronize_only);
  ASSERT_FALSE(SetEvent(source.get())) << "the source itself cannot set the event";
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), source.get(), side.child.process(), &in_child,
                                   EVENT_ALL_ACCESS, FALSE, 0)),
              SucceedsWith(kPoisonError));
  ASSERT_EQ(side.HandOver(in_child), 0) << "the child could not set the event";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that DUPLICATE_CLOSE_SOURCE into a child closes the source here and the duplicate works in the child.
TEST(DuplicateHandleAcrossProcesses, CloseSourceIntoChildMovesHandle) {
  BEHAVIOUR("HD-XDUP-007");
  const std::string name = UniqueName("hd-xdup-move");
  ScopedHandle observer(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(observer);
  HANDLE source = OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str());
  ASSERT_NE(source, nullptr);
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  const auto duplicated = Call(DuplicateHandle(GetCurrentProcess(), source, side.child.process(), &in_child, 0,
                                               FALSE, DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
  SetLastError(kPoisonError);
  const auto closed_again = Call(CloseHandle(source));  // at once: a freed value is soon given to another handle
  EXPECT_THAT(duplicated, SucceedsWith(kPoisonError));
  EXPECT_THAT(closed_again, FailsWith(ERROR_INVALID_HANDLE)) << "the source should be closed already";
  ASSERT_EQ(side.HandOver(in_child), 0) << "the child could not set the event";
  EXPECT_EQ(WaitForSingleObject(observer.get(), 0), WAIT_OBJECT_0);
}

// Tests that DuplicateHandle from a child (source process = the child) into this process gives a handle here to
// the child's unnamed event: setting it wakes the child.
TEST(DuplicateHandleAcrossProcesses, FromChildIntoParentWorksHere) {
  BEHAVIOUR("HD-XDUP-008");
  Handshake ready = Handshake::Create("hd-xdup-ready");
  ParentSide side = StartChild("XdupOwnsEvent", {ready.name(), "wait"});
  ASSERT_TRUE(side.child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  HANDLE here = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(side.child.process(), side.mailbox.GetHandle(kChildHandleSlot),
                                   GetCurrentProcess(), &here, 0, FALSE, DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(here);
  ASSERT_TRUE(owned);
  EXPECT_EQ(WaitForSingleObject(side.child.process(), 300), static_cast<DWORD>(WAIT_TIMEOUT)) << "woken too early";
  ASSERT_TRUE(SetEvent(here));
  EXPECT_EQ(side.child.Wait(kChildTimeoutMs), 0) << "the child was not woken by SetEvent on our duplicate";
}

// Tests that DUPLICATE_CLOSE_SOURCE with the source in a child closes the child's handle and gives this process a
// working one.
TEST(DuplicateHandleAcrossProcesses, CloseSourceFromChildClosesItThere) {
  BEHAVIOUR("HD-XDUP-009");
  Handshake ready = Handshake::Create("hd-xdup-ready");
  ParentSide side = StartChild("XdupOwnsEvent", {ready.name(), "closed"});
  ASSERT_TRUE(side.child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  HANDLE here = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(side.child.process(), side.mailbox.GetHandle(kChildHandleSlot),
                                   GetCurrentProcess(), &here, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(here);
  ASSERT_TRUE(owned);
  ASSERT_TRUE(side.go.Signal());
  EXPECT_EQ(side.child.Wait(kChildTimeoutMs), 0) << "the child's handle was still open";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(here)), SucceedsWith(kPoisonError)) << "ours outlives the child";
}

// Tests that an unnamed mapping and event given to a child by inheritance and by duplication are the same objects.
// The issue-5 scenario: inherited at the same values with full access, duplicated with FILE_MAP_READ and
// SYNCHRONIZE; the child checks each handle's access, and the bytes written on each side show on the other.
TEST(DuplicateHandleAcrossProcesses, InheritedAndDuplicatedShareMappingAndEvent) {
  BEHAVIOUR("HD-XDUP-010");
  SECURITY_ATTRIBUTES attributes = {sizeof attributes, nullptr, TRUE};
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, &attributes, PAGE_READWRITE, 0, 4096, nullptr));
  ScopedHandle event(CreateEventA(&attributes, TRUE, FALSE, nullptr));
  ASSERT_TRUE(mapping && event);
  ScopedView view(MapViewOfFile(mapping.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  std::strcpy(view.as<char>(), kParentText);
  ParentSide side = StartChild("XdupSharedScenario", {HandleArgument(mapping.get()), HandleArgument(event.get())},
                               TRUE);
  ASSERT_TRUE(side.child);
  HANDLE mapping_in_child = nullptr;
  HANDLE event_in_child = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), mapping.get(), side.child.process(), &mapping_in_child,
                              FILE_MAP_READ, FALSE, 0));
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), event.get(), side.child.process(), &event_in_child, SYNCHRONIZE,
                              FALSE, 0));
  // The inherited values are taken in the child, so the duplicates get other ones.
  EXPECT_NE(mapping_in_child, mapping.get());
  EXPECT_NE(mapping_in_child, event.get());
  EXPECT_NE(event_in_child, mapping.get());
  EXPECT_NE(event_in_child, event.get());
  side.mailbox.SetHandle(kTargetSlot, mapping_in_child);
  side.mailbox.SetHandle(kSecondTargetSlot, event_in_child);
  ASSERT_TRUE(side.go.Signal());
  ASSERT_EQ(side.child.Wait(kChildTimeoutMs), 0) << "the child's checks failed";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the child set our event";
  EXPECT_STREQ(view.as<const char>() + kChildTextOffset, kChildText) << "the child's bytes are in our view";
}

// Tests that DuplicateHandle into a process that has exited fails with ERROR_ACCESS_DENIED and sets
// *lpTargetHandle to NULL.
TEST(DuplicateHandleAcrossProcesses, IntoExitedProcessIsDenied) {
  BEHAVIOUR("HD-XDUP-011");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  LaunchedProcess child = LaunchedProcess::Start("XdupExits", {}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  HANDLE in_child = reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x5554));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), child.process(), &in_child, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(in_child, nullptr);
}

// Tests that a handle duplicated into a child with bInheritHandle TRUE is flagged HANDLE_FLAG_INHERIT there (and
// one duplicated with FALSE is not: HD-XDUP-001's child checks that).
TEST(DuplicateHandleAcrossProcesses, InheritFlagGoesWithDuplicate) {
  BEHAVIOUR("HD-XDUP-012");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"inheritable"});
  ASSERT_TRUE(side.child);
  HANDLE in_child = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), event.get(), side.child.process(), &in_child, 0, TRUE,
                              DUPLICATE_SAME_ACCESS));
  ASSERT_EQ(side.HandOver(in_child), 0) << "the child's checks failed";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that DuplicateHandle into another process with lpTargetHandle NULL succeeds (the duplicate is made but
// its value not returned, as Microsoft Learn documents for compatibility).
TEST(DuplicateHandleAcrossProcesses, NullTargetPointerIntoChildSucceeds) {
  BEHAVIOUR("HD-XDUP-013");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ParentSide side = StartChild("XdupUsesEvent", {"set"});
  ASSERT_TRUE(side.child);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), side.child.process(), nullptr, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  side.child.Kill();
}

}  // namespace
}  // namespace winipc::conformance
