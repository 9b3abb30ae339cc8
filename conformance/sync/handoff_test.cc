// Hand-off: Windows satisfies a wait inside the signalling call. ReleaseMutex with a waiter makes that waiter the
// owner, ReleaseSemaphore(n) serves up to n waiters before the count rises, SetEvent on an auto-reset event (and a
// synchronization timer that fires) releases one waiter and stays reset, waiters are served in the order they
// began to wait, and a thread that signals and at once waits again queues behind the waiter it released.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/wait-functions
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-releasemutex
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-releasesemaphore
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-setevent
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// How long a test lets a thread it just started reach its wait and block there, so that waiters queue in the
// order the test started them.
constexpr DWORD kSettleMs = 150;

// Threads that each wait once on `object` and note the order in which they were released.
class QueuedWaiters {
 public:
  // Starts `count` waiters one after the other, each given kSettleMs to block before the next starts.
  QueuedWaiters(HANDLE object, int count, DWORD timeout_ms = kChildTimeoutMs) : results_(new std::atomic<DWORD>[count]) {
    for (int i = 0; i < count; ++i) results_[i].store(WAIT_FAILED);
    for (int i = 0; i < count; ++i) {
      threads_.emplace_back([this, object, i, timeout_ms] {
        const DWORD result = WaitForSingleObject(object, timeout_ms);
        results_[i].store(result);
        if (result == WAIT_OBJECT_0 || result == WAIT_ABANDONED) {
          std::lock_guard<std::mutex> guard(order_mutex_);
          order_[released_.load()] = i;
          released_.fetch_add(1);  // after the entry: a reader that sees the count sees the entry
        }
      });
      Sleep(kSettleMs);
    }
  }
  ~QueuedWaiters() { Join(); }
  void Join() {
    for (std::thread& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  int released() const { return released_.load(); }
  // Waits (briefly) until `n` waiters have been released.
  bool WaitReleased(int n) {
    for (int i = 0; i < 200 && released_.load() < n; ++i) Sleep(10);
    return released_.load() >= n;
  }
  int order(int i) {
    std::lock_guard<std::mutex> guard(order_mutex_);
    return order_[i];
  }
  DWORD result(int i) const { return results_[i].load(); }

 private:
  std::unique_ptr<std::atomic<DWORD>[]> results_;
  std::atomic<int> released_{0};
  std::mutex order_mutex_;
  int order_[16] = {};
  std::vector<std::thread> threads_;
};

// Tests that ReleaseMutex with a thread waiting makes that thread the owner inside the call: the releaser's own
// wait right after times out, the waiter returns WAIT_OBJECT_0 and owns the mutex.
TEST(HandOff, ReleaseMutexMakesTheWaiterTheOwnerAtOnce) {
  BEHAVIOUR("SY-HANDOFF-001");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ASSERT_TRUE(mutex);
  std::atomic<bool> release{false};
  DWORD waited = WAIT_FAILED;
  BOOL released_by_waiter = FALSE;
  std::thread waiter([&] {
    waited = WaitForSingleObject(mutex.get(), kChildTimeoutMs);
    while (!release) Sleep(1);
    released_by_waiter = ReleaseMutex(mutex.get());
  });
  Sleep(kSettleMs);
  ASSERT_TRUE(ReleaseMutex(mutex.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the releaser took the mutex back although a thread was waiting";
  release = true;
  waiter.join();
  EXPECT_EQ(waited, WAIT_OBJECT_0);
  EXPECT_TRUE(released_by_waiter) << "the waiter did not own the mutex";
}

// How long each turn of the alternation tests holds the mutex: long enough for the other side to be queued on it
// before the turn ends, so the test measures who is served, not who happens to arrive first.
constexpr DWORD kTurnMs = 5;

// Tests that two threads running "wait, work, release" loops on one mutex take turns: a releaser that waits again
// at once queues behind the thread already waiting, so neither runs twice in a row once both are waiting.
TEST(HandOff, LockWorkUnlockLoopsAlternateBetweenThreads) {
  BEHAVIOUR("SY-HANDOFF-002");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ASSERT_TRUE(mutex);
  constexpr int kRounds = 20;
  std::vector<int> turns;
  std::atomic<bool> other_waiting{false};
  auto loop = [&](int who, int rounds) {
    for (int i = 0; i < rounds; ++i) {
      if (WaitForSingleObject(mutex.get(), kChildTimeoutMs) != WAIT_OBJECT_0) return;
      turns.push_back(who);
      Sleep(kTurnMs);
      ReleaseMutex(mutex.get());
    }
  };
  std::thread other([&] {
    other_waiting = true;
    loop(1, kRounds);
  });
  while (!other_waiting) Sleep(1);
  Sleep(kSettleMs);  // the other thread is blocked on the mutex this thread owns
  ReleaseMutex(mutex.get());
  loop(0, kRounds);
  other.join();
  ASSERT_EQ(turns.size(), 2u * kRounds);
  for (size_t i = 1; i < turns.size(); ++i) {
    EXPECT_NE(turns[i], turns[i - 1]) << "turn " << i << " went to the same thread twice";
  }
  EXPECT_EQ(turns[0], 1) << "the thread that waited first was not served first";
}

// Child: opens the mutex args[0] and the section args[1] (a turn log), signals args[2] when about to wait, then
// runs args[3] rounds of "wait, log 'c', release".
CHILD_MAIN(AlternateOnMutex) {
  ScopedHandle mutex(OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, args.at(0).c_str()));
  ScopedHandle section(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, args.at(1).c_str()));
  CHILD_CHECK(mutex && section) << "open failed, error " << GetLastError();
  ScopedView log(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
  CHILD_CHECK(log) << "MapViewOfFile failed, error " << GetLastError();
  char* text = static_cast<char*>(log.get());
  Handshake waiting = Handshake::Open(args.at(2));
  CHILD_CHECK(waiting.Signal());
  const int rounds = std::stoi(args.at(3));
  for (int i = 0; i < rounds; ++i) {
    CHILD_CHECK_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), DWORD{WAIT_OBJECT_0});
    text[strlen(text)] = 'c';
    Sleep(kTurnMs);
    CHILD_CHECK(ReleaseMutex(mutex.get()));
  }
  return 0;
}

// Tests that the same "wait, work, release" loops in two processes alternate: the release hands the mutex to the
// other process's waiting thread, as the Windows kernel's wait queue does (a waiter in another process never
// starves while the releaser loops).
TEST(HandOff, LockWorkUnlockLoopsAlternateBetweenProcesses) {
  BEHAVIOUR("SY-HANDOFF-003");
  constexpr int kRounds = 20;
  const std::string mutex_name = UniqueName("handoff-alternate");
  const std::string log_name = UniqueName("handoff-log");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, mutex_name.c_str()));
  ScopedHandle section(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, log_name.c_str()));
  ASSERT_TRUE(mutex && section);
  ScopedView log(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
  ASSERT_TRUE(log);
  char* text = static_cast<char*>(log.get());
  Handshake waiting = Handshake::Create("handoff-child-waiting");
  Child child = SpawnChild("AlternateOnMutex", {mutex_name, log_name, waiting.name(), std::to_string(kRounds)});
  ASSERT_TRUE(waiting.Wait(kChildTimeoutMs));
  Sleep(kSettleMs);  // the child is blocked on the mutex this thread owns
  ASSERT_TRUE(ReleaseMutex(mutex.get()));
  for (int i = 0; i < kRounds; ++i) {
    ASSERT_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), DWORD{WAIT_OBJECT_0});
    text[strlen(text)] = 'p';
    Sleep(kTurnMs);
    ASSERT_TRUE(ReleaseMutex(mutex.get()));
  }
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  std::string expected;
  for (int i = 0; i < kRounds; ++i) expected += "cp";
  EXPECT_EQ(std::string(text), expected) << "c: the child's turns, p: the parent's";
}

