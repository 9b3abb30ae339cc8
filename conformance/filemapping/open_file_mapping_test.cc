// OpenFileMapping on pagefile-backed sections: missing and malformed names, the access asked for and the views
// it allows, last error on success, and what the opened handle sees.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-openfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-openfilemappingw
// https://learn.microsoft.com/en-us/windows/win32/memory/file-mapping-security-and-access-rights
#include <cstring>
#include <ostream>
#include <string>

#include "filemapping/section_probe.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {


// Tests that opening a name that does not exist fails with ERROR_FILE_NOT_FOUND.
TEST(OpenFileMapping, MissingNameFailsFileNotFound) {
  BEHAVIOUR("FM-OPEN-001");
  const std::string name = UniqueName("missing");
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle section(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that the name is checked before the access: a missing name with access 0 fails ERROR_FILE_NOT_FOUND.
TEST(OpenFileMapping, MissingNameWithZeroAccessFailsFileNotFound) {
  BEHAVIOUR("FM-OPEN-002");
  const std::string name = UniqueName("missing-zero");
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(0, FALSE, name.c_str()));
  ScopedHandle section(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenFileMapping, NullNameFailsInvalidParameter) {
  BEHAVIOUR("FM-OPEN-003");
  SetLastError(kPoisonError);
  const auto narrow = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, nullptr));
  ScopedHandle narrow_section(narrow.value);
  EXPECT_THAT(narrow, FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  const auto wide = Call(OpenFileMappingW(FILE_MAP_READ, FALSE, nullptr));
  ScopedHandle wide_section(wide.value);
  EXPECT_THAT(wide, FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that an empty name fails with ERROR_INVALID_HANDLE: it names the session directory, not a section (A and W).
TEST(OpenFileMapping, EmptyNameFailsInvalidHandle) {
  BEHAVIOUR("FM-OPEN-004");
  SetLastError(kPoisonError);
  const auto narrow = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, ""));
  ScopedHandle narrow_section(narrow.value);
  EXPECT_THAT(narrow, FailsWith(ERROR_INVALID_HANDLE));
  const std::basic_string<WCHAR> empty;
  SetLastError(kPoisonError);
  const auto wide = Call(OpenFileMappingW(FILE_MAP_READ, FALSE, empty.c_str()));
  ScopedHandle wide_section(wide.value);
  EXPECT_THAT(wide, FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that opening an existing section with access 0 fails with ERROR_ACCESS_DENIED.
TEST(OpenFileMapping, ZeroAccessOnExistingNameFailsAccessDenied) {
  BEHAVIOUR("FM-OPEN-005");
  const std::string name = UniqueName("zero-access");
  ScopedHandle creator(CreateSectionA(name));
  ASSERT_TRUE(creator);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(0, FALSE, name.c_str()));
  ScopedHandle section(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_ACCESS_DENIED));
}

// The access asked of OpenFileMapping, and whether the handle then maps FILE_MAP_READ / FILE_MAP_WRITE views.
struct OpenAccessRow {
  const char* id;
  const char* label;
  DWORD access;
  bool read_view;
  bool write_view;
};

void PrintTo(const OpenAccessRow& row, std::ostream* os) { *os << row.label; }

class OpenFileMappingAccess : public ::testing::TestWithParam<OpenAccessRow> {};

// Tests which views a handle opened with a given access can map (one behaviour per row, see the table); a
// refused view fails with ERROR_ACCESS_DENIED.
TEST_P(OpenFileMappingAccess, MapsOnlyTheViewsTheAccessAllows) {
  const OpenAccessRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("access");
  ScopedHandle creator(CreateSectionA(name));
  ASSERT_TRUE(creator);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(row.access, FALSE, name.c_str()));
  ScopedHandle section(opened.value);
  ASSERT_THAT(opened, Succeeds());

  SetLastError(kPoisonError);
  const auto read = Call(MapViewOfFile(section.get(), FILE_MAP_READ, 0, 0, 0));
  ScopedView read_view(read.value);
  if (row.read_view) {
    EXPECT_THAT(read, Succeeds()) << "FILE_MAP_READ view";
  } else {
    EXPECT_THAT(read, FailsWith(ERROR_ACCESS_DENIED)) << "FILE_MAP_READ view";
  }
  SetLastError(kPoisonError);
  const auto write = Call(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView write_view(write.value);
  if (row.write_view) {
    EXPECT_THAT(write, Succeeds()) << "FILE_MAP_WRITE view";
  } else {
    EXPECT_THAT(write, FailsWith(ERROR_ACCESS_DENIED)) << "FILE_MAP_WRITE view";
  }
}

// Behaviours:
//   FM-OPEN-006  a FILE_MAP_READ handle maps read views but not write views.
//   FM-OPEN-007  a FILE_MAP_WRITE handle maps write views but not read views.
//   FM-OPEN-008  a FILE_MAP_COPY handle is granted read: it maps read views but not write views.
//   FM-OPEN-009  a FILE_MAP_ALL_ACCESS handle maps read and write views.
//   FM-OPEN-010  GENERIC_READ is mapped to SECTION_MAP_READ: read views only.
//   FM-OPEN-011  GENERIC_WRITE is mapped to SECTION_MAP_WRITE: write views only.
//   FM-OPEN-012  GENERIC_ALL is mapped to SECTION_ALL_ACCESS: read and write views.
//   FM-OPEN-013  MAXIMUM_ALLOWED gives the creator everything: read and write views.
const OpenAccessRow kOpenAccessRows[] = {
    {"FM-OPEN-006", "FileMapRead", FILE_MAP_READ, true, false},
    {"FM-OPEN-007", "FileMapWrite", FILE_MAP_WRITE, false, true},
    {"FM-OPEN-008", "FileMapCopy", FILE_MAP_COPY, true, false},
    {"FM-OPEN-009", "FileMapAllAccess", FILE_MAP_ALL_ACCESS, true, true},
    {"FM-OPEN-010", "GenericRead", GENERIC_READ, true, false},
    {"FM-OPEN-011", "GenericWrite", GENERIC_WRITE, false, true},
    {"FM-OPEN-012", "GenericAll", GENERIC_ALL, true, true},
    {"FM-OPEN-013", "MaximumAllowed", MAXIMUM_ALLOWED, true, true},
};

INSTANTIATE_TEST_SUITE_P(Rows, OpenFileMappingAccess, ::testing::ValuesIn(kOpenAccessRows),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that a successful open leaves the last error untouched (A and W).
TEST(OpenFileMapping, SuccessLeavesLastErrorUntouched) {
  BEHAVIOUR("FM-OPEN-014");
  const std::string name = UniqueName("untouched");
  ScopedHandle creator(CreateSectionA(name));
  ASSERT_TRUE(creator);
  SetLastError(kPoisonError);
  const auto narrow = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle narrow_section(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  const auto wide = Call(OpenFileMappingW(FILE_MAP_READ, FALSE, Wide(name).c_str()));
  ScopedHandle wide_section(wide.value);
  EXPECT_THAT(wide, SucceedsWith(kPoisonError));
}

// Tests that the opened handle is the creator's section: bytes written through either show through the other.
TEST(OpenFileMapping, OpenedHandleSharesCreatorsBytes) {
  BEHAVIOUR("FM-OPEN-015");
  const std::string name = UniqueName("bytes");
  ScopedHandle creator(CreateSectionA(name));
  ASSERT_TRUE(creator);
  ScopedHandle opened(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ASSERT_TRUE(opened);
  EXPECT_NE(opened.get(), creator.get());
  EXPECT_EQ(ByteSharing(creator.get(), opened.get()), "shared");
  EXPECT_EQ(ByteSharing(opened.get(), creator.get()), "shared");
}

// Opens the parent's section args[0], checks it holds args[1], and writes args[2] after it.
CHILD_MAIN(OpensParentsSection) {
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ | FILE_MAP_WRITE, FALSE, args.at(0).c_str()));
  ScopedHandle section(opened.value);
  CHILD_CHECK_THAT(opened, SucceedsWith(kPoisonError));
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile, last error " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(std::string(view.as<char>()), args.at(1));
  std::memcpy(view.as<char>() + args.at(1).size() + 1, args.at(2).c_str(), args.at(2).size() + 1);
  return 0;
}

// Tests that another process opens a section by name and shares its bytes with the creator.
TEST(OpenFileMapping, OtherProcessOpensByNameAndSharesBytes) {
  BEHAVIOUR("FM-OPEN-016");
  const std::string name = UniqueName("cross-process");
  const std::string from_parent = "from parent " + name;
  const std::string from_child = "from child " + name;
  ScopedHandle creator(CreateSectionA(name));
  ASSERT_TRUE(creator);
  ScopedView view(MapViewOfFile(creator.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  std::memcpy(view.get(), from_parent.c_str(), from_parent.size() + 1);

  Child child = SpawnChild("OpensParentsSection", {name, from_parent, from_child});
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(std::string(view.as<char>() + from_parent.size() + 1), from_child);
}

}  // namespace
}  // namespace winipc::conformance
