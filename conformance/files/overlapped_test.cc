// Overlapped I/O on files: ReadFile and WriteFile with an OVERLAPPED, on handles opened with and without
// FILE_FLAG_OVERLAPPED; what they leave in the OVERLAPPED (Internal: the status, STATUS_PENDING while the I/O
// runs; InternalHigh: the bytes) and its event; GetOverlappedResult(Ex), HasOverlappedIoCompleted, CancelIo(Ex).
//
// A disk read or write on an overlapped handle may complete before ReadFile/WriteFile return (TRUE) or later
// (FALSE, ERROR_IO_PENDING): Windows does either, Wine always says pending. The tests accept both and check the
// outcome through GetOverlappedResult. An OVERLAPPED that is still pending cannot be made with a disk file, so
// the tests of GetOverlappedResult on one fill in Internal = STATUS_PENDING themselves.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefile
// https://learn.microsoft.com/en-us/windows/win32/api/minwinbase/ns-minwinbase-overlapped
// https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresult
// https://learn.microsoft.com/en-us/windows/win32/api/ioapiset/nf-ioapiset-getoverlappedresultex
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-hasoverlappediocompleted
// https://learn.microsoft.com/en-us/windows/win32/fileio/cancelio
// https://learn.microsoft.com/en-us/windows/win32/fileio/cancelioex-func
#include <windows.h>

#include <cstdint>
#include <string>

#include "files/overlapped_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::ReadFresh;

using files::overlapped::ContentFile;
using files::overlapped::kContent;
using files::overlapped::kStatusAccessDenied;
using files::overlapped::kStatusBufferOverflow;
using files::overlapped::kStatusEndOfFile;
using files::overlapped::kStatusPending;
using files::overlapped::kStatusSuccess;

// A new manual-reset event, unsignalled unless `signalled`.
ScopedHandle NewEvent(bool signalled = false) { return ScopedHandle(CreateEventA(nullptr, TRUE, signalled, nullptr)); }

bool IsSignalled(HANDLE event) { return WaitForSingleObject(event, 0) == WAIT_OBJECT_0; }

// The test file, and an unsignalled manual-reset event for the tests' OVERLAPPEDs.
class OverlappedIo : public ContentFile {
 protected:
  void SetUp() override {
    ContentFile::SetUp();
    ASSERT_TRUE(event_) << DescribeError(GetLastError());
  }

  ScopedHandle event_ = NewEvent();
};

// An OVERLAPPED at `offset` whose event is `event`.
OVERLAPPED At(DWORD offset, HANDLE event) {
  OVERLAPPED overlapped = {};
  overlapped.Offset = offset;
  overlapped.hEvent = event;
  return overlapped;
}

// The file pointer of `file`.
LONGLONG Pointer(HANDLE file) {
  LARGE_INTEGER zero = {}, position = {};
  position.QuadPart = -1;
  if (!SetFilePointerEx(file, zero, &position, FILE_CURRENT)) ADD_FAILURE() << DescribeError(GetLastError());
  return position.QuadPart;
}

// Checks how an overlapped handle's ReadFile/WriteFile returned: done at once (TRUE) or pending (FALSE with
// ERROR_IO_PENDING), both of which Windows does for a disk file.
void ExpectDoneOrPending(const CallResult<BOOL>& issued) {
  if (!issued.value) {
    EXPECT_EQ(issued.error, static_cast<DWORD>(ERROR_IO_PENDING)) << DescribeError(issued.error);
  }
}

// For an I/O issued on an overlapped handle (`issued`, what ReadFile/WriteFile returned): checks it is done or
// pending, then that GetOverlappedResult(bWait) succeeds with the last error untouched; returns the count.
DWORD WaitForSuccess(HANDLE file, OVERLAPPED* overlapped, const CallResult<BOOL>& issued) {
  ExpectDoneOrPending(issued);
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResult(file, overlapped, &transferred, TRUE)), SucceedsWith(kPoisonError));
  return transferred;
}

