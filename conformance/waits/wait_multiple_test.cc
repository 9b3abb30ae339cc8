// WaitForMultipleObjects(Ex): counts, bad handles, which object a wait-any takes, the atomicity of a wait-all,
// objects of several types, wakes from another process; and WaitForSingleObjectEx without APCs.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitformultipleobjects
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitformultipleobjectsex
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitforsingleobjectex
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Owns a set of handles and gives them as the array the Wait functions take.
class HandleSet {
 public:
  void Add(HANDLE handle) {
    owners_.emplace_back(handle);
    handles_.push_back(handle);
  }
  bool AllValid() const {
    for (const ScopedHandle& h : owners_) {
      if (!h) return false;
    }
    return true;
  }
  DWORD size() const { return static_cast<DWORD>(handles_.size()); }
  const HANDLE* data() const { return handles_.data(); }
  HANDLE operator[](size_t i) const { return handles_[i]; }

 private:
  std::vector<ScopedHandle> owners_;
  std::vector<HANDLE> handles_;
};

// Tests that WaitForMultipleObjects with nCount 0 fails with WAIT_FAILED and ERROR_INVALID_PARAMETER.
TEST(WaitForMultipleObjects, ZeroCountFailsWithInvalidParameter) {
  BEHAVIOUR("SY-WAIT-001");
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(event);
  const HANDLE handles[] = {event.get()};
  for (const BOOL wait_all : {FALSE, TRUE}) {
    SCOPED_TRACE(wait_all ? "wait-all" : "wait-any");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(0, handles, wait_all, 0)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_PARAMETER));
  }
}

// Tests that WaitForMultipleObjects with more than MAXIMUM_WAIT_OBJECTS (64) handles fails with WAIT_FAILED and
// ERROR_INVALID_PARAMETER, even when every handle is signalled.
TEST(WaitForMultipleObjects, MoreThanMaximumFailsWithInvalidParameter) {
  BEHAVIOUR("SY-WAIT-002");
  HandleSet set;
  for (int i = 0; i < MAXIMUM_WAIT_OBJECTS + 1; ++i) set.Add(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(set.AllValid());
  for (const BOOL wait_all : {FALSE, TRUE}) {
    SCOPED_TRACE(wait_all ? "wait-all" : "wait-any");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), wait_all, 0)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_PARAMETER));
  }
}

// Tests that MAXIMUM_WAIT_OBJECTS (64) handles are accepted: a wait-all on 64 signalled events succeeds.
TEST(WaitForMultipleObjects, MaximumCountIsAccepted) {
  BEHAVIOUR("SY-WAIT-003");
  HandleSet set;
  for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; ++i) set.Add(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(set.AllValid());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), TRUE, 0)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
}

// Tests that a handle that is not open (NULL, forged, just closed) anywhere in the array fails the wait with
// WAIT_FAILED and ERROR_INVALID_HANDLE, even after a signalled handle, which is then not consumed.
TEST(WaitForMultipleObjects, InvalidHandleInArrayFailsWithInvalidHandle) {
  BEHAVIOUR("SY-WAIT-004");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, /*bInitialState=*/TRUE, nullptr));
  ASSERT_TRUE(event);
  for (const BOOL wait_all : {FALSE, TRUE}) {
    SCOPED_TRACE(wait_all ? "wait-all" : "wait-any");
    const HANDLE signalled = event.get();
    const auto stale = CallWithClosedHandle([&](HANDLE h) {
      const HANDLE handles[] = {signalled, h};
      return Call(WaitForMultipleObjects(2, handles, wait_all, 0));
    });
    EXPECT_THAT(stale, ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE)) << "a handle just closed";
    for (const HANDLE bad : {HANDLE{nullptr}, ForgedHandle()}) {
      SCOPED_TRACE(bad == nullptr ? "NULL" : "forged 0x1234");
      const HANDLE handles[] = {signalled, bad};
      SetLastError(kPoisonError);
      EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, wait_all, 0)),
                  ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
    }
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "a failed wait consumed the auto-reset event";
}

