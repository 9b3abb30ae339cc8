// UnmapViewOfFile: which addresses release a view, and what is refused.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-unmapviewoffile
#include <windows.h>

#include <memory>

#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::At;
using views::CreateSection;
using views::kGranule;
using views::kPage;
using views::MapOrFail;
using views::Query;

constexpr SIZE_T kViewSize = 3 * kPage;

// Tests that UnmapViewOfFile at any address inside a view releases the whole view (VirtualQuery: MEM_FREE).
TEST(UnmapViewOfFile, AnyAddressInsideReleasesWholeView) {
  BEHAVIOUR("VW-UNMAP-001");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  for (const SIZE_T offset : {SIZE_T{0}, SIZE_T{100}, kPage, kPage + 100, kViewSize - 1}) {
    SCOPED_TRACE(::testing::Message() << "UnmapViewOfFile(base+0x" << std::hex << offset << ")");
    ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE, kViewSize);
    ASSERT_TRUE(view);
    void* base = view.release();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(UnmapViewOfFile(At(base, offset))), SucceedsWith(kPoisonError));
    for (const SIZE_T page : {SIZE_T{0}, kPage, 2 * kPage}) {
      EXPECT_EQ(Query(At(base, page)).State, static_cast<DWORD>(MEM_FREE)) << "page at +0x" << std::hex << page;
    }
  }
}

// Tests that an address that is in no view (NULL, the heap, the stack) fails with ERROR_INVALID_ADDRESS.
TEST(UnmapViewOfFile, AddressOutsideAnyViewFailsWithInvalidAddress) {
  BEHAVIOUR("VW-UNMAP-002");
  const std::unique_ptr<char[]> heap(new char[1000]);
  char stack[16] = {};
  struct Case {
    const char* what;
    const void* address;
  };
  for (const Case c : {Case{"NULL", nullptr}, Case{"heap", heap.get()}, Case{"stack", stack}}) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(UnmapViewOfFile(c.address)), FailsWith(ERROR_INVALID_ADDRESS));
  }
}

// Tests that unmapping a view a second time fails with ERROR_INVALID_ADDRESS.
TEST(UnmapViewOfFile, AlreadyUnmappedViewFailsWithInvalidAddress) {
  BEHAVIOUR("VW-UNMAP-003");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  void* base = view.release();
  ASSERT_TRUE(UnmapViewOfFile(base)) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnmapViewOfFile(base)), FailsWith(ERROR_INVALID_ADDRESS));
}

// Tests that an address just past the end of a view, still in its 64 KiB granule, fails with
// ERROR_INVALID_ADDRESS and leaves the view mapped.
TEST(UnmapViewOfFile, AddressPastViewEndFailsWithInvalidAddress) {
  BEHAVIOUR("VW-UNMAP-004");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE, kViewSize);
  ASSERT_TRUE(view);
  for (const SIZE_T offset : {kViewSize, kGranule - 1}) {
    SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << offset);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(UnmapViewOfFile(At(view.get(), offset))), FailsWith(ERROR_INVALID_ADDRESS));
  }
  EXPECT_EQ(Query(view.get()).State, static_cast<DWORD>(MEM_COMMIT));
}

// Tests that unmapping one view of a section leaves its other views mapped, with their contents.
TEST(UnmapViewOfFile, OtherViewsOfSectionStayMapped) {
  BEHAVIOUR("VW-UNMAP-005");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView first = MapOrFail(section.get(), FILE_MAP_WRITE);
  ScopedView second = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(first && second);
  first.as<char>()[kPage] = 'k';
  void* released = first.release();
  ASSERT_TRUE(UnmapViewOfFile(released)) << DescribeError(GetLastError());
  const MEMORY_BASIC_INFORMATION info = Query(second.get());
  EXPECT_EQ(info.State, static_cast<DWORD>(MEM_COMMIT));
  EXPECT_EQ(info.RegionSize, kGranule);
  EXPECT_EQ(second.as<volatile char>()[kPage], 'k');
}

}  // namespace
}  // namespace winipc::conformance
