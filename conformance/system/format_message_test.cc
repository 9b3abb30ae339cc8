// FormatMessage: the system's message texts and caller's strings with inserts.
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-formatmessage
// https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes
#include <windows.h>

#include <cstdarg>
#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Windows' English text for each error code emu reports (Microsoft Learn, "System Error Codes"), as
// FormatMessage returns it: with the trailing CR LF its message table stores.
struct SystemMessage {
  DWORD code;
  const char* text;
};
constexpr SystemMessage kSystemMessages[] = {
    {ERROR_SUCCESS, "The operation completed successfully.\r\n"},
    {ERROR_INVALID_FUNCTION, "Incorrect function.\r\n"},
    {ERROR_FILE_NOT_FOUND, "The system cannot find the file specified.\r\n"},
    {ERROR_PATH_NOT_FOUND, "The system cannot find the path specified.\r\n"},
    {ERROR_TOO_MANY_OPEN_FILES, "The system cannot open the file.\r\n"},
    {ERROR_ACCESS_DENIED, "Access is denied.\r\n"},
    {ERROR_INVALID_HANDLE, "The handle is invalid.\r\n"},
    {ERROR_NOT_ENOUGH_MEMORY, "Not enough memory resources are available to process this command.\r\n"},
    {ERROR_INVALID_BLOCK, "The storage control block address is invalid.\r\n"},
    {ERROR_INVALID_ACCESS, "The access code is invalid.\r\n"},
    {ERROR_OUTOFMEMORY, "Not enough memory resources are available to complete this operation.\r\n"},
    {ERROR_BAD_LENGTH, "The program issued a command but the command length is incorrect.\r\n"},
    {ERROR_GEN_FAILURE, "A device attached to the system is not functioning.\r\n"},
    {ERROR_SHARING_VIOLATION, "The process cannot access the file because it is being used by another process.\r\n"},
    {ERROR_HANDLE_EOF, "Reached the end of the file.\r\n"},
    {ERROR_NOT_SUPPORTED, "The request is not supported.\r\n"},
    {ERROR_FILE_EXISTS, "The file exists.\r\n"},
    {ERROR_INVALID_PARAMETER, "The parameter is incorrect.\r\n"},
    {ERROR_BUFFER_OVERFLOW, "The file name is too long.\r\n"},
    {ERROR_DISK_FULL, "There is not enough space on the disk.\r\n"},
    {ERROR_CALL_NOT_IMPLEMENTED, "This function is not supported on this system.\r\n"},
    {ERROR_INSUFFICIENT_BUFFER, "The data area passed to a system call is too small.\r\n"},
    {ERROR_INVALID_NAME, "The filename, directory name, or volume label syntax is incorrect.\r\n"},
    {ERROR_MOD_NOT_FOUND, "The specified module could not be found.\r\n"},
    {ERROR_PROC_NOT_FOUND, "The specified procedure could not be found.\r\n"},
    {ERROR_NEGATIVE_SEEK, "An attempt was made to move the file pointer before the beginning of the file.\r\n"},
    {ERROR_NOT_LOCKED, "The segment is already unlocked.\r\n"},
    {ERROR_BAD_PATHNAME, "The specified path is invalid.\r\n"},
    {ERROR_ALREADY_EXISTS, "Cannot create a file when that file already exists.\r\n"},
    {ERROR_BAD_EXE_FORMAT, "%1 is not a valid Win32 application.\r\n"},
    {ERROR_ENVVAR_NOT_FOUND, "The system could not find the environment option that was entered.\r\n"},
    {ERROR_FILENAME_EXCED_RANGE, "The filename or extension is too long.\r\n"},
    {ERROR_PIPE_BUSY, "All pipe instances are busy.\r\n"},
    {ERROR_MORE_DATA, "More data is available.\r\n"},
    {ERROR_NO_MORE_ITEMS, "No more data is available.\r\n"},
    {ERROR_DIRECTORY, "The directory name is invalid.\r\n"},
    {ERROR_NOT_OWNER, "Attempt to release mutex not owned by caller.\r\n"},
    {ERROR_TOO_MANY_POSTS, "Too many posts were made to a semaphore.\r\n"},
    {ERROR_MR_MID_NOT_FOUND,
     "The system cannot find message text for message number 0x%1 in the message file for %2.\r\n"},
    {ERROR_INVALID_ADDRESS, "Attempt to access invalid address.\r\n"},
    {ERROR_OPERATION_ABORTED,
     "The I/O operation has been aborted because of either a thread exit or an application request.\r\n"},
    {ERROR_IO_INCOMPLETE, "Overlapped I/O event is not in a signaled state.\r\n"},
    {ERROR_IO_PENDING, "Overlapped I/O operation is in progress.\r\n"},
    {ERROR_NOACCESS, "Invalid access to memory location.\r\n"},
    {ERROR_INVALID_FLAGS, "Invalid flags.\r\n"},
    {ERROR_FILE_INVALID,
     "The volume for a file has been externally altered so that the opened file is no longer valid.\r\n"},
    {ERROR_NO_UNICODE_TRANSLATION, "No mapping for the Unicode character exists in the target multi-byte code page.\r\n"},
    {ERROR_MAPPED_ALIGNMENT, "The base address or the file offset specified does not have the proper alignment.\r\n"},
    {ERROR_NOT_FOUND, "Element not found.\r\n"},
    {ERROR_USER_MAPPED_FILE,
     "The requested operation cannot be performed on a file with a user-mapped section open.\r\n"},
    {ERROR_UNKNOWN_REVISION, "The revision level is unknown.\r\n"},
    {ERROR_PRIVILEGE_NOT_HELD, "A required privilege is not held by the client.\r\n"},
    {ERROR_INVALID_ACL, "The access control list (ACL) structure is invalid.\r\n"},
    {ERROR_INVALID_SECURITY_DESCR, "The security descriptor structure is invalid.\r\n"},
    {ERROR_COMMITMENT_LIMIT, "The paging file is too small for this operation to complete.\r\n"},
    {ERROR_TIMEOUT, "This operation returned because the timeout period expired.\r\n"},
    {ERROR_RESOURCE_LANG_NOT_FOUND, "The specified resource language ID cannot be found in the image file.\r\n"},
    {ERROR_NOT_ENOUGH_QUOTA, "Not enough quota is available to process this command.\r\n"},
};

