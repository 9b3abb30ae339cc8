// FindFirstFile, FindNextFile and FindClose.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-findfirstfilea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-findnextfilea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-findclose
#include <windows.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "directories/scratch_directory.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using directories::ScratchDirectory;

// What a whole search returns: the names found (sorted), and the last error of the FindNextFile that ended it.
struct Listing {
  std::vector<std::string> names;
  DWORD first_error = 0;  // set when FindFirstFile failed
  DWORD end_error = 0;
};

Listing ListA(const std::string& pattern) {
  Listing listing;
  WIN32_FIND_DATAA data;
  SetLastError(kPoisonError);
  HANDLE search = FindFirstFileA(pattern.c_str(), &data);
  if (search == INVALID_HANDLE_VALUE) {
    listing.first_error = GetLastError();
    return listing;
  }
  do {
    listing.names.push_back(data.cFileName);
    SetLastError(kPoisonError);
  } while (FindNextFileA(search, &data));
  listing.end_error = GetLastError();
  FindClose(search);
  std::sort(listing.names.begin(), listing.names.end());
  return listing;
}

// Tests that "dir\*" lists every entry, "." and ".." included, and FindNextFile ends with ERROR_NO_MORE_FILES.
TEST(FindFirstFile, StarListsEverythingWithDots) {
  BEHAVIOUR("FL-FIND-001");
  ScratchDirectory scratch;
  scratch.MakeFile("a.txt");
  scratch.MakeFile("b.dat");
  ASSERT_TRUE(CreateDirectoryA(scratch.Join("sub").c_str(), nullptr));
  const Listing listing = ListA(scratch.Join("*"));
  EXPECT_EQ(listing.first_error, 0u) << DescribeError(listing.first_error);
  EXPECT_EQ(listing.names, (std::vector<std::string>{".", "..", "a.txt", "b.dat", "sub"}));
  EXPECT_EQ(listing.end_error, static_cast<DWORD>(ERROR_NO_MORE_FILES)) << DescribeError(listing.end_error);
}

// Tests that '*' and '?' match as Windows matches: "*.txt" a suffix, "?.txt" exactly one character.
TEST(FindFirstFile, StarAndQuestionMarkWildcards) {
  BEHAVIOUR("FL-FIND-002");
  ScratchDirectory scratch;
  for (const char* name : {"a.txt", "bb.txt", "c.log", "d.txt.bak"}) scratch.MakeFile(name);
  EXPECT_EQ(ListA(scratch.Join("*.txt")).names, (std::vector<std::string>{"a.txt", "bb.txt"}));
  EXPECT_EQ(ListA(scratch.Join("?.txt")).names, (std::vector<std::string>{"a.txt"}));
  EXPECT_EQ(ListA(scratch.Join("b*")).names, (std::vector<std::string>{"bb.txt"}));
}

// Tests that a pattern that matches nothing fails with ERROR_FILE_NOT_FOUND, and one in a missing directory with
// ERROR_PATH_NOT_FOUND.
TEST(FindFirstFile, NoMatchFails) {
  BEHAVIOUR("FL-FIND-003");
  ScratchDirectory scratch;
  scratch.MakeFile("only.txt");
  WIN32_FIND_DATAA data;
  SetLastError(kPoisonError);
  const auto none = Call(FindFirstFileA(scratch.Join("*.zip").c_str(), &data));
  EXPECT_THAT(none, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto missing = Call(FindFirstFileA(scratch.Join("nodir\\*").c_str(), &data));
  EXPECT_THAT(missing, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_PATH_NOT_FOUND));
}

// Tests that the find data describes the entry: a file's size and attributes, a directory's attribute, and the
// W form gives the same name in UTF-16.
TEST(FindFirstFile, FindDataDescribesEntry) {
  BEHAVIOUR("FL-FIND-004");
  ScratchDirectory scratch;
  scratch.MakeFile("sized.bin", "123456789");
  ASSERT_TRUE(CreateDirectoryA(scratch.Join("folder").c_str(), nullptr));
  WIN32_FIND_DATAW data;
  std::memset(&data, 0, sizeof data);
  SetLastError(kPoisonError);
  HANDLE search = FindFirstFileW(Wide(scratch.Join("sized.bin")).c_str(), &data);
  ASSERT_NE(search, INVALID_HANDLE_VALUE) << DescribeError(GetLastError());
  EXPECT_EQ(Narrow(data.cFileName), "sized.bin");
  EXPECT_EQ(data.nFileSizeLow, 9u);
  EXPECT_EQ(data.nFileSizeHigh, 0u);
  EXPECT_FALSE(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FindNextFileW(search, &data)), FailsWith(ERROR_NO_MORE_FILES));
  EXPECT_TRUE(FindClose(search));
  search = FindFirstFileW(Wide(scratch.Join("fold*")).c_str(), &data);
  ASSERT_NE(search, INVALID_HANDLE_VALUE) << DescribeError(GetLastError());
  EXPECT_EQ(Narrow(data.cFileName), "folder");
  EXPECT_TRUE(data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY);
  EXPECT_TRUE(FindClose(search));
}

// Tests that FindClose of a search handle succeeds once; FindNextFile and FindClose of a handle that is not a
// search handle (INVALID_HANDLE_VALUE) fail with ERROR_INVALID_HANDLE.
TEST(FindClose, InvalidHandleFails) {
  BEHAVIOUR("FL-FIND-005");
  WIN32_FIND_DATAA data;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FindNextFileA(INVALID_HANDLE_VALUE, &data)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FindClose(INVALID_HANDLE_VALUE)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that the search sees the directory as it was at FindFirstFile for the entries already listed: a file
// deleted during the search does not stop it, and the search ends with ERROR_NO_MORE_FILES.
TEST(FindNextFile, SearchSurvivesDeletion) {
  BEHAVIOUR("FL-FIND-006");
  ScratchDirectory scratch;
  scratch.MakeFile("x1");
  scratch.MakeFile("x2");
  WIN32_FIND_DATAA data;
  HANDLE search = FindFirstFileA(scratch.Join("x*").c_str(), &data);
  ASSERT_NE(search, INVALID_HANDLE_VALUE) << DescribeError(GetLastError());
  int seen = 1;
  DeleteFileA(scratch.Join(data.cFileName).c_str());
  SetLastError(kPoisonError);
  while (FindNextFileA(search, &data)) ++seen;
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NO_MORE_FILES));
  EXPECT_GE(seen, 1);
  EXPECT_LE(seen, 2);
  EXPECT_TRUE(FindClose(search));
}

}  // namespace
}  // namespace winipc::conformance