// Tests that the pseudo-handles of the current process and thread are refused in WaitForMultipleObjects (unlike
// WaitForSingleObject): WAIT_FAILED with ERROR_INVALID_HANDLE.
TEST(WaitForMultipleObjects, PseudoHandlesFailWithInvalidHandle) {
  BEHAVIOUR("SY-WAIT-005");
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"GetCurrentProcess()", GetCurrentProcess()}, {"GetCurrentThread()", GetCurrentThread()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    const HANDLE handles[] = {c.handle};
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(1, handles, FALSE, 0)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  }
}

// Tests that a wait-any with several signalled objects returns the lowest signalled index and consumes only that
// object (catalogue 155: 64 signalled events, [0] manual-reset, the others auto-reset).
TEST(WaitForMultipleObjects, WaitAnyTakesLowestSignalledIndexOnly) {
  BEHAVIOUR("SY-WAIT-006");
  HandleSet set;
  for (int i = 0; i < MAXIMUM_WAIT_OBJECTS; ++i) {
    set.Add(CreateEventA(nullptr, /*bManualReset=*/i == 0, /*bInitialState=*/TRUE, nullptr));
  }
  ASSERT_TRUE(set.AllValid());
  for (int round = 0; round < 2; ++round) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), FALSE, 0)),
                ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
        << "the manual-reset event at index 0 stays signalled, round " << round;
  }
  ASSERT_TRUE(ResetEvent(set[0]));
  for (DWORD i = 1; i < set.size(); ++i) {
    SetLastError(kPoisonError);
    ASSERT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), FALSE, 0)),
                ReturnsWithError(WAIT_OBJECT_0 + i, kPoisonError));
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), FALSE, 0)),
              ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "every auto-reset event has been consumed once";
}

// Tests that a wait-all is atomic: while one object is not signalled it times out and consumes nothing (an
// auto-reset event stays signalled, a semaphore keeps its count).
TEST(WaitForMultipleObjects, WaitAllWithOneUnsignalledConsumesNothing) {
  BEHAVIOUR("SY-WAIT-007");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, /*bInitialState=*/TRUE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 1, 5, nullptr));
  ScopedHandle unsignalled(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event && semaphore && unsignalled);
  const HANDLE handles[] = {event.get(), semaphore.get(), unsignalled.get()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(3, handles, TRUE, 100)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the auto-reset event was consumed";
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  EXPECT_EQ(previous, 1) << "the semaphore lost a unit";
}

// Tests that a wait-all whose objects are all signalled returns WAIT_OBJECT_0 and consumes every one of them.
TEST(WaitForMultipleObjects, WaitAllConsumesEveryObject) {
  BEHAVIOUR("SY-WAIT-008");
  ScopedHandle first(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ScopedHandle second(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 2, 5, nullptr));
  ASSERT_TRUE(first && second && semaphore);
  const HANDLE handles[] = {first.get(), second.get(), semaphore.get()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(3, handles, TRUE, 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(first.get(), 0), WAIT_TIMEOUT) << "event 0 not consumed";
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_TIMEOUT) << "event 1 not consumed";
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  EXPECT_EQ(previous, 1) << "the semaphore gave exactly one unit";
}

// Tests that a wait-all over an event, a semaphore and a mutex takes all three: the event is reset, the semaphore
// loses a unit and the caller owns the mutex.
TEST(WaitForMultipleObjects, WaitAllOverMixedTypesTakesEach) {
  BEHAVIOUR("SY-WAIT-009");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 1, 1, nullptr));
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(event && semaphore && mutex);
  const HANDLE handles[] = {event.get(), semaphore.get(), mutex.get()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(3, handles, TRUE, 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was not consumed";
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_TIMEOUT) << "the semaphore kept its unit";
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_TIMEOUT) << "the caller does not own the mutex";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError));
}

