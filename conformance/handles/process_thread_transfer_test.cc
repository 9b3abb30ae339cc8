// Process and thread handles in another process: inherited by a child (a duplicate of GetCurrentProcess() or
// GetCurrentThread(), a CreateThread handle, the hProcess and hThread CreateProcess returns), duplicated into a
// child, and duplicated out of one. The process holding such a handle waits on it (WaitForSingleObject,
// WaitForMultipleObjects), reads the exit code (all 32 bits, also after the process or thread has ended) and the
// id, as the process that made the handle would.
//
// Children are started with CreateProcessA itself (processes/launched_process.h), so the inheritance under test is
// the one CreateProcess gives on both builds.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentprocess
// ("DuplicateHandle ... to get a handle that ... can be inherited")
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getcurrentthread
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/handle-inheritance
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessa
#include <string>
#include <utility>
#include <vector>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::DuplicateIntoProcess;
using processes::HandleArgument;
using processes::HandleFromArgument;
using processes::LaunchedProcess;
using processes::Mailbox;
using processes::StartDetached;

// Mailbox slots.
constexpr int kProcessSlot = 0;  // a process handle value (or a process id)
constexpr int kThreadSlot = 1;   // a thread handle value
constexpr int kIdSlot = 2;       // a thread id

constexpr char kNone[] = "-";

std::string Number(DWORD value) { return std::to_string(value); }

HANDLE HandleOrNull(const std::string& argument) {
  return argument == kNone ? nullptr : HandleFromArgument(argument);
}

// Watches a process and/or a thread of another process through handles it was given, each "-" if absent:
//   args[0] handshake to signal once it has seen them running
//   args[1] "inherited" (args[3], args[4] are handle values) or the name of a mailbox whose kProcessSlot and
//           kThreadSlot hold the values once the handshake args[2] ("go") is set
//   args[5], args[6] the process id and thread id they must report, args[7] the exit code both must end with.
// While they run: not signalled, STILL_ACTIVE. Then it waits for all of them (WaitForMultipleObjects, bWaitAll)
// and checks the exit codes.
CHILD_MAIN(PtWatches) {
  Handshake ready = Handshake::Open(args.at(0));
  CHILD_CHECK(ready);
  HANDLE process = nullptr;
  HANDLE thread = nullptr;
  Mailbox mailbox;
  if (args.at(1) == "inherited") {
    process = HandleOrNull(args.at(3));
    thread = HandleOrNull(args.at(4));
  } else {
    mailbox = Mailbox::Open(args.at(1));
    Handshake go = Handshake::Open(args.at(2));
    CHILD_CHECK(mailbox && go);
    CHILD_CHECK(go.Wait(kChildTimeoutMs));
    if (args.at(3) != kNone) process = mailbox.GetHandle(kProcessSlot);
    if (args.at(4) != kNone) thread = mailbox.GetHandle(kThreadSlot);
  }
  const DWORD code = static_cast<DWORD>(std::stoul(args.at(7)));
  std::vector<HANDLE> all;
  DWORD exit_code = 0;
  if (process != nullptr) {
    all.push_back(process);
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetProcessId(process)),
                     ReturnsWithError(static_cast<DWORD>(std::stoul(args.at(5))), kPoisonError));
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetExitCodeProcess(process, &exit_code)), SucceedsWith(kPoisonError));
    CHILD_CHECK_EQ(exit_code, static_cast<DWORD>(STILL_ACTIVE));
  }
  if (thread != nullptr) {
    all.push_back(thread);
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetThreadId(thread)),
                     ReturnsWithError(static_cast<DWORD>(std::stoul(args.at(6))), kPoisonError));
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetExitCodeThread(thread, &exit_code)), SucceedsWith(kPoisonError));
    CHILD_CHECK_EQ(exit_code, static_cast<DWORD>(STILL_ACTIVE));
  }
  CHILD_CHECK(!all.empty());
  const DWORD count = static_cast<DWORD>(all.size());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(WaitForMultipleObjects(count, all.data(), FALSE, 0)),
                   ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  CHILD_CHECK(ready.Signal());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(WaitForMultipleObjects(count, all.data(), TRUE, kChildTimeoutMs)),
                   ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  if (process != nullptr) {
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetExitCodeProcess(process, &exit_code)), SucceedsWith(kPoisonError));
    CHILD_CHECK_EQ(exit_code, code);
  }
  if (thread != nullptr) {
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(GetExitCodeThread(thread, &exit_code)), SucceedsWith(kPoisonError));
    CHILD_CHECK_EQ(exit_code, code);
  }
  return 0;
}

