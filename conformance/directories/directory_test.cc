// CreateDirectory, RemoveDirectory, GetCurrentDirectory and SetCurrentDirectory.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createdirectorya
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-removedirectorya
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getcurrentdirectory
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-setcurrentdirectory
#include <windows.h>

#include <string>

#include "directories/scratch_directory.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using directories::NativeSeparator;
using directories::ScratchDirectory;

// GetCurrentDirectoryA into a string; "" after reporting a failure.
std::string CurrentDirectoryA() {
  char buffer[MAX_PATH * 4] = {};
  const DWORD length = GetCurrentDirectoryA(sizeof buffer, buffer);
  if (length == 0 || length >= sizeof buffer) {
    ADD_FAILURE() << "GetCurrentDirectoryA failed: " << DescribeError(GetLastError());
    return "";
  }
  return std::string(buffer, length);
}

// Puts the current directory back when the test ends.
class RestoreCurrentDirectory {
 public:
  RestoreCurrentDirectory() : saved_(CurrentDirectoryA()) {}
  ~RestoreCurrentDirectory() { SetCurrentDirectoryA(saved_.c_str()); }
  RestoreCurrentDirectory(const RestoreCurrentDirectory&) = delete;
  RestoreCurrentDirectory& operator=(const RestoreCurrentDirectory&) = delete;

 private:
  std::string saved_;
};

// Tests that CreateDirectory makes a new directory, which GetFileAttributes then reports as one.
TEST(CreateDirectory, NewDirectoryIsCreated) {
  BEHAVIOUR("FL-DIR-001");
  ScratchDirectory scratch;
  const std::string path = scratch.Join("made");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryA(path.c_str(), nullptr)), Succeeds());
  const DWORD attributes = GetFileAttributesA(path.c_str());
  ASSERT_NE(attributes, INVALID_FILE_ATTRIBUTES) << DescribeError(GetLastError());
  EXPECT_TRUE(attributes & FILE_ATTRIBUTE_DIRECTORY) << std::hex << attributes;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryW(Wide(scratch.Join("wide")).c_str(), nullptr)), Succeeds());
}

// Tests that CreateDirectory of a name that exists (a directory or a file) fails with ERROR_ALREADY_EXISTS.
TEST(CreateDirectory, ExistingNameFailsWithAlreadyExists) {
  BEHAVIOUR("FL-DIR-002");
  ScratchDirectory scratch;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryA(scratch.c_str(), nullptr)), FailsWith(ERROR_ALREADY_EXISTS));
  const std::string file = scratch.MakeFile("file");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryA(file.c_str(), nullptr)), FailsWith(ERROR_ALREADY_EXISTS));
}

// Tests that CreateDirectory inside a directory that does not exist fails with ERROR_PATH_NOT_FOUND (it makes
// one level only).
TEST(CreateDirectory, MissingParentFailsWithPathNotFound) {
  BEHAVIOUR("FL-DIR-003");
  ScratchDirectory scratch;
  const std::string path = scratch.Join("missing\\child");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryA(path.c_str(), nullptr)), FailsWith(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(GetFileAttributesA(scratch.Join("missing").c_str()), INVALID_FILE_ATTRIBUTES);
}

// Tests that RemoveDirectory removes an empty directory.
TEST(RemoveDirectory, EmptyDirectoryIsRemoved) {
  BEHAVIOUR("FL-DIR-004");
  ScratchDirectory scratch;
  const std::string path = scratch.Join("empty");
  ASSERT_TRUE(CreateDirectoryA(path.c_str(), nullptr)) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryW(Wide(path).c_str())), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesA(path.c_str())), ReturnsWithError(INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND));
}

// Tests that RemoveDirectory of a directory holding a file fails with ERROR_DIR_NOT_EMPTY and keeps it.
TEST(RemoveDirectory, NonEmptyDirectoryFailsWithDirNotEmpty) {
  BEHAVIOUR("FL-DIR-005");
  ScratchDirectory scratch;
  scratch.MakeFile("inside");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryA(scratch.c_str())), FailsWith(ERROR_DIR_NOT_EMPTY));
  EXPECT_NE(GetFileAttributesA(scratch.c_str()), INVALID_FILE_ATTRIBUTES);
}

