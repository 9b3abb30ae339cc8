// GetFileAttributes(Ex), SetFileAttributes, GetFullPathName, GetFileType, GetFileTime, SetFileTime and
// GetFileInformationByHandle.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfileattributesa
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfileattributesexa
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setfileattributesa
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfullpathnamea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfiletype
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setfiletime
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-getfileinformationbyhandle
#include <windows.h>

#include <cstring>
#include <string>

#include "directories/scratch_directory.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using directories::NativeSeparator;
using directories::ScratchDirectory;
using files::OpenFile;

constexpr DWORD kTypeBits = FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_READONLY;

ULONGLONG Ticks(const FILETIME& t) { return (static_cast<ULONGLONG>(t.dwHighDateTime) << 32) | t.dwLowDateTime; }

// Tests that GetFileAttributes tells a file from a directory, and a new file is neither read-only nor a directory.
TEST(GetFileAttributes, FileAndDirectory) {
  BEHAVIOUR("FL-ATTR-001");
  ScratchDirectory scratch;
  const std::string file = scratch.MakeFile("a.txt");
  SetLastError(kPoisonError);
  const auto of_file = Call(GetFileAttributesA(file.c_str()));
  ASSERT_NE(of_file.value, INVALID_FILE_ATTRIBUTES) << DescribeError(of_file.error);
  EXPECT_EQ(of_file.value & kTypeBits, 0u) << std::hex << of_file.value;
  SetLastError(kPoisonError);
  const auto of_directory = Call(GetFileAttributesW(Wide(scratch.path()).c_str()));
  EXPECT_EQ(of_directory.value & kTypeBits, static_cast<DWORD>(FILE_ATTRIBUTE_DIRECTORY)) << std::hex
                                                                                           << of_directory.value;
}

// Tests that GetFileAttributes of a missing name returns INVALID_FILE_ATTRIBUTES with ERROR_FILE_NOT_FOUND, and
// under a missing directory with ERROR_PATH_NOT_FOUND.
TEST(GetFileAttributes, MissingNameFails) {
  BEHAVIOUR("FL-ATTR-002");
  ScratchDirectory scratch;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesA(scratch.Join("none").c_str())),
              ReturnsWithError(INVALID_FILE_ATTRIBUTES, ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesA(scratch.Join("none\\x").c_str())),
              ReturnsWithError(INVALID_FILE_ATTRIBUTES, ERROR_PATH_NOT_FOUND));
}

// Tests that SetFileAttributes(FILE_ATTRIBUTE_READONLY) makes a file read-only (GetFileAttributes reports it and
// an open for writing is denied), and FILE_ATTRIBUTE_NORMAL makes it writable again.
TEST(SetFileAttributes, ReadOnlyStopsWritesUntilCleared) {
  BEHAVIOUR("FL-ATTR-003");
  ScratchDirectory scratch;
  const std::string file = scratch.MakeFile("ro.txt", "data");
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetFileAttributesA(file.c_str(), FILE_ATTRIBUTE_READONLY)), Succeeds());
  EXPECT_TRUE(GetFileAttributesA(file.c_str()) & FILE_ATTRIBUTE_READONLY);
  SetLastError(kPoisonError);
  const auto denied = Call(CreateFileA(file.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                       FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle(denied.value).reset();  // closed at once if it was opened, so that it does not deny sharing below
  EXPECT_THAT(denied, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_ACCESS_DENIED));
  EXPECT_TRUE(OpenFile(file, GENERIC_READ)) << "a read-only file must still open for reading";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFileAttributesW(Wide(file).c_str(), FILE_ATTRIBUTE_NORMAL)), Succeeds());
  EXPECT_FALSE(GetFileAttributesA(file.c_str()) & FILE_ATTRIBUTE_READONLY);
  EXPECT_TRUE(OpenFile(file, GENERIC_WRITE)) << DescribeError(GetLastError());
}

// Tests that SetFileAttributes of a missing file fails with ERROR_FILE_NOT_FOUND.
TEST(SetFileAttributes, MissingFileFails) {
  BEHAVIOUR("FL-ATTR-004");
  ScratchDirectory scratch;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFileAttributesA(scratch.Join("none").c_str(), FILE_ATTRIBUTE_NORMAL)),
              FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that GetFileAttributesEx(GetFileExInfoStandard) reports the attributes, the size and a last write time
