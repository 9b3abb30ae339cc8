// Anonymous pipes: CreatePipe, ReadFile and WriteFile on its ends, the end of a pipe (ERROR_BROKEN_PIPE), and
// PeekNamedPipe on the read end.
// https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-createpipe
// https://learn.microsoft.com/en-us/windows/win32/ipc/anonymous-pipe-operations
// https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-peeknamedpipe
#include <windows.h>

#include <cstring>
#include <string>

#include "harness/harness.h"
#include "pipes/anonymous_pipe.h"

namespace winipc::conformance {
namespace {

using pipes::AnonymousPipe;
using pipes::MakeAnonymousPipe;
using pipes::WriteText;

// Tests that CreatePipe gives two handles, and the bytes written to the write end are read from the read end.
TEST(CreatePipe, WrittenBytesAreReadBack) {
  BEHAVIOUR("PP-ANON-001");
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CreatePipe(&read_end, &write_end, nullptr, 0)), Succeeds());
  ScopedHandle reader(read_end);
  ScopedHandle writer(write_end);
  EXPECT_NE(read_end, write_end);
  DWORD written = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(write_end, "through the pipe", 16, &written, nullptr)), SucceedsWith(kPoisonError));
  EXPECT_EQ(written, 16u);
  char buffer[32] = {};
  DWORD read = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(read_end, buffer, sizeof buffer, &read, nullptr)), SucceedsWith(kPoisonError));
  EXPECT_EQ(std::string(buffer, read), "through the pipe");
}

// Tests that once every write handle is closed and the pipe is empty, ReadFile fails with ERROR_BROKEN_PIPE and
// reads nothing.
TEST(CreatePipe, ReadAfterWriterClosedFailsBrokenPipe) {
  BEHAVIOUR("PP-ANON-002");
  AnonymousPipe pipe = MakeAnonymousPipe();
  pipe.write_end.reset();
  char buffer[8];
  DWORD read = 1234;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(pipe.read_end.get(), buffer, sizeof buffer, &read, nullptr)),
              FailsWith(ERROR_BROKEN_PIPE));
  EXPECT_EQ(read, 0u);
}

// Tests that bytes written before the write end was closed are still read, and the pipe ends after them.
TEST(CreatePipe, BytesBeforeCloseAreReadThenBrokenPipe) {
  BEHAVIOUR("PP-ANON-003");
  AnonymousPipe pipe = MakeAnonymousPipe();
  ASSERT_TRUE(WriteText(pipe.write_end.get(), "last words"));
  pipe.write_end.reset();
  char buffer[32];
  DWORD read = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(pipe.read_end.get(), buffer, sizeof buffer, &read, nullptr)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(std::string(buffer, read), "last words");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(pipe.read_end.get(), buffer, sizeof buffer, &read, nullptr)),
              FailsWith(ERROR_BROKEN_PIPE));
}

// Tests that SECURITY_ATTRIBUTES.bInheritHandle makes both ends inheritable, and that without it neither is.
TEST(CreatePipe, InheritHandleMarksBothEnds) {
  BEHAVIOUR("PP-ANON-004");
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, nullptr, TRUE};
  AnonymousPipe inherited = MakeAnonymousPipe(&inherit);
  AnonymousPipe plain = MakeAnonymousPipe();
  for (HANDLE handle : {inherited.read_end.get(), inherited.write_end.get()}) {
    DWORD flags = 0;
    ASSERT_TRUE(GetHandleInformation(handle, &flags));
    EXPECT_EQ(flags & HANDLE_FLAG_INHERIT, DWORD{HANDLE_FLAG_INHERIT});
  }
  for (HANDLE handle : {plain.read_end.get(), plain.write_end.get()}) {
    DWORD flags = 0xff;
    ASSERT_TRUE(GetHandleInformation(handle, &flags));
    EXPECT_EQ(flags & HANDLE_FLAG_INHERIT, 0u);
  }
}

// Tests that writing to a pipe whose read end is closed fails with ERROR_NO_DATA ("the pipe is being closed"),
// and does not end the process.
TEST(CreatePipe, WriteAfterReaderClosedFailsNoData) {
  BEHAVIOUR("PP-ANON-005");
  AnonymousPipe pipe = MakeAnonymousPipe();
  pipe.read_end.reset();
  DWORD written = 1234;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(pipe.write_end.get(), "lost", 4, &written, nullptr)), FailsWith(ERROR_NO_DATA));
  EXPECT_EQ(written, 0u);
}

// Tests that each end is one-way: ReadFile on the write end and WriteFile on the read end fail with
// ERROR_ACCESS_DENIED.
TEST(CreatePipe, EndsAreOneWay) {
  BEHAVIOUR("PP-ANON-006");
  AnonymousPipe pipe = MakeAnonymousPipe();
  char buffer[4];
  DWORD count = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(pipe.write_end.get(), buffer, sizeof buffer, &count, nullptr)),
              FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(pipe.read_end.get(), "x", 1, &count, nullptr)), FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that a size hint (nSize) is taken and the pipe works as any other.
