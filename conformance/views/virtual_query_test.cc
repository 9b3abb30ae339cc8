// VirtualQuery on views, on the memory a view leaves behind, and its parameter checks.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-virtualquery
#include <windows.h>

#include <cstring>

#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::At;
using views::CreateSection;
using views::kGranule;
using views::kPage;
using views::MapOrFail;

constexpr DWORD kQuerySectionSize = 3 * kGranule;

// A MEMORY_BASIC_INFORMATION with every byte set, so that fields VirtualQuery does not write stand out.
MEMORY_BASIC_INFORMATION Garbage() {
  MEMORY_BASIC_INFORMATION info;
  std::memset(&info, 0xcc, sizeof info);
  return info;
}

// Tests that VirtualQuery at a view's base describes the whole view: base, allocation base, size, MEM_COMMIT,
// MEM_MAPPED and the view's protection, and returns sizeof(MEMORY_BASIC_INFORMATION) with last error untouched.
TEST(VirtualQuery, ViewBaseDescribesWholeView) {
  BEHAVIOUR("VW-QUERY-001");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kQuerySectionSize);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  // A longer buffer is accepted; only sizeof(MEMORY_BASIC_INFORMATION) bytes are filled in.
  for (const SIZE_T length : {sizeof(MEMORY_BASIC_INFORMATION), sizeof(MEMORY_BASIC_INFORMATION) + 100}) {
    SCOPED_TRACE(::testing::Message() << "buffer length " << length);
    unsigned char buffer[sizeof(MEMORY_BASIC_INFORMATION) + 100];
    std::memset(buffer, 0xcc, sizeof buffer);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualQuery(view.get(), reinterpret_cast<MEMORY_BASIC_INFORMATION*>(buffer), length)),
                ReturnsWithError(sizeof(MEMORY_BASIC_INFORMATION), kPoisonError));
    MEMORY_BASIC_INFORMATION info;
    std::memcpy(&info, buffer, sizeof info);
    EXPECT_EQ(info.BaseAddress, view.get());
    EXPECT_EQ(info.AllocationBase, view.get());
    EXPECT_EQ(info.AllocationProtect, static_cast<DWORD>(PAGE_READWRITE));
    EXPECT_EQ(info.RegionSize, SIZE_T{kQuerySectionSize});
    EXPECT_EQ(info.State, static_cast<DWORD>(MEM_COMMIT));
    EXPECT_EQ(info.Protect, static_cast<DWORD>(PAGE_READWRITE));
    EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
    EXPECT_EQ(buffer[sizeof(MEMORY_BASIC_INFORMATION)], 0xcc) << "wrote past the structure";
  }
}

// Tests that VirtualQuery inside a view rounds down to the page and reports the rest of the view from there.
TEST(VirtualQuery, InsideViewRoundsToPage) {
  BEHAVIOUR("VW-QUERY-002");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kQuerySectionSize);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(view);
  for (const SIZE_T offset : {SIZE_T{5000}, kGranule, SIZE_T{kQuerySectionSize - 1}}) {
    SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << offset);
    const SIZE_T page = offset / kPage * kPage;
    MEMORY_BASIC_INFORMATION info = Garbage();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualQuery(At(view.get(), offset), &info, sizeof info)),
                ReturnsWithError(sizeof info, kPoisonError));
    EXPECT_EQ(info.BaseAddress, At(view.get(), page));
    EXPECT_EQ(info.AllocationBase, view.get());
    EXPECT_EQ(info.RegionSize, kQuerySectionSize - page);
    EXPECT_EQ(info.Protect, static_cast<DWORD>(PAGE_READONLY));
    EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
  }
}

// Tests that a view of a SEC_RESERVE section is MEM_RESERVE with Protect 0 and the view's AllocationProtect.
TEST(VirtualQuery, ReserveSectionViewIsReserved) {
  BEHAVIOUR("VW-QUERY-003");
  ScopedHandle section = CreateSection(PAGE_READWRITE | SEC_RESERVE, kQuerySectionSize);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  MEMORY_BASIC_INFORMATION info = Garbage();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualQuery(view.get(), &info, sizeof info)), ReturnsWithError(sizeof info, kPoisonError));
  EXPECT_EQ(info.BaseAddress, view.get());
  EXPECT_EQ(info.AllocationBase, view.get());
  EXPECT_EQ(info.AllocationProtect, static_cast<DWORD>(PAGE_READWRITE));
  EXPECT_EQ(info.RegionSize, SIZE_T{kQuerySectionSize});
  EXPECT_EQ(info.State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(info.Protect, 0u);
  EXPECT_EQ(info.Type, static_cast<DWORD>(MEM_MAPPED));
}

