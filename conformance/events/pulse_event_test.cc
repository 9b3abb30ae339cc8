// PulseEvent: sets the event, releases the waiters it can (every waiter of a manual-reset event, one of an
// auto-reset event) and leaves the event non-signalled.
//
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-pulseevent
//
// A pulse only reaches threads already blocked in a wait. So each waiter announces itself with
// SignalObjectAndWait(ready, event), which starts the wait as it signals, and the pulse comes after every waiter has
// announced itself plus a short pause.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// The pause between the last waiter's announcement and the pulse.
constexpr auto kSettle = std::chrono::milliseconds(200);

// Threads of this process that each signal their own ready event and wait on `event` up to `wait_ms`; results()
// gives what each wait returned.
class ThreadWaiters {
 public:
  ThreadWaiters(HANDLE event, int count, DWORD wait_ms) : results_(count, WAIT_FAILED) {
    for (int i = 0; i < count; ++i) ready_.emplace_back(CreateEventA(nullptr, TRUE, FALSE, nullptr));
    for (int i = 0; i < count; ++i) {
      threads_.emplace_back([this, event, wait_ms, i] {
        results_[i] = SignalObjectAndWait(ready_[i].get(), event, wait_ms, FALSE);
      });
    }
  }
  ~ThreadWaiters() { Join(); }

  // True once every waiter has started its wait (and the pause has passed).
  bool AllWaiting() {
    std::vector<HANDLE> handles;
    for (const ScopedHandle& r : ready_) handles.push_back(r.get());
    const bool ok = WaitForMultipleObjects(static_cast<DWORD>(handles.size()), handles.data(), TRUE,
                                           kChildTimeoutMs) == WAIT_OBJECT_0;
    std::this_thread::sleep_for(kSettle);
    return ok;
  }
  const std::vector<DWORD>& Join() {
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
    return results_;
  }

 private:
  std::vector<ScopedHandle> ready_;
  std::vector<DWORD> results_;
  std::vector<std::thread> threads_;
};

// Tests that PulseEvent on a manual-reset event wakes every thread waiting on it and leaves it non-signalled.
TEST(PulseEvent, ManualResetWakesAllWaitingThreadsAndResets) {
  BEHAVIOUR("EV-PULSE-001");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ThreadWaiters waiters(event.get(), 3, kChildTimeoutMs);
  ASSERT_TRUE(waiters.AllWaiting());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PulseEvent(event.get())), SucceedsWith(kPoisonError));
  EXPECT_EQ(waiters.Join(), (std::vector<DWORD>{WAIT_OBJECT_0, WAIT_OBJECT_0, WAIT_OBJECT_0}));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the pulse left the event signalled";
}

// Child: opens the event args[0] (SYNCHRONIZE) and the ready event args[1], then SignalObjectAndWait(ready, event,
// args[2] ms). Exit 0 when woken, kWaiterTimedOut when the wait timed out.
CHILD_MAIN(AnnounceAndWaitForEvent) {
  ScopedHandle event(OpenEventA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  CHILD_CHECK(event) << "OpenEventA " << args.at(0) << " failed, error " << GetLastError();
  ScopedHandle ready(OpenEventA(EVENT_MODIFY_STATE, FALSE, args.at(1).c_str()));
  CHILD_CHECK(ready) << "OpenEventA " << args.at(1) << " failed, error " << GetLastError();
  const DWORD result = SignalObjectAndWait(ready.get(), event.get(), static_cast<DWORD>(std::stoul(args.at(2))), FALSE);
  if (result == WAIT_TIMEOUT) return kWaiterTimedOut;
  CHILD_CHECK_EQ(result, DWORD{WAIT_OBJECT_0});
  return 0;
}

// Tests that PulseEvent on a manual-reset event wakes every process waiting on it and leaves it non-signalled.
TEST(PulseEvent, ManualResetWakesAllWaitingProcesses) {
  BEHAVIOUR("EV-PULSE-002");
  const std::string name = UniqueName("ev-pulse-processes");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  std::vector<Handshake> ready;
  std::vector<Child> children;
  for (int i = 0; i < 2; ++i) {
    ready.push_back(Handshake::Create("ev-pulse-ready"));
    ASSERT_TRUE(ready.back());
    children.push_back(
        SpawnChild("AnnounceAndWaitForEvent", {name, ready.back().name(), std::to_string(kChildTimeoutMs)}));
  }
  for (Handshake& r : ready) ASSERT_TRUE(r.Wait(kChildTimeoutMs));
  std::this_thread::sleep_for(kSettle);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PulseEvent(event.get())), SucceedsWith(kPoisonError));
  for (size_t i = 0; i < children.size(); ++i) {
    EXPECT_EQ(children[i].Wait(kChildTimeoutMs), 0) << "waiter " << i << " was not woken";
  }
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the pulse left the event signalled";
}