// Tests that ReleaseSemaphore with one thread waiting serves it before the count rises: releasing 2 returns the
// previous count 0, the waiter gets a unit, and exactly one unit is left.
TEST(HandOff, ReleaseSemaphoreServesWaitersBeforeTheCountRises) {
  BEHAVIOUR("SY-HANDOFF-004");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ASSERT_TRUE(semaphore);
  QueuedWaiters waiters(semaphore.get(), 1);
  LONG previous = -1;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(ReleaseSemaphore(semaphore.get(), 2, &previous)), SucceedsWith(kPoisonError));
  EXPECT_EQ(previous, 0);
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_OBJECT_0) << "the second unit is missing";
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_TIMEOUT) << "the waiter's unit stayed in the count";
  waiters.Join();
  EXPECT_EQ(waiters.result(0), WAIT_OBJECT_0);
}

// Tests that ReleaseSemaphore(n) with more than n threads waiting releases exactly n of them, the first n to have
// waited, and leaves the count at 0.
TEST(HandOff, ReleaseSemaphoreReleasesExactlyNWaitersInArrivalOrder) {
  BEHAVIOUR("SY-HANDOFF-005");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ASSERT_TRUE(semaphore);
  QueuedWaiters waiters(semaphore.get(), 4);
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 2, nullptr));
  ASSERT_TRUE(waiters.WaitReleased(2));
  Sleep(kSettleMs);
  EXPECT_EQ(waiters.released(), 2) << "more waiters released than units";
  EXPECT_EQ(waiters.order(0) + waiters.order(1), 0 + 1) << "the first two waiters were not the ones served";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 2, nullptr));
  waiters.Join();
  EXPECT_EQ(waiters.order(2) + waiters.order(3), 2 + 3);
}

