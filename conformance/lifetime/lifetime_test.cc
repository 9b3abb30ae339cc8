// Named-object lifetime across processes: a name lives exactly as long as some process has a handle to the
// object, however that process lets go of it (CloseHandle, exit, being killed). Views do not keep names alive.
//
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/kernel-objects
// https://learn.microsoft.com/en-us/windows/win32/memory/closing-a-file-mapping-object
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kSectionSize = 4096;

HANDLE CreateSection(const std::string& name) {
  return CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, name.c_str());
}

// True if the first `bytes` bytes at `p` are all zero.
bool AllZero(const void* p, size_t bytes) {
  const auto* c = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < bytes; ++i) {
    if (c[i] != 0) return false;
  }
  return true;
}

// Expects the section `name` to be gone: OpenFileMapping fails with ERROR_FILE_NOT_FOUND, and CreateFileMapping
// makes a new section (last error 0) whose memory is all zero. `why` says what the zero-filled memory proves.
void ExpectSectionNameGone(const std::string& name, const char* why) {
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateSection(name));
  ScopedHandle fresh(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  ScopedView view(MapViewOfFile(fresh.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view);
  EXPECT_TRUE(AllZero(view.get(), kSectionSize)) << why;
}

// ---------------------------------------------------------------------------------------------------------------
// Child mains. Each opens or creates what args[0] names and answers through the handshakes it is given.

// Creates section args[0], writes args[1] into it, signals args[2], then holds the handle until args[3] is set.
// With args[4] == "exit-without-close" the handle is left for process exit to close.
CHILD_MAIN(LifetimeCreatesSectionAndHolds) {
  HANDLE section = CreateSection(args.at(0));
  CHILD_CHECK(section != nullptr) << "CreateFileMappingA: " << DescribeError(GetLastError());
  ScopedHandle owner(section);
  {
    ScopedView view(MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, 0));
    CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
    std::strcpy(view.as<char>(), args.at(1).c_str());
  }
  Handshake ready = Handshake::Open(args.at(2));
  Handshake release = Handshake::Open(args.at(3));
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK(release.Wait(kChildTimeoutMs)) << "the parent never said release";
  if (args.size() > 4 && args.at(4) == "exit-without-close") owner.release();
  return 0;
}

// Opens section args[0], signals args[1], then holds it until args[2] is set, and then closes it.
CHILD_MAIN(LifetimeOpensSectionAndHolds) {
  ScopedHandle section(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, args.at(0).c_str()));
  CHILD_CHECK(section) << "OpenFileMappingA(" << args.at(0) << "): " << DescribeError(GetLastError());
  Handshake ready = Handshake::Open(args.at(1));
  Handshake release = Handshake::Open(args.at(2));
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK(release.Wait(kChildTimeoutMs)) << "the parent never said release";
  return 0;
}

// Opens section args[0] and writes args[1] into it, or with args[1] == "" creates section args[0]; in either
// case creates event args[2] (signalled), signals args[3], and hangs until it is killed.
CHILD_MAIN(LifetimeHoldsUntilKilled) {
  ScopedHandle section(args.at(1).empty() ? CreateSection(args.at(0))
                                          : OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, args.at(0).c_str()));
  CHILD_CHECK(section) << "section " << args.at(0) << ": " << DescribeError(GetLastError());
  if (!args.at(1).empty()) {
    ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
    CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
    std::strcpy(view.as<char>() + 64, args.at(1).c_str());
  }
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, args.at(2).c_str()));
  CHILD_CHECK(event) << "CreateEventA: " << DescribeError(GetLastError());
  Handshake ready = Handshake::Open(args.at(3));
  CHILD_CHECK(ready.Signal());
  std::this_thread::sleep_for(std::chrono::seconds(60));
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// One process

