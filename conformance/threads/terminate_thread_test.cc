// TerminateThread: the thread ends at once with the exit code given, its handle is signalled, a mutex it owned is
// abandoned; the access it needs (THREAD_TERMINATE), the calling thread itself, a thread that has already ended,
// and a thread of another process.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-terminatethread
// https://learn.microsoft.com/en-us/windows/win32/procthread/thread-security-and-access-rights
// https://learn.microsoft.com/en-us/windows/win32/sync/mutex-objects ("abandoned")
#include <atomic>
#include <string>

#include "harness/harness.h"
#include "processes/launched_process.h"
#include "threads/non_thread_handles.h"

namespace winipc::conformance {
namespace {

using processes::DuplicateIntoProcess;
using processes::LaunchedProcess;
using processes::Mailbox;

// What a blocked test thread sees: it says it has started (and taken `mutex`, if given), then waits until it is
// released (kChildTimeoutMs at most) and sets `went_on` before returning 1.
struct BlockedThread {
  HANDLE started = nullptr;  // manual-reset event the thread sets
  HANDLE mutex = nullptr;    // taken before `started` is set, if not NULL
  std::atomic<bool> released{false};
  std::atomic<bool> went_on{false};
  std::atomic<bool> past_set_event{false};  // SetEvent(started) has returned
};

DWORD WINAPI BlockingThread(LPVOID parameter) {
  auto* state = static_cast<BlockedThread*>(parameter);
  if (state->mutex != nullptr) WaitForSingleObject(state->mutex, kChildTimeoutMs);
  SetEvent(state->started);
  state->past_set_event = true;
  // Sleeps rather than waits on an event: emu keeps the object a terminated thread was waiting on open until the
  // process exits (docs/porting.md), which would show as a leak in the sanitizer runs.
  for (DWORD slept = 0; !state->released && slept < kChildTimeoutMs; slept += 10) Sleep(10);
  state->went_on = true;
  return 1;
}

// Terminates itself with the code in its parameter; returns 1 if TerminateThread comes back.
DWORD WINAPI SelfTerminatingThread(LPVOID parameter) {
  TerminateThread(GetCurrentThread(), static_cast<DWORD>(reinterpret_cast<uintptr_t>(parameter)));
  return 1;
}

// A running test thread blocked in BlockingThread, with its events; stops it (releases it) at the end.
class Blocked {
 public:
  explicit Blocked(bool with_mutex = false)
      : started_(CreateEventA(nullptr, TRUE, FALSE, nullptr)),
        mutex_(with_mutex ? CreateMutexA(nullptr, FALSE, nullptr) : nullptr) {
    state_.started = started_.get();
    state_.mutex = mutex_.get();
    thread_.reset(CreateThread(nullptr, 0, BlockingThread, &state_, 0, &id_));
  }
  ~Blocked() {
    Release();
    if (thread_) WaitForSingleObject(thread_.get(), kChildTimeoutMs);
  }
  // Whether the thread was made and has started (and taken its mutex).
  // Also waits until its SetEvent has returned: the signal wakes this thread inside that call, and a thread
  // terminated inside an emu call keeps the references that call holds (docs/porting.md, TerminateThread).
  bool Started() {
    if (!thread_ || WaitForSingleObject(started_.get(), kChildTimeoutMs) != WAIT_OBJECT_0) return false;
    for (DWORD waited = 0; !state_.past_set_event && waited < kChildTimeoutMs; waited += 1) Sleep(1);
    return state_.past_set_event;
  }
  HANDLE thread() const { return thread_.get(); }
  HANDLE mutex() const { return mutex_.get(); }
  DWORD id() const { return id_; }
  void Release() { state_.released = true; }
  bool went_on() const { return state_.went_on; }