// Child: after args[0] milliseconds, signals each named object in args[1..] given as "event:<name>" (SetEvent)
// or "semaphore:<name>" (ReleaseSemaphore by 1).
CHILD_MAIN(SignalNamedObjectsLater) {
  Sleep(static_cast<DWORD>(std::stoul(args.at(0))));
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& arg = args[i];
    const size_t colon = arg.find(':');
    CHILD_CHECK(colon != std::string::npos) << arg;
    const std::string kind = arg.substr(0, colon);
    const std::string name = arg.substr(colon + 1);
    if (kind == "event") {
      ScopedHandle event(OpenEventA(EVENT_MODIFY_STATE, FALSE, name.c_str()));
      CHILD_CHECK(event) << "OpenEventA " << name << " failed, error " << GetLastError();
      CHILD_CHECK(SetEvent(event.get())) << "SetEvent " << name;
    } else {
      CHILD_CHECK_EQ(kind, std::string("semaphore"));
      ScopedHandle semaphore(OpenSemaphoreA(SEMAPHORE_MODIFY_STATE, FALSE, name.c_str()));
      CHILD_CHECK(semaphore) << "OpenSemaphoreA " << name << " failed, error " << GetLastError();
      CHILD_CHECK(ReleaseSemaphore(semaphore.get(), 1, nullptr)) << "ReleaseSemaphore " << name;
    }
  }
  return 0;
}

// Tests that a wait-all blocked in one process is woken once another process has signalled all of its objects
// (an event and a semaphore), and consumes both.
TEST(WaitForMultipleObjects, WaitAllIsWokenFromOtherProcess) {
  BEHAVIOUR("SY-WAIT-010");
  const std::string event_name = UniqueName("wait-all-event");
  const std::string semaphore_name = UniqueName("wait-all-sem");
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, event_name.c_str()));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 1, semaphore_name.c_str()));
  ASSERT_TRUE(event && semaphore);
  Child child = SpawnChild("SignalNamedObjectsLater", {"300", "event:" + event_name, "semaphore:" + semaphore_name});
  const HANDLE handles[] = {event.get(), semaphore.get()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, TRUE, kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the event was not consumed";
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_TIMEOUT) << "the semaphore unit was not consumed";
}

// Tests that a wait-any blocked in one process is woken by another process signalling one of its objects, and
// returns that object's index.
TEST(WaitForMultipleObjects, WaitAnyIsWokenFromOtherProcessWithTheRightIndex) {
  BEHAVIOUR("SY-WAIT-011");
  std::vector<std::string> names;
  HandleSet set;
  for (int i = 0; i < 3; ++i) {
    names.push_back(UniqueName("wait-any-event"));
    set.Add(CreateEventA(nullptr, FALSE, FALSE, names.back().c_str()));
  }
  ASSERT_TRUE(set.AllValid());
  Child child = SpawnChild("SignalNamedObjectsLater", {"300", "event:" + names[2]});
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(set.size(), set.data(), FALSE, kChildTimeoutMs)),
              ReturnsWithError(WAIT_OBJECT_0 + 2, kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a wait-all naming the same object twice fails with WAIT_FAILED and ERROR_INVALID_PARAMETER ("the
// array may not contain multiple copies of the same handle"), and consumes nothing.
TEST(WaitForMultipleObjects, WaitAllWithDuplicateHandleFailsWithInvalidParameter) {
  BEHAVIOUR("SY-WAIT-012");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ASSERT_TRUE(event);
  const HANDLE handles[] = {event.get(), event.get()};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, TRUE, 0)),
              ReturnsWithError(WAIT_FAILED, ERROR_INVALID_PARAMETER));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the failed wait consumed the event";
}

// Tests that wait-any and wait-all on non-signalled objects return WAIT_TIMEOUT after the timeout, leaving the
// last error untouched.
TEST(WaitForMultipleObjects, TimeoutReturnsWaitTimeout) {
  BEHAVIOUR("SY-WAIT-013");
  ScopedHandle signalled(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ScopedHandle unsignalled(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle empty(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ASSERT_TRUE(signalled && unsignalled && empty);
  {
    SCOPED_TRACE("wait-any, nothing signalled");
    const HANDLE handles[] = {unsignalled.get(), empty.get()};
    const auto start = std::chrono::steady_clock::now();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, FALSE, 50)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));
  }
  {
    SCOPED_TRACE("wait-all, one of two signalled");
    const HANDLE handles[] = {signalled.get(), empty.get()};
    const auto start = std::chrono::steady_clock::now();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, TRUE, 50)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(40));
  }
}

