// CreateFileMapping for pagefile-backed sections (hFile INVALID_HANDLE_VALUE or NULL): new and existing names,
// sizes, flProtect and SEC_* attributes, and the hFile argument.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappingw
#include <ostream>
#include <string>

#include "filemapping/section_probe.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kGranule = 0x10000;  // the allocation granularity: sections of this size map whole

// Tests that creating a section under a new name succeeds and sets last error to 0.
TEST(CreateFileMapping, NewNameSucceedsWithLastErrorZero) {
  BEHAVIOUR("FM-CREATE-001");
  const std::string name = UniqueName("new");
  SetLastError(kPoisonError);
  const auto created =
      Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kGranule, name.c_str()));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
}

// Tests that creating an existing name returns a new handle to the existing section with ERROR_ALREADY_EXISTS.
TEST(CreateFileMapping, ExistingNameReturnsNewHandleToSameSection) {
  BEHAVIOUR("FM-CREATE-002");
  const std::string name = UniqueName("existing");
  ScopedHandle first(CreateSectionA(name));
  ASSERT_TRUE(first);

  SetLastError(kPoisonError);
  const auto again = Call(CreateSectionA(name));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS));
  ASSERT_TRUE(second);
  EXPECT_NE(second.get(), first.get());
  EXPECT_EQ(ByteSharing(first.get(), second.get()), "shared");
  EXPECT_EQ(ByteSharing(second.get(), first.get()), "shared");
}