// Checks what a successful I/O leaves once complete: Internal STATUS_SUCCESS, InternalHigh the count, and its
// event (which must be a real handle here) set.
void ExpectCompleted(const OVERLAPPED& overlapped, ULONG_PTR count) {
  EXPECT_EQ(overlapped.Internal, kStatusSuccess);
  EXPECT_EQ(overlapped.InternalHigh, count);
  EXPECT_TRUE(IsSignalled(overlapped.hEvent)) << "the event is set when the I/O completes";
}

// Tests that ReadFile with an OVERLAPPED on a synchronous handle reads at the OVERLAPPED's offset, returns TRUE
// with the count, leaves Internal STATUS_SUCCESS and InternalHigh the count, signals the event, and moves the
// file pointer past the bytes read.
TEST_F(OverlappedIo, SynchronousHandleReadsAtOffsetAndSignalsTheEvent) {
  BEHAVIOUR("FL-OVL-001");
  ScopedHandle file = Open(false);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(4, event_.get());
  char buffer[8] = {};
  DWORD read = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, 5, &read, &overlapped)), SucceedsWith(kPoisonError));
  EXPECT_EQ(read, 5u);
  EXPECT_EQ(std::string(buffer, 5), "45678");
  ExpectCompleted(overlapped, 5);
  EXPECT_EQ(Pointer(file.get()), 9) << "the pointer moves past the bytes read";
}

// Tests that WriteFile with an OVERLAPPED on a synchronous handle writes at the OVERLAPPED's offset, returns TRUE
// with the count, leaves Internal STATUS_SUCCESS and InternalHigh the count, signals the event, and moves the
// file pointer past the bytes written.
TEST_F(OverlappedIo, SynchronousHandleWritesAtOffsetAndSignalsTheEvent) {
  BEHAVIOUR("FL-OVL-002");
  ScopedHandle file = Open(false);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(2, event_.get());
  DWORD written = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(file.get(), "XYZ", 3, &written, &overlapped)), SucceedsWith(kPoisonError));
  EXPECT_EQ(written, 3u);
  ExpectCompleted(overlapped, 3);
  EXPECT_EQ(Pointer(file.get()), 5);
  EXPECT_EQ(ReadFresh(temp_.path(), 16), "01XYZ56789abcdef");
}

// Tests that ReadFile on a FILE_FLAG_OVERLAPPED handle reads at the OVERLAPPED's offset: it completes at once or
// is pending (ERROR_IO_PENDING), GetOverlappedResult(bWait) then gives the count, Internal is STATUS_SUCCESS,
// the event is signalled, and the file pointer does not move.
TEST_F(OverlappedIo, OverlappedHandleReadCompletesThroughGetOverlappedResult) {
  BEHAVIOUR("FL-OVL-003");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(4, event_.get());
  char buffer[8] = {};
  SetLastError(kPoisonError);
  const auto issued = Call(ReadFile(file.get(), buffer, 5, nullptr, &overlapped));
  EXPECT_EQ(WaitForSuccess(file.get(), &overlapped, issued), 5u);
  EXPECT_EQ(std::string(buffer, 5), "45678");
  ExpectCompleted(overlapped, 5);
  EXPECT_EQ(Pointer(file.get()), 0) << "an overlapped handle's pointer does not move";
}

// Tests that WriteFile on a FILE_FLAG_OVERLAPPED handle writes at the OVERLAPPED's offset (done at once or
// pending), GetOverlappedResult(bWait) gives the count, and the file pointer does not move.
TEST_F(OverlappedIo, OverlappedHandleWriteCompletesThroughGetOverlappedResult) {
  BEHAVIOUR("FL-OVL-004");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(14, event_.get());
  SetLastError(kPoisonError);
  const auto issued = Call(WriteFile(file.get(), "XYZ", 3, nullptr, &overlapped));
  EXPECT_EQ(WaitForSuccess(file.get(), &overlapped, issued), 3u);
  ExpectCompleted(overlapped, 3);
  EXPECT_EQ(Pointer(file.get()), 0);
  EXPECT_EQ(ReadFresh(temp_.path(), 32), "0123456789abcdXYZ") << "written at 14, growing the file by one byte";
}