// Tests that a view stays usable with the old bytes after the last handle of its section is closed, and is not
// coherent with a section later created under the same name.
TEST(Lifetime, ViewOutlivesLastHandleWithOldBytes) {
  BEHAVIOUR("NS-LIFE-001");
  const std::string name = UniqueName("ns-life-view");
  HANDLE section = CreateSection(name);
  ASSERT_NE(section, nullptr);
  ScopedView old_view(MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(old_view);
  std::strcpy(old_view.as<char>(), "old");
  ASSERT_TRUE(CloseHandle(section));

  EXPECT_STREQ(old_view.as<const char>(), "old");
  old_view.as<char>()[3] = '!';  // still writable
  EXPECT_STREQ(old_view.as<const char>(), "old!");

  ScopedHandle fresh(CreateSection(name));
  ASSERT_TRUE(fresh);
  ScopedView new_view(MapViewOfFile(fresh.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(new_view);
  std::strcpy(new_view.as<char>(), "NEW");
  EXPECT_STREQ(old_view.as<const char>(), "old!") << "the old view shows the old section, not the new one";
}

// Tests that a section's name dies with its last handle even while a view is mapped: OpenFileMapping fails with
// ERROR_FILE_NOT_FOUND and CreateFileMapping makes a new zero-filled section with last error 0.
TEST(Lifetime, SectionNameDiesWithLastHandleDespiteView) {
  BEHAVIOUR("NS-LIFE-002");
  const std::string name = UniqueName("ns-life-section-name");
  HANDLE section = CreateSection(name);
  ASSERT_NE(section, nullptr);
  ScopedView old_view(MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(old_view);
  std::memset(old_view.get(), 0xAB, kSectionSize);
  ASSERT_TRUE(CloseHandle(section));

  ExpectSectionNameGone(name, "the new section is a new, zero-filled object");
}

// Tests that an event's name dies with its last handle: OpenEvent fails with ERROR_FILE_NOT_FOUND and CreateEvent
// makes a new event (last error 0) in the state asked for.
TEST(Lifetime, EventNameDiesWithLastHandle) {
  BEHAVIOUR("NS-LIFE-003");
  const std::string name = UniqueName("ns-life-event-name");
  HANDLE event = CreateEventA(nullptr, TRUE, /*bInitialState=*/TRUE, name.c_str());
  ASSERT_NE(event, nullptr);
  ASSERT_TRUE(CloseHandle(event));

  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventA(nullptr, TRUE, /*bInitialState=*/FALSE, name.c_str()));
  ScopedHandle fresh(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(fresh.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the new event is not the old, signalled one";
}

// ---------------------------------------------------------------------------------------------------------------
// Two processes

// Tests that a name held by two processes survives one of them closing its handle.
TEST(Lifetime, NameSurvivesOneOfTwoProcessesClosing) {
  BEHAVIOUR("NS-LIFE-004");
  const std::string name = UniqueName("ns-life-two");
  HANDLE section = CreateSection(name);
  ASSERT_NE(section, nullptr);
  {
    ScopedView view(MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, 0));
    ASSERT_TRUE(view);
    std::strcpy(view.as<char>(), "shared");
  }
  Handshake ready = Handshake::Create("ns-life-two-ready");
  Handshake release = Handshake::Create("ns-life-two-release");
  Child child = SpawnChild("LifetimeOpensSectionAndHolds", {name, ready.name(), release.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  ASSERT_TRUE(CloseHandle(section));

  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle reopened(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError)) << "the child's handle keeps the name";
  ScopedView view(MapViewOfFile(reopened.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view);
  EXPECT_STREQ(view.as<const char>(), "shared");
  release.Signal();
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a name dies when the last handle in any process closes: once the parent and then the child have
// closed theirs, OpenFileMapping fails with ERROR_FILE_NOT_FOUND.
TEST(Lifetime, NameDiesWhenLastProcessCloses) {
  BEHAVIOUR("NS-LIFE-005");
  const std::string name = UniqueName("ns-life-last");
  HANDLE section = CreateSection(name);
  ASSERT_NE(section, nullptr);
  Handshake ready = Handshake::Create("ns-life-last-ready");
  Handshake release = Handshake::Create("ns-life-last-release");
  Child child = SpawnChild("LifetimeOpensSectionAndHolds", {name, ready.name(), release.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  ASSERT_TRUE(CloseHandle(section));
  release.Signal();
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);

  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a section created by a child and still held by it can be opened by the parent, with the child's data.
TEST(Lifetime, ObjectHeldByChildIsVisibleToParent) {
  BEHAVIOUR("NS-LIFE-006");
  const std::string name = UniqueName("ns-life-child-made");
  Handshake ready = Handshake::Create("ns-life-child-made-ready");
  Handshake release = Handshake::Create("ns-life-child-made-release");
  Child child = SpawnChild("LifetimeCreatesSectionAndHolds", {name, "from child", ready.name(), release.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));

  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle section(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError));
  if (section) {
    ScopedView view(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
    ASSERT_TRUE(view);
    EXPECT_STREQ(view.as<const char>(), "from child");
  }
  release.Signal();
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a section whose only handle belonged to a child disappears when that child exits normally without
// closing it.
TEST(Lifetime, ObjectOfExitedChildDisappears) {
  BEHAVIOUR("NS-LIFE-007");
  const std::string name = UniqueName("ns-life-child-exit");
  Handshake ready = Handshake::Create("ns-life-child-exit-ready");
  Handshake release = Handshake::Create("ns-life-child-exit-release");
  Child child = SpawnChild("LifetimeCreatesSectionAndHolds",
                           {name, "from child", ready.name(), release.name(), "exit-without-close"});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  release.Signal();
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);

  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that when a killed child held the last handle, the name is gone: OpenFileMapping fails with
// ERROR_FILE_NOT_FOUND and CreateFileMapping makes a new zero-filled section with last error 0.
TEST(Lifetime, KilledLastHolderFreesName) {
  BEHAVIOUR("NS-LIFE-008");
  const std::string name = UniqueName("ns-life-killed-last");
  const std::string event_name = UniqueName("ns-life-killed-last-event");
  Handshake ready = Handshake::Create("ns-life-killed-last-ready");
  Child child = SpawnChild("LifetimeHoldsUntilKilled", {name, "", event_name, ready.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  {
    // The parent writes through a handle of its own, then lets go of it: the child's is the last handle.
    ScopedHandle section(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
    ASSERT_TRUE(section);
    ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
    ASSERT_TRUE(view);
    std::memset(view.get(), 0xCD, kSectionSize);
  }
  child.Kill();

  ExpectSectionNameGone(name, "the killed child's section did not come back");
}

// Tests that killing a child that has a section open does not destroy it while the parent still has a handle:
// the name still opens and shows the data the child wrote.
TEST(Lifetime, KilledChildDoesNotDestroyObjectParentHolds) {
  BEHAVIOUR("NS-LIFE-009");
  const std::string name = UniqueName("ns-life-killed-shared");
  const std::string event_name = UniqueName("ns-life-killed-shared-event");
  ScopedHandle section(CreateSection(name));
  ASSERT_TRUE(section);
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  std::strcpy(view.as<char>(), "parent");
  Handshake ready = Handshake::Create("ns-life-killed-shared-ready");
  Child child = SpawnChild("LifetimeHoldsUntilKilled", {name, "child", event_name, ready.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  child.Kill();

  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle reopened(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  ScopedView reopened_view(MapViewOfFile(reopened.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(reopened_view);
  EXPECT_STREQ(reopened_view.as<const char>(), "parent");
  EXPECT_STREQ(reopened_view.as<const char>() + 64, "child");
  EXPECT_STREQ(view.as<const char>() + 64, "child") << "the parent's own view";
}

// Tests that an event whose last handle belonged to a killed child is gone: OpenEvent fails with
// ERROR_FILE_NOT_FOUND and CreateEvent makes a new, non-signalled event with last error 0.
TEST(Lifetime, KilledLastHolderFreesEventName) {
  BEHAVIOUR("NS-LIFE-010");
  const std::string name = UniqueName("ns-life-killed-section");
  const std::string event_name = UniqueName("ns-life-killed-event");
  Handshake ready = Handshake::Create("ns-life-killed-event-ready");
  Child child = SpawnChild("LifetimeHoldsUntilKilled", {name, "", event_name, ready.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  {
    ScopedHandle seen(OpenEventA(SYNCHRONIZE, FALSE, event_name.c_str()));
    ASSERT_TRUE(seen) << "the child's event exists while it runs";
  }
  child.Kill();

  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, event_name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventA(nullptr, TRUE, FALSE, event_name.c_str()));
  ScopedHandle fresh(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  EXPECT_EQ(WaitForSingleObject(fresh.get(), 0), WAIT_TIMEOUT) << "not the killed child's signalled event";
}

}  // namespace
}  // namespace winipc::conformance
