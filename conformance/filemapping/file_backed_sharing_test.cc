// A file-backed section takes part in CreateFile's share checks like an open of the file, and keeps doing so
// after its file handle is closed: a writable section counts as a writer.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilea
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// ("Mapped files ... the file handle can be closed; the file mapping object keeps the file open")
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::TempFile;
using files::WriteAll;

// The child that opens the file is FlShareOpensFile (conformance/files/share_mode_test.cc): args path, access,
// share, expected last error.

// The section left on a file whose only handle (read-write, share 0) is closed, and a child's open of the file.
struct MappedShareCase {
  const char* id;
  const char* name;
  DWORD protect;
  DWORD child_access;
  DWORD child_share;
  DWORD error;  // 0: the child's open succeeds
};

void PrintTo(const MappedShareCase& row, std::ostream* os) { *os << row.name; }

class FileBackedSectionSharing : public ::testing::TestWithParam<MappedShareCase> {};

// Tests that after the file handle is closed, the section on the file decides whether another process may open it:
// a PAGE_READWRITE section counts as a writer; a read-only one constrains nothing.
TEST_P(FileBackedSectionSharing, SectionOutlivingFileHandleStillShares) {
  const MappedShareCase& row = GetParam();
  BEHAVIOUR(row.id);
  TempFile temp;
  ScopedHandle section;
  {
    ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, /*share=*/0);
    ASSERT_TRUE(file && WriteAll(file.get(), std::string(4096, 's')));
    section.reset(CreateFileMappingA(file.get(), nullptr, row.protect, 0, 0, nullptr));
    ASSERT_TRUE(section) << DescribeError(GetLastError());
  }
  Child child = SpawnChild("FlShareOpensFile", {temp.path(), std::to_string(row.child_access),
                                                     std::to_string(row.child_share), std::to_string(row.error)});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// The rows, one behaviour each:
//   FM-FILE-020  a PAGE_READWRITE section whose file handle is closed refuses a reader that does not share writing
//                (ERROR_SHARING_VIOLATION).
//   FM-FILE-021  a PAGE_READWRITE section whose file handle is closed admits a reader-writer sharing read and write
//                (the section's file handle had share 0, but it is closed).
//   FM-FILE-022  a PAGE_READONLY or PAGE_WRITECOPY section whose file handle is closed admits even an exclusive
//                writer.
INSTANTIATE_TEST_SUITE_P(
    Sections, FileBackedSectionSharing,
    ::testing::Values(
        MappedShareCase{"FM-FILE-020", "ReadWriteRefusesReaderSharingRead", PAGE_READWRITE, GENERIC_READ,
                        FILE_SHARE_READ, ERROR_SHARING_VIOLATION},
        MappedShareCase{"FM-FILE-021", "ReadWriteAdmitsSharingWriter", PAGE_READWRITE, GENERIC_READ | GENERIC_WRITE,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, 0},
        MappedShareCase{"FM-FILE-022", "ReadOnlyAdmitsExclusiveWriter", PAGE_READONLY, GENERIC_WRITE, 0, 0},
        MappedShareCase{"FM-FILE-022", "WriteCopyAdmitsExclusiveWriter", PAGE_WRITECOPY, GENERIC_WRITE, 0, 0}),
    [](const ::testing::TestParamInfo<MappedShareCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace winipc::conformance
