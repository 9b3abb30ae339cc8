// CreateFileMapping with a file handle: the section's size against the file's, and the protection against the
// file handle's access.
//
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/memory/creating-a-file-mapping-object
// https://learn.microsoft.com/en-us/windows/win32/memory/file-mapping
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::OpenFile;
using files::TempFile;
using files::WriteAll;

// A size that is not a whole number of pages, so that page rounding would show.
constexpr DWORD kOddSize = 5000;

// `size` bytes, each a function of its offset, so that any shifted or missing byte shows.
std::string Pattern(DWORD size) {
  std::string bytes(size, '\0');
  for (DWORD i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 23);
  return bytes;
}

// A temporary file of `size` pattern bytes, and a read-write handle to it.
struct FileWithBytes {
  TempFile temp;
  ScopedHandle file;
};

FileWithBytes MakeFile(DWORD size, DWORD access = GENERIC_READ | GENERIC_WRITE) {
  FileWithBytes made;
  {
    ScopedHandle writer = OpenFile(made.temp.path(), GENERIC_WRITE);
    if (!writer || !WriteAll(writer.get(), Pattern(size))) ADD_FAILURE() << "could not fill " << made.temp.path();
  }
  made.file = OpenFile(made.temp.path(), access);
  if (!made.file) ADD_FAILURE() << "could not open " << made.temp.path() << ": " << DescribeError(GetLastError());
  return made;
}

// Tests that CreateFileMapping of size 0 on a file takes the file's size: a whole-section view shows the file's
// bytes, a view of exactly the file's size maps, one byte more fails with ERROR_ACCESS_DENIED.
TEST(FileBackedSection, ZeroSizeTakesFileSize) {
  BEHAVIOUR("FM-FILE-001");
  FileWithBytes made = MakeFile(kOddSize);
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(made.file.get(), nullptr, PAGE_READWRITE, 0, 0, nullptr));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  {
    ScopedView whole(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
    ASSERT_TRUE(whole) << DescribeError(GetLastError());
    EXPECT_EQ(std::string(whole.as<char>(), kOddSize), Pattern(kOddSize));
  }
  SetLastError(kPoisonError);
  ScopedView exact(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, kOddSize));
  EXPECT_TRUE(exact) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  const auto larger = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, kOddSize + 1));
  ScopedView larger_view(larger.value);
  EXPECT_THAT(larger, FailsWith(ERROR_ACCESS_DENIED));
  EXPECT_EQ(FileSize(made.file.get()), kOddSize);
}

// Tests that CreateFileMapping of size 0 on an empty file fails with ERROR_FILE_INVALID.
TEST(FileBackedSection, EmptyFileWithZeroSizeFails) {
  BEHAVIOUR("FM-FILE-002");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  for (const DWORD protect : {PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY}) {
    SCOPED_TRACE(protect);
    SetLastError(kPoisonError);
    const auto created = Call(CreateFileMappingA(file.get(), nullptr, protect, 0, 0, nullptr));
    ScopedHandle section(created.value);
    EXPECT_THAT(created, FailsWith(ERROR_FILE_INVALID));
  }
}

// Tests that a PAGE_READWRITE section larger than its file grows the file to exactly the section's size (not to a
// page multiple), the new bytes zero.
TEST(FileBackedSection, WritableLargerSectionGrowsFileExactly) {
  BEHAVIOUR("FM-FILE-003");
  FileWithBytes made = MakeFile(100);
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(made.file.get(), nullptr, PAGE_READWRITE, 0, kOddSize, nullptr));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  DWORD high = 0xdead;
  EXPECT_EQ(GetFileSize(made.file.get(), &high), kOddSize);
  EXPECT_EQ(high, 0u);
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  EXPECT_EQ(std::string(view.as<char>(), 100), Pattern(100));
  EXPECT_EQ(std::string(view.as<char>() + 100, kOddSize - 100), std::string(kOddSize - 100, '\0'));
}

// Tests that a PAGE_READONLY or PAGE_WRITECOPY section larger than its file fails with ERROR_NOT_ENOUGH_MEMORY
// and leaves the file's size alone.
TEST(FileBackedSection, ReadOnlyLargerSectionFails) {
  BEHAVIOUR("FM-FILE-004");
  FileWithBytes made = MakeFile(100);
  for (const DWORD protect : {PAGE_READONLY, PAGE_WRITECOPY}) {
    SCOPED_TRACE(protect);
    SetLastError(kPoisonError);
    const auto created = Call(CreateFileMappingA(made.file.get(), nullptr, protect, 0, 101, nullptr));
    ScopedHandle section(created.value);
    EXPECT_THAT(created, FailsWith(ERROR_NOT_ENOUGH_MEMORY));
    EXPECT_EQ(FileSize(made.file.get()), 100);
  }
}

// Tests that a file-backed section's size is exact where a pagefile-backed one is page-rounded: a view one byte
// larger than a 5000-byte file section fails with ERROR_ACCESS_DENIED, while the pagefile section of 5000 bytes
// maps two whole pages; the smaller section leaves the file's size alone.
TEST(FileBackedSection, SizeIsNotPageRounded) {
  BEHAVIOUR("FM-FILE-005");
  SYSTEM_INFO system;
  GetSystemInfo(&system);
  const SIZE_T rounded = (kOddSize + system.dwPageSize - 1) / system.dwPageSize * system.dwPageSize;
  FileWithBytes made = MakeFile(2 * kOddSize);
  ScopedHandle file_section(CreateFileMappingA(made.file.get(), nullptr, PAGE_READWRITE, 0, kOddSize, nullptr));
  ASSERT_TRUE(file_section) << DescribeError(GetLastError());
  EXPECT_EQ(FileSize(made.file.get()), 2 * kOddSize) << "a smaller section changed the file's size";
  ScopedView exact(MapViewOfFile(file_section.get(), FILE_MAP_READ, 0, 0, kOddSize));
  EXPECT_TRUE(exact) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  const auto beyond = Call(MapViewOfFile(file_section.get(), FILE_MAP_READ, 0, 0, kOddSize + 1));
  ScopedView beyond_view(beyond.value);
  EXPECT_THAT(beyond, FailsWith(ERROR_ACCESS_DENIED));

  ScopedHandle pagefile_section(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kOddSize, nullptr));
  ASSERT_TRUE(pagefile_section) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  ScopedView pages(MapViewOfFile(pagefile_section.get(), FILE_MAP_READ, 0, 0, rounded));
  EXPECT_TRUE(pages) << "the pagefile-backed section is rounded up to whole pages: " << DescribeError(GetLastError());
}

