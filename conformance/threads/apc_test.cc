// Asynchronous procedure calls: QueueUserAPC, and the alertable waits that run them (SleepEx,
// WaitForSingleObjectEx, WaitForMultipleObjectsEx, SignalObjectAndWait with bAlertable TRUE).
//
// https://learn.microsoft.com/en-us/windows/win32/sync/asynchronous-procedure-calls
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-queueuserapc
#include <atomic>
#include <thread>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// What the APCs of a test did, in order.
std::vector<ULONG_PTR>& Calls() {
  static std::vector<ULONG_PTR> calls;
  return calls;
}

void CALLBACK Record(ULONG_PTR value) { Calls().push_back(value); }

void CALLBACK RecordAndQueueAnother(ULONG_PTR value) {
  Calls().push_back(value);
  QueueUserAPC(Record, GetCurrentThread(), value + 1);
}

// Runs whatever an earlier test may have left queued, and forgets it.
void Drain() {
  while (SleepEx(0, TRUE) == WAIT_IO_COMPLETION) {
  }
  Calls().clear();
}

// A handle to the calling thread another thread can use (GetCurrentThread() means "the caller" wherever used).
ScopedHandle ThisThread(DWORD access = THREAD_ALL_ACCESS) {
  HANDLE real = nullptr;
  DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &real, access, FALSE,
                  access == THREAD_ALL_ACCESS ? DUPLICATE_SAME_ACCESS : 0);
  return ScopedHandle(real);
}

// Tests that QueueUserAPC returns non-zero and leaves the last error alone, and that the call does not run in
// waits that are not alertable (SleepEx and WaitForSingleObjectEx with bAlertable FALSE, Sleep).
TEST(QueueUserAPC, QueuedCallWaitsForAnAlertableWait) {
  BEHAVIOUR("TH-APC-001");
  Drain();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueueUserAPC(Record, GetCurrentThread(), 7)), SucceedsWith(kPoisonError));
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  EXPECT_EQ(SleepEx(0, FALSE), 0u);
  EXPECT_EQ(WaitForSingleObjectEx(event.get(), 10, FALSE), WAIT_TIMEOUT);
  Sleep(10);
  EXPECT_TRUE(Calls().empty()) << "an APC ran outside an alertable wait";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SleepEx(0, TRUE)), ReturnsWithError(WAIT_IO_COMPLETION, kPoisonError));
  EXPECT_EQ(Calls(), std::vector<ULONG_PTR>{7});
}

// Tests that one alertable wait runs every queued call, in the order queued, then returns WAIT_IO_COMPLETION;
// with nothing queued, SleepEx(10, TRUE) sleeps out its time and returns 0.
TEST(QueueUserAPC, AlertableWaitRunsEveryQueuedCallInOrder) {
  BEHAVIOUR("TH-APC-002");
  Drain();
  for (ULONG_PTR i = 1; i <= 3; ++i) ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), i));
  EXPECT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(Calls(), (std::vector<ULONG_PTR>{1, 2, 3}));
  EXPECT_EQ(SleepEx(10, TRUE), 0u);
}

// Tests that a call queued by a running APC runs in the same alertable wait, and the next alertable wait finds
// nothing left.
TEST(QueueUserAPC, CallQueuedByAnApcRunsInTheSameWait) {
  BEHAVIOUR("TH-APC-003");
  Drain();
  ASSERT_TRUE(QueueUserAPC(RecordAndQueueAnother, GetCurrentThread(), 10));
  EXPECT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(Calls(), (std::vector<ULONG_PTR>{10, 11}));
  EXPECT_EQ(SleepEx(0, TRUE), 0u);
}

