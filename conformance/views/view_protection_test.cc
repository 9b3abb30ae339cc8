// MapViewOfFile's whole protection table: every combination of the access bits (FILE_MAP_COPY 1, FILE_MAP_WRITE 2,
// FILE_MAP_READ 4, SECTION_MAP_EXECUTE 8, FILE_MAP_EXECUTE 0x20, and FILE_MAP_ALL_ACCESS) against every section
// protection, for pagefile-backed and file-backed sections, through the handle CreateFileMapping returns and through
// a FILE_MAP_ALL_ACCESS handle: the view's protection as VirtualQuery reports it, or the error.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-mapviewoffile
// https://learn.microsoft.com/en-us/windows/win32/memory/file-mapping-security-and-access-rights
//
// The rules the table shows (catalogue entries 39-43, 168):
// - the view's protection comes from the access: FILE_MAP_EXECUTE aside, FILE_MAP_COPY alone gives a copy-on-write
//   view, else FILE_MAP_WRITE a read-write one, else FILE_MAP_READ a read-only one, else none (PAGE_NOACCESS);
//   FILE_MAP_EXECUTE makes it the PAGE_EXECUTE_* variant. SECTION_MAP_EXECUTE (8) is not FILE_MAP_EXECUTE (0x20):
//   it is just another bit beside FILE_MAP_COPY, which then no longer stands alone (catalogue entry 41);
// - the handle must hold the rights that protection needs (SECTION_MAP_WRITE for a shared writable view,
//   SECTION_MAP_READ otherwise, SECTION_MAP_EXECUTE too for an executable one), else ERROR_ACCESS_DENIED; the
//   handle CreateFileMapping returns holds only the rights its section's protection allows;
// - a handle with every right still cannot map more than the section's protection allows: STATUS_SECTION_PROTECTION,
//   which MapViewOfFile reports as ERROR_INVALID_PARAMETER.
#include <windows.h>

#include <array>
#include <ostream>
#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::kGranule;
using views::Query;

// A cell of the table: a view with this page protection, or this error.
struct Outcome {
  DWORD protect;
  DWORD error;
};
constexpr Outcome View(DWORD protect) { return Outcome{protect, 0}; }
constexpr Outcome kNA = View(PAGE_NOACCESS);
constexpr Outcome kRO = View(PAGE_READONLY);
constexpr Outcome kRW = View(PAGE_READWRITE);
constexpr Outcome kWC = View(PAGE_WRITECOPY);
constexpr Outcome kXR = View(PAGE_EXECUTE_READ);
constexpr Outcome kXRW = View(PAGE_EXECUTE_READWRITE);
constexpr Outcome kXWC = View(PAGE_EXECUTE_WRITECOPY);
constexpr Outcome kDenied = Outcome{0, ERROR_ACCESS_DENIED};         // the handle lacks a right
constexpr Outcome kRefused = Outcome{0, ERROR_INVALID_PARAMETER};    // the section's protection does not allow it

// The section protections, in the order of the table's columns.
constexpr std::array<DWORD, 6> kSectionProtections = {PAGE_READONLY,     PAGE_READWRITE,         PAGE_WRITECOPY,
                                                      PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE, PAGE_EXECUTE_WRITECOPY};
using Columns = std::array<Outcome, 6>;

// What one kind of access gives on each section protection, through each handle.
struct Outcomes {
  Columns creating_handle;    // the handle CreateFileMapping returns
  Columns all_access_handle;  // OpenFileMapping(FILE_MAP_ALL_ACCESS)
};

//                                   READONLY  READWRITE  WRITECOPY  EXECUTE_READ  EXECUTE_READWRITE  EXECUTE_WRITECOPY
constexpr Outcomes kNoAccessView = {{kNA,      kNA,       kNA,       kNA,          kNA,               kNA},
                                    {kNA,      kNA,       kNA,       kNA,          kNA,               kNA}};
constexpr Outcomes kCopyView = {{kWC,      kWC,       kWC,       kWC,          kWC,               kWC},
                                {kWC,      kWC,       kWC,       kWC,          kWC,               kWC}};
constexpr Outcomes kReadView = {{kRO,      kRO,       kRO,       kRO,          kRO,               kRO},
                                {kRO,      kRO,       kRO,       kRO,          kRO,               kRO}};
constexpr Outcomes kWriteView = {{kDenied,  kRW,       kDenied,   kDenied,      kRW,               kDenied},
                                 {kRefused, kRW,       kRefused,  kRefused,     kRW,               kRefused}};
// An EXECUTE_READ section allows an EXECUTE_WRITECOPY view, as Wine's test_mapping expects of Windows through the
// creating handle (catalogue entry 42), though the compatibility table of ReactOS's MiIsProtectionCompatible lacks it.
constexpr Outcomes kExecuteCopyView = {{kDenied,  kDenied,   kDenied,   kXWC,         kXWC,              kXWC},
                                       {kRefused, kRefused,  kRefused,  kXWC,         kXWC,              kXWC}};
