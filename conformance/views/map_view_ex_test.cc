// MapViewOfFileEx: placing a view at a requested base address.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-mapviewoffileex
#include <windows.h>

#include <memory>

#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::Address;
using views::CreateSection;
using views::kGranule;
using views::kPage;
using views::Query;

char* Offset(void* base, SIZE_T bytes) { return static_cast<char*>(base) + bytes; }

// Finds `bytes` of free address space by mapping a view that large and unmapping it again: the address of a
// view that was just released is free, and 64 KiB aligned.
void* FreeRange(SIZE_T bytes) {
  HANDLE section =
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, static_cast<DWORD>(bytes), nullptr);
  if (section == nullptr) {
    ADD_FAILURE() << "CreateFileMappingA failed: " << DescribeError(GetLastError());
    return nullptr;
  }
  void* view = MapViewOfFile(section, FILE_MAP_READ, 0, 0, 0);
  CloseHandle(section);
  if (view == nullptr) {
    ADD_FAILURE() << "MapViewOfFile failed: " << DescribeError(GetLastError());
    return nullptr;
  }
  if (!UnmapViewOfFile(view)) ADD_FAILURE() << "UnmapViewOfFile failed: " << DescribeError(GetLastError());
  return view;
}

// Tests that a view can be placed at the address of a view that was unmapped, and is returned there.
TEST(MapViewOfFileEx, FreedViewAddressIsReused) {
  BEHAVIOUR("VW-BASE-001");
  ScopedHandle section = CreateSection(PAGE_READWRITE, 3 * kGranule);
  ASSERT_TRUE(section);
  void* base = FreeRange(3 * kGranule);
  ASSERT_NE(base, nullptr);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0, base));
  ScopedView view(mapped.value);
  ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
  EXPECT_EQ(view.get(), base);
  const MEMORY_BASIC_INFORMATION info = Query(base);
  EXPECT_EQ(info.AllocationBase, base);
  EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
}

// Tests that a base address that is not a multiple of 64 KiB fails with ERROR_MAPPED_ALIGNMENT.
TEST(MapViewOfFileEx, UnalignedBaseFailsWithMappedAlignment) {
  BEHAVIOUR("VW-BASE-002");
  ScopedHandle section = CreateSection(PAGE_READWRITE, 3 * kGranule);
  ASSERT_TRUE(section);
  void* base = FreeRange(4 * kGranule);
  ASSERT_NE(base, nullptr);
  for (const SIZE_T misalignment : {SIZE_T{1}, SIZE_T{kPage}, SIZE_T{0x8000}}) {
    for (const SIZE_T bytes : {SIZE_T{0}, SIZE_T{kPage}}) {
      SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << misalignment << ", bytes 0x" << bytes);
      SetLastError(kPoisonError);
      const auto mapped =
          Call(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, bytes, Offset(base, misalignment)));
      ScopedView view(mapped.value);
      EXPECT_THAT(mapped, FailsWith(ERROR_MAPPED_ALIGNMENT));
    }
  }
}

// Tests that a base whose range overlaps memory in use (a live view's base, its inside, a range running into it,
// a large heap block) fails with ERROR_INVALID_ADDRESS.
TEST(MapViewOfFileEx, RangeOverlappingUsedMemoryFailsWithInvalidAddress) {
  BEHAVIOUR("VW-BASE-003");
  ScopedHandle section = CreateSection(PAGE_READWRITE, 3 * kGranule);
  ASSERT_TRUE(section);
  void* free_range = FreeRange(4 * kGranule);
  ASSERT_NE(free_range, nullptr);
  // The live view takes the last three granules of the free range; the first one stays free.
  void* live_base = Offset(free_range, kGranule);
  ScopedView live(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0, live_base));
  ASSERT_EQ(live.get(), live_base) << DescribeError(GetLastError());
  // A heap block this large comes straight from the system (mmap, VirtualAlloc); one granule inside it is in use.
  const std::unique_ptr<char[]> heap(new char[16 * kGranule]);
  void* inside_heap = reinterpret_cast<void*>((Address(heap.get()) + 2 * kGranule - 1) / kGranule * kGranule);
  struct Case {
    const char* what;
    void* base;
  };
  for (const Case c :
       {Case{"the live view's base", live_base}, Case{"inside the live view", Offset(live_base, kGranule)},
        Case{"a free granule whose range runs into the live view", free_range},
        Case{"inside a large heap block", inside_heap}}) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0, c.base));
    ScopedView view(mapped.value);
    EXPECT_THAT(mapped, FailsWith(ERROR_INVALID_ADDRESS));
  }
}

// Tests that a view can be placed directly after a live view, in the next granule.
TEST(MapViewOfFileEx, BaseRightAfterLiveViewSucceeds) {
  BEHAVIOUR("VW-BASE-004");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  void* free_range = FreeRange(2 * kGranule);
  ASSERT_NE(free_range, nullptr);
  ScopedView first(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0, free_range));
  ASSERT_EQ(first.get(), free_range) << DescribeError(GetLastError());
  void* next = Offset(free_range, kGranule);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFileEx(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0, next));
  ScopedView second(mapped.value);
  ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
  EXPECT_EQ(second.get(), next);
}

// Tests that a NULL base lets the system choose, like MapViewOfFile: a 64 KiB aligned view of the section.
TEST(MapViewOfFileEx, NullBaseActsLikeMapViewOfFile) {
  BEHAVIOUR("VW-BASE-005");
  ScopedHandle section = CreateSection(PAGE_READWRITE, 3 * kGranule);
  ASSERT_TRUE(section);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFileEx(section.get(), FILE_MAP_READ, 0, kGranule, 0, nullptr));
  ScopedView view(mapped.value);
  ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
  EXPECT_EQ(Address(view.get()) % kGranule, 0u);
  const MEMORY_BASIC_INFORMATION info = Query(view.get());
  EXPECT_EQ(info.AllocationBase, view.get());
  EXPECT_EQ(info.RegionSize, 2 * kGranule);
  EXPECT_EQ(info.Protect, static_cast<DWORD>(PAGE_READONLY));
}

}  // namespace
}  // namespace winipc::conformance