// Tests that RemoveDirectory of a missing name fails with ERROR_FILE_NOT_FOUND, and of a name under a missing
// directory with ERROR_PATH_NOT_FOUND.
TEST(RemoveDirectory, MissingDirectoryFails) {
  BEHAVIOUR("FL-DIR-006");
  ScratchDirectory scratch;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryA(scratch.Join("gone").c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryA(scratch.Join("gone\\deeper").c_str())), FailsWith(ERROR_PATH_NOT_FOUND));
}

// Tests that RemoveDirectory of a file fails with ERROR_DIRECTORY and leaves the file.
TEST(RemoveDirectory, FileFailsWithDirectoryError) {
  BEHAVIOUR("FL-DIR-007");
  ScratchDirectory scratch;
  const std::string file = scratch.MakeFile("plain");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryA(file.c_str())), FailsWith(ERROR_DIRECTORY));
  EXPECT_TRUE(files::FileExists(file));
}

// Tests that GetCurrentDirectory with a buffer too small (or none) returns the size needed, counting the null, and
// with a buffer that fits returns the length without it.
TEST(GetCurrentDirectory, SizeRules) {
  BEHAVIOUR("FL-DIR-008");
  const std::string current = CurrentDirectoryA();
  ASSERT_FALSE(current.empty());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetCurrentDirectoryA(0, nullptr)), Returns(static_cast<DWORD>(current.size() + 1)));
  std::string small(current.size(), 'x');
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetCurrentDirectoryA(static_cast<DWORD>(small.size()), &small[0])),
              Returns(static_cast<DWORD>(current.size() + 1)));
  std::basic_string<WCHAR> wide(current.size() + 1, L'x');
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetCurrentDirectoryW(static_cast<DWORD>(wide.size()), &wide[0])),
              Returns(static_cast<DWORD>(current.size())));
  wide.resize(current.size());
  EXPECT_EQ(Narrow(wide), current);
}

// Tests that SetCurrentDirectory changes the directory relative names are found in, and GetCurrentDirectory
// reports it (without a trailing separator).
TEST(SetCurrentDirectory, RelativeNamesResolveInNewDirectory) {
  BEHAVIOUR("FL-DIR-009");
  ScratchDirectory scratch;
  scratch.MakeFile("here.txt", "x");
  RestoreCurrentDirectory restore;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetCurrentDirectoryA(scratch.c_str())), Succeeds());
  const std::string current = CurrentDirectoryA();
  ASSERT_FALSE(current.empty());
  EXPECT_NE(current.back(), NativeSeparator()) << current;
  std::string expected = scratch.path();
  for (char& c : expected) {
    if (c == '\\' || c == '/') c = NativeSeparator();
  }
  EXPECT_EQ(current, expected);
  EXPECT_TRUE(files::FileExists("here.txt"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetCurrentDirectoryW(Wide("..").c_str())), Succeeds());
  EXPECT_FALSE(files::FileExists("here.txt"));
}

// Tests that SetCurrentDirectory of a missing directory fails with ERROR_FILE_NOT_FOUND, and of a file with
// ERROR_DIRECTORY, leaving the current directory as it was.
TEST(SetCurrentDirectory, MissingOrFileFails) {
  BEHAVIOUR("FL-DIR-010");
  ScratchDirectory scratch;
  const std::string file = scratch.MakeFile("file");
  RestoreCurrentDirectory restore;
  const std::string before = CurrentDirectoryA();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetCurrentDirectoryA(scratch.Join("nowhere").c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetCurrentDirectoryA(file.c_str())), FailsWith(ERROR_DIRECTORY));
  EXPECT_EQ(CurrentDirectoryA(), before);
}

// Tests that the directory calls refuse a NULL path without crashing: CreateDirectory with ERROR_PATH_NOT_FOUND,
// RemoveDirectory with ERROR_INVALID_NAME.
TEST(CreateDirectory, NullPathFails) {
  BEHAVIOUR("FL-DIR-011");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CreateDirectoryA(nullptr, nullptr)), FailsWith(ERROR_PATH_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(RemoveDirectoryA(nullptr)), FailsWith(ERROR_INVALID_NAME));
}

}  // namespace
}  // namespace winipc::conformance
