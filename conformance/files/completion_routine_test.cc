// ReadFileEx and WriteFileEx: I/O whose completion is a routine queued to the thread that issued it, run in that
// thread's next alertable wait (SleepEx, WaitFor*Ex, SignalObjectAndWait with bAlertable), which then returns
// WAIT_IO_COMPLETION. The routine gets the I/O's Win32 error code, its byte count and the OVERLAPPED; the
// OVERLAPPED's hEvent is the program's to use and the I/O leaves it alone.
//
// A disk I/O may complete before the call returns or later; either way the routine waits for an alertable wait.
// A read past the end of the file may fail in the call (ERROR_HANDLE_EOF, no routine) or complete with that error
// through the routine: the test of it accepts both.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfileex
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefileex
// https://learn.microsoft.com/en-us/windows/win32/api/minwinbase/nc-minwinbase-lpoverlapped_completion_routine
// https://learn.microsoft.com/en-us/windows/win32/sync/asynchronous-procedure-calls
#include <windows.h>

#include <string>
#include <vector>

#include "files/overlapped_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::ReadFresh;

using files::overlapped::ContentFile;
using files::overlapped::kContent;
using files::overlapped::kStatusEndOfFile;
using files::overlapped::kStatusPending;
using files::overlapped::kStatusSuccess;

// One run of the completion routine.
struct Completion {
  DWORD error;
  DWORD transferred;
  OVERLAPPED* overlapped;
  DWORD thread;
};
std::vector<Completion> completions;  // appended to by Record, in the order the routines run

VOID CALLBACK Record(DWORD error, DWORD transferred, LPOVERLAPPED overlapped) {
  completions.push_back({error, transferred, overlapped, GetCurrentThreadId()});
}

// The test file; no completion recorded, and none left for the next test.
class CompletionRoutine : public ContentFile {
 protected:
  void SetUp() override {
    completions.clear();
    ContentFile::SetUp();
  }
  void TearDown() override {
    SleepEx(0, TRUE);  // nothing of one test runs in the next
    completions.clear();
  }
};

// An OVERLAPPED at `offset` whose event is `event`, with InternalHigh set to something the call must replace.
OVERLAPPED PrimedAt(DWORD offset, HANDLE event = nullptr) {
  OVERLAPPED overlapped = {};
  overlapped.Offset = offset;
  overlapped.hEvent = event;
  overlapped.InternalHigh = 77;
  return overlapped;
}

// Runs the calling thread's queued routines: an alertable SleepEx(0) returns WAIT_IO_COMPLETION if any ran.
DWORD RunQueuedRoutines() { return SleepEx(0, TRUE); }

// Tests that ReadFileEx on an overlapped handle returns TRUE with the last error untouched and reads at the
// OVERLAPPED's offset; that its routine has not run when the call returns and runs in the next alertable wait
// (SleepEx returns WAIT_IO_COMPLETION), on this thread, with error 0, the count and the OVERLAPPED; that Internal
// is STATUS_SUCCESS and InternalHigh the count; that the OVERLAPPED's event is not set; and that
// GetOverlappedResult gives the count.
TEST_F(CompletionRoutine, ReadFileExRunsTheRoutineInTheNextAlertableWait) {
  BEHAVIOUR("FL-OVL-019");
  ScopedHandle file = Open(true);
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(file && event);
  OVERLAPPED overlapped = PrimedAt(4, event.get());
  char buffer[8] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFileEx(file.get(), buffer, 5, &overlapped, Record)), SucceedsWith(kPoisonError));
  EXPECT_TRUE(completions.empty()) << "the routine waits for an alertable wait";
  Sleep(1);
  EXPECT_TRUE(completions.empty()) << "a wait that is not alertable does not run it";
  EXPECT_EQ(RunQueuedRoutines(), static_cast<DWORD>(WAIT_IO_COMPLETION));
  ASSERT_EQ(completions.size(), 1u);
  EXPECT_EQ(completions[0].error, 0u);
  EXPECT_EQ(completions[0].transferred, 5u);
  EXPECT_EQ(completions[0].overlapped, &overlapped);
  EXPECT_EQ(completions[0].thread, GetCurrentThreadId());
  EXPECT_EQ(std::string(buffer, 5), "45678");
  EXPECT_EQ(overlapped.Internal, kStatusSuccess);
  EXPECT_EQ(overlapped.InternalHigh, 5u);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), static_cast<DWORD>(WAIT_TIMEOUT)) << "hEvent is the program's";
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResult(file.get(), &overlapped, &transferred, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(transferred, 5u);
  EXPECT_EQ(RunQueuedRoutines(), 0u) << "the routine runs once";
}