// that SetFileTime gave the file.
TEST(GetFileAttributesEx, StandardReportsSizeAndTimes) {
  BEHAVIOUR("FL-ATTR-005");
  ScratchDirectory scratch;
  const std::string file = scratch.MakeFile("sized", "12345");
  FILETIME when;
  when.dwHighDateTime = 0x01d00000;  // 2014
  when.dwLowDateTime = 0x12345670;
  {
    ScopedHandle writer = OpenFile(file, GENERIC_WRITE);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(SetFileTime(writer.get(), nullptr, nullptr, &when)) << DescribeError(GetLastError());
  }
  WIN32_FILE_ATTRIBUTE_DATA data;
  std::memset(&data, 0xcc, sizeof data);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesExA(file.c_str(), GetFileExInfoStandard, &data)), Succeeds());
  EXPECT_EQ(data.dwFileAttributes & kTypeBits, 0u);
  EXPECT_EQ(data.nFileSizeHigh, 0u);
  EXPECT_EQ(data.nFileSizeLow, 5u);
  EXPECT_EQ(Ticks(data.ftLastWriteTime), Ticks(when));
}

// Tests that GetFileAttributesEx of a missing file fails with ERROR_FILE_NOT_FOUND, and with an unknown level
// with ERROR_INVALID_PARAMETER.
TEST(GetFileAttributesEx, MissingFileOrBadLevelFails) {
  BEHAVIOUR("FL-ATTR-006");
  ScratchDirectory scratch;
  WIN32_FILE_ATTRIBUTE_DATA data;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesExW(Wide(scratch.Join("none")).c_str(), GetFileExInfoStandard, &data)),
              FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileAttributesExA(scratch.c_str(), GetFileExMaxInfoLevel, &data)),
              FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that GetFullPathName makes a relative name absolute in the current directory, points the file part at
// the last component, and returns the size needed (with the null) when the buffer is too small.
TEST(GetFullPathName, RelativeNameAndFilePart) {
  BEHAVIOUR("FL-PATH-001");
  char cwd[MAX_PATH * 4] = {};
  const DWORD cwd_length = GetCurrentDirectoryA(sizeof cwd, cwd);
  ASSERT_GT(cwd_length, 0u);
  std::string expected(cwd, cwd_length);
  if (expected.back() != NativeSeparator()) expected += NativeSeparator();
  expected += "name.txt";
  char buffer[MAX_PATH * 4] = {};
  char* part = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFullPathNameA("name.txt", sizeof buffer, buffer, &part)),
              Returns(static_cast<DWORD>(expected.size())));
  EXPECT_EQ(std::string(buffer), expected);
  ASSERT_NE(part, nullptr);
  EXPECT_STREQ(part, "name.txt");
  char small[4] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFullPathNameA("name.txt", sizeof small, small, nullptr)),
              Returns(static_cast<DWORD>(expected.size() + 1)));
}

// Tests that GetFullPathName folds "." and ".." components, looks nothing up, and gives no file part for a name
// ending with a separator.
TEST(GetFullPathName, DotsFoldedAndTrailingSeparatorHasNoFilePart) {
  BEHAVIOUR("FL-PATH-002");
  ScratchDirectory scratch;
  const char separator = NativeSeparator();
  std::string base = scratch.path();
  for (char& c : base) {
    if (c == '\\' || c == '/') c = separator;
  }
  WCHAR buffer[MAX_PATH * 4] = {};
  WCHAR* part = nullptr;
  const std::string dotted = scratch.Join("a\\.\\b\\..\\c.dat");
  SetLastError(kPoisonError);
  const auto full = Call(GetFullPathNameW(Wide(dotted).c_str(), MAX_PATH * 4, buffer, &part));
  EXPECT_EQ(Narrow(buffer), base + separator + "a" + separator + "c.dat");
  EXPECT_EQ(full.value, static_cast<DWORD>(Narrow(buffer).size()));
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(Narrow(part), "c.dat");
  part = buffer;
  SetLastError(kPoisonError);
  GetFullPathNameW(Wide(scratch.Join("dir\\")).c_str(), MAX_PATH * 4, buffer, &part);
  EXPECT_EQ(Narrow(buffer), base + separator + "dir" + separator);
  EXPECT_EQ(part, nullptr);
}