// Tests that SetEvent on an auto-reset event with a thread waiting releases that thread and leaves the event
// reset: a wait right after the SetEvent times out.
TEST(HandOff, SetEventOnAutoResetReleasesTheWaiterAndStaysReset) {
  BEHAVIOUR("SY-HANDOFF-006");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  QueuedWaiters waiters(event.get(), 1);
  ASSERT_TRUE(SetEvent(event.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the signal stayed in the event instead of going to the waiter";
  waiters.Join();
  EXPECT_EQ(waiters.result(0), WAIT_OBJECT_0);
}

// Tests that waiters are served first come, first served: four threads that began to wait one after the other
// on a semaphore are released in that order, one per ReleaseSemaphore(1); the same on an auto-reset event, one
// per SetEvent.
TEST(HandOff, WaitersAreServedInTheOrderTheyBeganToWait) {
  BEHAVIOUR("SY-HANDOFF-007");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(semaphore && event);
  for (HANDLE object : {semaphore.get(), event.get()}) {
    QueuedWaiters waiters(object, 4);
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(object == semaphore.get() ? ReleaseSemaphore(object, 1, nullptr) : SetEvent(object));
      ASSERT_TRUE(waiters.WaitReleased(i + 1));
      EXPECT_EQ(waiters.order(i), i) << (object == semaphore.get() ? "semaphore" : "event") << ", release " << i;
    }
  }
}

// Child: opens the semaphore args[0], signals args[1], waits for it and exits 0 when it got a unit.
CHILD_MAIN(WaitForSemaphoreUnit) {
  ScopedHandle semaphore(OpenSemaphoreA(SYNCHRONIZE, FALSE, args.at(0).c_str()));
  CHILD_CHECK(semaphore) << "OpenSemaphoreA failed, error " << GetLastError();
  Handshake waiting = Handshake::Open(args.at(1));
  CHILD_CHECK(waiting.Signal());
  return WaitForSingleObject(semaphore.get(), kChildTimeoutMs) == WAIT_OBJECT_0 ? 0 : kWaiterTimedOut;
}

// Tests that waiters in other processes are served in the order they began to wait too: three children queue on
// a semaphore one after the other, and each ReleaseSemaphore(1) ends the next child in that order.
TEST(HandOff, WaitersInOtherProcessesAreServedInOrder) {
  BEHAVIOUR("SY-HANDOFF-008");
  const std::string name = UniqueName("handoff-fifo");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, name.c_str()));
  ASSERT_TRUE(semaphore);
  std::vector<Child> children;
  for (int i = 0; i < 3; ++i) {
    Handshake waiting = Handshake::Create("handoff-fifo-waiting");
    children.push_back(SpawnChild("WaitForSemaphoreUnit", {name, waiting.name()}));
    ASSERT_TRUE(waiting.Wait(kChildTimeoutMs));
    Sleep(kSettleMs);
  }
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, nullptr));
    EXPECT_EQ(children[i].Wait(kChildTimeoutMs), 0) << "child " << i;
    for (int later = i + 1; later < 3; ++later) {
      EXPECT_TRUE(children[later].Running()) << "child " << later << " was served before child " << i;
    }
  }
}

// Tests that a synchronization timer that fires with two threads waiting releases one of them and is then not
// signalled; the other thread is released by the next period.
TEST(HandOff, SynchronizationTimerReleasesOneWaiterPerExpiry) {
  BEHAVIOUR("SY-HANDOFF-009");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, /*bManualReset=*/FALSE, nullptr));
  ASSERT_TRUE(timer);
  QueuedWaiters waiters(timer.get(), 2);
  LARGE_INTEGER due;
  due.QuadPart = -10000;  // 1 ms
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  ASSERT_TRUE(waiters.WaitReleased(1));
  Sleep(kSettleMs);
  EXPECT_EQ(waiters.released(), 1) << "one expiry released both waiters";
  EXPECT_EQ(waiters.order(0), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the timer stayed signalled after releasing a waiter";
  ASSERT_TRUE(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE));
  waiters.Join();
  EXPECT_EQ(waiters.result(1), WAIT_OBJECT_0);
}