// Tests that WriteFileEx on an overlapped handle writes at the OVERLAPPED's offset, and at the end of the file for
// offset 0xFFFFFFFF:0xFFFFFFFF, returning TRUE with the last error untouched; each routine runs in the next
// alertable wait with error 0 and its count, in the order the writes were issued.
TEST_F(CompletionRoutine, WriteFileExWritesAtTheOffsetOrAtTheEnd) {
  BEHAVIOUR("FL-OVL-020");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED at = PrimedAt(14);
  OVERLAPPED at_end = PrimedAt(0xFFFFFFFF);
  at_end.OffsetHigh = 0xFFFFFFFF;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFileEx(file.get(), "XYZ", 3, &at, Record)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFileEx(file.get(), "E", 1, &at_end, Record)), SucceedsWith(kPoisonError));
  EXPECT_TRUE(completions.empty());
  EXPECT_EQ(RunQueuedRoutines(), static_cast<DWORD>(WAIT_IO_COMPLETION));
  ASSERT_EQ(completions.size(), 2u) << "one alertable wait runs every queued routine";
  EXPECT_EQ(completions[0].overlapped, &at);
  EXPECT_EQ(completions[0].error, 0u);
  EXPECT_EQ(completions[0].transferred, 3u);
  EXPECT_EQ(completions[1].overlapped, &at_end);
  EXPECT_EQ(completions[1].error, 0u);
  EXPECT_EQ(completions[1].transferred, 1u);
  EXPECT_EQ(at.Internal, kStatusSuccess);
  EXPECT_EQ(at.InternalHigh, 3u);
  EXPECT_EQ(ReadFresh(temp_.path(), 32), "0123456789abcdXYZE");
}

// Tests that ReadFileEx past the end of the file either fails in the call with ERROR_HANDLE_EOF (and queues no
// routine), or succeeds and its routine gets ERROR_HANDLE_EOF with 0 bytes, Internal then STATUS_END_OF_FILE.
TEST_F(CompletionRoutine, ReadFileExPastTheEndReportsHandleEof) {
  BEHAVIOUR("FL-OVL-021");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = PrimedAt(100);
  char buffer[8] = {};
  SetLastError(kPoisonError);
  const auto issued = Call(ReadFileEx(file.get(), buffer, 5, &overlapped, Record));
  if (!issued.value) {
    EXPECT_EQ(issued.error, static_cast<DWORD>(ERROR_HANDLE_EOF)) << DescribeError(issued.error);
    EXPECT_EQ(RunQueuedRoutines(), 0u) << "a call that failed queues nothing";
    return;
  }
  EXPECT_EQ(issued.error, kPoisonError);
  EXPECT_EQ(RunQueuedRoutines(), static_cast<DWORD>(WAIT_IO_COMPLETION));
  ASSERT_EQ(completions.size(), 1u);
  EXPECT_EQ(completions[0].error, static_cast<DWORD>(ERROR_HANDLE_EOF));
  EXPECT_EQ(completions[0].transferred, 0u);
  EXPECT_EQ(overlapped.Internal, kStatusEndOfFile);
  EXPECT_EQ(overlapped.InternalHigh, 0u);
}

// Tests that ReadFileEx and WriteFileEx without an OVERLAPPED fail with ERROR_INVALID_PARAMETER and queue
// nothing.
TEST_F(CompletionRoutine, NoOverlappedIsInvalidParameter) {
  BEHAVIOUR("FL-OVL-022");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  char buffer[8] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFileEx(file.get(), buffer, 4, nullptr, Record)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFileEx(file.get(), "x", 1, nullptr, Record)), FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(RunQueuedRoutines(), 0u);
  EXPECT_TRUE(completions.empty());
  EXPECT_EQ(ReadFresh(temp_.path(), 32), kContent) << "nothing was written";
}

