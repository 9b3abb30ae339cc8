// MapViewOfFile: the view's protection, what the section and the handle allow, copy-on-write views, offsets
// and sizes, and the handles it accepts.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-mapviewoffile
#include <windows.h>

#include <string>
#include <vector>

#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::Address;
using views::CreateSection;
using views::kGranule;
using views::kPage;
using views::MapOrFail;
using views::Query;

// ---------------------------------------------------------------------------------------------------------------
// The view's protection comes from dwDesiredAccess.

struct AccessRow {
  const char* id;
  const char* name;
  DWORD section_protect;
  DWORD access;
  DWORD expected_protect;
};

class MapViewOfFileAccess : public ::testing::TestWithParam<AccessRow> {};

// Tests that each dwDesiredAccess gives a view whose VirtualQuery Protect and AllocationProtect are the row's
// page protection (VW-MAP-001..011; catalogue entries 39-40).
TEST_P(MapViewOfFileAccess, GivesViewProtection) {
  const AccessRow& row = GetParam();
  BEHAVIOUR(row.id);
  ScopedHandle section = CreateSection(row.section_protect, kGranule);
  ASSERT_TRUE(section);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(section.get(), row.access, 0, 0, 0));
  ScopedView view(mapped.value);
  ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
  const MEMORY_BASIC_INFORMATION info = Query(view.get());
  EXPECT_EQ(info.AllocationProtect, row.expected_protect);
  EXPECT_EQ(info.Protect, row.expected_protect);
  EXPECT_EQ(info.State, static_cast<DWORD>(MEM_COMMIT));
  EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
}

