// CreateFile's dwShareMode between processes: a child opening a file the parent holds open.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-createfilea
// https://learn.microsoft.com/en-us/windows/win32/fileio/creating-and-opening-files
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::TempFile;

// args: path, access, share (decimal), expected last error (0: the open succeeds). Opens the file OPEN_EXISTING.
CHILD_MAIN(FlShareOpensFile) {
  const DWORD access = static_cast<DWORD>(std::stoul(args.at(1)));
  const DWORD share = static_cast<DWORD>(std::stoul(args.at(2)));
  const DWORD expected = static_cast<DWORD>(std::stoul(args.at(3)));
  SetLastError(kPoisonError);
  const auto opened =
      Call(CreateFileA(args.at(0).c_str(), access, share, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  ScopedHandle file(opened.value);
  if (expected == 0) {
    CHILD_CHECK_THAT(opened, SucceedsWith(ERROR_SUCCESS));
  } else {
    CHILD_CHECK_THAT(opened, ReturnsWithError(INVALID_HANDLE_VALUE, expected));
  }
  return 0;
}

// The parent's open (access, share; or none, once it is closed) and the child's, and what the child gets.
struct ShareCase {
  const char* id;
  const char* name;
  DWORD parent_access;
  DWORD parent_share;
  bool parent_closes;
  DWORD child_access;
  DWORD child_share;
  DWORD error;  // 0: the child's open succeeds
};

void PrintTo(const ShareCase& row, std::ostream* os) { *os << row.name; }

class CreateFileShareMode : public ::testing::TestWithParam<ShareCase> {};

// Tests that a child's CreateFile of a file the parent holds open succeeds or fails with ERROR_SHARING_VIOLATION
// as the two access masks and share modes decide.
TEST_P(CreateFileShareMode, ChildOpenObeysShareModes) {
  const ShareCase& row = GetParam();
  BEHAVIOUR(row.id);
  TempFile temp;
  ScopedHandle parent = OpenFile(temp.path(), row.parent_access, row.parent_share);
  ASSERT_TRUE(parent) << DescribeError(GetLastError());
  if (row.parent_closes) parent.reset();
  Child child = SpawnChild("FlShareOpensFile", {temp.path(), std::to_string(row.child_access),
                                                std::to_string(row.child_share), std::to_string(row.error)});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

constexpr DWORD kRead = GENERIC_READ;
constexpr DWORD kWrite = GENERIC_WRITE;
constexpr DWORD kShareRead = FILE_SHARE_READ;
constexpr DWORD kShareReadWrite = FILE_SHARE_READ | FILE_SHARE_WRITE;

// The rows, one behaviour each:
//   FL-SHARE-001  a file open with share mode 0 refuses a reader in another process (ERROR_SHARING_VIOLATION).
//   FL-SHARE-002  a file open with FILE_SHARE_READ admits a reader in another process.
//   FL-SHARE-003  a file open with FILE_SHARE_READ refuses a writer in another process.
//   FL-SHARE-004  a new open must share what the existing open does: a reader sharing only reads is refused while
//                 another process has the file open for writing.
//   FL-SHARE-005  an open with no read, write or delete access never conflicts: with share 0 it admits an
//                 exclusive reader-writer, and a reader-writer sharing nothing admits it.
//   FL-SHARE-006  once the exclusive handle is closed another process opens the file exclusively.
INSTANTIATE_TEST_SUITE_P(
    Modes, CreateFileShareMode,
    ::testing::Values(
        ShareCase{"FL-SHARE-001", "ShareNoneRefusesReader", kRead, 0, false, kRead, kShareReadWrite,
                  ERROR_SHARING_VIOLATION},
        ShareCase{"FL-SHARE-002", "ShareReadAdmitsReader", kRead, kShareRead, false, kRead, kShareRead, 0},
        ShareCase{"FL-SHARE-003", "ShareReadRefusesWriter", kRead, kShareRead, false, kWrite, kShareReadWrite,
                  ERROR_SHARING_VIOLATION},
        ShareCase{"FL-SHARE-004", "WriterRefusesReaderNotSharingWrite", kWrite, kShareReadWrite, false, kRead,
                  kShareRead, ERROR_SHARING_VIOLATION},
        ShareCase{"FL-SHARE-005", "NoDataAccessAdmitsExclusive", 0, 0, false, kRead | kWrite, 0, 0},
        ShareCase{"FL-SHARE-005", "ExclusiveAdmitsNoDataAccess", kRead | kWrite, 0, false, 0, 0, 0},
        ShareCase{"FL-SHARE-006", "ClosedExclusiveAdmitsExclusive", kRead | kWrite, 0, true, kRead | kWrite, 0, 0}),
    [](const ::testing::TestParamInfo<ShareCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace winipc::conformance