// Tests that creating an existing name ignores the new size: a view larger than the original section fails.
TEST(CreateFileMapping, ExistingNameIgnoresNewSize) {
  BEHAVIOUR("FM-CREATE-003");
  const std::string name = UniqueName("size");
  const DWORD page = PageSize();
  ScopedHandle first(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, page, name.c_str()));
  ASSERT_TRUE(first);
  ScopedHandle second(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4 * kGranule,
                                         name.c_str()));
  ASSERT_TRUE(second);

  // The section is still one page: a view of the size asked for the second time is beyond its end.
  SetLastError(kPoisonError);
  const auto big = Call(MapViewOfFile(second.get(), FILE_MAP_READ, 0, 0, 4 * kGranule));
  ScopedView big_view(big.value);
  EXPECT_THAT(big, FailsWith(ERROR_ACCESS_DENIED));

  ScopedView whole(MapViewOfFile(second.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(whole);
  MEMORY_BASIC_INFORMATION info = {};
  ASSERT_EQ(VirtualQuery(whole.get(), &info, sizeof(info)), sizeof(info));
  EXPECT_EQ(info.RegionSize, page);
}

// Tests that creating an existing name gives a handle whose access follows the new call's protection: a
// PAGE_READONLY call on a read-write section cannot map a FILE_MAP_WRITE view.
TEST(CreateFileMapping, ExistingNameHandleAccessFollowsNewProtection) {
  BEHAVIOUR("FM-CREATE-004");
  const std::string name = UniqueName("ro-on-rw");
  ScopedHandle read_write(CreateSectionA(name, PAGE_READWRITE));
  ASSERT_TRUE(read_write);
  ScopedHandle read_only(CreateSectionA(name, PAGE_READONLY));
  ASSERT_TRUE(read_only);

  SetLastError(kPoisonError);
  const auto write = Call(MapViewOfFile(read_only.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView write_view(write.value);
  EXPECT_THAT(write, FailsWith(ERROR_ACCESS_DENIED));
  // The section itself is still read-write: the first handle writes, the second reads what it wrote.
  EXPECT_EQ(ByteSharing(read_write.get(), read_only.get()), "shared");
}

// Tests that creating an existing name keeps the section's original protection: a PAGE_READWRITE call on a
// read-only section cannot map a FILE_MAP_WRITE view (ERROR_INVALID_PARAMETER).
//
// The second handle does carry SECTION_MAP_WRITE (its access follows its own call, FM-CREATE-004), so the view
// passes the handle check and is refused by the section's protection: STATUS_SECTION_PROTECTION, which Win32
// reports as ERROR_INVALID_PARAMETER, not the ERROR_ACCESS_DENIED of a handle without the right.
TEST(CreateFileMapping, ExistingNameKeepsOriginalProtection) {
  BEHAVIOUR("FM-CREATE-005");
  const std::string name = UniqueName("rw-on-ro");
  ScopedHandle read_only(CreateSectionA(name, PAGE_READONLY));
  ASSERT_TRUE(read_only);
  ScopedHandle read_write(CreateSectionA(name, PAGE_READWRITE));
  ASSERT_TRUE(read_write);

  SetLastError(kPoisonError);
  const auto write = Call(MapViewOfFile(read_write.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView write_view(write.value);
  EXPECT_THAT(write, FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  const auto read = Call(MapViewOfFile(read_write.get(), FILE_MAP_READ, 0, 0, 0));
  ScopedView read_view(read.value);
  EXPECT_THAT(read, Succeeds());
}

// Tests that a pagefile-backed section of size 0 is refused with ERROR_INVALID_PARAMETER and creates no name.
TEST(CreateFileMapping, ZeroSizeFails) {
  BEHAVIOUR("FM-CREATE-006");
  const std::string name = UniqueName("zero");
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0, name.c_str()));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle open_section(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
}

// A call that is invalid whatever the name: size 0, or a protection no section can have.
struct InvalidOnExistingRow {
  const char* label;
  DWORD protect;
  DWORD size_low;
};

void PrintTo(const InvalidOnExistingRow& row, std::ostream* os) { *os << row.label; }

class CreateFileMappingInvalidOnExisting : public ::testing::TestWithParam<InvalidOnExistingRow> {};

// Tests that parameters are validated before the name is looked up: size 0 or an invalid protection fails with
// ERROR_INVALID_PARAMETER even when the name exists.
TEST_P(CreateFileMappingInvalidOnExisting, FailsInvalidParameter) {
  BEHAVIOUR("FM-CREATE-007");
  const std::string name = UniqueName("invalid-existing");
  ScopedHandle existing(CreateSectionA(name));
  ASSERT_TRUE(existing);
  SetLastError(kPoisonError);
  const auto again = Call(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, GetParam().protect, 0, GetParam().size_low, name.c_str()));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, FailsWith(ERROR_INVALID_PARAMETER));
}

INSTANTIATE_TEST_SUITE_P(Rows, CreateFileMappingInvalidOnExisting,
                         ::testing::Values(InvalidOnExistingRow{"ZeroSize", PAGE_READWRITE, 0},
                                           InvalidOnExistingRow{"PageNoaccess", PAGE_NOACCESS, kGranule}),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that sizes are rounded up to whole pages: a 1-byte section maps as one page and no more.
TEST(CreateFileMapping, SizeRoundsUpToPage) {
  BEHAVIOUR("FM-CREATE-008");
  const DWORD page = PageSize();
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1, nullptr));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(0));

  ScopedView whole(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(whole);
  MEMORY_BASIC_INFORMATION info = {};
  ASSERT_EQ(VirtualQuery(whole.get(), &info, sizeof(info)), sizeof(info));
  EXPECT_EQ(info.RegionSize, page);
  whole.as<char>()[page - 1] = 'x';  // the whole page is the section's

  SetLastError(kPoisonError);
  const auto exact = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, page));
  ScopedView exact_view(exact.value);
  EXPECT_THAT(exact, Succeeds());
  SetLastError(kPoisonError);
  const auto beyond = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, page + 1));
  ScopedView beyond_view(beyond.value);
  EXPECT_THAT(beyond, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that a size with the top bit of the high DWORD set (negative as a 64-bit number) fails with
// ERROR_INVALID_PARAMETER.
TEST(CreateFileMapping, NegativeSizeFails) {
  BEHAVIOUR("FM-CREATE-009");
  SetLastError(kPoisonError);
  const auto created =
      Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0x80000000, 0, nullptr));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that a committed section of 16 TiB fails with ERROR_NOT_ENOUGH_MEMORY.
TEST(CreateFileMapping, HugeCommittedSizeFailsNotEnoughMemory) {
  BEHAVIOUR("FM-CREATE-010");
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0x1000, 0, nullptr));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_NOT_ENOUGH_MEMORY));
}

// Tests that the largest size, (0xffffffff, 0xffffffff), fails with ERROR_INVALID_PARAMETER.
TEST(CreateFileMapping, MaximumSizeFails) {
  BEHAVIOUR("FM-CREATE-011");
  SetLastError(kPoisonError);
  const auto created =
      Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0xffffffff, 0xffffffff, nullptr));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that hFile NULL behaves as INVALID_HANDLE_VALUE: a usable pagefile-backed section, last error 0.