constexpr Outcomes kExecuteReadView = {{kDenied,  kDenied,   kDenied,   kXR,          kXR,               kXR},
                                       {kRefused, kRefused,  kRefused,  kXR,          kXR,               kXR}};
constexpr Outcomes kExecuteWriteView = {{kDenied,  kDenied,   kDenied,   kDenied,      kXRW,              kDenied},
                                        {kRefused, kRefused,  kRefused,  kRefused,     kXRW,              kRefused}};

struct ProtectionRow {
  const char* name;
  DWORD access;
  Outcomes outcomes;
};

constexpr DWORD kCopy = FILE_MAP_COPY, kWrite = FILE_MAP_WRITE, kRead = FILE_MAP_READ;
constexpr DWORD kSectionExecute = SECTION_MAP_EXECUTE, kExecute = FILE_MAP_EXECUTE;

// Every combination of the five bits, then FILE_MAP_ALL_ACCESS (which holds COPY, WRITE, READ and
// SECTION_MAP_EXECUTE) with and without FILE_MAP_EXECUTE, and FILE_MAP_COPY beside a bit that maps nothing.
const ProtectionRow kRows[] = {
    {"Zero", 0, kNoAccessView},
    {"Copy", kCopy, kCopyView},
    {"Write", kWrite, kWriteView},
    {"WriteCopy", kWrite | kCopy, kWriteView},
    {"Read", kRead, kReadView},
    {"ReadCopy", kRead | kCopy, kReadView},
    {"ReadWrite", kRead | kWrite, kWriteView},
    {"ReadWriteCopy", kRead | kWrite | kCopy, kWriteView},
    {"SectionExecute", kSectionExecute, kNoAccessView},
    {"SectionExecuteCopy", kSectionExecute | kCopy, kNoAccessView},  // catalogue entry 41: not a copy view
    {"SectionExecuteWrite", kSectionExecute | kWrite, kWriteView},
    {"SectionExecuteWriteCopy", kSectionExecute | kWrite | kCopy, kWriteView},
    {"SectionExecuteRead", kSectionExecute | kRead, kReadView},
    {"SectionExecuteReadCopy", kSectionExecute | kRead | kCopy, kReadView},
    {"SectionExecuteReadWrite", kSectionExecute | kRead | kWrite, kWriteView},
    {"SectionExecuteReadWriteCopy", kSectionExecute | kRead | kWrite | kCopy, kWriteView},
    {"Execute", kExecute, kNoAccessView},
    {"ExecuteCopy", kExecute | kCopy, kExecuteCopyView},
    {"ExecuteWrite", kExecute | kWrite, kExecuteWriteView},
    {"ExecuteWriteCopy", kExecute | kWrite | kCopy, kExecuteWriteView},
    {"ExecuteRead", kExecute | kRead, kExecuteReadView},
    {"ExecuteReadCopy", kExecute | kRead | kCopy, kExecuteReadView},
    {"ExecuteReadWrite", kExecute | kRead | kWrite, kExecuteWriteView},
    {"ExecuteReadWriteCopy", kExecute | kRead | kWrite | kCopy, kExecuteWriteView},
    {"ExecuteSectionExecute", kExecute | kSectionExecute, kNoAccessView},
    {"ExecuteSectionExecuteCopy", kExecute | kSectionExecute | kCopy, kNoAccessView},  // not a copy view either
    {"ExecuteSectionExecuteWrite", kExecute | kSectionExecute | kWrite, kExecuteWriteView},
    {"ExecuteSectionExecuteWriteCopy", kExecute | kSectionExecute | kWrite | kCopy, kExecuteWriteView},
    {"ExecuteSectionExecuteRead", kExecute | kSectionExecute | kRead, kExecuteReadView},
    {"ExecuteSectionExecuteReadCopy", kExecute | kSectionExecute | kRead | kCopy, kExecuteReadView},
    {"ExecuteSectionExecuteReadWrite", kExecute | kSectionExecute | kRead | kWrite, kExecuteWriteView},
    {"ExecuteSectionExecuteReadWriteCopy", kExecute | kSectionExecute | kRead | kWrite | kCopy, kExecuteWriteView},
    {"AllAccess", FILE_MAP_ALL_ACCESS, kWriteView},
    {"AllAccessExecute", FILE_MAP_ALL_ACCESS | kExecute, kExecuteWriteView},
    {"CopyExtendSize", kCopy | SECTION_EXTEND_SIZE, kNoAccessView},
};

// So that a failing row is printed by its name and access, not as bytes.
void PrintTo(const ProtectionRow& row, std::ostream* out) {
  *out << row.name << " (access 0x" << std::hex << row.access << std::dec << ")";
}

const char* ProtectionName(DWORD protect) {
  switch (protect) {
    case PAGE_NOACCESS:
      return "PAGE_NOACCESS";
    case PAGE_READONLY:
      return "PAGE_READONLY";
    case PAGE_READWRITE:
      return "PAGE_READWRITE";
    case PAGE_WRITECOPY:
      return "PAGE_WRITECOPY";
    case PAGE_EXECUTE:
      return "PAGE_EXECUTE";
    case PAGE_EXECUTE_READ:
      return "PAGE_EXECUTE_READ";
    case PAGE_EXECUTE_READWRITE:
      return "PAGE_EXECUTE_READWRITE";
    case PAGE_EXECUTE_WRITECOPY:
      return "PAGE_EXECUTE_WRITECOPY";
    default:
      return "another protection";
  }
}