// Tests that PulseEvent on an auto-reset event with two waiting threads wakes exactly one and leaves the event
// non-signalled (the other waiter times out).
TEST(PulseEvent, AutoResetWakesOneWaiterAndResets) {
  BEHAVIOUR("EV-PULSE-003");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  ThreadWaiters waiters(event.get(), 2, kUnwokenWaitMs);
  ASSERT_TRUE(waiters.AllWaiting());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PulseEvent(event.get())), SucceedsWith(kPoisonError));
  std::vector<DWORD> results = waiters.Join();
  std::sort(results.begin(), results.end());
  EXPECT_EQ(results, (std::vector<DWORD>{WAIT_OBJECT_0, WAIT_TIMEOUT})) << "expected one woken waiter and one timeout";
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the pulse left the event signalled";
}

// Tests that PulseEvent with nobody waiting succeeds and leaves a non-signalled event non-signalled (manual and
// auto reset): the pulse is lost.
TEST(PulseEvent, NoWaiterLeavesEventNonSignalled) {
  BEHAVIOUR("EV-PULSE-004");
  for (const BOOL manual_reset : {TRUE, FALSE}) {
    SCOPED_TRACE(manual_reset ? "manual-reset" : "auto-reset");
    ScopedHandle event(CreateEventA(nullptr, manual_reset, FALSE, nullptr));
    ASSERT_TRUE(event);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(PulseEvent(event.get())), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT);
  }
}

// Tests that PulseEvent on a signalled event with nobody waiting resets it (manual and auto reset).
TEST(PulseEvent, SignalledEventIsReset) {
  BEHAVIOUR("EV-PULSE-005");
  for (const BOOL manual_reset : {TRUE, FALSE}) {
    SCOPED_TRACE(manual_reset ? "manual-reset" : "auto-reset");
    ScopedHandle event(CreateEventA(nullptr, manual_reset, /*bInitialState=*/TRUE, nullptr));
    ASSERT_TRUE(event);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(PulseEvent(event.get())), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT);
  }
}

// Tests that PulseEvent through a handle without EVENT_MODIFY_STATE (SYNCHRONIZE only) fails with
// ERROR_ACCESS_DENIED and leaves a signalled event signalled.
TEST(PulseEvent, WithoutModifyStateFailsWithAccessDenied) {
  BEHAVIOUR("EV-PULSE-006");
  const std::string name = UniqueName("ev-pulse-access");
  ScopedHandle event(CreateEventA(nullptr, TRUE, /*bInitialState=*/TRUE, name.c_str()));
  ASSERT_TRUE(event);
  ScopedHandle sync_only(OpenEventA(SYNCHRONIZE, FALSE, name.c_str()));
  ASSERT_TRUE(sync_only);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PulseEvent(sync_only.get())), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the refused pulse reset the event";
}

// Tests that PulseEvent on a handle that is not an event (mutex, semaphore, file mapping) or not open (NULL,
// forged, just closed) fails with ERROR_INVALID_HANDLE.
TEST(PulseEvent, NonEventHandleFailsWithInvalidHandle) {
  BEHAVIOUR("EV-PULSE-007");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 1, 1, nullptr));
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mutex && semaphore && mapping);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"mutex", mutex.get()},   {"semaphore", semaphore.get()}, {"mapping", mapping.get()},
               {"NULL", nullptr},        {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(PulseEvent(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
  }
  const auto stale = CallWithClosedHandle([](HANDLE h) { return Call(PulseEvent(h)); });
  EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE)) << "a handle just closed";
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_OBJECT_0) << "the semaphore lost its unit";
}

}  // namespace
}  // namespace winipc::conformance