// The arguments of PtWatches for handles inherited at these values.
std::vector<std::string> WatchInherited(const std::string& ready, HANDLE process, HANDLE thread, DWORD pid,
                                        DWORD tid, DWORD code) {
  return {ready,
          "inherited",
          kNone,
          process != nullptr ? HandleArgument(process) : kNone,
          thread != nullptr ? HandleArgument(thread) : kNone,
          Number(pid),
          Number(tid),
          Number(code)};
}

// The middle process of HD-INHERIT-019: makes an inheritable duplicate of GetCurrentProcess(), starts PtWatches
// with it (bInheritHandles TRUE) and without keeping a handle, puts the watcher's id in the mailbox args[0],
// signals the handshake args[1], waits for the handshake args[2] and exits with code args[4]. args[3]: the
// watcher's handshake.
CHILD_MAIN(PtParentOfWatcher) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  Handshake launched = Handshake::Open(args.at(1));
  Handshake go = Handshake::Open(args.at(2));
  CHILD_CHECK(mailbox && launched && go);
  HANDLE self = nullptr;
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &self, 0,
                                        TRUE, DUPLICATE_SAME_ACCESS)),
                   SucceedsWith(kPoisonError));
  const DWORD code = static_cast<DWORD>(std::stoul(args.at(4)));
  const DWORD watcher =
      StartDetached("PtWatches", WatchInherited(args.at(3), self, nullptr, GetCurrentProcessId(), 0, code), TRUE);
  CHILD_CHECK(watcher != 0);
  mailbox.slot(kProcessSlot) = watcher;
  CHILD_CHECK(launched.Signal());
  CHILD_CHECK(go.Wait(kChildTimeoutMs));
  return static_cast<int>(code);
}

// Tests that the textbook pattern works: a process duplicates GetCurrentProcess() into an inheritable real handle
// and starts a child with bInheritHandles TRUE; the child, at the same value, sees its parent running (not
// signalled, STILL_ACTIVE, GetProcessId its id), waits for it to end and reads its 32-bit exit code.
TEST(InheritedProcessHandle, DuplicateOfCurrentProcessLetsChildWaitForParent) {
  BEHAVIOUR("HD-INHERIT-019");
  Mailbox mailbox = Mailbox::Create("hd-inherit-self");
  Handshake launched = Handshake::Create("hd-inherit-launched");
  Handshake go = Handshake::Create("hd-inherit-go");
  Handshake watching = Handshake::Create("hd-inherit-watching");
  ASSERT_TRUE(mailbox && launched && go && watching);
  constexpr DWORD kCode = 0xC0DE0019;
  LaunchedProcess parent = LaunchedProcess::Start(
      "PtParentOfWatcher", {mailbox.name(), launched.name(), go.name(), watching.name(), Number(kCode)}, FALSE);
  ASSERT_TRUE(parent);
  ASSERT_TRUE(launched.Wait(kChildTimeoutMs));
  ScopedHandle watcher(
      OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, static_cast<DWORD>(mailbox.slot(0))));
  ASSERT_TRUE(watcher) << "OpenProcess of the watcher: " << DescribeError(GetLastError());
  ASSERT_TRUE(watching.Wait(kChildTimeoutMs)) << "the watcher did not see its parent running";
  ASSERT_TRUE(go.Signal());
  EXPECT_EQ(parent.Wait(kChildTimeoutMs), static_cast<int>(kCode));
  ASSERT_EQ(WaitForSingleObject(watcher.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 1;
  ASSERT_TRUE(GetExitCodeProcess(watcher.get(), &code));
  EXPECT_EQ(code, 0u) << "the watcher's checks failed (see its output)";
}

// A thread of the test process that waits for `release` and returns `code`.
struct TestThread {
  HANDLE release = nullptr;
  DWORD code = 0;
  HANDLE duplicate = nullptr;  // with duplicate_self: its own duplicate of GetCurrentThread(), inheritable
  bool duplicate_self = false;
  HANDLE ready = nullptr;
};

DWORD WINAPI TestThreadMain(LPVOID parameter) {
  auto* state = static_cast<TestThread*>(parameter);
  if (state->duplicate_self) {
    DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &state->duplicate, 0, TRUE,
                    DUPLICATE_SAME_ACCESS);
  }
  SetEvent(state->ready);
  WaitForSingleObject(state->release, kChildTimeoutMs);
  return state->code;
}