// Tests that a thread waiting for any of two auto-reset events is satisfied by exactly one: the first one
// signalled (index 1 here) releases it, and the second one signalled right after stays signalled.
TEST(HandOff, WaitAnyIsSatisfiedByTheFirstObjectSignalledOnly) {
  BEHAVIOUR("SY-HANDOFF-010");
  ScopedHandle e0(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ScopedHandle e1(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(e0 && e1);
  HANDLE both[2] = {e0.get(), e1.get()};
  DWORD result = WAIT_FAILED;
  std::thread waiter([&] { result = WaitForMultipleObjects(2, both, FALSE, kChildTimeoutMs); });
  Sleep(kSettleMs);
  ASSERT_TRUE(SetEvent(e1.get()));
  ASSERT_TRUE(SetEvent(e0.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(e0.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "the second event's signal was taken by a wait the first had already satisfied";
  waiter.join();
  EXPECT_EQ(result, WAIT_OBJECT_0 + 1);
  EXPECT_EQ(WaitForSingleObject(e1.get(), 0), WAIT_TIMEOUT);
}

// Tests that a wait for all of a semaphore and a signalled event, queued before a single wait on the semaphore,
// gets the unit ReleaseSemaphore(1) gives: it returns WAIT_OBJECT_0 (taking the event too) and the single wait
// times out.
TEST(HandOff, WaitAllQueuedFirstIsServedFirstWhenItCanComplete) {
  BEHAVIOUR("SY-HANDOFF-011");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, TRUE, nullptr));
  ASSERT_TRUE(semaphore && event);
  HANDLE both[2] = {semaphore.get(), event.get()};
  DWORD all = WAIT_FAILED;
  DWORD single = WAIT_FAILED;
  std::thread wait_all([&] { all = WaitForMultipleObjects(2, both, TRUE, 1000); });
  Sleep(kSettleMs);
  std::thread wait_one([&] { single = WaitForSingleObject(semaphore.get(), 1000); });
  Sleep(kSettleMs);
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, nullptr));
  wait_all.join();
  wait_one.join();
  EXPECT_EQ(all, WAIT_OBJECT_0);
  EXPECT_EQ(single, WAIT_TIMEOUT);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the wait-all left the event signalled";
}

// Tests that a wait for all of a semaphore and a non-signalled event, queued before a single wait on the
// semaphore, does not hold up the unit: the single wait gets it, the wait-all times out, and the count stays 0.
TEST(HandOff, WaitAllThatCannotCompleteLetsLaterWaitersHaveTheUnit) {
  BEHAVIOUR("SY-HANDOFF-012");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(semaphore && event);
  HANDLE both[2] = {semaphore.get(), event.get()};
  DWORD all = WAIT_FAILED;
  DWORD single = WAIT_FAILED;
  std::thread wait_all([&] { all = WaitForMultipleObjects(2, both, TRUE, 1000); });
  Sleep(kSettleMs);
  std::thread wait_one([&] { single = WaitForSingleObject(semaphore.get(), 1000); });
  Sleep(kSettleMs);
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, &previous));
  wait_one.join();
  wait_all.join();
  EXPECT_EQ(previous, 0);
  EXPECT_EQ(single, WAIT_OBJECT_0);
  EXPECT_EQ(all, WAIT_TIMEOUT);
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_TIMEOUT);
}

// Tests that a wait timing out while a unit is released to it either gets the unit or leaves it in the count,
// never both and never neither: 200 rounds of a 2 ms wait against a ReleaseSemaphore(1) at about that time.
TEST(HandOff, TimeoutRacingARelease) {
  BEHAVIOUR("SY-HANDOFF-013");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, nullptr));
  ASSERT_TRUE(semaphore);
  int got = 0;
  int left = 0;
  for (int round = 0; round < 200; ++round) {
    DWORD result = WAIT_FAILED;
    std::thread waiter([&] { result = WaitForSingleObject(semaphore.get(), 2); });
    Sleep(round % 4);
    ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, nullptr));
    waiter.join();
    ASSERT_TRUE(result == WAIT_OBJECT_0 || result == WAIT_TIMEOUT) << "round " << round << ": " << result;
    const bool counted = WaitForSingleObject(semaphore.get(), 0) == WAIT_OBJECT_0;
    if (result == WAIT_OBJECT_0) {
      ++got;
      EXPECT_FALSE(counted) << "round " << round << ": the waiter got the unit and it is also in the count";
    } else {
      ++left;
      EXPECT_TRUE(counted) << "round " << round << ": the waiter timed out and the unit is gone";
    }
  }
  EXPECT_EQ(got + left, 200);
}

