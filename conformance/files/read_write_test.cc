// ReadFile and WriteFile on a file handle: counts, the end of the file, the access the handle needs.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-writefile
// https://learn.microsoft.com/en-us/windows/win32/fileio/testing-for-the-end-of-a-file
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::OpenFile;
using files::ReadFresh;
using files::ReadSome;
using files::TempFile;
using files::WriteAll;

// Tests that WriteFile reports every byte written and moves the file pointer, so ReadFile from the start returns
// exactly those bytes.
TEST(ReadWriteFile, WrittenBytesReadBack) {
  BEHAVIOUR("FL-RW-001");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  const std::string bytes = "hello, file";
  DWORD written = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(file.get(), bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr)),
              Succeeds());
  EXPECT_EQ(written, bytes.size());
  EXPECT_EQ(SetFilePointer(file.get(), 0, nullptr, FILE_CURRENT), bytes.size()) << "the pointer did not move";

  ASSERT_EQ(SetFilePointer(file.get(), 0, nullptr, FILE_BEGIN), 0u);
  char buffer[64] = {};
  DWORD read = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, sizeof buffer, &read, nullptr)), Succeeds());
  EXPECT_EQ(std::string(buffer, read), bytes);
}

// Tests that ReadFile at the end of a file succeeds (TRUE) and reports 0 bytes read.
TEST(ReadWriteFile, ReadAtEndReturnsTrueWithZeroBytes) {
  BEHAVIOUR("FL-RW-002");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "abc"));  // the pointer is now at the end
  char buffer[16] = {};
  DWORD read = 12345;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, sizeof buffer, &read, nullptr)), Returns(TRUE));
  EXPECT_EQ(read, 0u);
}

// Tests that a ReadFile crossing the end of the file succeeds with only the bytes up to the end.
TEST(ReadWriteFile, ReadAcrossEndReturnsTheRest) {
  BEHAVIOUR("FL-RW-003");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "0123456789"));
  ASSERT_EQ(SetFilePointer(file.get(), 6, nullptr, FILE_BEGIN), 6u);
  char buffer[16] = {};
  DWORD read = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, sizeof buffer, &read, nullptr)), Succeeds());
  EXPECT_EQ(std::string(buffer, read), "6789");
}

// Tests that a WriteFile after moving the pointer beyond the end extends the file, and the gap reads as zeros.
TEST(ReadWriteFile, WriteBeyondEndExtendsWithZeros) {
  BEHAVIOUR("FL-RW-004");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "ab"));
  ASSERT_EQ(SetFilePointer(file.get(), 100, nullptr, FILE_BEGIN), 100u);
  EXPECT_EQ(FileSize(file.get()), 2) << "moving the pointer alone must not change the size";
  ASSERT_TRUE(WriteAll(file.get(), "yz"));
  EXPECT_EQ(FileSize(file.get()), 102);
  EXPECT_EQ(ReadFresh(temp.path(), 200), std::string("ab") + std::string(98, '\0') + "yz");
}

// Tests that ReadFile through a handle opened without GENERIC_READ fails with ERROR_ACCESS_DENIED.
TEST(ReadWriteFile, ReadWithoutReadAccessIsDenied) {
  BEHAVIOUR("FL-RW-005");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "data"));
  ASSERT_EQ(SetFilePointer(file.get(), 0, nullptr, FILE_BEGIN), 0u);
  char buffer[16] = {};
  DWORD read = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReadFile(file.get(), buffer, sizeof buffer, &read, nullptr)), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(read, 0u);
}

// Tests that WriteFile through a handle opened without GENERIC_WRITE fails with ERROR_ACCESS_DENIED and leaves the
// file alone.
TEST(ReadWriteFile, WriteWithoutWriteAccessIsDenied) {
  BEHAVIOUR("FL-RW-006");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  DWORD written = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(file.get(), "data", 4, &written, nullptr)), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(FileSize(file.get()), 0);
}

// Tests that two handles on one file have their own file pointers but see one file: bytes written through one are
// read through the other at once.
TEST(ReadWriteFile, TwoHandlesHaveOwnPointersAndOneFile) {
  BEHAVIOUR("FL-RW-007");
  TempFile temp;
  ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
  ScopedHandle reader = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(writer && reader) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(writer.get(), "first"));
  EXPECT_EQ(ReadSome(reader.get(), 3), "fir");
  ASSERT_TRUE(WriteAll(writer.get(), "second"));
  EXPECT_EQ(ReadSome(reader.get(), 64), "stsecond");
}

}  // namespace
}  // namespace winipc::conformance