TEST(CreateFileMapping, NullFileHandleMeansPagefile) {
  BEHAVIOUR("FM-CREATE-012");
  const std::string name = UniqueName("null-file");
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(nullptr, nullptr, PAGE_READWRITE, 0, kGranule, name.c_str()));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  ScopedHandle opened(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ASSERT_TRUE(opened);
  EXPECT_EQ(ByteSharing(section.get(), opened.get()), "shared");
}

// An hFile that is not a file.
struct BadFileRow {
  const char* id;
  const char* label;
  bool use_event;    // an event handle
  uintptr_t forged;  // otherwise this value, which no handle has
};

void PrintTo(const BadFileRow& row, std::ostream* os) { *os << row.label; }

class CreateFileMappingBadFile : public ::testing::TestWithParam<BadFileRow> {};

// Tests that an hFile that is not a file handle fails with ERROR_INVALID_HANDLE (FM-CREATE-013: an event handle;
// FM-CREATE-014: a forged value).
TEST_P(CreateFileMappingBadFile, FailsInvalidHandle) {
  BEHAVIOUR(GetParam().id);
  ScopedHandle event;
  HANDLE file = reinterpret_cast<HANDLE>(GetParam().forged);
  if (GetParam().use_event) {
    event.reset(CreateEventA(nullptr, TRUE, FALSE, nullptr));
    ASSERT_TRUE(event);
    file = event.get();
  }
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(file, nullptr, PAGE_READWRITE, 0, kGranule, nullptr));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_HANDLE));
}

INSTANTIATE_TEST_SUITE_P(Rows, CreateFileMappingBadFile,
                         ::testing::Values(BadFileRow{"FM-CREATE-013", "EventHandle", true, 0},
                                           BadFileRow{"FM-CREATE-014", "ForgedValue", false, 0xdeadbee0}),
                         [](const auto& info) { return std::string(info.param.label); });

// An unnamed section: lpName NULL or "".
struct UnnamedRow {
  const char* label;
  const char* name;
};

void PrintTo(const UnnamedRow& row, std::ostream* os) { *os << row.label; }

class CreateFileMappingUnnamed : public ::testing::TestWithParam<UnnamedRow> {};

// Tests that every unnamed create (lpName NULL or "") makes a new section with last error 0, sharing no bytes
// with another.
TEST_P(CreateFileMappingUnnamed, EachCallCreatesDistinctSection) {
  BEHAVIOUR("FM-CREATE-015");
  SetLastError(kPoisonError);
  const auto first = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kGranule,
                                             GetParam().name));
  ScopedHandle first_section(first.value);
  EXPECT_THAT(first, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto second = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kGranule,
                                              GetParam().name));
  ScopedHandle second_section(second.value);
  EXPECT_THAT(second, SucceedsWith(0));
  ASSERT_TRUE(first_section && second_section);
  EXPECT_EQ(ByteSharing(first_section.get(), second_section.get()), "separate");
  EXPECT_EQ(ByteSharing(first_section.get(), first_section.get()), "shared");  // the probe itself works
}

INSTANTIATE_TEST_SUITE_P(Rows, CreateFileMappingUnnamed,
                         ::testing::Values(UnnamedRow{"NullName", nullptr}, UnnamedRow{"EmptyName", ""}),
                         [](const auto& info) { return std::string(info.param.label); });

// One flProtect value for a pagefile-backed section; `error` 0 means it is accepted.
struct ProtectRow {
  const char* id;
  const char* label;
  DWORD protect;
  DWORD error;
};

void PrintTo(const ProtectRow& row, std::ostream* os) { *os << row.label; }

class CreateFileMappingProtect : public ::testing::TestWithParam<ProtectRow> {};

// Tests the flProtect values a pagefile-backed section accepts (and then maps for reading) or refuses, one
// behaviour per group of rows (see the table).
TEST_P(CreateFileMappingProtect, AcceptsOrRefuses) {
  const ProtectRow& row = GetParam();
  BEHAVIOUR(row.id);
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, row.protect, 0, kGranule, nullptr));
  ScopedHandle section(created.value);
  if (row.error != 0) {
    EXPECT_THAT(created, FailsWith(row.error));
    return;
  }
  ASSERT_THAT(created, SucceedsWith(0));
  // Every valid section protection allows reading.
  SetLastError(kPoisonError);
  const auto view = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ScopedView read_view(view.value);
  EXPECT_THAT(view, Succeeds());
}

