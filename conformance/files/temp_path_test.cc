// GetTempPath and GetTempFileName: the directory tests put their files in, and unique names in it.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-gettemppatha
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-gettempfilenamea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-gettempfilenamew
#include <windows.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSizeOf;
using files::MissingPath;
using files::TempDirectory;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

bool IsSeparator(char c) { return c == '\\' || c == '/'; }

// Tests that GetTempPathA returns the length of the path it stored (without the terminator) and the path ends with
// a separator.
TEST(GetTempPath, ReturnsLengthOfExistingDirectory) {
  BEHAVIOUR("FL-TEMP-001");
  char buffer[MAX_PATH + 1];
  std::memset(buffer, 'x', sizeof buffer);
  SetLastError(kPoisonError);
  const auto length = Call(GetTempPathA(sizeof buffer, buffer));
  ASSERT_THAT(length, Succeeds());
  ASSERT_LT(length.value, sizeof buffer);
  EXPECT_EQ(std::strlen(buffer), length.value);
  // Windows ends the path with a backslash; emu, which keeps POSIX paths, with a slash.
  EXPECT_TRUE(IsSeparator(buffer[length.value - 1])) << buffer;
}

// Tests that GetTempPathA into a buffer too small returns the size needed including the terminator and that
// GetTempPathW returns the same path.
TEST(GetTempPath, SmallBufferReturnsSizeNeeded) {
  BEHAVIOUR("FL-TEMP-002");
  const std::string path = TempDirectory();
  ASSERT_FALSE(path.empty());
  char small[2] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempPathA(sizeof small, small)), Returns(static_cast<DWORD>(path.size() + 1)));
  WCHAR wide[MAX_PATH + 1] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempPathW(MAX_PATH + 1, wide)), Returns(static_cast<DWORD>(path.size())));
  EXPECT_EQ(Narrow(wide), path);
}

// Tests that GetTempFileNameA with uUnique 0 creates a new empty file, named directory + the first three
// characters of the prefix + hex digits + ".tmp", and returns a non-zero number; a second call names another file.
TEST(GetTempFileName, ZeroUniqueCreatesNewEmptyFile) {
  BEHAVIOUR("FL-TEMP-003");
  const std::string directory = TempDirectory();
  char first[MAX_PATH + 1] = {};
  char second[MAX_PATH + 1] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempFileNameA(directory.c_str(), "wipxyz", 0, first)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempFileNameA(directory.c_str(), "wipxyz", 0, second)), Succeeds());
  EXPECT_STRNE(first, second);
  for (const char* name : {first, second}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(FileSizeOf(name), 0) << "no empty file was created";
    // Windows compares names without case, and Windows and Wine spell the hex digits in different cases.
    const std::string lower = Lower(name);
    ASSERT_GT(lower.size(), directory.size() + 3 + 4);
    EXPECT_EQ(lower.substr(0, directory.size()), Lower(directory));
    EXPECT_EQ(lower.substr(directory.size(), 3), "wip");
    EXPECT_EQ(lower.substr(lower.size() - 4), ".tmp");
    const std::string digits = lower.substr(directory.size() + 3, lower.size() - directory.size() - 3 - 4);
    EXPECT_FALSE(digits.empty());
    EXPECT_EQ(digits.find_first_not_of("0123456789abcdef"), std::string::npos) << digits;
    EXPECT_TRUE(DeleteFileA(name)) << DescribeError(GetLastError());
  }
}

// Tests that GetTempFileNameA with a non-zero uUnique returns it, puts it in the name in hex, and creates no file.
TEST(GetTempFileName, NonZeroUniqueCreatesNothing) {
  BEHAVIOUR("FL-TEMP-004");
  const std::string directory = TempDirectory();
  // A number no other test uses at the same time: the name is not checked for existence.
  const UINT unique = 0x1000 + (GetCurrentProcessId() % 0xe000);
  char name[MAX_PATH + 1] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempFileNameA(directory.c_str(), "wip", unique, name)), Returns(unique));
  char expected_tail[32];
  std::snprintf(expected_tail, sizeof expected_tail, "wip%x.tmp", unique);
  EXPECT_EQ(Lower(name), Lower(directory) + expected_tail);
  EXPECT_FALSE(files::FileExists(name)) << name << " was created";
}

// Tests that GetTempFileNameW with uUnique 0 creates a new empty file in the directory given.
TEST(GetTempFileName, WideCreatesNewEmptyFile) {
  BEHAVIOUR("FL-TEMP-005");
  WCHAR directory[MAX_PATH + 1] = {};
  ASSERT_NE(GetTempPathW(MAX_PATH + 1, directory), 0u);
  WCHAR name[MAX_PATH + 1] = {};
  const WCHAR prefix[] = {'w', 'i', 'p', 0};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetTempFileNameW(directory, prefix, 0, name)), Succeeds());
  const std::string narrow = Narrow(name);
  EXPECT_EQ(Lower(narrow.substr(0, Narrow(directory).size())), Lower(Narrow(directory)));
  EXPECT_EQ(FileSizeOf(narrow), 0) << "no empty file was created";
  EXPECT_TRUE(DeleteFileW(name)) << DescribeError(GetLastError());
}

// Tests that GetTempFileNameA in a directory that does not exist fails with ERROR_DIRECTORY, also with a non-zero
// uUnique (when it would create nothing), and creates nothing.
TEST(GetTempFileName, MissingDirectoryFails) {
  BEHAVIOUR("FL-TEMP-006");
  const std::string directory = MissingPath();
  for (const UINT unique : {0u, 1u, 2u}) {
    SCOPED_TRACE(unique);
    char name[MAX_PATH + 1] = {};
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetTempFileNameA(directory.c_str(), "wip", unique, name)), FailsWith(ERROR_DIRECTORY));
  }
  EXPECT_FALSE(files::FileExists(directory.c_str()));
}

}  // namespace
}  // namespace winipc::conformance
