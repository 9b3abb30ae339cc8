// FlushViewOfFile on file-backed views, with FlushFileBuffers: what a process wrote through a view is in the file
// for any later reader, after the writer has exited.
//
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-flushviewoffile
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
using files::TempFile;

// args: path. Maps the (empty) file with a 4096-byte read-write section, stores bytes, flushes the view and the
// file, and exits.
CHILD_MAIN(FmFileWritesFlushesAndExits) {
  ScopedHandle file = OpenFile(args.at(0), GENERIC_READ | GENERIC_WRITE);
  CHILD_CHECK(file) << "CreateFileA: " << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  CHILD_CHECK(section) << "CreateFileMappingA: " << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
  const std::string text = "durable bytes";
  for (size_t i = 0; i < text.size(); ++i) static_cast<volatile char*>(view.get())[1000 + i] = text[i];
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(FlushViewOfFile(view.get(), 0)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(FlushFileBuffers(file.get())), Succeeds());
  return 0;
}

// Tests that bytes a process stored through a file-backed view and flushed with FlushViewOfFile and
// FlushFileBuffers are read by a fresh ReadFile in another process after the writer has exited.
TEST(FileBackedFlush, FlushedBytesOutliveWriter) {
  BEHAVIOUR("FM-FILE-025");
  TempFile temp;
  Child child = SpawnChild("FmFileWritesFlushesAndExits", {temp.path()});
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(FileSize(OpenFile(temp.path(), GENERIC_READ).get()), 4096);
  EXPECT_EQ(ReadFresh(temp.path(), 1013).substr(1000), "durable bytes");
}

// Tests that FlushViewOfFile on a file-backed view succeeds for part of the view from an unaligned address and for
// a read-only view, leaving the last error alone.
TEST(FileBackedFlush, PartialAndReadOnlyFlushSucceed) {
  BEHAVIOUR("FM-FILE-026");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 3 * 4096, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView writer(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView reader(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(writer && reader) << DescribeError(GetLastError());
  writer.as<char>()[5000] = 'x';
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushViewOfFile(writer.as<char>() + 4097, 100)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushViewOfFile(reader.get(), 0)), SucceedsWith(kPoisonError));
  EXPECT_EQ(ReadFresh(temp.path(), 5001).substr(5000), "x");
}

}  // namespace
}  // namespace winipc::conformance