// A running TestThread and its events.
class RunningThread {
 public:
  RunningThread(DWORD code, bool duplicate_self)
      : release_(CreateEventA(nullptr, TRUE, FALSE, nullptr)), ready_(CreateEventA(nullptr, TRUE, FALSE, nullptr)) {
    state_.release = release_.get();
    state_.ready = ready_.get();
    state_.code = code;
    state_.duplicate_self = duplicate_self;
    thread_.reset(CreateThread(nullptr, 0, TestThreadMain, &state_, 0, &id_));
    if (thread_) WaitForSingleObject(ready_.get(), kChildTimeoutMs);
    duplicate_.reset(state_.duplicate);
  }
  ~RunningThread() { Release(); }
  explicit operator bool() const { return static_cast<bool>(thread_); }
  HANDLE handle() const { return thread_.get(); }
  HANDLE duplicate() const { return duplicate_.get(); }
  DWORD id() const { return id_; }
  void Release() {
    SetEvent(release_.get());
    if (thread_) WaitForSingleObject(thread_.get(), kChildTimeoutMs);
  }

 private:
  ScopedHandle release_;
  ScopedHandle ready_;
  TestThread state_;
  ScopedHandle thread_;
  ScopedHandle duplicate_;
  DWORD id_ = 0;
};