// Tests that GetFileType of a file handle is FILE_TYPE_DISK (last error left alone), and of a handle that is no
// file (an event) FILE_TYPE_UNKNOWN with ERROR_INVALID_HANDLE.
TEST(GetFileType, DiskFileAndNonFile) {
  BEHAVIOUR("FL-TYPE-001");
  files::TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileType(file.get())), ReturnsWithError(static_cast<DWORD>(FILE_TYPE_DISK), kPoisonError));
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileType(event.get())),
              ReturnsWithError(static_cast<DWORD>(FILE_TYPE_UNKNOWN), ERROR_INVALID_HANDLE));
}

// Tests that SetFileTime sets the last write time GetFileTime then reads, and NULL leaves a time alone.
TEST(SetFileTime, LastWriteTimeRoundTrips) {
  BEHAVIOUR("FL-TIME-001");
  files::TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file);
  FILETIME access_before, write_before;
  ASSERT_TRUE(GetFileTime(file.get(), nullptr, &access_before, &write_before)) << DescribeError(GetLastError());
  FILETIME when;
  when.dwHighDateTime = 0x01c00000;  // 2001
  when.dwLowDateTime = 0x00abcde0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFileTime(file.get(), nullptr, nullptr, &when)), Succeeds());
  FILETIME access_after, write_after;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileTime(file.get(), nullptr, &access_after, &write_after)), Succeeds());
  EXPECT_EQ(Ticks(write_after), Ticks(when));
  EXPECT_EQ(Ticks(access_after), Ticks(access_before));
}

// Tests that SetFileTime needs FILE_WRITE_ATTRIBUTES: a read-only handle fails with ERROR_ACCESS_DENIED.
TEST(SetFileTime, ReadOnlyHandleIsDenied) {
  BEHAVIOUR("FL-TIME-002");
  files::TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ);
  ASSERT_TRUE(file);
  FILETIME when;
  when.dwHighDateTime = 0x01c00000;
  when.dwLowDateTime = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFileTime(file.get(), nullptr, nullptr, &when)), FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that GetFileInformationByHandle reports the size, one link, and the same file index for two handles on
// the same file and different ones for different files.
TEST(GetFileInformationByHandle, SizeLinksAndIndex) {
  BEHAVIOUR("FL-INFO-001");
  ScratchDirectory scratch;
  const std::string first = scratch.MakeFile("one", "abc");
  const std::string second = scratch.MakeFile("two");
  ScopedHandle a = OpenFile(first, GENERIC_READ), b = OpenFile(first, GENERIC_READ), c = OpenFile(second, 0);
  ASSERT_TRUE(a && b && c);
  BY_HANDLE_FILE_INFORMATION ia, ib, ic;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileInformationByHandle(a.get(), &ia)), Succeeds());
  ASSERT_TRUE(GetFileInformationByHandle(b.get(), &ib) && GetFileInformationByHandle(c.get(), &ic));
  EXPECT_EQ(ia.nFileSizeLow, 3u);
  EXPECT_EQ(ia.nFileSizeHigh, 0u);
  EXPECT_EQ(ia.nNumberOfLinks, 1u);
  EXPECT_EQ(ia.dwFileAttributes & kTypeBits, 0u);
  EXPECT_EQ(ia.dwVolumeSerialNumber, ib.dwVolumeSerialNumber);
  EXPECT_TRUE(ia.nFileIndexLow == ib.nFileIndexLow && ia.nFileIndexHigh == ib.nFileIndexHigh);
  EXPECT_FALSE(ia.nFileIndexLow == ic.nFileIndexLow && ia.nFileIndexHigh == ic.nFileIndexHigh);
}

// Tests that GetFileInformationByHandle of a handle that is no file fails with ERROR_INVALID_HANDLE.
TEST(GetFileInformationByHandle, NonFileHandleFails) {
  BEHAVIOUR("FL-INFO-002");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  BY_HANDLE_FILE_INFORMATION info;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetFileInformationByHandle(event.get(), &info)), FailsWith(ERROR_INVALID_HANDLE));
}

}  // namespace
}  // namespace winipc::conformance