INSTANTIATE_TEST_SUITE_P(
    Table, MapViewOfFileAccess,
    ::testing::Values(
        // Tests that access 0 gives a PAGE_NOACCESS view.
        AccessRow{"VW-MAP-001", "ZeroGivesNoAccess", PAGE_READWRITE, 0, PAGE_NOACCESS},
        // Tests that FILE_MAP_COPY alone gives a PAGE_WRITECOPY view.
        AccessRow{"VW-MAP-002", "CopyGivesWriteCopy", PAGE_READWRITE, FILE_MAP_COPY, PAGE_WRITECOPY},
        // Tests that FILE_MAP_READ gives a PAGE_READONLY view.
        AccessRow{"VW-MAP-003", "ReadGivesReadOnly", PAGE_READWRITE, FILE_MAP_READ, PAGE_READONLY},
        // Tests that FILE_MAP_WRITE gives a PAGE_READWRITE view.
        AccessRow{"VW-MAP-004", "WriteGivesReadWrite", PAGE_READWRITE, FILE_MAP_WRITE, PAGE_READWRITE},
        // Tests that FILE_MAP_ALL_ACCESS gives a PAGE_READWRITE view.
        AccessRow{"VW-MAP-005", "AllAccessGivesReadWrite", PAGE_READWRITE, FILE_MAP_ALL_ACCESS, PAGE_READWRITE},
        // Tests that FILE_MAP_COPY combined with FILE_MAP_READ is ignored: a PAGE_READONLY view.
        AccessRow{"VW-MAP-006", "ReadCopyGivesReadOnly", PAGE_READWRITE, FILE_MAP_READ | FILE_MAP_COPY, PAGE_READONLY},
        // Tests that FILE_MAP_COPY combined with FILE_MAP_WRITE is ignored: a shared PAGE_READWRITE view.
        AccessRow{"VW-MAP-007", "WriteCopyGivesReadWrite", PAGE_READWRITE, FILE_MAP_WRITE | FILE_MAP_COPY,
                  PAGE_READWRITE},
        // Tests that FILE_MAP_EXECUTE | FILE_MAP_READ gives a PAGE_EXECUTE_READ view.
        AccessRow{"VW-MAP-008", "ExecuteReadGivesExecuteRead", PAGE_EXECUTE_READWRITE, FILE_MAP_EXECUTE | FILE_MAP_READ,
                  PAGE_EXECUTE_READ},
        // Tests that FILE_MAP_EXECUTE | FILE_MAP_WRITE gives a PAGE_EXECUTE_READWRITE view.
        AccessRow{"VW-MAP-009", "ExecuteWriteGivesExecuteReadWrite", PAGE_EXECUTE_READWRITE,
                  FILE_MAP_EXECUTE | FILE_MAP_WRITE, PAGE_EXECUTE_READWRITE},
        // Tests that FILE_MAP_EXECUTE | FILE_MAP_COPY gives a PAGE_EXECUTE_WRITECOPY view.
        AccessRow{"VW-MAP-010", "ExecuteCopyGivesExecuteWriteCopy", PAGE_EXECUTE_READWRITE,
                  FILE_MAP_EXECUTE | FILE_MAP_COPY, PAGE_EXECUTE_WRITECOPY},
        // Tests that FILE_MAP_EXECUTE alone gives a PAGE_NOACCESS view.
        AccessRow{"VW-MAP-011", "ExecuteAloneGivesNoAccess", PAGE_EXECUTE_READWRITE, FILE_MAP_EXECUTE, PAGE_NOACCESS}),
    [](const ::testing::TestParamInfo<AccessRow>& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------------------------------------------
// What the section's protection allows.

// Tests that a PAGE_READONLY section's own handle (which has no SECTION_MAP_WRITE) refuses a FILE_MAP_WRITE view
// with ERROR_ACCESS_DENIED.
TEST(MapViewOfFile, WriteViewOfReadOnlySectionIsDenied) {
  BEHAVIOUR("VW-MAP-012");
  ScopedHandle section = CreateSection(PAGE_READONLY, kGranule);
  ASSERT_TRUE(section);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView view(mapped.value);
  EXPECT_THAT(mapped, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that a PAGE_WRITECOPY section's own handle (which has no SECTION_MAP_WRITE) refuses a FILE_MAP_WRITE view
// with ERROR_ACCESS_DENIED.
TEST(MapViewOfFile, WriteViewOfWriteCopySectionIsDenied) {
  BEHAVIOUR("VW-MAP-013");
  ScopedHandle section = CreateSection(PAGE_WRITECOPY, kGranule);
  ASSERT_TRUE(section);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView view(mapped.value);
  EXPECT_THAT(mapped, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that a PAGE_READONLY section allows a FILE_MAP_COPY view, which is PAGE_WRITECOPY.
TEST(MapViewOfFile, CopyViewOfReadOnlySectionIsAllowed) {
  BEHAVIOUR("VW-MAP-014");
  ScopedHandle section = CreateSection(PAGE_READONLY, kGranule);
  ASSERT_TRUE(section);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_COPY, 0, 0, 0));
  ScopedView view(mapped.value);
  ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
  EXPECT_EQ(Query(view.get()).Protect, static_cast<DWORD>(PAGE_WRITECOPY));
}

// Tests that a PAGE_READWRITE section refuses an executable view through a handle with every access, with
// ERROR_INVALID_PARAMETER: the handle passes, and the section's protection (STATUS_SECTION_PROTECTION, catalogue
// entries 42 and 168) refuses.
TEST(MapViewOfFile, ExecuteViewOfNonExecutableSectionIsDenied) {
  BEHAVIOUR("VW-MAP-015");
  const std::string name = UniqueName("exec-view");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule, name.c_str());
  ASSERT_TRUE(section);
  // An opened FILE_MAP_ALL_ACCESS handle has SECTION_MAP_EXECUTE, so only the section's protection can refuse.
  ScopedHandle opened(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ASSERT_TRUE(opened) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(opened.get(), FILE_MAP_EXECUTE | FILE_MAP_READ, 0, 0, 0));
  ScopedView view(mapped.value);
  EXPECT_THAT(mapped, FailsWith(ERROR_INVALID_PARAMETER));
}

// ---------------------------------------------------------------------------------------------------------------
// What the handle's access allows.

HANDLE DuplicateWithAccess(HANDLE source, DWORD access) {
  HANDLE duplicate = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &duplicate, access, FALSE, 0)) {
    ADD_FAILURE() << "DuplicateHandle(access 0x" << std::hex << access << ") failed: " << DescribeError(GetLastError());
  }
  return duplicate;
}

// Tests that a handle with only FILE_MAP_READ access cannot map a FILE_MAP_WRITE view (ERROR_ACCESS_DENIED).
TEST(MapViewOfFile, ReadOnlyHandleCannotMapWriteView) {
  BEHAVIOUR("VW-MAP-016");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedHandle read_only(DuplicateWithAccess(section.get(), FILE_MAP_READ));
  ASSERT_TRUE(read_only);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(read_only.get(), FILE_MAP_WRITE, 0, 0, 0));
  ScopedView view(mapped.value);
  EXPECT_THAT(mapped, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that a handle with no access maps no view at all, whatever access is asked (ERROR_ACCESS_DENIED).
TEST(MapViewOfFile, NoAccessHandleCannotMapAnyView) {
  BEHAVIOUR("VW-MAP-017");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedHandle no_access(DuplicateWithAccess(section.get(), 0));
  ASSERT_TRUE(no_access);
  for (const DWORD access : {DWORD{0}, DWORD{FILE_MAP_READ}, DWORD{FILE_MAP_COPY}, DWORD{FILE_MAP_WRITE}}) {
    SCOPED_TRACE(::testing::Message() << "desired access 0x" << std::hex << access);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(no_access.get(), access, 0, 0, 0));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_ACCESS_DENIED));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Copy-on-write views (FILE_MAP_COPY).

// Tests that a FILE_MAP_COPY view that has not been written sees the section's shared data, old and new.
TEST(MapViewOfFileCopy, UnwrittenCopyViewSeesSharedData) {
  BEHAVIOUR("VW-MAP-018");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView shared = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(shared);
  shared.as<char>()[0] = 'A';  // before the copy view exists
  ScopedView copy = MapOrFail(section.get(), FILE_MAP_COPY);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy.as<volatile char>()[0], 'A');
  shared.as<char>()[1] = 'B';  // after it was mapped, before it was written
  EXPECT_EQ(copy.as<volatile char>()[1], 'B');
}