// Tests that an inheritable duplicate of GetCurrentThread(), made by the thread itself, is inherited by a child
// that sees the thread running, waits for it to end and reads its exit code and id.
TEST(InheritedThreadHandle, DuplicateOfCurrentThreadLetsChildWaitForThread) {
  BEHAVIOUR("HD-INHERIT-020");
  constexpr DWORD kCode = 0xC0DE0020;
  RunningThread thread(kCode, /*duplicate_self=*/true);
  ASSERT_TRUE(thread);
  ASSERT_TRUE(ScopedHandle::IsValid(thread.duplicate())) << "DuplicateHandle(GetCurrentThread()) failed";
  Handshake watching = Handshake::Create("hd-inherit-thread");
  LaunchedProcess child = LaunchedProcess::Start(
      "PtWatches", WatchInherited(watching.name(), nullptr, thread.duplicate(), 0, thread.id(), kCode), TRUE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(watching.Wait(kChildTimeoutMs)) << "the child did not see the thread running";
  thread.Release();
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

// Tests that a CreateThread handle made inheritable with SetHandleInformation is inherited by a child that waits
// for the thread to end and reads its exit code and id.
TEST(InheritedThreadHandle, CreateThreadHandleLetsChildWaitForThread) {
  BEHAVIOUR("HD-INHERIT-021");
  constexpr DWORD kCode = 0xC0DE0021;
  RunningThread thread(kCode, /*duplicate_self=*/false);
  ASSERT_TRUE(thread);
  ASSERT_TRUE(SetHandleInformation(thread.handle(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
  Handshake watching = Handshake::Create("hd-inherit-thread");
  LaunchedProcess child = LaunchedProcess::Start(
      "PtWatches", WatchInherited(watching.name(), nullptr, thread.handle(), 0, thread.id(), kCode), TRUE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(watching.Wait(kChildTimeoutMs)) << "the child did not see the thread running";
  thread.Release();
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

// Starts a child that exits with `code` once `release` is set (PrOpenWaitsForRelease, processes/open_process_test.cc)
// with CreateProcessA, the returned handles inheritable through lpProcessAttributes/lpThreadAttributes if
// `attributes` is given.
LaunchedProcess StartSibling(Handshake& release, DWORD code, SECURITY_ATTRIBUTES* attributes) {
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PrOpenWaitsForRelease", {release.name(), Number(code)});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  LaunchedProcess sibling;
  if (CreateProcessA(program.c_str(), command_line.data(), attributes, attributes, FALSE, 0, nullptr, nullptr,
                     &startup, &info)) {
    sibling.Adopt(info);
  } else {
    ADD_FAILURE() << "CreateProcessA: " << DescribeError(GetLastError());
  }
  return sibling;
}

// Runs a watcher child (inheriting handles) on a sibling's hProcess and hThread; the sibling ends with `code` once
// the watcher has seen it running.
void ExpectWatcherSeesSiblingEnd(LaunchedProcess& sibling, Handshake& release, DWORD code) {
  Handshake watching = Handshake::Create("hd-inherit-sibling");
  LaunchedProcess watcher = LaunchedProcess::Start(
      "PtWatches",
      WatchInherited(watching.name(), sibling.process(), sibling.thread(), sibling.pid(), sibling.info().dwThreadId,
                     code),
      TRUE);
  ASSERT_TRUE(watcher);
  ASSERT_TRUE(watching.Wait(kChildTimeoutMs)) << "the watcher did not see the sibling running";
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(sibling.Wait(kChildTimeoutMs), static_cast<int>(code));
  EXPECT_EQ(watcher.Wait(kChildTimeoutMs), 0) << "the watcher's checks failed (see its output)";
}

// Tests that the hProcess and hThread CreateProcess returned, made inheritable with SetHandleInformation, are
// inherited by a second child, which waits for both (WaitForMultipleObjects) and reads the first child's exit code
// through both and its process and thread ids.
TEST(InheritedProcessHandle, SiblingProcessAndThreadHandlesWork) {
  BEHAVIOUR("HD-INHERIT-022");
  constexpr DWORD kCode = 0xC0DE0022;
  Handshake release = Handshake::Create("hd-inherit-release");
  LaunchedProcess sibling = StartSibling(release, kCode, nullptr);
  ASSERT_TRUE(sibling);
  ASSERT_TRUE(SetHandleInformation(sibling.process(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
  ASSERT_TRUE(SetHandleInformation(sibling.thread(), HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT));
  ExpectWatcherSeesSiblingEnd(sibling, release, kCode);
}

// Tests that the hProcess and hThread CreateProcess returns when lpProcessAttributes and lpThreadAttributes ask for
// inheritable handles are inherited by the next child started with bInheritHandles TRUE, and work there.
TEST(CreateProcess, InheritableProcessAndThreadHandlesWorkInNextChild) {
  BEHAVIOUR("PR-CREATE-020");
  constexpr DWORD kCode = 0xC0DE1020;
  Handshake release = Handshake::Create("pr-create-release");
  SECURITY_ATTRIBUTES attributes = {sizeof attributes, nullptr, TRUE};
  LaunchedProcess sibling = StartSibling(release, kCode, &attributes);
  ASSERT_TRUE(sibling);
  ExpectWatcherSeesSiblingEnd(sibling, release, kCode);
}

// A PtWatches child given its handles by DuplicateHandle: started first, then handed the duplicates.
class DuplicatedWatcher {
 public:
  DuplicatedWatcher(bool process, bool thread, DWORD pid, DWORD tid, DWORD code)
      : mailbox_(Mailbox::Create("hd-xdup-watcher")),
        go_(Handshake::Create("hd-xdup-go")),
        watching_(Handshake::Create("hd-xdup-watching")) {
    if (!mailbox_ || !go_ || !watching_) return;
    watcher_ = LaunchedProcess::Start("PtWatches",
                                      {watching_.name(), mailbox_.name(), go_.name(), process ? "process" : kNone,
                                       thread ? "thread" : kNone, Number(pid), Number(tid), Number(code)},
                                      FALSE);
  }
  explicit operator bool() const { return static_cast<bool>(watcher_); }

  // Duplicates each handle given into the watcher (DUPLICATE_SAME_ACCESS: must succeed, leaving the last error
  // untouched), hands the values over and returns once the watcher has seen them running.
  void HandOver(HANDLE process, HANDLE thread) {
    const std::pair<HANDLE, int> handles[] = {{process, kProcessSlot}, {thread, kThreadSlot}};
    for (const auto& [handle, slot] : handles) {
      if (handle == nullptr) continue;
      HANDLE there = nullptr;
      SetLastError(kPoisonError);
      EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), handle, watcher_.process(), &there, 0, FALSE,
                                       DUPLICATE_SAME_ACCESS)),
                  SucceedsWith(kPoisonError));
      mailbox_.SetHandle(slot, there);
    }
    ASSERT_TRUE(go_.Signal());
    ASSERT_TRUE(watching_.Wait(kChildTimeoutMs)) << "the watcher did not see them running";
  }
  int Wait() { return watcher_.Wait(kChildTimeoutMs); }

 private:
  Mailbox mailbox_;
  Handshake go_;
  Handshake watching_;
  LaunchedProcess watcher_;
};

// Tests that a sibling's hProcess and hThread duplicated into a child (DUPLICATE_SAME_ACCESS) work there: the
// child waits for both and reads the exit code and ids.
TEST(DuplicateHandleAcrossProcesses, ProcessAndThreadHandlesIntoChildWork) {
  BEHAVIOUR("HD-XDUP-014");
  constexpr DWORD kCode = 0xC0DE0014;
  Handshake release = Handshake::Create("hd-xdup-release");
  LaunchedProcess sibling = StartSibling(release, kCode, nullptr);
  ASSERT_TRUE(sibling);
  DuplicatedWatcher watcher(true, true, sibling.pid(), sibling.info().dwThreadId, kCode);
  ASSERT_TRUE(watcher);
  watcher.HandOver(sibling.process(), sibling.thread());
  ASSERT_TRUE(release.Signal());
  EXPECT_EQ(sibling.Wait(kChildTimeoutMs), static_cast<int>(kCode));
  EXPECT_EQ(watcher.Wait(), 0) << "the watcher's checks failed (see its output)";
}

// Tests that a thread handle of this process duplicated into a child works there: the child waits for the thread
// to end and reads its exit code and id.
TEST(DuplicateHandleAcrossProcesses, ThreadHandleIntoChildWorks) {
  BEHAVIOUR("HD-XDUP-015");
  constexpr DWORD kCode = 0xC0DE0015;
  RunningThread thread(kCode, /*duplicate_self=*/false);
  ASSERT_TRUE(thread);
  DuplicatedWatcher watcher(false, true, 0, thread.id(), kCode);
  ASSERT_TRUE(watcher);
  watcher.HandOver(nullptr, thread.handle());
  thread.Release();
  EXPECT_EQ(watcher.Wait(), 0) << "the watcher's checks failed (see its output)";
}

// Waits for the handshake args[1], then checks that the process handle in slot kProcessSlot of the mailbox args[0]
// names the process args[2], which runs.
CHILD_MAIN(PtSeesParent) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  Handshake go = Handshake::Open(args.at(1));
  CHILD_CHECK(mailbox && go);
  CHILD_CHECK(go.Wait(kChildTimeoutMs));
  const HANDLE parent = mailbox.GetHandle(kProcessSlot);
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetProcessId(parent)),
                   ReturnsWithError(static_cast<DWORD>(std::stoul(args.at(2))), kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(WaitForSingleObject(parent, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  DWORD code = 0;
  CHILD_CHECK(GetExitCodeProcess(parent, &code)) << DescribeError(GetLastError());
  CHILD_CHECK_EQ(code, static_cast<DWORD>(STILL_ACTIVE));
  return 0;
}

// Tests that DuplicateHandle of the GetCurrentProcess() pseudo-handle into a child gives the child a real handle
// to this process: GetProcessId is this process's id, it is not signalled, and the exit code is STILL_ACTIVE.
TEST(DuplicateHandleAcrossProcesses, CurrentProcessIntoChildNamesParent) {
  BEHAVIOUR("HD-XDUP-016");
  Mailbox mailbox = Mailbox::Create("hd-xdup-self");
  Handshake go = Handshake::Create("hd-xdup-go");
  ASSERT_TRUE(mailbox && go);
  LaunchedProcess child =
      LaunchedProcess::Start("PtSeesParent", {mailbox.name(), go.name(), Number(GetCurrentProcessId())}, FALSE);
  ASSERT_TRUE(child);
  HANDLE in_child = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), child.process(), &in_child, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  mailbox.SetHandle(kProcessSlot, in_child);
  ASSERT_TRUE(go.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

// Makes real handles to itself and to its main thread (DuplicateHandle of the pseudo-handles), reports them and its
// thread id in the mailbox args[0], signals the handshake args[1], waits for the handshake args[2] and exits with
// code args[3].
CHILD_MAIN(PtPublishesOwnHandles) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  Handshake ready = Handshake::Open(args.at(1));
  Handshake go = Handshake::Open(args.at(2));
  CHILD_CHECK(mailbox && ready && go);
  HANDLE process = nullptr;
  HANDLE thread = nullptr;
  CHILD_CHECK(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &process, 0, FALSE,
                              DUPLICATE_SAME_ACCESS))
      << DescribeError(GetLastError());
  CHILD_CHECK(DuplicateHandle(GetCurrentProcess(), GetCurrentThread(), GetCurrentProcess(), &thread, 0, FALSE,
                              DUPLICATE_SAME_ACCESS))
      << DescribeError(GetLastError());
  mailbox.SetHandle(kProcessSlot, process);
  mailbox.SetHandle(kThreadSlot, thread);
  mailbox.slot(kIdSlot) = GetCurrentThreadId();
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK(go.Wait(kChildTimeoutMs));
  return static_cast<int>(std::stoul(args.at(3)));
}

// Tests that a child's own process and thread handles (duplicates of its pseudo-handles) duplicated out of it into
// this process work here: the ids are the child's and its main thread's, and once it exits both are signalled and
// report its exit code.
TEST(DuplicateHandleAcrossProcesses, ProcessAndThreadHandlesFromChildWork) {
  BEHAVIOUR("HD-XDUP-017");
  constexpr DWORD kCode = 0xC0DE0017;
  Mailbox mailbox = Mailbox::Create("hd-xdup-own");
  Handshake ready = Handshake::Create("hd-xdup-ready");
  Handshake go = Handshake::Create("hd-xdup-go");
  ASSERT_TRUE(mailbox && ready && go);
  LaunchedProcess child =
      LaunchedProcess::Start("PtPublishesOwnHandles", {mailbox.name(), ready.name(), go.name(), Number(kCode)}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  HANDLE process = nullptr;
  HANDLE thread = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(child.process(), mailbox.GetHandle(kProcessSlot), GetCurrentProcess(), &process, 0,
                                   FALSE, DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned_process(process);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(child.process(), mailbox.GetHandle(kThreadSlot), GetCurrentProcess(), &thread, 0,
                                   FALSE, DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned_thread(thread);
  ASSERT_TRUE(owned_process && owned_thread);
  EXPECT_EQ(GetProcessId(process), child.pid());
  EXPECT_EQ(GetThreadId(thread), static_cast<DWORD>(mailbox.slot(kIdSlot)));
  EXPECT_EQ(GetThreadId(thread), child.info().dwThreadId);
  HANDLE both[] = {process, thread};
  EXPECT_EQ(WaitForMultipleObjects(2, both, FALSE, 0), static_cast<DWORD>(WAIT_TIMEOUT));
  ASSERT_TRUE(go.Signal());
  EXPECT_EQ(WaitForMultipleObjects(2, both, TRUE, kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  ASSERT_TRUE(GetExitCodeProcess(process, &code));
  EXPECT_EQ(code, kCode);
  ASSERT_TRUE(GetExitCodeThread(thread, &code));
  EXPECT_EQ(code, kCode);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), static_cast<int>(kCode));
}

DWORD WINAPI BlockForever(LPVOID parameter) {
  WaitForSingleObject(static_cast<HANDLE>(parameter), INFINITE);
  return 1;
}

// Starts a worker thread that blocks for good, duplicates its handle into the parent (args[2] is the parent's id),
// reports the value in the mailbox args[0] and signals the handshake args[1]; then blocks too, until it is
// terminated.
CHILD_MAIN(PtWorkerHandleIntoParent) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  Handshake ready = Handshake::Open(args.at(1));
  CHILD_CHECK(mailbox && ready);
  ScopedHandle never(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle worker(CreateThread(nullptr, 0, BlockForever, never.get(), 0, nullptr));
  CHILD_CHECK(worker);
  const HANDLE in_parent = DuplicateIntoProcess(worker.get(), static_cast<DWORD>(std::stoul(args.at(2))));
  CHILD_CHECK(in_parent != nullptr) << "into the parent: " << DescribeError(GetLastError());
  mailbox.SetHandle(kThreadSlot, in_parent);
  CHILD_CHECK(ready.Signal());
  WaitForSingleObject(never.get(), INFINITE);
  return 1;
}

// Tests that a handle to a thread of another process is signalled when that whole process is terminated while
// the thread runs, and GetExitCodeThread then reports the code the process was terminated with.
TEST(DuplicateHandleAcrossProcesses, ThreadOfTerminatedProcessIsSignalled) {
  BEHAVIOUR("HD-XDUP-018");
  constexpr DWORD kCode = 0xC0DE0018;
  Mailbox mailbox = Mailbox::Create("hd-xdup-worker");
  Handshake ready = Handshake::Create("hd-xdup-ready");
  ASSERT_TRUE(mailbox && ready);
  LaunchedProcess child = LaunchedProcess::Start(
      "PtWorkerHandleIntoParent", {mailbox.name(), ready.name(), Number(GetCurrentProcessId())}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs));
  ScopedHandle worker(mailbox.GetHandle(kThreadSlot));
  ASSERT_TRUE(worker);
  EXPECT_EQ(WaitForSingleObject(worker.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "signalled while running";
  ASSERT_TRUE(TerminateProcess(child.process(), kCode));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(worker.get(), kChildTimeoutMs)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  DWORD code = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetExitCodeThread(worker.get(), &code)), SucceedsWith(kPoisonError));
  EXPECT_EQ(code, kCode);
}

}  // namespace
}  // namespace winipc::conformance
