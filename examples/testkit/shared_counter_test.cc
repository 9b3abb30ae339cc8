// A porting team's tests of its own Win32 code (shared_counter.h), written with winipc's test kit. The same
// binary runs on Windows and, linked with winipc, on Linux; winipc-run builds both, runs both and compares them.
// Behaviour IDs (SC-...) are this project's own: its expectations files and report cite them.
#include "harness/harness.h"
#include "shared_counter.h"

#include <string>

namespace {

using namespace winipc::testkit;  // Child, Handshake, ScopedHandle, Call, FailsWith, UniqueName, ...

constexpr LONG kAdditions = 2000;

// The child side of the tests below: opens the counter args[0]; then, per args[1]:
//   "add"      waits for the start event args[2], then adds 1 kAdditions times
//   "expect"   checks the counter already existed and holds args[2]
//   "abandon"  takes the lock, signals args[2], and exits holding it
CHILD_MAIN(UsesCounter) {
  SharedCounter counter;
  SetLastError(0xdeadbeef);
  CHILD_CHECK(OpenSharedCounter(args.at(0).c_str(), &counter)) << "error " << GetLastError();
  const DWORD created = GetLastError();
  const std::string& what = args.at(1);
  if (what == "add") {
    Handshake start = Handshake::Open(args.at(2));
    CHILD_CHECK(start.Wait(kChildTimeoutMs));
    for (LONG i = 0; i < kAdditions; ++i) CHILD_CHECK(AddToSharedCounter(&counter, 1)) << "error " << GetLastError();
  } else if (what == "expect") {
    CHILD_CHECK_EQ(created, static_cast<DWORD>(ERROR_ALREADY_EXISTS));
    CHILD_CHECK_EQ(*counter.value, std::stol(args.at(2)));
  } else if (what == "abandon") {
    CHILD_CHECK_EQ(WaitForSingleObject(counter.lock, 0), static_cast<DWORD>(WAIT_OBJECT_0));
    Handshake held = Handshake::Open(args.at(2));
    CHILD_CHECK(held.Signal());
    return 0;  // exits holding the lock: the mutex is abandoned, the mapping and view go with the process
  }
  CloseSharedCounter(&counter);
  return 0;
}

// Tests that two processes adding under the named mutex at the same time lose no update.
TEST(SharedCounter, TwoProcessesAddingTogetherLoseNoUpdate) {
  BEHAVIOUR("SC-COUNT-001");
  const std::string name = UniqueName("counter");
  SharedCounter counter;
  ASSERT_TRUE(OpenSharedCounter(name.c_str(), &counter)) << "error " << GetLastError();
  Handshake start = Handshake::Create("start");
  Child child = SpawnChild("UsesCounter", {name, "add", start.name()});
  ASSERT_TRUE(start.Signal());
  for (LONG i = 0; i < kAdditions; ++i) ASSERT_TRUE(AddToSharedCounter(&counter, 1));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(*counter.value, 2 * kAdditions);
  CloseSharedCounter(&counter);
}

// Tests that a second process opening the counter gets the first one's, told by ERROR_ALREADY_EXISTS.
TEST(SharedCounter, SecondOpenerSharesTheValueAndIsToldItExisted) {
  BEHAVIOUR("SC-OPEN-001");
  const std::string name = UniqueName("counter");
  SharedCounter counter;
  SetLastError(0xdeadbeef);
  ASSERT_TRUE(OpenSharedCounter(name.c_str(), &counter));
  EXPECT_EQ(GetLastError(), 0u) << "the first opener creates it";
  ASSERT_TRUE(AddToSharedCounter(&counter, 42));
  Child child = SpawnChild("UsesCounter", {name, "expect", "42"});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  CloseSharedCounter(&counter);
}

// Tests that the lock of a process that died holding it is handed to the next waiter as abandoned, and that
// the counter stays usable.
TEST(SharedCounter, LockOfADeadProcessIsHandedOnAsAbandoned) {
  BEHAVIOUR("SC-LOCK-001");
  const std::string name = UniqueName("counter");
  SharedCounter counter;
  ASSERT_TRUE(OpenSharedCounter(name.c_str(), &counter));
  Handshake held = Handshake::Create("held");
  Child child = SpawnChild("UsesCounter", {name, "abandon", held.name()});
  ASSERT_TRUE(held.Wait(kChildTimeoutMs));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(WaitForSingleObject(counter.lock, kChildTimeoutMs), static_cast<DWORD>(WAIT_ABANDONED));
  EXPECT_TRUE(ReleaseMutex(counter.lock));
  EXPECT_TRUE(AddToSharedCounter(&counter, 1));
  EXPECT_EQ(*counter.value, 1);
  CloseSharedCounter(&counter);
}

// Tests that a counter cannot be opened under a name another type of object holds: Windows' one namespace.
TEST(SharedCounter, NameHeldByAnEventIsRefused) {
  BEHAVIOUR("SC-OPEN-002");
  const std::string name = UniqueName("taken");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  SharedCounter counter;
  SetLastError(0xdeadbeef);
  EXPECT_THAT(Call(OpenSharedCounter(name.c_str(), &counter)), FailsWith(ERROR_INVALID_HANDLE));
}

}  // namespace
