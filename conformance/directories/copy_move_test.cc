// CopyFile, MoveFile and MoveFileEx.
//
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-copyfile
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-movefile
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-movefileexa
#include <windows.h>

#include <string>

#include "directories/scratch_directory.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using directories::ScratchDirectory;
using files::FileExists;
using files::ReadFresh;

// Tests that CopyFile copies the bytes to a new name and keeps the source.
TEST(CopyFile, CopiesBytesToNewName) {
  BEHAVIOUR("FL-COPY-001");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("source", "copied bytes");
  const std::string target = scratch.Join("target");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CopyFileA(source.c_str(), target.c_str(), TRUE)), Succeeds());
  EXPECT_EQ(ReadFresh(target, 64), "copied bytes");
  EXPECT_EQ(ReadFresh(source, 64), "copied bytes");
}

// Tests that CopyFile with bFailIfExists onto an existing file fails with ERROR_FILE_EXISTS and leaves it, and
// without it replaces the file's contents.
TEST(CopyFile, ExistingTargetFailsOnlyWithFailIfExists) {
  BEHAVIOUR("FL-COPY-002");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("source", "new");
  const std::string target = scratch.MakeFile("target", "old contents");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CopyFileA(source.c_str(), target.c_str(), TRUE)), FailsWith(ERROR_FILE_EXISTS));
  EXPECT_EQ(ReadFresh(target, 64), "old contents");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CopyFileW(Wide(source).c_str(), Wide(target).c_str(), FALSE)), Succeeds());
  EXPECT_EQ(ReadFresh(target, 64), "new");
}

// Tests that CopyFile of a missing source fails with ERROR_FILE_NOT_FOUND and creates nothing.
TEST(CopyFile, MissingSourceFails) {
  BEHAVIOUR("FL-COPY-003");
  ScratchDirectory scratch;
  const std::string target = scratch.Join("target");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CopyFileA(scratch.Join("none").c_str(), target.c_str(), FALSE)), FailsWith(ERROR_FILE_NOT_FOUND));
  EXPECT_FALSE(FileExists(target));
}

// Tests that CopyFile keeps the source's last write time and read-only attribute.
TEST(CopyFile, KeepsLastWriteTimeAndReadOnly) {
  BEHAVIOUR("FL-COPY-004");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("source", "x");
  FILETIME when;
  when.dwHighDateTime = 0x01c80000;
  when.dwLowDateTime = 0x55555550;
  {
    ScopedHandle file = files::OpenFile(source, GENERIC_WRITE);
    ASSERT_TRUE(file && SetFileTime(file.get(), nullptr, nullptr, &when)) << DescribeError(GetLastError());
  }
  ASSERT_TRUE(SetFileAttributesA(source.c_str(), FILE_ATTRIBUTE_READONLY));
  const std::string target = scratch.Join("target");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CopyFileA(source.c_str(), target.c_str(), TRUE)), Succeeds());
  WIN32_FILE_ATTRIBUTE_DATA data;
  ASSERT_TRUE(GetFileAttributesExA(target.c_str(), GetFileExInfoStandard, &data)) << DescribeError(GetLastError());
  EXPECT_TRUE(data.dwFileAttributes & FILE_ATTRIBUTE_READONLY) << std::hex << data.dwFileAttributes;
  EXPECT_EQ(data.ftLastWriteTime.dwHighDateTime, when.dwHighDateTime);
  EXPECT_EQ(data.ftLastWriteTime.dwLowDateTime, when.dwLowDateTime);
}

// Tests that MoveFile renames a file: the old name is gone and the new one has the bytes.
TEST(MoveFile, RenamesFile) {
  BEHAVIOUR("FL-MOVE-001");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("before", "moved");
  const std::string target = scratch.Join("after");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileA(source.c_str(), target.c_str())), Succeeds());
  EXPECT_FALSE(FileExists(source));
  EXPECT_EQ(ReadFresh(target, 64), "moved");
}

// Tests that MoveFile and MoveFileEx without MOVEFILE_REPLACE_EXISTING onto an existing file fail with
// ERROR_ALREADY_EXISTS and change nothing.
TEST(MoveFile, ExistingTargetFailsWithoutReplace) {
  BEHAVIOUR("FL-MOVE-002");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("source", "one");
  const std::string target = scratch.MakeFile("target", "two");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileA(source.c_str(), target.c_str())), FailsWith(ERROR_ALREADY_EXISTS));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileExA(source.c_str(), target.c_str(), 0)), FailsWith(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(ReadFresh(source, 64), "one");
  EXPECT_EQ(ReadFresh(target, 64), "two");
}

// Tests that MoveFileEx with MOVEFILE_REPLACE_EXISTING replaces an existing file.
TEST(MoveFileEx, ReplaceExistingReplaces) {
  BEHAVIOUR("FL-MOVE-003");
  ScratchDirectory scratch;
  const std::string source = scratch.MakeFile("source", "winner");
  const std::string target = scratch.MakeFile("target", "loser");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileExW(Wide(source).c_str(), Wide(target).c_str(), MOVEFILE_REPLACE_EXISTING)), Succeeds());
  EXPECT_FALSE(FileExists(source));
  EXPECT_EQ(ReadFresh(target, 64), "winner");
}

// Tests that MoveFile of a missing file fails with ERROR_FILE_NOT_FOUND.
TEST(MoveFile, MissingSourceFails) {
  BEHAVIOUR("FL-MOVE-004");
  ScratchDirectory scratch;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileA(scratch.Join("none").c_str(), scratch.Join("other").c_str())),
              FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that MoveFile renames a directory with what is inside it.
TEST(MoveFile, RenamesDirectory) {
  BEHAVIOUR("FL-MOVE-005");
  ScratchDirectory scratch;
  const std::string from = scratch.Join("d1");
  ASSERT_TRUE(CreateDirectoryA(from.c_str(), nullptr));
  files::OpenFile(from + "\\f", GENERIC_WRITE, 0, CREATE_NEW);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MoveFileA(from.c_str(), scratch.Join("d2").c_str())), Succeeds());
  EXPECT_EQ(GetFileAttributesA(from.c_str()), INVALID_FILE_ATTRIBUTES);
  EXPECT_TRUE(FileExists(scratch.Join("d2\\f")));
}

}  // namespace
}  // namespace winipc::conformance