// Tests that a write to a FILE_MAP_COPY view is private: other views of the section do not see it.
TEST(MapViewOfFileCopy, WriteToCopyViewIsPrivate) {
  BEHAVIOUR("VW-MAP-019");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView shared = MapOrFail(section.get(), FILE_MAP_WRITE);
  ScopedView copy = MapOrFail(section.get(), FILE_MAP_COPY);
  ASSERT_TRUE(shared && copy);
  shared.as<char>()[0] = 'A';
  copy.as<char>()[0] = 'B';
  EXPECT_EQ(copy.as<volatile char>()[0], 'B');
  EXPECT_EQ(shared.as<volatile char>()[0], 'A');
  ScopedView later = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(later);
  EXPECT_EQ(later.as<volatile char>()[0], 'A');
}

// Tests that a written copy-on-write page becomes PAGE_READWRITE in a one-page region; the rest stays
// PAGE_WRITECOPY.
TEST(MapViewOfFileCopy, WrittenPageBecomesReadWriteRegion) {
  BEHAVIOUR("VW-MAP-020");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView copy = MapOrFail(section.get(), FILE_MAP_COPY);
  ASSERT_TRUE(copy);
  // Catalogue entry 68: the written page splits off into its own region. Reading a page does not copy it.
  copy.as<char>()[10] = 'x';
  EXPECT_EQ(copy.as<volatile char>()[kPage + 5], '\0');
  const MEMORY_BASIC_INFORMATION written = Query(copy.get());
  EXPECT_EQ(written.BaseAddress, copy.get());
  EXPECT_EQ(written.Protect, static_cast<DWORD>(PAGE_READWRITE));
  EXPECT_EQ(written.AllocationProtect, static_cast<DWORD>(PAGE_WRITECOPY));
  EXPECT_EQ(written.RegionSize, kPage);
  const MEMORY_BASIC_INFORMATION rest = Query(views::At(copy.get(), kPage));
  EXPECT_EQ(rest.Protect, static_cast<DWORD>(PAGE_WRITECOPY));
  EXPECT_EQ(rest.RegionSize, kGranule - kPage);
}

// Tests that once a copy view has written a page, later shared writes to that page are not seen through it.
TEST(MapViewOfFileCopy, SharedWriteToCopiedPageIsNotSeen) {
  BEHAVIOUR("VW-MAP-021");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView shared = MapOrFail(section.get(), FILE_MAP_WRITE);
  ScopedView copy = MapOrFail(section.get(), FILE_MAP_COPY);
  ASSERT_TRUE(shared && copy);
  copy.as<char>()[0] = 'c';
  shared.as<char>()[1] = 's';  // same page as the private copy
  EXPECT_EQ(copy.as<volatile char>()[1], '\0');
  EXPECT_EQ(shared.as<volatile char>()[1], 's');
}