// Tests that ReadFile and WriteFile without an OVERLAPPED on a FILE_FLAG_OVERLAPPED handle fail with
// ERROR_INVALID_PARAMETER: such a handle has no file pointer to read at.
TEST_F(OverlappedIo, OverlappedHandleWithoutOverlappedIsInvalidParameter) {
  BEHAVIOUR("FL-OVL-005");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  char buffer[8] = {};
  DWORD count = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, 4, &count, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(count, 0u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(file.get(), "x", 1, &count, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ReadFresh(temp_.path(), 32), kContent) << "nothing was written";
}

// Tests that ReadFile with an OVERLAPPED past the end of the file on a synchronous handle fails with
// ERROR_HANDLE_EOF, leaves Internal STATUS_END_OF_FILE and InternalHigh 0, and signals the event (the I/O
// completed, with that status).
TEST_F(OverlappedIo, SynchronousReadPastEndFailsWithHandleEof) {
  BEHAVIOUR("FL-OVL-006");
  ScopedHandle file = Open(false);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(100, event_.get());
  overlapped.InternalHigh = 77;
  char buffer[8] = {};
  DWORD read = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, 5, &read, &overlapped)), FailsWith(ERROR_HANDLE_EOF));
  EXPECT_EQ(read, 0u);
  EXPECT_EQ(overlapped.Internal, kStatusEndOfFile);
  EXPECT_EQ(overlapped.InternalHigh, 0u);
  EXPECT_TRUE(IsSignalled(event_.get()));
}

// Tests that a read past the end of the file on a FILE_FLAG_OVERLAPPED handle ends with ERROR_HANDLE_EOF: either
// at once, or (pending) through GetOverlappedResult, which then reports 0 bytes; Internal is STATUS_END_OF_FILE.
TEST_F(OverlappedIo, OverlappedReadPastEndEndsWithHandleEof) {
  BEHAVIOUR("FL-OVL-007");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(100, event_.get());
  char buffer[8] = {};
  SetLastError(kPoisonError);
  const auto issued = Call(ReadFile(file.get(), buffer, 5, nullptr, &overlapped));
  EXPECT_FALSE(issued.value);
  if (issued.error != ERROR_HANDLE_EOF) {
    EXPECT_EQ(issued.error, static_cast<DWORD>(ERROR_IO_PENDING)) << DescribeError(issued.error);
    DWORD transferred = 12345;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetOverlappedResult(file.get(), &overlapped, &transferred, TRUE)), FailsWith(ERROR_HANDLE_EOF));
    EXPECT_EQ(transferred, 0u);
  }
  EXPECT_EQ(overlapped.Internal, kStatusEndOfFile);
}

// Tests that a ReadFile refused before any I/O (a handle without read access) fails with ERROR_ACCESS_DENIED on
// both kinds of handle, leaves Internal STATUS_PENDING (set before the call is tried) and does not touch the
// event: one that was set stays set, one that was not stays unset.
TEST_F(OverlappedIo, RefusedReadLeavesInternalPendingAndTheEventAlone) {
  BEHAVIOUR("FL-OVL-008");
  for (bool overlapped_handle : {false, true}) {
    for (bool signalled : {false, true}) {
      SCOPED_TRACE(std::string(overlapped_handle ? "overlapped" : "synchronous") + " handle, event " +
                   (signalled ? "set" : "unset") + " before");
      ScopedHandle file = Open(overlapped_handle, GENERIC_WRITE);
      ScopedHandle event = NewEvent(signalled);
      ASSERT_TRUE(file && event);
      OVERLAPPED overlapped = At(0, event.get());
      overlapped.Internal = 0x1234;
      char buffer[8] = {};
      SetLastError(kPoisonError);
      EXPECT_THAT(Call(ReadFile(file.get(), buffer, 4, nullptr, &overlapped)), FailsWith(ERROR_ACCESS_DENIED));
      EXPECT_EQ(overlapped.Internal, kStatusPending);
      EXPECT_EQ(IsSignalled(event.get()), signalled);
    }
  }
}