enum class Backing { kPagefile, kFile };
enum class Through { kCreatingHandle, kAllAccessHandle };

class MapViewOfFileProtection : public ::testing::TestWithParam<ProtectionRow> {
 protected:
  // Maps a whole view with the row's access of a fresh section of each protection, and checks each against its
  // column: the view's protection (Protect and AllocationProtect, last error untouched) or the error.
  void CheckEverySection(Backing backing, Through through) {
    const ProtectionRow& row = GetParam();
    const Columns& expected = through == Through::kCreatingHandle ? row.outcomes.creating_handle
                                                                  : row.outcomes.all_access_handle;
    files::TempFile temp;
    ScopedHandle file;
    if (backing == Backing::kFile) {
      // Execute access too, so that every section protection can be made from it (catalogue entry 24).
      file = files::OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE);
      ASSERT_TRUE(file) << DescribeError(GetLastError());
      ASSERT_THAT(files::SetSize(file.get(), kGranule), SucceedsWith(kPoisonError));
    }
    for (size_t column = 0; column < kSectionProtections.size(); ++column) {
      const DWORD section_protect = kSectionProtections[column];
      SCOPED_TRACE(::testing::Message() << "access 0x" << std::hex << row.access << ", "
                                        << (backing == Backing::kFile ? "file-backed " : "pagefile-backed ")
                                        << ProtectionName(section_protect) << " section");
      const std::string name = UniqueName("view-protection");
      ScopedHandle section(CreateFileMappingA(backing == Backing::kFile ? file.get() : INVALID_HANDLE_VALUE, nullptr,
                                              section_protect, 0, kGranule, name.c_str()));
      ASSERT_TRUE(section) << "CreateFileMappingA: " << DescribeError(GetLastError());
      ScopedHandle opened;
      if (through == Through::kAllAccessHandle) {
        opened.reset(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
        ASSERT_TRUE(opened) << "OpenFileMappingA: " << DescribeError(GetLastError());
      }
      SetLastError(kPoisonError);
      const auto mapped = Call(MapViewOfFile(opened ? opened.get() : section.get(), row.access, 0, 0, 0));
      ScopedView view(mapped.value);
      const Outcome& cell = expected[column];
      if (cell.error != 0) {
        EXPECT_THAT(mapped, FailsWith(cell.error));
        continue;
      }
      EXPECT_THAT(mapped, SucceedsWith(kPoisonError));
      if (!view) continue;
      const MEMORY_BASIC_INFORMATION info = Query(view.get());
      EXPECT_STREQ(ProtectionName(info.Protect), ProtectionName(cell.protect));
      EXPECT_STREQ(ProtectionName(info.AllocationProtect), ProtectionName(cell.protect));
      EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
    }
  }
};

// Tests that, through the handle CreateFileMapping returns, each access maps a view of a pagefile-backed section
// of each protection with the table's page protection, or fails with ERROR_ACCESS_DENIED where that handle lacks a
// right the view needs.
TEST_P(MapViewOfFileProtection, PagefileSectionThroughCreatingHandle) {
  BEHAVIOUR("VW-PROT-001");
  CheckEverySection(Backing::kPagefile, Through::kCreatingHandle);
}

// Tests that, through the handle CreateFileMapping returns, each access maps a view of a file-backed section of
// each protection with the table's page protection, or fails with ERROR_ACCESS_DENIED where that handle lacks a
// right the view needs.
TEST_P(MapViewOfFileProtection, FileSectionThroughCreatingHandle) {
  BEHAVIOUR("VW-PROT-002");
  CheckEverySection(Backing::kFile, Through::kCreatingHandle);
}

// Tests that, through a FILE_MAP_ALL_ACCESS handle, each access maps a view of a pagefile-backed section of each
// protection with the table's page protection, or fails with ERROR_INVALID_PARAMETER where the section's
// protection does not allow the view's.
TEST_P(MapViewOfFileProtection, PagefileSectionThroughAllAccessHandle) {
  BEHAVIOUR("VW-PROT-003");
  CheckEverySection(Backing::kPagefile, Through::kAllAccessHandle);
}

// Tests that, through a FILE_MAP_ALL_ACCESS handle, each access maps a view of a file-backed section of each
// protection with the table's page protection, or fails with ERROR_INVALID_PARAMETER where the section's
// protection does not allow the view's.
TEST_P(MapViewOfFileProtection, FileSectionThroughAllAccessHandle) {
  BEHAVIOUR("VW-PROT-004");
  CheckEverySection(Backing::kFile, Through::kAllAccessHandle);
}

INSTANTIATE_TEST_SUITE_P(Access, MapViewOfFileProtection, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<ProtectionRow>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace winipc::conformance