// One section protection on a file opened with some access, and whether CreateFileMapping allows it.
struct ProtectionCase {
  const char* id;
  const char* name;
  DWORD file_access;
  DWORD protect;
  DWORD error;  // 0: allowed
};

void PrintTo(const ProtectionCase& row, std::ostream* os) { *os << row.name; }

class FileBackedSectionProtection : public ::testing::TestWithParam<ProtectionCase> {};

// Tests that the section's protection must fit the file handle's access: what it needs missing from the handle
// fails with ERROR_ACCESS_DENIED.
TEST_P(FileBackedSectionProtection, MustFitFileAccess) {
  const ProtectionCase& row = GetParam();
  BEHAVIOUR(row.id);
  FileWithBytes made = MakeFile(100, row.file_access);
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(made.file.get(), nullptr, row.protect, 0, 0, nullptr));
  ScopedHandle section(created.value);
  if (row.error == 0) {
    EXPECT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  } else {
    EXPECT_THAT(created, FailsWith(row.error));
  }
}

// The rows, one behaviour each:
//   FM-FILE-006  on a GENERIC_READ file handle, PAGE_READWRITE fails with ERROR_ACCESS_DENIED.
//   FM-FILE-007  on a GENERIC_READ file handle, PAGE_READONLY and PAGE_WRITECOPY are allowed (copy-on-write needs
//                no write access to the file).
//   FM-FILE-008  on a GENERIC_READ | GENERIC_WRITE file handle, PAGE_READONLY, PAGE_WRITECOPY and PAGE_READWRITE
//                are all allowed.
INSTANTIATE_TEST_SUITE_P(
    Protections, FileBackedSectionProtection,
    ::testing::Values(
        ProtectionCase{"FM-FILE-006", "ReadFileReadWrite", GENERIC_READ, PAGE_READWRITE, ERROR_ACCESS_DENIED},
        ProtectionCase{"FM-FILE-007", "ReadFileReadOnly", GENERIC_READ, PAGE_READONLY, 0},
        ProtectionCase{"FM-FILE-007", "ReadFileWriteCopy", GENERIC_READ, PAGE_WRITECOPY, 0},
        ProtectionCase{"FM-FILE-008", "ReadWriteFileReadOnly", GENERIC_READ | GENERIC_WRITE, PAGE_READONLY, 0},
        ProtectionCase{"FM-FILE-008", "ReadWriteFileWriteCopy", GENERIC_READ | GENERIC_WRITE, PAGE_WRITECOPY, 0},
        ProtectionCase{"FM-FILE-008", "ReadWriteFileReadWrite", GENERIC_READ | GENERIC_WRITE, PAGE_READWRITE, 0}),
    [](const ::testing::TestParamInfo<ProtectionCase>& info) { return std::string(info.param.name); });

// Tests that CreateFileMapping given an event handle as its file fails with ERROR_INVALID_HANDLE.
TEST(FileBackedSection, EventAsFileFails) {
  BEHAVIOUR("FM-FILE-009");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(event.get(), nullptr, PAGE_READWRITE, 0, 0x1000, nullptr));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that in the last page of a view of a file-backed section, the bytes past the end of the file read as zero.
TEST(FileBackedSection, TailOfLastPageReadsZero) {
  BEHAVIOUR("FM-FILE-010");
  SYSTEM_INFO system;
  GetSystemInfo(&system);
  const DWORD rounded = (kOddSize + system.dwPageSize - 1) / system.dwPageSize * system.dwPageSize;
  FileWithBytes made = MakeFile(kOddSize);
  ScopedHandle section(CreateFileMappingA(made.file.get(), nullptr, PAGE_READONLY, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  EXPECT_EQ(std::string(view.as<char>() + kOddSize, rounded - kOddSize), std::string(rounded - kOddSize, '\0'));
}

// Tests that a view at an offset inside a file-backed section maps the file's bytes from that offset, and an offset
// past the section's end fails with ERROR_INVALID_PARAMETER, as for a pagefile-backed section (VW-MAP-023).
TEST(FileBackedSection, ViewOffsetIsFileOffset) {
  BEHAVIOUR("FM-FILE-011");
  SYSTEM_INFO system;
  GetSystemInfo(&system);
  const DWORD granule = system.dwAllocationGranularity;
  FileWithBytes made = MakeFile(granule + 100);
  ScopedHandle section(CreateFileMappingA(made.file.get(), nullptr, PAGE_READONLY, 0, 0, nullptr));
  ASSERT_TRUE(section) << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_READ, 0, granule, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  EXPECT_EQ(std::string(view.as<char>(), 100), Pattern(granule + 100).substr(granule));
  SetLastError(kPoisonError);
  const auto past = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 2 * granule, 0));
  ScopedView past_view(past.value);
  EXPECT_THAT(past, FailsWith(ERROR_INVALID_PARAMETER));
}

}  // namespace
}  // namespace winipc::conformance