constexpr DWORD kSystem = FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS;
constexpr DWORD kEnglishUs = MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US);

// The system's text for `code`, as this implementation has it.
std::string SystemText(DWORD code) {
  char buffer[512];
  const DWORD n = FormatMessageA(kSystem, nullptr, code, 0, buffer, sizeof buffer, nullptr);
  return std::string(buffer, n);
}

// FormatMessageA from a string with a va_list of inserts.
DWORD FormatWithList(char* buffer, DWORD size, const char* format, ...) {
  va_list args;
  va_start(args, format);
  const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, format, 0, 0, buffer, size, &args);
  va_end(args);
  return n;
}

// Tests that every error code emu reports has Windows' own English text, with its trailing CR LF.
TEST(FormatMessage, SystemTextOfEveryEmuErrorIsWindowsText) {
  BEHAVIOUR("MS-FORMAT-001");
  for (const SystemMessage& m : kSystemMessages) {
    SCOPED_TRACE(testing::Message() << "error " << m.code);
    char buffer[512];
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(FormatMessageA(kSystem, nullptr, m.code, kEnglishUs, buffer, sizeof buffer, nullptr)),
                ReturnsWithError(static_cast<DWORD>(std::strlen(m.text)), kPoisonError));
    EXPECT_STREQ(buffer, m.text);
  }
}

// Tests that FormatMessageW gives the same text in UTF-16, and its length in characters.
TEST(FormatMessage, WideSystemTextMatchesAnsiText) {
  BEHAVIOUR("MS-FORMAT-002");
  WCHAR wide[256];
  char ansi[256];
  SetLastError(kPoisonError);
  const DWORD n = FormatMessageW(kSystem, nullptr, ERROR_ACCESS_DENIED, 0, wide, 256, nullptr);
  ASSERT_EQ(n, FormatMessageA(kSystem, nullptr, ERROR_ACCESS_DENIED, 0, ansi, sizeof ansi, nullptr));
  ASSERT_GT(n, 0u);
  for (DWORD i = 0; i <= n; ++i) EXPECT_EQ(wide[i], static_cast<WCHAR>(ansi[i])) << "at " << i;
}

// Tests that a code with no system message fails with ERROR_MR_MID_NOT_FOUND.
TEST(FormatMessage, UnknownCodeFailsMessageNotFound) {
  BEHAVIOUR("MS-FORMAT-003");
  char buffer[256] = "untouched";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(kSystem, nullptr, 0x20001234, 0, buffer, sizeof buffer, nullptr)),
              FailsWith(ERROR_MR_MID_NOT_FOUND));
}

