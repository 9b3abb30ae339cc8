// The console calls on a handle that is not a console: a standard handle redirected to a file or a pipe, which is
// what a program sees under a test harness, a service or a pipeline. Windows fails them with ERROR_INVALID_HANDLE;
// a program is expected to fall back to plain output (emu's console is the terminal: docs/porting.md).
// https://learn.microsoft.com/en-us/windows/console/console-handles
#include <windows.h>

#include <cstring>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::TempFile;

// A read-write handle on a fresh temporary file: a standard handle redirected with "> file".
ScopedHandle OpenRedirectTarget(const TempFile& file) {
  ScopedHandle handle(CreateFileA(file.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS,
                                  FILE_ATTRIBUTE_NORMAL, nullptr));
  EXPECT_NE(handle.get(), INVALID_HANDLE_VALUE) << DescribeError(GetLastError());
  return handle;
}

// Tests that SetConsoleTextAttribute on a file handle fails with ERROR_INVALID_HANDLE and writes nothing to it.
TEST(SetConsoleTextAttribute, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-ATTR-001");
  TempFile file;
  ScopedHandle out = OpenRedirectTarget(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetConsoleTextAttribute(out.get(), FOREGROUND_RED | FOREGROUND_INTENSITY)),
              FailsWith(ERROR_INVALID_HANDLE));
  LARGE_INTEGER size = {};
  ASSERT_TRUE(GetFileSizeEx(out.get(), &size));
  EXPECT_EQ(size.QuadPart, 0);  // no escape sequence went into the file
}

// Tests that GetConsoleScreenBufferInfo on a file handle fails with ERROR_INVALID_HANDLE.
TEST(GetConsoleScreenBufferInfo, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-ATTR-002");
  TempFile file;
  ScopedHandle out = OpenRedirectTarget(file);
  CONSOLE_SCREEN_BUFFER_INFO info;
  std::memset(&info, 0, sizeof info);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleScreenBufferInfo(out.get(), &info)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that the colour and cursor calls refuse NULL and INVALID_HANDLE_VALUE with ERROR_INVALID_HANDLE.
TEST(SetConsoleTextAttribute, NullAndInvalidHandleFail) {
  BEHAVIOUR("CN-ATTR-003");
  for (HANDLE handle : {HANDLE(nullptr), INVALID_HANDLE_VALUE}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleTextAttribute(handle, FOREGROUND_GREEN)), FailsWith(ERROR_INVALID_HANDLE));
    CONSOLE_SCREEN_BUFFER_INFO info;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetConsoleScreenBufferInfo(handle, &info)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleCursorPosition(handle, COORD{0, 0})), FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that SetConsoleCursorPosition on a file handle fails with ERROR_INVALID_HANDLE and writes nothing.
TEST(SetConsoleCursorPosition, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-ATTR-004");
  TempFile file;
  ScopedHandle out = OpenRedirectTarget(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetConsoleCursorPosition(out.get(), COORD{2, 1})), FailsWith(ERROR_INVALID_HANDLE));
  LARGE_INTEGER size = {};
  ASSERT_TRUE(GetFileSizeEx(out.get(), &size));
  EXPECT_EQ(size.QuadPart, 0);
}

// Tests that GetConsoleMode on a file handle fails with ERROR_INVALID_HANDLE and leaves the mode untouched (the
// usual "is this a console?" test of ported programs).
TEST(GetConsoleMode, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-MODE-001");
  TempFile file;
  ScopedHandle out = OpenRedirectTarget(file);
  DWORD mode = 0x1234;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleMode(out.get(), &mode)), FailsWith(ERROR_INVALID_HANDLE));
  EXPECT_EQ(mode, 0x1234u);
}

// Tests that SetConsoleMode on a file handle fails with ERROR_INVALID_HANDLE, whatever the mode.
TEST(SetConsoleMode, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-MODE-002");
  TempFile file;
  ScopedHandle out = OpenRedirectTarget(file);
  for (DWORD mode : {DWORD{ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING}, DWORD{0},
                     DWORD{0xffffffff}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleMode(out.get(), mode)), FailsWith(ERROR_INVALID_HANDLE)) << "mode " << mode;
  }
}

// Tests that GetConsoleMode and SetConsoleMode refuse NULL and INVALID_HANDLE_VALUE with ERROR_INVALID_HANDLE.
TEST(GetConsoleMode, NullAndInvalidHandleFail) {
  BEHAVIOUR("CN-MODE-003");
  for (HANDLE handle : {HANDLE(nullptr), INVALID_HANDLE_VALUE}) {
    DWORD mode = 0;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetConsoleMode(handle, &mode)), FailsWith(ERROR_INVALID_HANDLE));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleMode(handle, ENABLE_PROCESSED_INPUT)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that FlushConsoleInputBuffer on a file handle fails with ERROR_INVALID_HANDLE and leaves the file alone.
TEST(FlushConsoleInputBuffer, FileHandleFailsInvalidHandle) {
  BEHAVIOUR("CN-MODE-004");
  TempFile file;
  ScopedHandle in = OpenRedirectTarget(file);
  DWORD written = 0;
  ASSERT_TRUE(WriteFile(in.get(), "keys", 4, &written, nullptr));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushConsoleInputBuffer(in.get())), FailsWith(ERROR_INVALID_HANDLE));
  LARGE_INTEGER size = {};
  ASSERT_TRUE(GetFileSizeEx(in.get(), &size));
  EXPECT_EQ(size.QuadPart, 4);
}

}  // namespace
}  // namespace winipc::conformance
