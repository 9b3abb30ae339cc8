// File-backed views and the file API see one set of bytes: a view's writes reach ReadFile and other processes'
// views, WriteFile reaches the views; copy-on-write views never write the file.
//
// https://learn.microsoft.com/en-us/windows/win32/memory/file-mapping
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-mapviewoffile
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
#include <windows.h>

#include <cstring>
#include <string>

#include "filemapping/section_probe.h"
#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::ReadFresh;
using files::ReadSome;
using files::TempFile;
using files::WriteAll;

constexpr DWORD kFileSize = 8192;

// A temporary file of kFileSize zero bytes.
TempFile ZeroFile() {
  TempFile temp;
  ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
  if (!writer || !WriteAll(writer.get(), std::string(kFileSize, '\0'))) ADD_FAILURE() << "could not fill the file";
  return temp;
}

// Tests that bytes stored through a FILE_MAP_WRITE view are read by ReadFile at once, without a flush.
TEST(FileBackedView, ViewWriteSeenByReadFile) {
  BEHAVIOUR("FM-FILE-012");
  TempFile temp = ZeroFile();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  Store(view.get(), 4096 + 10, "through the view");
  ASSERT_EQ(SetFilePointer(file.get(), 4096 + 10, nullptr, FILE_BEGIN), 4096u + 10);
  EXPECT_EQ(ReadSome(file.get(), 16), "through the view");
  EXPECT_EQ(ReadFresh(temp.path(), 4096 + 26).substr(4096 + 10), "through the view") << "a fresh handle";
}

// Tests that bytes written with WriteFile are seen at once through an existing view of the file.
TEST(FileBackedView, WriteFileSeenByView) {
  BEHAVIOUR("FM-FILE-013");
  TempFile temp = ZeroFile();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READONLY, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  ASSERT_EQ(Load(view.get(), 100, 4), std::string(4, '\0'));
  ASSERT_EQ(SetFilePointer(file.get(), 100, nullptr, FILE_BEGIN), 100u);
  ASSERT_TRUE(WriteAll(file.get(), "written by WriteFile"));
  EXPECT_EQ(Load(view.get(), 100, 20), "written by WriteFile");
}

// args: path, handshake "read", handshake "written". Opens the file and makes its own unnamed section, checks
// that the parent's bytes are there, stores its own and waits while the parent checks.
CHILD_MAIN(FmFileOwnSectionSharesBytes) {
  ScopedHandle file = OpenFile(args.at(0), GENERIC_READ | GENERIC_WRITE);
  CHILD_CHECK(file) << "CreateFileA: " << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
  CHILD_CHECK(section) << "CreateFileMappingA: " << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(Load(view.get(), 5000, 6), std::string("parent"));
  Store(view.get(), 6000, "child");
  Handshake written = Handshake::Open(args.at(1));
  Handshake done = Handshake::Open(args.at(2));
  CHILD_CHECK(written && done);
  CHILD_CHECK(written.Signal());
  CHILD_CHECK(done.Wait(kChildTimeoutMs)) << "the parent never finished";
  return 0;
}

// Tests that views of one file in two processes, each through its own section, share bytes both ways while both
// are mapped.
TEST(FileBackedView, ViewsInTwoProcessesShareBytes) {
  BEHAVIOUR("FM-FILE-014");
  TempFile temp = ZeroFile();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  Store(view.get(), 5000, "parent");
  Handshake written = Handshake::Create("fm-file-written");
  Handshake done = Handshake::Create("fm-file-done");
  Child child = SpawnChild("FmFileOwnSectionSharesBytes", {temp.path(), written.name(), done.name()});
  EXPECT_TRUE(written.Wait(kChildTimeoutMs));
  EXPECT_EQ(Load(view.get(), 6000, 5), "child");
  done.Signal();
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that bytes stored through a FILE_MAP_COPY view stay private: ReadFile and a FILE_MAP_READ view of the same
// section still see the file's bytes, also after the copy view is unmapped.
TEST(FileBackedView, CopyViewNeverWritesFile) {
  BEHAVIOUR("FM-FILE-015");
  TempFile temp = ZeroFile();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView reader(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(reader) << DescribeError(GetLastError());
  {
    ScopedView copy(MapViewOfFile(section.get(), FILE_MAP_COPY, 0, 0, 0));
    ASSERT_TRUE(copy) << DescribeError(GetLastError());
    Store(copy.get(), 0, "private");
    Store(copy.get(), 4096, "private");
    EXPECT_EQ(Load(copy.get(), 0, 7), "private") << "the copy view reads its own bytes";
    EXPECT_EQ(Load(reader.get(), 0, 7), std::string(7, '\0'));
    EXPECT_EQ(ReadFresh(temp.path(), 7), std::string(7, '\0'));
  }
  EXPECT_EQ(ReadFresh(temp.path(), 4096 + 7), std::string(4096 + 7, '\0')) << "after the copy view is unmapped";
}

// Tests that a PAGE_WRITECOPY section on a read-only file handle gives FILE_MAP_COPY views whose writes never
// reach the file.
TEST(FileBackedView, WriteCopySectionOnReadOnlyFile) {
  BEHAVIOUR("FM-FILE-016");
  TempFile temp = ZeroFile();
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_WRITECOPY, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  {
    ScopedView copy(MapViewOfFile(section.get(), FILE_MAP_COPY, 0, 0, 0));
    ASSERT_TRUE(copy) << DescribeError(GetLastError());
    Store(copy.get(), 10, "private");
    EXPECT_EQ(Load(copy.get(), 10, 7), "private");
    EXPECT_TRUE(FlushViewOfFile(copy.get(), 0)) << DescribeError(GetLastError());
  }
  section.reset();
  EXPECT_EQ(ReadFresh(temp.path(), 17), std::string(17, '\0'));
}

}  // namespace
}  // namespace winipc::conformance