// Behaviours:
//   FM-CREATE-016  each of the six section protections is accepted.
//   FM-CREATE-017  0, PAGE_NOACCESS, PAGE_EXECUTE and ORs of two protections fail ERROR_INVALID_PARAMETER.
//   FM-CREATE-018  the page modifiers PAGE_GUARD, PAGE_NOCACHE and PAGE_WRITECOMBINE fail ERROR_INVALID_PARAMETER.
//   FM-CREATE-019  SEC_COMMIT, SEC_RESERVE, and either with SEC_NOCACHE or SEC_WRITECOMBINE, are accepted.
//   FM-CREATE-020  SEC_COMMIT|SEC_RESERVE, SEC_NOCACHE or SEC_WRITECOMBINE alone, SEC_LARGE_PAGES, SEC_FILE and
//                  SEC_IMAGE with SEC_COMMIT fail ERROR_INVALID_PARAMETER.
//   FM-CREATE-021  SEC_IMAGE fails ERROR_BAD_EXE_FORMAT: there is no executable file to read.
const ProtectRow kProtectRows[] = {
    {"FM-CREATE-016", "PageReadonly", PAGE_READONLY, 0},
    {"FM-CREATE-016", "PageReadwrite", PAGE_READWRITE, 0},
    {"FM-CREATE-016", "PageWritecopy", PAGE_WRITECOPY, 0},
    {"FM-CREATE-016", "PageExecuteRead", PAGE_EXECUTE_READ, 0},
    {"FM-CREATE-016", "PageExecuteReadwrite", PAGE_EXECUTE_READWRITE, 0},
    {"FM-CREATE-016", "PageExecuteWritecopy", PAGE_EXECUTE_WRITECOPY, 0},
    {"FM-CREATE-017", "Zero", 0, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-017", "PageNoaccess", PAGE_NOACCESS, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-017", "PageExecute", PAGE_EXECUTE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-017", "ReadonlyOrReadwrite", PAGE_READONLY | PAGE_READWRITE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-017", "WritecopyOrNoaccess", PAGE_WRITECOPY | PAGE_NOACCESS, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-017", "ExecuteReadOrExecute", PAGE_EXECUTE_READ | PAGE_EXECUTE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-018", "PageGuard", PAGE_READWRITE | PAGE_GUARD, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-018", "PageNocache", PAGE_READWRITE | PAGE_NOCACHE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-018", "PageWritecombine", PAGE_READWRITE | PAGE_WRITECOMBINE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-019", "SecCommit", PAGE_READWRITE | SEC_COMMIT, 0},
    {"FM-CREATE-019", "SecReserve", PAGE_READWRITE | SEC_RESERVE, 0},
    {"FM-CREATE-019", "SecCommitSecNocache", PAGE_READWRITE | SEC_COMMIT | SEC_NOCACHE, 0},
    {"FM-CREATE-019", "SecReserveSecNocache", PAGE_READWRITE | SEC_RESERVE | SEC_NOCACHE, 0},
    {"FM-CREATE-019", "SecCommitSecWritecombine", PAGE_READWRITE | SEC_COMMIT | SEC_WRITECOMBINE, 0},
    {"FM-CREATE-020", "SecCommitSecReserve", PAGE_READWRITE | SEC_COMMIT | SEC_RESERVE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecNocacheAlone", PAGE_READWRITE | SEC_NOCACHE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecWritecombineAlone", PAGE_READWRITE | SEC_WRITECOMBINE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecLargePages", PAGE_READWRITE | SEC_LARGE_PAGES, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecReserveSecLargePages", PAGE_READWRITE | SEC_RESERVE | SEC_LARGE_PAGES,
     ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecFile", PAGE_READWRITE | SEC_FILE, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-020", "SecImageSecCommit", PAGE_READWRITE | SEC_IMAGE | SEC_COMMIT, ERROR_INVALID_PARAMETER},
    {"FM-CREATE-021", "SecImage", PAGE_READWRITE | SEC_IMAGE, ERROR_BAD_EXE_FORMAT},
    {"FM-CREATE-021", "SecImageReadonly", PAGE_READONLY | SEC_IMAGE, ERROR_BAD_EXE_FORMAT},
};

INSTANTIATE_TEST_SUITE_P(Rows, CreateFileMappingProtect, ::testing::ValuesIn(kProtectRows),
                         [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace winipc::conformance