// Tests that GetOverlappedResult on a completed OVERLAPPED gives InternalHigh as the count and turns Internal into
// the result: STATUS_SUCCESS is TRUE with the last error untouched; STATUS_END_OF_FILE, STATUS_ACCESS_DENIED and
// the warning STATUS_BUFFER_OVERFLOW are FALSE with ERROR_HANDLE_EOF, ERROR_ACCESS_DENIED and ERROR_MORE_DATA, the
// count given all the same.
TEST(GetOverlappedResult, CompletedOverlappedGivesCountAndStatus) {
  BEHAVIOUR("FL-OVL-009");
  struct Row {
    ULONG_PTR status;
    BOOL result;
    DWORD error;
  };
  for (const Row& row : {Row{kStatusSuccess, TRUE, kPoisonError}, Row{kStatusEndOfFile, FALSE, ERROR_HANDLE_EOF},
                         Row{kStatusAccessDenied, FALSE, ERROR_ACCESS_DENIED},
                         Row{kStatusBufferOverflow, FALSE, ERROR_MORE_DATA}}) {
    SCOPED_TRACE(::testing::Message() << "Internal 0x" << std::hex << row.status);
    OVERLAPPED overlapped = {};
    overlapped.Internal = row.status;
    overlapped.InternalHigh = 42;
    DWORD transferred = 12345;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetOverlappedResult(nullptr, &overlapped, &transferred, FALSE)),
                ReturnsWithError(row.result, row.error));
    EXPECT_EQ(transferred, 42u);
  }
}

// Tests that GetOverlappedResult without waiting, and GetOverlappedResultEx with timeout 0, on a pending
// OVERLAPPED fail with ERROR_IO_INCOMPLETE and leave the count alone.
TEST(GetOverlappedResult, PendingWithoutWaitingIsIoIncomplete) {
  BEHAVIOUR("FL-OVL-010");
  ScopedHandle event = NewEvent();
  ASSERT_TRUE(event);
  OVERLAPPED overlapped = At(0, event.get());
  overlapped.Internal = kStatusPending;
  overlapped.InternalHigh = 7;
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResult(nullptr, &overlapped, &transferred, FALSE)), FailsWith(ERROR_IO_INCOMPLETE));
  EXPECT_EQ(transferred, 12345u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResultEx(nullptr, &overlapped, &transferred, 0, FALSE)),
              FailsWith(ERROR_IO_INCOMPLETE));
  EXPECT_EQ(transferred, 12345u);
}

// Tests that GetOverlappedResultEx with a timeout on a pending OVERLAPPED whose event is never set fails with
// last error WAIT_TIMEOUT once the timeout has passed, and leaves the count alone.
TEST(GetOverlappedResult, PendingTimeoutIsWaitTimeout) {
  BEHAVIOUR("FL-OVL-011");
  ScopedHandle event = NewEvent();
  ASSERT_TRUE(event);
  OVERLAPPED overlapped = At(0, event.get());
  overlapped.Internal = kStatusPending;
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResultEx(nullptr, &overlapped, &transferred, 10, FALSE)), FailsWith(WAIT_TIMEOUT));
  EXPECT_EQ(transferred, 12345u);
}