// Tests that SignalObjectAndWait signals and begins waiting in one step: another thread that waits for the
// signal and answers it at once with PulseEvent (which releases only threads already waiting) always releases
// the caller; 50 rounds.
TEST(HandOff, SignalObjectAndWaitIsWaitingBeforeItsSignalIsSeen) {
  BEHAVIOUR("SY-HANDOFF-014");
  ScopedHandle ask(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ScopedHandle answer(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, nullptr));
  ASSERT_TRUE(ask && answer);
  std::atomic<bool> stop{false};
  std::thread answerer([&] {
    while (!stop) {
      if (WaitForSingleObject(ask.get(), 100) == WAIT_OBJECT_0) PulseEvent(answer.get());
    }
  });
  for (int round = 0; round < 50; ++round) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SignalObjectAndWait(ask.get(), answer.get(), 2000, FALSE)),
                ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
        << "round " << round << ": the pulse came before the wait began";
  }
  stop = true;
  answerer.join();
}

// Tests that PulseEvent on an auto-reset event releases exactly one of the threads waiting, the first to have
// waited, and leaves the event reset; the next pulse releases the next.
TEST(HandOff, PulseEventOnAutoResetReleasesTheFirstWaiterOnly) {
  BEHAVIOUR("SY-HANDOFF-015");
  ScopedHandle event(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  QueuedWaiters waiters(event.get(), 3);
  ASSERT_TRUE(PulseEvent(event.get()));
  ASSERT_TRUE(waiters.WaitReleased(1));
  Sleep(kSettleMs);
  EXPECT_EQ(waiters.released(), 1);
  EXPECT_EQ(waiters.order(0), 0);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT);
  ASSERT_TRUE(PulseEvent(event.get()));
  ASSERT_TRUE(waiters.WaitReleased(2));
  EXPECT_EQ(waiters.order(1), 1);
  ASSERT_TRUE(SetEvent(event.get()));
  waiters.Join();
}

// Tests that a waiter killed while it waits does not swallow a later signal: after a child blocked on a
// semaphore is terminated, ReleaseSemaphore(1) goes to the next waiter (another child), or into the count.
TEST(HandOff, KilledWaiterDoesNotSwallowTheNextSignal) {
  BEHAVIOUR("SY-HANDOFF-016");
  const std::string name = UniqueName("handoff-killed");
  ScopedHandle semaphore(CreateSemaphoreA(nullptr, 0, 10, name.c_str()));
  ASSERT_TRUE(semaphore);
  Handshake first_waiting = Handshake::Create("handoff-killed-1");
  Child first = SpawnChild("WaitForSemaphoreUnit", {name, first_waiting.name()});
  ASSERT_TRUE(first_waiting.Wait(kChildTimeoutMs));
  Sleep(kSettleMs);
  Handshake second_waiting = Handshake::Create("handoff-killed-2");
  Child second = SpawnChild("WaitForSemaphoreUnit", {name, second_waiting.name()});
  ASSERT_TRUE(second_waiting.Wait(kChildTimeoutMs));
  Sleep(kSettleMs);
  first.Kill();
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, nullptr));
  EXPECT_EQ(second.Wait(kChildTimeoutMs), 0) << "the unit went to the killed waiter";
  first.Kill();
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 1, nullptr));
  EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_OBJECT_0) << "with nobody waiting the unit is counted";
}

// Tests that a mutex abandoned by its owner thread goes to the first waiter with WAIT_ABANDONED and to the next
// one, after the first releases it, with WAIT_OBJECT_0.
TEST(HandOff, AbandonedMutexGoesToTheNextWaiterOnce) {
  BEHAVIOUR("SY-HANDOFF-017");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(mutex);
  std::atomic<bool> owned{false};
  std::atomic<bool> end{false};
  std::thread owner([&] {
    WaitForSingleObject(mutex.get(), 0);
    owned = true;
    while (!end) Sleep(1);
  });  // ends owning it
  while (!owned) Sleep(1);
  DWORD results[2] = {WAIT_FAILED, WAIT_FAILED};
  std::thread first([&] {
    results[0] = WaitForSingleObject(mutex.get(), kChildTimeoutMs);
    Sleep(50);
    ReleaseMutex(mutex.get());
  });
  Sleep(kSettleMs);
  std::thread second([&] {
    results[1] = WaitForSingleObject(mutex.get(), kChildTimeoutMs);
    ReleaseMutex(mutex.get());
  });
  Sleep(kSettleMs);
  end = true;
  owner.join();
  first.join();
  second.join();
  EXPECT_EQ(results[0], WAIT_ABANDONED);
  EXPECT_EQ(results[1], WAIT_OBJECT_0);
}

}  // namespace
}  // namespace winipc::conformance
