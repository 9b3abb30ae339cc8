// A file with a section or a view on it cannot shrink (ERROR_USER_MAPPED_FILE) but can grow.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setendoffile
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilea
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::OpenFile;
using files::SetSize;
using files::TempFile;
using files::WriteAll;

constexpr LONGLONG kStartSize = 6000;

// A temporary file of kStartSize bytes.
TempFile FileOfSize() {
  TempFile temp;
  ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
  if (!writer || !WriteAll(writer.get(), std::string(kStartSize, 'f'))) ADD_FAILURE() << "could not fill the file";
  return temp;
}

// Tests that while a section exists on a file (no view), any shrink fails with ERROR_USER_MAPPED_FILE and keeps the
// size, even one that stays larger than the section; the same size and growing succeed.
TEST(FileBackedTruncate, SectionRefusesShrinkAllowsGrow) {
  BEHAVIOUR("FM-FILE-017");
  TempFile temp = FileOfSize();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 4, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  EXPECT_THAT(SetSize(file.get(), kStartSize), Succeeds()) << "the same size";
  EXPECT_THAT(SetSize(file.get(), kStartSize - 1), FailsWith(ERROR_USER_MAPPED_FILE));
  EXPECT_EQ(FileSize(file.get()), kStartSize);
  EXPECT_THAT(SetSize(file.get(), 2 * kStartSize), Succeeds()) << "growing";
  EXPECT_EQ(FileSize(file.get()), 2 * kStartSize);
  EXPECT_THAT(SetSize(file.get(), kStartSize), FailsWith(ERROR_USER_MAPPED_FILE));
  section.reset();
  EXPECT_THAT(SetSize(file.get(), 1), Succeeds()) << "after the section is closed";
  EXPECT_EQ(FileSize(file.get()), 1);
}

// Tests that a view alone keeps a file from shrinking (ERROR_USER_MAPPED_FILE) after its file handle and section
// handle are closed, through a new handle; once the view is unmapped the shrink succeeds.
TEST(FileBackedTruncate, ViewAloneRefusesShrink) {
  BEHAVIOUR("FM-FILE-018");
  TempFile temp = FileOfSize();
  ScopedView view;
  {
    ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
    ASSERT_TRUE(file) << DescribeError(GetLastError());
    ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
    ASSERT_TRUE(section) << DescribeError(GetLastError());
    view.reset(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
    ASSERT_TRUE(view) << DescribeError(GetLastError());
  }
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  EXPECT_THAT(SetSize(file.get(), kStartSize + 100), Succeeds()) << "growing";
  EXPECT_THAT(SetSize(file.get(), 10), FailsWith(ERROR_USER_MAPPED_FILE));
  EXPECT_EQ(FileSize(file.get()), kStartSize + 100);
  view.reset();
  EXPECT_THAT(SetSize(file.get(), 10), Succeeds()) << "after the view is unmapped";
  EXPECT_EQ(FileSize(file.get()), 10);
}

// Tests that CreateFile with CREATE_ALWAYS or TRUNCATE_EXISTING on a file that has a section fails with
// ERROR_USER_MAPPED_FILE and keeps the file's size.
TEST(FileBackedTruncate, CreateAlwaysOnMappedFileFails) {
  BEHAVIOUR("FM-FILE-019");
  TempFile temp = FileOfSize();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READONLY, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  for (const DWORD disposition : {CREATE_ALWAYS, TRUNCATE_EXISTING}) {
    SCOPED_TRACE(disposition);
    SetLastError(kPoisonError);
    const auto created = Call(CreateFileA(temp.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                          disposition, FILE_ATTRIBUTE_NORMAL, nullptr));
    ScopedHandle again(created.value);
    EXPECT_THAT(created, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_USER_MAPPED_FILE));
  }
  EXPECT_EQ(FileSize(file.get()), kStartSize);
}

}  // namespace
}  // namespace winipc::conformance
