// CreateFile: what each creation disposition does with an existing and a missing file, and how it fails.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilea
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilew
#include <windows.h>

#include <initializer_list>
#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::MissingPath;
using files::OpenFile;
using files::ReadFresh;
using files::TempFile;
using files::WriteAll;

constexpr char kSevenBytes[] = "seven b";  // 7 bytes, so that a kept file and a truncated one differ in size

// CreateFileA of `path` (read and write, no sharing) with each of `dispositions` fails with `error`.
void ExpectEveryDispositionFails(const std::string& path, std::initializer_list<DWORD> dispositions, DWORD error) {
  for (const DWORD disposition : dispositions) {
    SCOPED_TRACE(disposition);
    SetLastError(kPoisonError);
    const auto created = Call(CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, disposition,
                                          FILE_ATTRIBUTE_NORMAL, nullptr));
    ScopedHandle file(created.value);
    EXPECT_THAT(created, ReturnsWithError(INVALID_HANDLE_VALUE, error));
  }
}

// One disposition applied to an existing (7-byte) or a missing file, and what Windows answers.
struct DispositionCase {
  const char* id;
  const char* name;
  DWORD disposition;
  bool exists;
  bool succeeds;
  DWORD error;          // the last error on success too: 0 or ERROR_ALREADY_EXISTS
  LONGLONG size_after;  // the file's size afterwards (-1: there is no file)
};

void PrintTo(const DispositionCase& row, std::ostream* os) { *os << row.name; }

class CreateFileDisposition : public ::testing::TestWithParam<DispositionCase> {};

