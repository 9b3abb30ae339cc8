// GetFileSize, GetFileSizeEx, SetEndOfFile and FlushFileBuffers.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfilesize
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfilesizeex
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setendoffile
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-flushfilebuffers
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::OpenFile;
using files::ReadFresh;
using files::SetSize;
using files::TempFile;
using files::WriteAll;

// Tests that GetFileSize returns the low word and stores the high word of a file larger than 4 GiB, and
// GetFileSizeEx the whole 64-bit size.
TEST(GetFileSize, HighWordOfLargeFile) {
  BEHAVIOUR("FL-SIZE-001");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  // A sparse file: nothing is written, so no disk space is used.
  ASSERT_THAT(SetSize(file.get(), 0x100000123LL), Succeeds());
  DWORD high = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileSize(file.get(), &high)), Returns(0x123u));
  EXPECT_EQ(high, 1u);
  LARGE_INTEGER size;
  size.QuadPart = -1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileSizeEx(file.get(), &size)), SucceedsWith(kPoisonError));
  EXPECT_EQ(size.QuadPart, 0x100000123LL);
  ASSERT_THAT(SetSize(file.get(), 0), Succeeds());
}

// Tests that GetFileSize of a small file returns its size, stores 0 as the high word and leaves the last error
// alone.
TEST(GetFileSize, SmallFileHasZeroHighWord) {
  BEHAVIOUR("FL-SIZE-002");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "12345"));
  DWORD high = 0xdead;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileSize(file.get(), &high)), ReturnsWithError(5u, kPoisonError));
  EXPECT_EQ(high, 0u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileSize(file.get(), nullptr)), ReturnsWithError(5u, kPoisonError));
}

// Tests that SetEndOfFile cuts the file at the file pointer, and that growing it the same way fills with zeros.
TEST(SetEndOfFile, CutsAndGrowsAtThePointer) {
  BEHAVIOUR("FL-SIZE-003");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ASSERT_TRUE(WriteAll(file.get(), "0123456789"));
  EXPECT_THAT(SetSize(file.get(), 4), SucceedsWith(kPoisonError));
  EXPECT_EQ(FileSize(file.get()), 4);
  EXPECT_EQ(ReadFresh(temp.path(), 64), "0123");
  EXPECT_THAT(SetSize(file.get(), 8), SucceedsWith(kPoisonError));
  EXPECT_EQ(FileSize(file.get()), 8);
  EXPECT_EQ(ReadFresh(temp.path(), 64), std::string("0123") + std::string(4, '\0'));
}

// Tests that SetEndOfFile through a handle without write access fails with ERROR_ACCESS_DENIED and keeps the size.
TEST(SetEndOfFile, WithoutWriteAccessIsDenied) {
  BEHAVIOUR("FL-SIZE-004");
  TempFile temp;
  {
    ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
    ASSERT_TRUE(writer && WriteAll(writer.get(), "0123456789"));
  }
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  EXPECT_THAT(SetSize(file.get(), 3), FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(FileSize(file.get()), 10);
}

// Tests that FlushFileBuffers succeeds on a handle with write access and fails with ERROR_ACCESS_DENIED on a
// read-only one.
TEST(FlushFileBuffers, NeedsWriteAccess) {
  BEHAVIOUR("FL-SIZE-005");
  TempFile temp;
  ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
  ASSERT_TRUE(writer && WriteAll(writer.get(), "data"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushFileBuffers(writer.get())), Succeeds());
  ScopedHandle reader = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(reader) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushFileBuffers(reader.get())), FailsWith(ERROR_ACCESS_DENIED));
}

}  // namespace
}  // namespace winipc::conformance