// Tests that an alertable wait whose object is signalled returns it (WAIT_OBJECT_0, an event; also a free mutex
// and, in a wait-any, index 1) and leaves the queued call for later.
TEST(QueueUserAPC, SignalledObjectWinsOverAQueuedCall) {
  BEHAVIOUR("TH-APC-004");
  Drain();
  ScopedHandle set(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ScopedHandle unset(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, nullptr));
  ASSERT_TRUE(set && unset && mutex);
  ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), 1));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObjectEx(set.get(), 0, TRUE)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  EXPECT_EQ(WaitForSingleObjectEx(mutex.get(), 0, TRUE), WAIT_OBJECT_0);
  ASSERT_TRUE(ReleaseMutex(mutex.get()));
  HANDLE pair[2] = {unset.get(), set.get()};
  EXPECT_EQ(WaitForMultipleObjectsEx(2, pair, FALSE, 0, TRUE), WAIT_OBJECT_0 + 1);
  EXPECT_TRUE(Calls().empty());
  EXPECT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(Calls(), std::vector<ULONG_PTR>{1});
}

// Tests that an alertable wait on objects that are not signalled runs a queued call and returns
// WAIT_IO_COMPLETION, even with a timeout of 0: WaitForSingleObjectEx, WaitForMultipleObjectsEx (any and all),
// and SignalObjectAndWait (which still gives its signal).
TEST(QueueUserAPC, AlertableWaitOnUnsignalledObjectsReturnsIoCompletion) {
  BEHAVIOUR("TH-APC-005");
  Drain();
  ScopedHandle unset(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ScopedHandle set(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ScopedHandle signalled(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(unset && set && signalled);
  HANDLE pair[2] = {unset.get(), set.get()};
  ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), 1));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObjectEx(unset.get(), 0, TRUE)), ReturnsWithError(WAIT_IO_COMPLETION, kPoisonError));
  ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), 2));
  EXPECT_EQ(WaitForMultipleObjectsEx(1, pair, FALSE, 0, TRUE), WAIT_IO_COMPLETION);
  ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), 3));
  EXPECT_EQ(WaitForMultipleObjectsEx(2, pair, TRUE, 0, TRUE), WAIT_IO_COMPLETION);
  ASSERT_TRUE(QueueUserAPC(Record, GetCurrentThread(), 4));
  EXPECT_EQ(SignalObjectAndWait(signalled.get(), unset.get(), 0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(WaitForSingleObject(signalled.get(), 0), WAIT_OBJECT_0) << "the signal was not given";
  EXPECT_EQ(Calls(), (std::vector<ULONG_PTR>{1, 2, 3, 4}));
}

// Tests that a call queued from another thread ends an alertable wait that is sleeping: SleepEx(INFINITE),
// WaitForSingleObjectEx, WaitForMultipleObjectsEx and SignalObjectAndWait each return WAIT_IO_COMPLETION long
// before their timeout, having run the call.
TEST(QueueUserAPC, CallFromAnotherThreadEndsASleepingAlertableWait) {
  BEHAVIOUR("TH-APC-006");
  Drain();
  ScopedHandle self = ThisThread();
  ScopedHandle unset(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ScopedHandle other(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(self && unset && other);
  HANDLE handles[1] = {unset.get()};
  for (int kind = 0; kind < 4; ++kind) {
    std::thread queuer([&] {
      Sleep(100);
      QueueUserAPC(Record, self.get(), static_cast<ULONG_PTR>(kind));
    });
    const DWORD start = GetTickCount();
    DWORD result = WAIT_FAILED;
    switch (kind) {
      case 0:
        result = SleepEx(INFINITE, TRUE);
        break;
      case 1:
        result = WaitForSingleObjectEx(unset.get(), kChildTimeoutMs, TRUE);
        break;
      case 2:
        result = WaitForMultipleObjectsEx(1, handles, FALSE, kChildTimeoutMs, TRUE);
        break;
      case 3:
        result = SignalObjectAndWait(other.get(), unset.get(), kChildTimeoutMs, TRUE);
        break;
    }
    const DWORD took = GetTickCount() - start;
    queuer.join();
    EXPECT_EQ(result, WAIT_IO_COMPLETION) << "kind " << kind;
    EXPECT_LT(took, kChildTimeoutMs / 2) << "kind " << kind << ": the call did not end the wait";
  }
  EXPECT_EQ(Calls(), (std::vector<ULONG_PTR>{0, 1, 2, 3}));
}

// Tests that a call queued from another thread does not end a wait that is not alertable: the wait ends when its
// object is signalled, and the call runs at the next alertable wait.
TEST(QueueUserAPC, CallFromAnotherThreadLeavesANonAlertableWaitAlone) {
  BEHAVIOUR("TH-APC-007");
  Drain();
  ScopedHandle self = ThisThread();
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(self && event);
  std::thread other([&] {
    Sleep(50);
    QueueUserAPC(Record, self.get(), 5);
    Sleep(100);
    SetEvent(event.get());
  });
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObjectEx(event.get(), kChildTimeoutMs, FALSE)),
              ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  other.join();
  EXPECT_TRUE(Calls().empty());
  EXPECT_EQ(SleepEx(0, TRUE), WAIT_IO_COMPLETION);
  EXPECT_EQ(Calls(), std::vector<ULONG_PTR>{5});
}

// Tests that QueueUserAPC refuses what is not a live thread it may alert: a handle that is not a thread (NULL, a
// forged value, an event, the current process pseudo-handle) fails with ERROR_INVALID_HANDLE; a thread handle
// without THREAD_SET_CONTEXT fails with ERROR_ACCESS_DENIED; a thread that has ended fails with
// ERROR_GEN_FAILURE. Nothing is queued.
TEST(QueueUserAPC, RefusesWhatIsNotALiveThreadItMayAlert) {
  BEHAVIOUR("TH-APC-008");
  Drain();
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (HANDLE bad : {HANDLE(nullptr), reinterpret_cast<HANDLE>(0x12340), event.get(), GetCurrentProcess()}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(QueueUserAPC(Record, bad, 1)), FailsWith(ERROR_INVALID_HANDLE)) << bad;
  }
  ScopedHandle limited = ThisThread(SYNCHRONIZE | THREAD_QUERY_INFORMATION);
  ASSERT_TRUE(limited);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueueUserAPC(Record, limited.get(), 1)), FailsWith(ERROR_ACCESS_DENIED));
  ScopedHandle ended(CreateThread(nullptr, 0, [](LPVOID) -> DWORD { return 0; }, nullptr, 0, nullptr));
  ASSERT_TRUE(ended);
  ASSERT_EQ(WaitForSingleObject(ended.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueueUserAPC(Record, ended.get(), 1)), FailsWith(ERROR_GEN_FAILURE));
  EXPECT_EQ(SleepEx(0, TRUE), 0u) << "a refused call was queued";
}