 private:
  ScopedHandle started_;
  ScopedHandle mutex_;
  BlockedThread state_;
  ScopedHandle thread_;
  DWORD id_ = 0;
};

// Tests that TerminateThread on a running thread succeeds, leaving the last error untouched; the thread's handle
// is then signalled, GetExitCodeThread reports the code given, and the thread never goes on with its work.
TEST(TerminateThread, RunningThreadEndsWithGivenCode) {
  BEHAVIOUR("TH-THREAD-012");
  Blocked blocked;
  ASSERT_TRUE(blocked.Started());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateThread(blocked.thread(), 0xC0DE0012)), SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(blocked.thread(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(blocked.thread(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, 0xC0DE0012u);
  blocked.Release();
  EXPECT_FALSE(blocked.went_on()) << "the thread went on after TerminateThread";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetThreadId(blocked.thread())), ReturnsWithError(blocked.id(), kPoisonError))
      << "the handle still names the ended thread";
}

// Tests that a mutex owned by a thread ended with TerminateThread is abandoned: the next wait on it returns
// WAIT_ABANDONED and owns it.
TEST(TerminateThread, OwnedMutexIsAbandoned) {
  BEHAVIOUR("TH-THREAD-013");
  Blocked blocked(/*with_mutex=*/true);
  ASSERT_TRUE(blocked.mutex() != nullptr);
  ASSERT_TRUE(blocked.Started());
  ASSERT_TRUE(TerminateThread(blocked.thread(), 13));
  ASSERT_EQ(WaitForSingleObject(blocked.thread(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(blocked.mutex(), kChildTimeoutMs)),
              ReturnsWithError(WAIT_ABANDONED, kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(blocked.mutex())), SucceedsWith(kPoisonError)) << "the abandoned wait owns it";
}

// Tests that TerminateThread through a handle without THREAD_TERMINATE fails with ERROR_ACCESS_DENIED and the
// thread keeps running.
TEST(TerminateThread, HandleWithoutTerminateAccessIsDenied) {
  BEHAVIOUR("TH-THREAD-014");
  Blocked blocked;
  ASSERT_TRUE(blocked.Started());
  HANDLE limited = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), blocked.thread(), GetCurrentProcess(), &limited,
                              SYNCHRONIZE | THREAD_QUERY_INFORMATION, FALSE, 0));
  ScopedHandle owned(limited);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateThread(limited, 14)), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(WaitForSingleObject(blocked.thread(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "the thread ended";
  blocked.Release();
  ASSERT_EQ(WaitForSingleObject(blocked.thread(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(blocked.thread(), &code));
  EXPECT_EQ(code, 1u) << "the thread's own return value";
  EXPECT_TRUE(blocked.went_on());
}

// Tests that TerminateThread of a thread that has already ended succeeds and leaves its exit code as it was.
TEST(TerminateThread, EndedThreadKeepsItsExitCode) {
  BEHAVIOUR("TH-THREAD-015");
  Blocked blocked;
  ASSERT_TRUE(blocked.Started());
  blocked.Release();
  ASSERT_EQ(WaitForSingleObject(blocked.thread(), kChildTimeoutMs), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateThread(blocked.thread(), 15)), SucceedsWith(kPoisonError));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(blocked.thread(), &code));
  EXPECT_EQ(code, 1u);
}

// Tests that TerminateThread(GetCurrentThread(), code) ends the calling thread with that code: it never returns.
TEST(TerminateThread, CurrentThreadPseudoHandleEndsCaller) {
  BEHAVIOUR("TH-THREAD-016");
  ScopedHandle thread(
      CreateThread(nullptr, 0, SelfTerminatingThread, reinterpret_cast<LPVOID>(uintptr_t{0x16016}), 0, nullptr));
  ASSERT_TRUE(thread);
  ASSERT_EQ(WaitForSingleObject(thread.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(thread.get(), &code));
  EXPECT_EQ(code, 0x16016u) << "1 means TerminateThread returned";
}

// Tests that TerminateThread of a handle that is not a thread (an event, NULL, a forged value) fails with
// ERROR_INVALID_HANDLE.
TEST(TerminateThread, NonThreadHandleFailsWithInvalidHandle) {
  BEHAVIOUR("TH-THREAD-017");
  threads::ExpectNonThreadHandlesFail([](HANDLE handle) { return Call(TerminateThread(handle, 17)); });
}

// Mailbox slots of the cross-process test.
constexpr int kThreadSlot = 0;  // the child's worker thread, as a handle value in the parent

// Starts a worker thread that takes the named mutex args[1] and blocks, duplicates the worker's handle into the
// parent (OpenProcess of args[2], PROCESS_DUP_HANDLE), reports it in the mailbox args[0] and signals the handshake
// args[3]; then waits for the worker to end and checks that it ended as the parent's TerminateThread said (code
// args[4]) and that its mutex was abandoned.
CHILD_MAIN(ThTerminatedFromOutside) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  Handshake ready = Handshake::Open(args.at(3));
  CHILD_CHECK(mailbox && ready);
  ScopedHandle mutex(OpenMutexA(SYNCHRONIZE | MUTEX_MODIFY_STATE, FALSE, args.at(1).c_str()));
  CHILD_CHECK(mutex) << "OpenMutexA: " << DescribeError(GetLastError());
  ScopedHandle started(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  BlockedThread state;
  state.started = started.get();
  state.mutex = mutex.get();
  ScopedHandle worker(CreateThread(nullptr, 0, BlockingThread, &state, 0, nullptr));
  CHILD_CHECK(worker);
  CHILD_CHECK_EQ(WaitForSingleObject(started.get(), kChildTimeoutMs), static_cast<DWORD>(WAIT_OBJECT_0));
  const HANDLE in_parent = DuplicateIntoProcess(worker.get(), static_cast<DWORD>(std::stoul(args.at(2))));
  CHILD_CHECK(in_parent != nullptr) << "into the parent: " << DescribeError(GetLastError());
  mailbox.SetHandle(kThreadSlot, in_parent);
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK_EQ(WaitForSingleObject(worker.get(), kChildTimeoutMs), static_cast<DWORD>(WAIT_OBJECT_0));
  DWORD code = 0;
  CHILD_CHECK(GetExitCodeThread(worker.get(), &code));
  CHILD_CHECK_EQ(code, static_cast<DWORD>(std::stoul(args.at(4))));
  CHILD_CHECK(!state.went_on) << "the worker went on";
  return 0;
}

// Tests that TerminateThread through a handle to a thread of another process (duplicated into this one) ends
// that thread there with the code given, and this process sees it end too; the mutex it owned is abandoned.
TEST(TerminateThread, ThreadOfAnotherProcessEnds) {
  BEHAVIOUR("TH-THREAD-018");
  Mailbox mailbox = Mailbox::Create("th-terminate-mailbox");
  Handshake ready = Handshake::Create("th-terminate-ready");
  const std::string mutex_name = UniqueName("th-terminate-mutex");
  ScopedHandle mutex(CreateMutexA(nullptr, FALSE, mutex_name.c_str()));
  ASSERT_TRUE(mailbox && ready && mutex);
  LaunchedProcess child =
      LaunchedProcess::Start("ThTerminatedFromOutside",
                             {mailbox.name(), mutex_name, std::to_string(GetCurrentProcessId()), ready.name(),
                              std::to_string(0xC0DE0018u)},
                             FALSE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  ScopedHandle worker(mailbox.GetHandle(kThreadSlot));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TerminateThread(worker.get(), 0xC0DE0018)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(worker.get(), kChildTimeoutMs)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(worker.get(), &code)) << DescribeError(GetLastError());
  EXPECT_EQ(code, 0xC0DE0018u);
  EXPECT_EQ(WaitForSingleObject(mutex.get(), kChildTimeoutMs), static_cast<DWORD>(WAIT_ABANDONED));
  ReleaseMutex(mutex.get());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed";
}

// Terminates its only thread with code args[0]; exits 1 if TerminateThread comes back.
CHILD_MAIN(ThTerminatesOnlyThread) {
  TerminateThread(GetCurrentThread(), static_cast<DWORD>(std::stoul(args.at(0))));
  return 1;
}

// Tests that a process whose only thread is ended by TerminateThread ends with that thread's exit code.
TEST(TerminateThread, OnlyThreadEndsProcessWithItsCode) {
  BEHAVIOUR("TH-THREAD-024");
  LaunchedProcess child = LaunchedProcess::Start("ThTerminatesOnlyThread", {std::to_string(0xC0DE0024u)}, FALSE);
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), static_cast<int>(0xC0DE0024u));
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeThread(child.thread(), &code));
  EXPECT_EQ(code, 0xC0DE0024u) << "the main thread's own exit code";
}

}  // namespace
}  // namespace winipc::conformance