// ---------------------------------------------------------------------------------------------------------------
// Offsets and sizes. The section is three granules (192 KiB).

constexpr DWORD kSectionSize = 3 * kGranule;

// Tests that an offset that is not a multiple of 64 KiB fails with ERROR_MAPPED_ALIGNMENT.
TEST(MapViewOfFileOffset, UnalignedOffsetFailsWithMappedAlignment) {
  BEHAVIOUR("VW-MAP-022");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  for (const DWORD offset : {DWORD{1}, DWORD{0x1000}, DWORD{0x8000}, DWORD{0x10001}}) {
    for (const SIZE_T bytes : {SIZE_T{0}, SIZE_T{kPage}}) {
      SCOPED_TRACE(::testing::Message() << "offset 0x" << std::hex << offset << ", bytes 0x" << bytes);
      SetLastError(kPoisonError);
      const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, offset, bytes));
      ScopedView view(mapped.value);
      EXPECT_THAT(mapped, FailsWith(ERROR_MAPPED_ALIGNMENT));
    }
  }
}

// Tests that an offset at or past the end of the section fails with ERROR_INVALID_PARAMETER.
TEST(MapViewOfFileOffset, OffsetPastSectionFailsWithInvalidParameter) {
  BEHAVIOUR("VW-MAP-023");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  struct Case {
    DWORD high, low;
  };
  for (const Case c : {Case{0, kSectionSize}, Case{0, kSectionSize + kGranule}, Case{1, 0}}) {
    SCOPED_TRACE(::testing::Message() << "offset 0x" << std::hex << c.high << ":" << c.low);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, c.high, c.low, 0));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that a view reaching past the end of the section fails with ERROR_ACCESS_DENIED.
TEST(MapViewOfFileOffset, ViewPastSectionEndFailsWithAccessDenied) {
  BEHAVIOUR("VW-MAP-024");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  struct Case {
    DWORD offset;
    SIZE_T bytes;
  };
  for (const Case c : {Case{0, kSectionSize + 1}, Case{kGranule, 2 * kGranule + 1}, Case{0, ~SIZE_T{0}}}) {
    SCOPED_TRACE(::testing::Message() << "offset 0x" << std::hex << c.offset << ", bytes 0x" << c.bytes);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, c.offset, c.bytes));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_ACCESS_DENIED));
  }
}

// Tests that a size of 0 maps from the offset to the end of the section.
TEST(MapViewOfFileOffset, ZeroSizeMapsRestOfSection) {
  BEHAVIOUR("VW-MAP-025");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  for (const DWORD offset : {DWORD{0}, DWORD{kGranule}, DWORD{2 * kGranule}}) {
    SCOPED_TRACE(::testing::Message() << "offset 0x" << std::hex << offset);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, offset, 0));
    ScopedView view(mapped.value);
    ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
    const MEMORY_BASIC_INFORMATION info = Query(view.get());
    EXPECT_EQ(info.AllocationBase, view.get());
    EXPECT_EQ(info.RegionSize, SIZE_T{kSectionSize - offset});
  }
}

// Tests that every view starts at a multiple of the 64 KiB allocation granularity, whatever its size.
TEST(MapViewOfFileOffset, ViewsStartOnGranularityBoundaries) {
  BEHAVIOUR("VW-MAP-026");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  std::vector<ScopedView> live;  // kept mapped, so that each new view has to go somewhere else
  for (const SIZE_T bytes : {SIZE_T{1}, SIZE_T{kPage}, SIZE_T{5000}, SIZE_T{kGranule}, SIZE_T{0}, SIZE_T{1}}) {
    live.push_back(MapOrFail(section.get(), FILE_MAP_READ, bytes));
    ASSERT_TRUE(live.back());
    EXPECT_EQ(Address(live.back().get()) % kGranule, 0u)
        << "view of 0x" << std::hex << bytes << " bytes at " << live.back().get();
  }
}

// Tests that two views of one section are placed at different addresses.
TEST(MapViewOfFileOffset, TwoViewsHaveDifferentAddresses) {
  BEHAVIOUR("VW-MAP-027");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  ScopedView first = MapOrFail(section.get(), FILE_MAP_ALL_ACCESS);
  ScopedView second = MapOrFail(section.get(), FILE_MAP_ALL_ACCESS);
  ASSERT_TRUE(first && second);
  EXPECT_NE(first.get(), second.get());
}

