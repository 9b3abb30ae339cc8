// DeleteFile: missing files, open files and the FILE_SHARE_DELETE share mode.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-deletefilea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-deletefilew
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::MissingPath;
using files::OpenFile;
using files::ReadFresh;
using files::ReadSome;
using files::TempFile;
using files::WriteAll;

// Tests that DeleteFile of a path that names no file fails with ERROR_FILE_NOT_FOUND.
TEST(DeleteFile, MissingFileFails) {
  BEHAVIOUR("FL-DELETE-001");
  const std::string path = MissingPath();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileA(path.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileW(Wide(path).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that DeleteFile of a closed file succeeds and the name is gone: OPEN_EXISTING then fails with
// ERROR_FILE_NOT_FOUND.
TEST(DeleteFile, ClosedFileIsRemoved) {
  BEHAVIOUR("FL-DELETE-002");
  TempFile temp;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileA(temp.c_str())), Succeeds());
  SetLastError(kPoisonError);
  const auto opened = Call(
      CreateFileA(temp.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle file(opened.value);
  EXPECT_THAT(opened, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND));
}

// Tests that DeleteFile of a file open without FILE_SHARE_DELETE fails with ERROR_SHARING_VIOLATION and keeps
// the file.
TEST(DeleteFile, OpenWithoutShareDeleteFails) {
  BEHAVIOUR("FL-DELETE-003");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
  ASSERT_TRUE(file && WriteAll(file.get(), "kept"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileA(temp.c_str())), FailsWith(ERROR_SHARING_VIOLATION));
  EXPECT_EQ(ReadFresh(temp.path(), 16), "kept");
}

// Tests that DeleteFile of a file open with FILE_SHARE_DELETE succeeds, the open handle keeps reading the data,
// and the file is gone once that handle is closed.
TEST(DeleteFile, OpenWithShareDeleteSucceeds) {
  BEHAVIOUR("FL-DELETE-004");
  TempFile temp;
  ScopedHandle file =
      OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
  ASSERT_TRUE(file && WriteAll(file.get(), "still here"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileA(temp.c_str())), Succeeds());
  ASSERT_EQ(SetFilePointer(file.get(), 0, nullptr, FILE_BEGIN), 0u);
  EXPECT_EQ(ReadSome(file.get(), 64), "still here");
  file.reset();
  EXPECT_FALSE(files::FileExists(temp.c_str())) << "the file outlived its last handle";
}

}  // namespace
}  // namespace winipc::conformance