TEST(CreatePipe, SizeHintIsAccepted) {
  BEHAVIOUR("PP-ANON-007");
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CreatePipe(&read_end, &write_end, nullptr, 65536)), Succeeds());
  ScopedHandle reader(read_end);
  ScopedHandle writer(write_end);
  const std::string block(4096, 'p');
  ASSERT_TRUE(WriteText(write_end, block));
  std::string got(block.size(), '\0');
  DWORD read = 0;
  ASSERT_TRUE(ReadFile(read_end, got.data(), static_cast<DWORD>(got.size()), &read, nullptr));
  EXPECT_EQ(read, block.size());
  EXPECT_EQ(got, block);
}

// Tests that PeekNamedPipe on an empty pipe succeeds with nothing available.
TEST(PeekNamedPipe, EmptyPipeHasNothingAvailable) {
  BEHAVIOUR("PP-PEEK-001");
  AnonymousPipe pipe = MakeAnonymousPipe();
  DWORD available = 1234;
  DWORD read = 1234;
  char buffer[8];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.read_end.get(), buffer, sizeof buffer, &read, &available, nullptr)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(available, 0u);
  EXPECT_EQ(read, 0u);
}

// Tests that PeekNamedPipe reports the bytes waiting, copies the first of them, and leaves them to be read.
TEST(PeekNamedPipe, CopiesWithoutTaking) {
  BEHAVIOUR("PP-PEEK-002");
  AnonymousPipe pipe = MakeAnonymousPipe();
  ASSERT_TRUE(WriteText(pipe.write_end.get(), "peek-a-boo"));
  char buffer[4] = {};
  DWORD copied = 0;
  DWORD available = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.read_end.get(), buffer, sizeof buffer, &copied, &available, nullptr)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(available, 10u);
  EXPECT_EQ(copied, 4u);
  EXPECT_EQ(std::string(buffer, copied), "peek");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.read_end.get(), nullptr, 0, nullptr, &available, nullptr)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(available, 10u);
  char all[16];
  DWORD read = 0;
  ASSERT_TRUE(ReadFile(pipe.read_end.get(), all, sizeof all, &read, nullptr));
  EXPECT_EQ(std::string(all, read), "peek-a-boo");
}

// Tests that PeekNamedPipe on a pipe that has ended (empty, write end closed) fails with ERROR_BROKEN_PIPE, while
// bytes still waiting are reported first.
TEST(PeekNamedPipe, EndedPipeFailsBrokenPipe) {
  BEHAVIOUR("PP-PEEK-003");
  AnonymousPipe pipe = MakeAnonymousPipe();
  ASSERT_TRUE(WriteText(pipe.write_end.get(), "xy"));
  pipe.write_end.reset();
  DWORD available = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.read_end.get(), nullptr, 0, nullptr, &available, nullptr)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(available, 2u);
  char buffer[4];
  DWORD read = 0;
  ASSERT_TRUE(ReadFile(pipe.read_end.get(), buffer, sizeof buffer, &read, nullptr));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.read_end.get(), nullptr, 0, nullptr, &available, nullptr)),
              FailsWith(ERROR_BROKEN_PIPE));
}

// Tests that PeekNamedPipe refuses the write end with ERROR_ACCESS_DENIED and NULL with ERROR_INVALID_HANDLE.
TEST(PeekNamedPipe, WriteEndAndNullFail) {
  BEHAVIOUR("PP-PEEK-004");
  AnonymousPipe pipe = MakeAnonymousPipe();
  DWORD available = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(pipe.write_end.get(), nullptr, 0, nullptr, &available, nullptr)),
              FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(PeekNamedPipe(nullptr, nullptr, 0, nullptr, &available, nullptr)),
              FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that the console calls refuse a pipe end with ERROR_INVALID_HANDLE: a standard handle redirected to a
// pipe is not a console.
TEST(CreatePipe, PipeEndIsNotAConsole) {
  BEHAVIOUR("CN-ATTR-005");
  AnonymousPipe pipe = MakeAnonymousPipe();
  DWORD mode = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleMode(pipe.write_end.get(), &mode)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetConsoleTextAttribute(pipe.write_end.get(), FOREGROUND_BLUE)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleMode(pipe.read_end.get(), &mode)), FailsWith(ERROR_INVALID_HANDLE));
  DWORD available = 1;
  EXPECT_TRUE(PeekNamedPipe(pipe.read_end.get(), nullptr, 0, nullptr, &available, nullptr));
  EXPECT_EQ(available, 0u);  // nothing was written: the console calls put no escape sequence into the pipe
}

}  // namespace
}  // namespace winipc::conformance