// Tests that a ReadFileEx or WriteFileEx refused before any I/O fails in the call and queues no routine: NULL, a
// forged handle and an event handle give ERROR_INVALID_HANDLE, a handle without the access ERROR_ACCESS_DENIED;
// the OVERLAPPED is left with Internal STATUS_PENDING and InternalHigh 0.
TEST_F(CompletionRoutine, RefusedCallQueuesNoRoutine) {
  BEHAVIOUR("FL-OVL-023");
  ScopedHandle read_only = Open(true, GENERIC_READ);
  ScopedHandle write_only = Open(true, GENERIC_WRITE);
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(read_only && write_only && event);
  char buffer[8] = {};
  struct Case {
    const char* what;
    HANDLE handle;
    bool write;
    DWORD error;
  };
  const Case cases[] = {
      {"NULL", nullptr, false, ERROR_INVALID_HANDLE},
      {"a forged handle", reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x1234)), false, ERROR_INVALID_HANDLE},
      {"an event handle", event.get(), false, ERROR_INVALID_HANDLE},
      {"an event handle (write)", event.get(), true, ERROR_INVALID_HANDLE},
      {"a write-only handle", write_only.get(), false, ERROR_ACCESS_DENIED},
      {"a read-only handle", read_only.get(), true, ERROR_ACCESS_DENIED},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    OVERLAPPED overlapped = PrimedAt(0);
    SetLastError(kPoisonError);
    const auto issued = c.write ? Call(WriteFileEx(c.handle, "XYZ", 3, &overlapped, Record))
                                : Call(ReadFileEx(c.handle, buffer, 3, &overlapped, Record));
    EXPECT_THAT(issued, FailsWith(c.error));
    EXPECT_EQ(overlapped.Internal, kStatusPending);
    EXPECT_EQ(overlapped.InternalHigh, 0u);
    EXPECT_EQ(RunQueuedRoutines(), 0u) << "a refused call queues nothing";
  }
  EXPECT_TRUE(completions.empty());
  EXPECT_EQ(ReadFresh(temp_.path(), 32), kContent) << "nothing was written";
}

DWORD WINAPI SleepAlertably(LPVOID) { return SleepEx(50, TRUE); }

// Tests that the routine runs only on the thread that issued the I/O: another thread's alertable wait does not run
// it (its SleepEx times out, 0), nor does an alertable wait of the issuing thread that an already signalled object
// satisfies (WAIT_OBJECT_0); the issuing thread's next alertable wait on nothing signalled does
// (WAIT_IO_COMPLETION).
TEST_F(CompletionRoutine, RoutineRunsOnlyOnTheIssuingThread) {
  BEHAVIOUR("FL-OVL-024");
  ScopedHandle file = Open(true);
  ScopedHandle signalled(CreateEventA(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(file && signalled);
  OVERLAPPED overlapped = PrimedAt(0);
  char buffer[8] = {};
  ASSERT_TRUE(ReadFileEx(file.get(), buffer, 3, &overlapped, Record)) << DescribeError(GetLastError());
  ScopedHandle other(CreateThread(nullptr, 0, SleepAlertably, nullptr, 0, nullptr));
  ASSERT_TRUE(other);
  ASSERT_EQ(WaitForSingleObject(other.get(), 10000), static_cast<DWORD>(WAIT_OBJECT_0));
  DWORD other_result = 12345;
  ASSERT_TRUE(GetExitCodeThread(other.get(), &other_result));
  EXPECT_EQ(other_result, 0u) << "another thread's alertable wait does not run the routine";
  EXPECT_TRUE(completions.empty());
  EXPECT_EQ(WaitForSingleObjectEx(signalled.get(), INFINITE, TRUE), static_cast<DWORD>(WAIT_OBJECT_0))
      << "a signalled object satisfies the wait before a queued routine runs";
  EXPECT_TRUE(completions.empty());
  ScopedHandle unsignalled(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(unsignalled);
  EXPECT_EQ(WaitForSingleObjectEx(unsignalled.get(), INFINITE, TRUE), static_cast<DWORD>(WAIT_IO_COMPLETION));
  ASSERT_EQ(completions.size(), 1u);
  EXPECT_EQ(completions[0].thread, GetCurrentThreadId());
  EXPECT_EQ(std::string(buffer, 3), "012");
}

}  // namespace
}  // namespace winipc::conformance