// Tests that each creation disposition succeeds or fails on an existing or missing file exactly as documented,
// with the documented last error (success included) and the documented effect on the file's contents.
TEST_P(CreateFileDisposition, ActsAsDocumented) {
  const DispositionCase& row = GetParam();
  BEHAVIOUR(row.id);
  TempFile temp;
  if (row.exists) {
    ScopedHandle writer = OpenFile(temp.path(), GENERIC_WRITE);
    ASSERT_TRUE(writer) << DescribeError(GetLastError());
    ASSERT_TRUE(WriteAll(writer.get(), kSevenBytes));
  } else {
    ASSERT_TRUE(DeleteFileA(temp.c_str())) << DescribeError(GetLastError());
  }

  SetLastError(kPoisonError);
  const auto created = Call(CreateFileA(temp.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, row.disposition,
                                        FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle file(created.value);
  if (row.succeeds) {
    ASSERT_THAT(created, SucceedsWith(row.error));
    EXPECT_EQ(FileSize(file.get()), row.size_after);
  } else {
    // Failure is INVALID_HANDLE_VALUE, never NULL.
    EXPECT_THAT(created, ReturnsWithError(INVALID_HANDLE_VALUE, row.error));
    file.reset();
    if (row.size_after < 0) {
      EXPECT_FALSE(files::FileExists(temp.c_str())) << "the failed call created the file";
    } else {
      EXPECT_EQ(ReadFresh(temp.path(), 64), kSevenBytes) << "the failed call changed the file";
    }
  }
}

// The rows, one behaviour each:
//   FL-CREATE-001  CREATE_NEW on an existing file fails with INVALID_HANDLE_VALUE / ERROR_FILE_EXISTS.
//   FL-CREATE-002  OPEN_EXISTING on a missing file fails with INVALID_HANDLE_VALUE / ERROR_FILE_NOT_FOUND.
//   FL-CREATE-003  CREATE_ALWAYS on an existing file succeeds with ERROR_ALREADY_EXISTS and truncates it to 0.
//   FL-CREATE-004  OPEN_ALWAYS on an existing file succeeds with ERROR_ALREADY_EXISTS and keeps its contents.
//   FL-CREATE-005  CREATE_NEW on a missing file creates it, last error 0.
//   FL-CREATE-006  CREATE_ALWAYS and OPEN_ALWAYS on a missing file create it, last error 0.
//   FL-CREATE-007  OPEN_EXISTING on an existing file opens it with its contents, last error 0.
//   FL-CREATE-008  TRUNCATE_EXISTING truncates an existing file to 0 (last error 0) and fails on a missing one
//                  with ERROR_FILE_NOT_FOUND.
INSTANTIATE_TEST_SUITE_P(
    Dispositions, CreateFileDisposition,
    ::testing::Values(
        DispositionCase{"FL-CREATE-001", "CreateNewOnExisting", CREATE_NEW, true, false, ERROR_FILE_EXISTS, 7},
        DispositionCase{"FL-CREATE-002", "OpenExistingOnMissing", OPEN_EXISTING, false, false, ERROR_FILE_NOT_FOUND,
                        -1},
        DispositionCase{"FL-CREATE-003", "CreateAlwaysOnExisting", CREATE_ALWAYS, true, true, ERROR_ALREADY_EXISTS, 0},
        DispositionCase{"FL-CREATE-004", "OpenAlwaysOnExisting", OPEN_ALWAYS, true, true, ERROR_ALREADY_EXISTS, 7},
        DispositionCase{"FL-CREATE-005", "CreateNewOnMissing", CREATE_NEW, false, true, ERROR_SUCCESS, 0},
        DispositionCase{"FL-CREATE-006", "CreateAlwaysOnMissing", CREATE_ALWAYS, false, true, ERROR_SUCCESS, 0},
        DispositionCase{"FL-CREATE-006", "OpenAlwaysOnMissing", OPEN_ALWAYS, false, true, ERROR_SUCCESS, 0},
        DispositionCase{"FL-CREATE-007", "OpenExistingOnExisting", OPEN_EXISTING, true, true, ERROR_SUCCESS, 7},
        DispositionCase{"FL-CREATE-008", "TruncateExistingOnExisting", TRUNCATE_EXISTING, true, true, ERROR_SUCCESS, 0},
        DispositionCase{"FL-CREATE-008", "TruncateExistingOnMissing", TRUNCATE_EXISTING, false, false,
                        ERROR_FILE_NOT_FOUND, -1}),
    [](const ::testing::TestParamInfo<DispositionCase>& info) { return std::string(info.param.name); });

// Tests that a creation disposition that is none of the five fails with ERROR_INVALID_PARAMETER.
TEST(CreateFile, UnknownDispositionFails) {
  BEHAVIOUR("FL-CREATE-009");
  TempFile temp;
  for (const DWORD disposition : {0ul, 6ul, 0x10ul}) {
    SCOPED_TRACE(disposition);
    SetLastError(kPoisonError);
    const auto created = Call(
        CreateFileA(temp.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr));
    ScopedHandle file(created.value);
    EXPECT_THAT(created, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_INVALID_PARAMETER));
  }
}

// Tests that a path whose directory does not exist fails with ERROR_PATH_NOT_FOUND, not ERROR_FILE_NOT_FOUND.
TEST(CreateFile, MissingDirectoryFailsWithPathNotFound) {
  BEHAVIOUR("FL-CREATE-010");
  // The missing directory is a deleted temporary file's name; the separator is the one GetTempPath ended with.
  const std::string directory = MissingPath();
  const std::string separator = files::TempDirectory().substr(files::TempDirectory().size() - 1);
  const std::string path = directory + separator + "file";
  ExpectEveryDispositionFails(path, {OPEN_EXISTING, CREATE_NEW, OPEN_ALWAYS}, ERROR_PATH_NOT_FOUND);
}

// Tests that CreateFileW opens the file GetTempFileNameW named, and the bytes written through it are the file's.
TEST(CreateFile, WideNameOpensTheSameFile) {
  BEHAVIOUR("FL-CREATE-011");
  WCHAR directory[MAX_PATH + 1] = {};
  ASSERT_NE(GetTempPathW(MAX_PATH + 1, directory), 0u) << DescribeError(GetLastError());
  WCHAR path[MAX_PATH + 1] = {};
  const WCHAR prefix[] = {'w', 'i', 'p', 0};
  ASSERT_NE(GetTempFileNameW(directory, prefix, 0, path), 0u) << DescribeError(GetLastError());
  const std::string narrow_path = Narrow(path);
  {
    SetLastError(kPoisonError);
    const auto created =
        Call(CreateFileW(path, GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
    ScopedHandle file(created.value);
    ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
    ASSERT_TRUE(WriteAll(file.get(), kSevenBytes));
  }
  EXPECT_EQ(ReadFresh(narrow_path, 64), kSevenBytes);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DeleteFileW(path)), Succeeds());
}

// Tests that share mode 0 keeps a second open of the same file out, with ERROR_SHARING_VIOLATION, in one process.
TEST(CreateFile, ExclusiveOpenRefusesSecondOpen) {
  BEHAVIOUR("FL-CREATE-012");
  TempFile temp;
  ScopedHandle first = OpenFile(temp.path(), GENERIC_READ, /*share=*/0);
  ASSERT_TRUE(first) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  const auto second = Call(CreateFileA(temp.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                       OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle file(second.value);
  EXPECT_THAT(second, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION));
}

// Tests that a name with a character Windows reserves (the wildcards * and ?, <, >, |, the double quote, a
// control byte) fails with ERROR_INVALID_NAME for every disposition, where Linux would make such a file.
TEST(CreateFile, ReservedCharacterInNameFailsWithInvalidName) {
  BEHAVIOUR("FL-CREATE-013");
  for (const char* reserved : {"*", "?", "<", ">", "|", "\"", "\x01"}) {
    SCOPED_TRACE(std::string("character ") + reserved);
    ExpectEveryDispositionFails(files::TempDirectory() + "wip" + reserved + "name.tmp",
                                {CREATE_NEW, CREATE_ALWAYS, OPEN_ALWAYS, OPEN_EXISTING}, ERROR_INVALID_NAME);
  }
}

// Tests that a backslash separates a directory from a name like the separator GetTempPath gives: a file created
// through "<temp dir>\\name" is the file "<temp dir><separator>name" (on Linux a backslash could be part of a name).
TEST(CreateFile, BackslashSeparatesDirectories) {
  BEHAVIOUR("FL-CREATE-014");
  const std::string directory = files::TempDirectory();  // ends with its separator
  const std::string name = "wip-backslash-" + std::to_string(GetCurrentProcessId()) + ".tmp";
  const std::string with_backslash = directory.substr(0, directory.size() - 1) + "\\" + name;
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileA(with_backslash.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr,
                                        CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, nullptr));
  ScopedHandle file(created.value);
  ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  ASSERT_TRUE(WriteAll(file.get(), kSevenBytes));
  // The same path with the directory's own separator names that file: the first handle shares nothing, so this
  // open is refused as a second open of it (a different file would be ERROR_FILE_NOT_FOUND).
  SetLastError(kPoisonError);
  const auto again = Call(CreateFileA((directory + name).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE |
                                      FILE_SHARE_DELETE, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_SHARING_VIOLATION));
}

}  // namespace
}  // namespace winipc::conformance