// Tests that GetOverlappedResult(bWait) on a pending OVERLAPPED waits for its event and, once the event is set,
// returns TRUE with InternalHigh as the count, even though Internal still says STATUS_PENDING.
TEST(GetOverlappedResult, WaitReturnsOnceTheEventIsSet) {
  BEHAVIOUR("FL-OVL-012");
  ScopedHandle event = NewEvent(/*signalled=*/true);
  ASSERT_TRUE(event);
  OVERLAPPED overlapped = At(0, event.get());
  overlapped.Internal = kStatusPending;
  overlapped.InternalHigh = 7;
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResult(nullptr, &overlapped, &transferred, TRUE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(transferred, 7u);
}

// Tests that GetOverlappedResult(bWait) on a pending OVERLAPPED without an event waits on the file handle, which is
// signalled while no I/O runs on it, and returns TRUE with InternalHigh as the count.
TEST_F(OverlappedIo, WaitWithoutAnEventWaitsOnTheFile) {
  BEHAVIOUR("FL-OVL-013");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(0, nullptr);
  overlapped.Internal = kStatusPending;
  overlapped.InternalHigh = 9;
  DWORD transferred = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetOverlappedResult(file.get(), &overlapped, &transferred, TRUE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(transferred, 9u);
}

// Tests that HasOverlappedIoCompleted is FALSE while Internal is STATUS_PENDING and TRUE for any other status, a
// failure's included.
TEST(HasOverlappedIoCompleted, FalseOnlyWhilePending) {
  BEHAVIOUR("FL-OVL-014");
  OVERLAPPED overlapped = {};
  overlapped.Internal = kStatusPending;
  EXPECT_FALSE(HasOverlappedIoCompleted(&overlapped));
  overlapped.Internal = kStatusSuccess;
  EXPECT_TRUE(HasOverlappedIoCompleted(&overlapped));
  overlapped.Internal = kStatusEndOfFile;
  EXPECT_TRUE(HasOverlappedIoCompleted(&overlapped));
}

// Tests that CancelIo on a file handle with no I/O pending succeeds with the last error untouched, and that
// CancelIo on NULL fails with ERROR_INVALID_HANDLE.
TEST_F(OverlappedIo, CancelIoWithNothingPendingSucceeds) {
  BEHAVIOUR("FL-OVL-015");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelIo(file.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelIo(nullptr)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that CancelIoEx for an OVERLAPPED whose I/O has completed finds nothing to cancel: FALSE with
// ERROR_NOT_FOUND.
TEST_F(OverlappedIo, CancelIoExOfACompletedOverlappedIsNotFound) {
  BEHAVIOUR("FL-OVL-016");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(0, event_.get());
  char buffer[4] = {};
  SetLastError(kPoisonError);
  const auto issued = Call(ReadFile(file.get(), buffer, 4, nullptr, &overlapped));
  ASSERT_EQ(WaitForSuccess(file.get(), &overlapped, issued), 4u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelIoEx(file.get(), &overlapped)), FailsWith(ERROR_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelIoEx(nullptr, &overlapped)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that CancelIoEx(file, NULL) on a file with no I/O pending finds nothing to cancel: FALSE with
// ERROR_NOT_FOUND ("If this function cannot find a request to cancel, the return value is 0").
TEST_F(OverlappedIo, CancelIoExOfEverythingWithNothingPendingIsNotFound) {
  BEHAVIOUR("FL-OVL-017");
  ScopedHandle file = Open(true);
  ASSERT_TRUE(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CancelIoEx(file.get(), nullptr)), FailsWith(ERROR_NOT_FOUND));
}

// Tests that an OVERLAPPED event handle with its low-order bit set (which asks that no completion packet be
// queued) is still the event the completed I/O sets.
TEST_F(OverlappedIo, EventWithLowBitSetIsStillSet) {
  BEHAVIOUR("FL-OVL-018");
  ScopedHandle file = Open(true);
  ScopedHandle event = NewEvent();
  ASSERT_TRUE(file && event);
  OVERLAPPED overlapped = At(0, reinterpret_cast<HANDLE>(reinterpret_cast<uintptr_t>(event_.get()) | 1));
  char buffer[4] = {};
  SetLastError(kPoisonError);
  const auto issued = Call(ReadFile(file.get(), buffer, 4, nullptr, &overlapped));
  EXPECT_EQ(WaitForSuccess(file.get(), &overlapped, issued), 4u);
  EXPECT_TRUE(IsSignalled(event_.get())) << "set through the handle value with its low bit set";
}

}  // namespace
}  // namespace winipc::conformance