// Tests that FORMAT_MESSAGE_ALLOCATE_BUFFER returns a LocalAlloc'd buffer holding the text, freed by LocalFree.
TEST(FormatMessage, AllocateBufferIsFreedByLocalFree) {
  BEHAVIOUR("MS-FORMAT-004");
  char* text = nullptr;
  SetLastError(kPoisonError);
  const std::string expected = SystemText(ERROR_INVALID_HANDLE);
  EXPECT_THAT(Call(FormatMessageA(kSystem | FORMAT_MESSAGE_ALLOCATE_BUFFER, nullptr, ERROR_INVALID_HANDLE, 0,
                                  reinterpret_cast<char*>(&text), 0, nullptr)),
              ReturnsWithError(static_cast<DWORD>(expected.size()), kPoisonError));
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(std::string(text), expected);
  EXPECT_EQ(LocalSize(text), expected.size() + 1);
  EXPECT_EQ(LocalFree(text), nullptr);
}

// Tests that a buffer one character too small for the text and its terminator fails with
// ERROR_INSUFFICIENT_BUFFER, and one of the right size is enough.
TEST(FormatMessage, BufferTooSmallFailsInsufficientBuffer) {
  BEHAVIOUR("MS-FORMAT-005");
  const DWORD length = static_cast<DWORD>(SystemText(ERROR_INVALID_HANDLE).size());
  char buffer[512];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(kSystem, nullptr, ERROR_INVALID_HANDLE, 0, buffer, length, nullptr)),
              FailsWith(ERROR_INSUFFICIENT_BUFFER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(kSystem, nullptr, ERROR_INVALID_HANDLE, 0, buffer, length + 1, nullptr)),
              ReturnsWithError(length, kPoisonError));
}

// Tests that inserts %1..%n take an argument array, with printf-style types between '!'s (string by default).
TEST(FormatMessage, StringInsertsFromArgumentArray) {
  BEHAVIOUR("MS-FORMAT-006");
  const DWORD_PTR args[] = {reinterpret_cast<DWORD_PTR>("pipe"), 42, 0xbeef, static_cast<DWORD_PTR>(-7)};
  char buffer[128];
  SetLastError(kPoisonError);
  const DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY,
                                 "%1 #%2!u! [%3!08x!] %4!d! %1", 0, 0, buffer, sizeof buffer,
                                 reinterpret_cast<va_list*>(const_cast<DWORD_PTR*>(args)));
  EXPECT_STREQ(buffer, "pipe #42 [0000beef] -7 pipe");
  EXPECT_EQ(n, std::strlen(buffer));
  EXPECT_EQ(GetLastError(), kPoisonError);
}

// Tests that inserts are read from a va_list when no argument array is given.
TEST(FormatMessage, StringInsertsFromVaList) {
  BEHAVIOUR("MS-FORMAT-007");
  char buffer[128];
  const DWORD n = FormatWithList(buffer, sizeof buffer, "%2 before %1!d!", 5, "second");
  EXPECT_STREQ(buffer, "second before 5");
  EXPECT_EQ(n, 15u);
}

// Tests that the escapes expand: %n a line break, %t a tab, %% a percent sign, %0 the end of the message without a line
// break; a line break of the text itself stays.
TEST(FormatMessage, EscapesAreExpanded) {
  BEHAVIOUR("MS-FORMAT-008");
  char buffer[128];
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "a%nb%tc%%d\r\ne%0never", 0, 0, buffer, sizeof buffer,
                           nullptr),
            11u);
  EXPECT_STREQ(buffer, "a\r\nb\tc%d\r\ne");
}

// Tests that FORMAT_MESSAGE_IGNORE_INSERTS copies inserts through unchanged, typed ones too, while %n is still
// a line break; a system message with an insert keeps it.
TEST(FormatMessage, IgnoreInsertsKeepsInsertsAsWritten) {
  BEHAVIOUR("MS-FORMAT-009");
  char buffer[128];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "x%1!d!y%n", 0, 0,
                                  buffer, sizeof buffer, nullptr)),
              ReturnsWithError(DWORD{9}, kPoisonError));
  EXPECT_STREQ(buffer, "x%1!d!y\r\n");
  EXPECT_NE(SystemText(ERROR_BAD_EXE_FORMAT).find("%1"), std::string::npos);
}