// Tests that a call queued to another thread runs on that thread, not on the caller: the thread's alertable
// SleepEx runs it and sees its own thread id.
TEST(QueueUserAPC, CallRunsOnTheThreadItWasQueuedTo) {
  BEHAVIOUR("TH-APC-009");
  Drain();
  static std::atomic<DWORD> ran_on{0};
  ran_on = 0;
  struct Sleeper {
    std::atomic<bool> started{false};
    DWORD result = WAIT_FAILED;
  } state;
  DWORD sleeper_id = 0;
  ScopedHandle sleeper(CreateThread(
      nullptr, 0,
      [](LPVOID context) -> DWORD {
        auto* s = static_cast<Sleeper*>(context);
        s->started = true;
        s->result = SleepEx(kChildTimeoutMs, TRUE);
        return 0;
      },
      &state, 0, &sleeper_id));
  ASSERT_TRUE(sleeper);
  while (!state.started) Sleep(1);
  Sleep(50);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(QueueUserAPC([](ULONG_PTR) { ran_on = GetCurrentThreadId(); }, sleeper.get(), 0)),
              SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(sleeper.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(state.result, WAIT_IO_COMPLETION);
  EXPECT_EQ(ran_on.load(), sleeper_id);
}

}  // namespace
}  // namespace winipc::conformance