// Tests that a view at offset 64 KiB starts with byte 65536 of the section.
TEST(MapViewOfFileOffset, OffsetViewStartsAtThatByte) {
  BEHAVIOUR("VW-MAP-028");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  ScopedView whole = MapOrFail(section.get(), FILE_MAP_ALL_ACCESS);
  ASSERT_TRUE(whole);
  for (SIZE_T i = 0; i < kSectionSize; i += kPage) whole.as<unsigned char>()[i] = static_cast<unsigned char>(i >> 12);
  whole.as<char>()[kGranule + 7] = 'o';
  ScopedView offset = MapOrFail(section.get(), FILE_MAP_READ, 0, kGranule);
  ASSERT_TRUE(offset);
  EXPECT_EQ(offset.as<unsigned char>()[0], kGranule >> 12);
  EXPECT_EQ(offset.as<char>()[7], 'o');
  EXPECT_EQ(offset.as<unsigned char>()[kPage], (kGranule + kPage) >> 12);
}

// Tests that a view's size is rounded up to whole pages (1 byte -> 4096, 4097 bytes -> 8192).
TEST(MapViewOfFileOffset, ViewSizeIsRoundedUpToPages) {
  BEHAVIOUR("VW-MAP-029");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSectionSize);
  ASSERT_TRUE(section);
  struct Case {
    SIZE_T bytes, region;
  };
  for (const Case c : {Case{1, kPage}, Case{kPage - 1, kPage}, Case{kPage + 1, 2 * kPage}}) {
    SCOPED_TRACE(::testing::Message() << "bytes 0x" << std::hex << c.bytes);
    ScopedView view = MapOrFail(section.get(), FILE_MAP_ALL_ACCESS, c.bytes);
    ASSERT_TRUE(view);
    EXPECT_EQ(Query(view.get()).RegionSize, c.region);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The handle.

// Tests that a value that is not an open handle (NULL, a forged value, a closed handle) fails with
// ERROR_INVALID_HANDLE.
TEST(MapViewOfFileHandle, NotAnOpenHandleFailsWithInvalidHandle) {
  BEHAVIOUR("VW-MAP-030");
  HANDLE closed = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kGranule, nullptr);
  ASSERT_NE(closed, nullptr);
  ASSERT_TRUE(CloseHandle(closed));
  SetLastError(kPoisonError);
  const auto stale = Call(MapViewOfFile(closed, FILE_MAP_READ, 0, 0, 0));  // at once: the value is soon reused
  ScopedView stale_view(stale.value);
  EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE)) << "a section handle just closed";
  struct Case {
    const char* what;
    HANDLE handle;
  };
  for (const Case c : {Case{"NULL", nullptr}, Case{"forged 0x1234", reinterpret_cast<HANDLE>(0x1234)}}) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(c.handle, FILE_MAP_READ, 0, 0, 0));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that a handle to an object that is not a section (an event, the current process) fails with
// ERROR_INVALID_HANDLE.
TEST(MapViewOfFileHandle, OtherObjectTypeFailsWithInvalidHandle) {
  BEHAVIOUR("VW-MAP-031");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  struct Case {
    const char* what;
    HANDLE handle;
  };
  for (const Case c : {Case{"event", event.get()}, Case{"GetCurrentProcess()", GetCurrentProcess()}}) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(c.handle, FILE_MAP_READ, 0, 0, 0));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that the low two bits of a section handle are ignored: handle|1, |2 and |3 map the same section.
TEST(MapViewOfFileHandle, LowTagBitsAreIgnored) {
  BEHAVIOUR("VW-MAP-032");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView original = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(original);
  original.as<char>()[0] = 't';
  for (const uintptr_t tag : {uintptr_t{1}, uintptr_t{2}, uintptr_t{3}}) {
    SCOPED_TRACE(::testing::Message() << "handle|" << tag);
    const HANDLE tagged = reinterpret_cast<HANDLE>(Address(section.get()) | tag);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(tagged, FILE_MAP_READ, 0, 0, 0));
    ScopedView view(mapped.value);
    ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
    EXPECT_EQ(view.as<volatile char>()[0], 't');
  }
}

}  // namespace
}  // namespace winipc::conformance