// Tests that FORMAT_MESSAGE_MAX_WIDTH_MASK turns the text's line breaks (the trailing CR LF too) into spaces,
// while %n stays a line break.
TEST(FormatMessage, MaxWidthMaskReplacesLineBreaksWithSpaces) {
  BEHAVIOUR("MS-FORMAT-010");
  std::string expected = SystemText(ERROR_INVALID_HANDLE);
  ASSERT_GE(expected.size(), 2u);
  expected.replace(expected.size() - 2, 2, " ");
  char buffer[512];
  EXPECT_EQ(FormatMessageA(kSystem | FORMAT_MESSAGE_MAX_WIDTH_MASK, nullptr, ERROR_INVALID_HANDLE, 0, buffer,
                           sizeof buffer, nullptr),
            expected.size());
  EXPECT_EQ(std::string(buffer), expected);
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_MAX_WIDTH_MASK, "ab\r\ncd%nef", 0, 0, buffer,
                           sizeof buffer, nullptr),
            9u);
  EXPECT_STREQ(buffer, "ab cd\r\nef");
}

// Tests that an HRESULT made from a Win32 error (HRESULT_FROM_WIN32) has that error's text.
TEST(FormatMessage, HresultFromWin32HasTheErrorsText) {
  BEHAVIOUR("MS-FORMAT-011");
  const std::string expected = SystemText(ERROR_ACCESS_DENIED);
  char buffer[512];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(kSystem, nullptr, 0x80070005, 0, buffer, sizeof buffer, nullptr)),
              ReturnsWithError(static_cast<DWORD>(expected.size()), kPoisonError));
  EXPECT_EQ(std::string(buffer), expected);
}

// Tests that '*' in an insert's width or precision takes the next argument, the value coming after them
// (the example of Microsoft Learn's FormatMessage page).
TEST(FormatMessage, StarWidthAndPrecisionTakeArguments) {
  BEHAVIOUR("MS-FORMAT-012");
  const DWORD_PTR args[] = {4, 2, reinterpret_cast<DWORD_PTR>("Bill"), reinterpret_cast<DWORD_PTR>("Bob"), 6,
                            reinterpret_cast<DWORD_PTR>("Bill")};
  char buffer[128];
  FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "%1!*.*s! %4 %5!*s!", 0, 0, buffer,
                 sizeof buffer, reinterpret_cast<va_list*>(const_cast<DWORD_PTR*>(args)));
  EXPECT_STREQ(buffer, "  Bi Bob   Bill");
}

// Tests that an insert with no arguments to take it from fails with ERROR_INVALID_PARAMETER.
TEST(FormatMessage, InsertWithoutArgumentsFailsInvalidParameter) {
  BEHAVIOUR("MS-FORMAT-013");
  char buffer[128];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "x%1y", 0, 0, buffer, sizeof buffer, nullptr)),
              FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM, nullptr, ERROR_BAD_EXE_FORMAT, 0, buffer,
                                  sizeof buffer, nullptr)),
              FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that FormatMessageW with FORMAT_MESSAGE_FROM_STRING takes WCHAR strings for %1 and char strings for
// %1!S!.
TEST(FormatMessage, WideInsertsTakeWideStrings) {
  BEHAVIOUR("MS-FORMAT-014");
  const WCHAR wide_arg[] = {'w', 'i', 'd', 'e', 0};
  const DWORD_PTR args[] = {reinterpret_cast<DWORD_PTR>(wide_arg), reinterpret_cast<DWORD_PTR>("narrow")};
  const WCHAR format[] = {'%', '1', '/', '%', '2', '!', 'S', '!', 0};
  WCHAR buffer[64];
  ASSERT_EQ(FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, format, 0, 0, buffer, 64,
                           reinterpret_cast<va_list*>(const_cast<DWORD_PTR*>(args))),
            11u);
  const char expected[] = "wide/narrow";
  for (int i = 0; i < 12; ++i) EXPECT_EQ(buffer[i], static_cast<WCHAR>(expected[i])) << "at " << i;
}

// Tests that a maximum line width (dwFlags' low byte) breaks lines at the last space that keeps them within it.
TEST(FormatMessage, LineWidthWrapsAtSpaces) {
  BEHAVIOUR("MS-FORMAT-015");
  char buffer[128];
  EXPECT_EQ(FormatMessageA(FORMAT_MESSAGE_FROM_STRING | 10, "aaaa bbbb cccc dddd eeee", 0, 0, buffer, sizeof buffer,
                           nullptr),
            26u);
  EXPECT_STREQ(buffer, "aaaa bbbb\r\ncccc dddd\r\neeee");
}

}  // namespace
}  // namespace winipc::conformance