// Tests that a file-mapping handle in the array (no SYNCHRONIZE right) fails the wait with WAIT_FAILED and
// ERROR_ACCESS_DENIED, even after a signalled event.
TEST(WaitForMultipleObjects, MappingHandleInArrayFailsWithAccessDenied) {
  BEHAVIOUR("SY-WAIT-014");
  ScopedHandle event(CreateEventA(nullptr, FALSE, TRUE, nullptr));
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(event && mapping);
  const HANDLE handles[] = {event.get(), mapping.get()};
  for (const BOOL wait_all : {FALSE, TRUE}) {
    SCOPED_TRACE(wait_all ? "wait-all" : "wait-any");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, wait_all, 0)),
                ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "a failed wait consumed the event";
}

// Tests that an event handle without SYNCHRONIZE (opened EVENT_MODIFY_STATE) in the array fails the wait with
// WAIT_FAILED and ERROR_ACCESS_DENIED, though the event is signalled.
TEST(WaitForMultipleObjects, HandleWithoutSynchronizeFailsWithAccessDenied) {
  BEHAVIOUR("SY-WAIT-015");
  const std::string name = UniqueName("wait-multi-nosync");
  ScopedHandle event(CreateEventA(nullptr, TRUE, TRUE, name.c_str()));
  ASSERT_TRUE(event);
  ScopedHandle modify_only(OpenEventA(EVENT_MODIFY_STATE, FALSE, name.c_str()));
  ASSERT_TRUE(modify_only);
  const HANDLE handles[] = {event.get(), modify_only.get()};
  for (const BOOL wait_all : {FALSE, TRUE}) {
    SCOPED_TRACE(wait_all ? "wait-all" : "wait-any");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjects(2, handles, wait_all, 0)),
                ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  }
}

// Tests that WaitForMultipleObjectsEx, alertable or not, behaves like WaitForMultipleObjects when no APC is queued:
// the lowest signalled index, WAIT_TIMEOUT, and WAIT_FAILED / ERROR_INVALID_HANDLE for a bad handle.
TEST(WaitForMultipleObjectsEx, WithoutApcBehavesLikeWaitForMultipleObjects) {
  BEHAVIOUR("SY-WAIT-016");
  ScopedHandle unsignalled(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle signalled(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(unsignalled && signalled);
  const HANDLE handles[] = {unsignalled.get(), signalled.get()};
  for (const BOOL alertable : {FALSE, TRUE}) {
    SCOPED_TRACE(alertable ? "alertable" : "not alertable");
    ASSERT_TRUE(SetEvent(signalled.get()));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjectsEx(2, handles, FALSE, 0, alertable)),
                ReturnsWithError(WAIT_OBJECT_0 + 1, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjectsEx(2, handles, FALSE, 50, alertable)),
                ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
        << "the first wait consumed the auto-reset event";
    const HANDLE bad[] = {signalled.get(), ForgedHandle()};
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForMultipleObjectsEx(2, bad, TRUE, 0, alertable)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  }
}

// Tests that WaitForSingleObjectEx, alertable or not, behaves like WaitForSingleObject when no APC is queued:
// WAIT_OBJECT_0 consuming an auto-reset event, WAIT_TIMEOUT, WAIT_FAILED / ERROR_INVALID_HANDLE.
TEST(WaitForSingleObjectEx, WithoutApcBehavesLikeWaitForSingleObject) {
  BEHAVIOUR("SY-WAIT-017");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (const BOOL alertable : {FALSE, TRUE}) {
    SCOPED_TRACE(alertable ? "alertable" : "not alertable");
    ASSERT_TRUE(SetEvent(event.get()));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObjectEx(event.get(), 0, alertable)),
                ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObjectEx(event.get(), 50, alertable)),
                ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObjectEx(ForgedHandle(), 0, alertable)),
                ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  }
}

}  // namespace
}  // namespace winipc::conformance