// Tests that the range of an unmapped view is MEM_FREE: PAGE_NOACCESS, no allocation base, protection or type.
TEST(VirtualQuery, UnmappedViewIsFree) {
  BEHAVIOUR("VW-QUERY-004");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kQuerySectionSize);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  void* base = view.release();
  ASSERT_TRUE(UnmapViewOfFile(base)) << DescribeError(GetLastError());
  for (const SIZE_T offset : {SIZE_T{0}, SIZE_T{5000}}) {
    SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << offset);
    MEMORY_BASIC_INFORMATION info = Garbage();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualQuery(At(base, offset), &info, sizeof info)), ReturnsWithError(sizeof info, kPoisonError));
    EXPECT_EQ(info.BaseAddress, At(base, offset / kPage * kPage));
    EXPECT_EQ(info.AllocationBase, nullptr);
    EXPECT_EQ(info.AllocationProtect, 0u);
    EXPECT_EQ(info.State, static_cast<DWORD>(MEM_FREE));
    EXPECT_EQ(info.Protect, static_cast<DWORD>(PAGE_NOACCESS));
    EXPECT_EQ(info.Type, 0u);
    EXPECT_GE(info.RegionSize, kQuerySectionSize - offset / kPage * kPage);
  }
}

// Tests that the pages between the end of a short view and the next 64 KiB boundary are MEM_FREE.
TEST(VirtualQuery, PagesAfterShortViewAreFree) {
  BEHAVIOUR("VW-QUERY-005");
  ScopedHandle section = CreateSection(PAGE_READWRITE, 5000);  // one page and a bit: a two-page view
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  EXPECT_EQ(views::Query(view.get()).RegionSize, 2 * kPage);
  const MEMORY_BASIC_INFORMATION after = views::Query(At(view.get(), 2 * kPage));
  EXPECT_EQ(after.State, static_cast<DWORD>(MEM_FREE));
  EXPECT_EQ(after.AllocationBase, nullptr);
}

// Tests that a buffer length below sizeof(MEMORY_BASIC_INFORMATION) returns 0 with ERROR_BAD_LENGTH.
TEST(VirtualQuery, ShortLengthFailsWithBadLength) {
  BEHAVIOUR("VW-QUERY-006");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(view);
  for (const SIZE_T length : {sizeof(MEMORY_BASIC_INFORMATION) - 1, SIZE_T{0}}) {
    SCOPED_TRACE(::testing::Message() << "length " << length);
    MEMORY_BASIC_INFORMATION info = Garbage();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualQuery(view.get(), &info, length)), ReturnsWithError(SIZE_T{0}, ERROR_BAD_LENGTH));
  }
}

// Asks VirtualQuery to write into a NULL and into a read-only buffer: each returns 0 with ERROR_NOACCESS.
CHILD_MAIN(QueriesIntoUnwritableBuffers) {
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  CHILD_CHECK(section);
  ScopedView read_only = MapOrFail(section.get(), FILE_MAP_READ);
  CHILD_CHECK(read_only);
  MEMORY_BASIC_INFORMATION* const buffers[] = {nullptr, read_only.as<MEMORY_BASIC_INFORMATION>()};
  for (MEMORY_BASIC_INFORMATION* buffer : buffers) {
    SetLastError(kPoisonError);
    CHILD_CHECK_THAT(Call(VirtualQuery(read_only.get(), buffer, sizeof(MEMORY_BASIC_INFORMATION))),
                     ReturnsWithError(SIZE_T{0}, ERROR_NOACCESS));
  }
  return 0;
}

// Tests that a buffer VirtualQuery cannot write (NULL, a read-only view) returns 0 with ERROR_NOACCESS.
TEST(VirtualQuery, UnwritableBufferFailsWithNoAccess) {
  BEHAVIOUR("VW-QUERY-007");
  // In a child: under Wine 8.0 the fault this provokes inside VirtualQuery leaves a lock held that later hangs
  // every other thread's exit in the process, so the damage must die with a process of its own.
  Child child = SpawnChild("QueriesIntoUnwritableBuffers");
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that an address at or above 0x7fffffff0000, past the user address space, returns 0 with
// ERROR_INVALID_PARAMETER.
TEST(VirtualQuery, AddressAboveUserSpaceFailsWithInvalidParameter) {
  BEHAVIOUR("VW-QUERY-008");
  for (const uintptr_t address :
       {uintptr_t{0x7fffffff0000}, uintptr_t{0x800000000000}, uintptr_t{0xffff800000000000}, ~uintptr_t{0xffff}}) {
    SCOPED_TRACE(::testing::Message() << "address 0x" << std::hex << address);
    MEMORY_BASIC_INFORMATION info = Garbage();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualQuery(reinterpret_cast<const void*>(address), &info, sizeof info)),
                ReturnsWithError(SIZE_T{0}, ERROR_INVALID_PARAMETER));
  }
}

}  // namespace
}  // namespace winipc::conformance
