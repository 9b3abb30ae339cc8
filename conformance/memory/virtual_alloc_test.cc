// VirtualAlloc, VirtualFree, VirtualProtect and VirtualQuery of private memory, and committing the pages of a
// SEC_RESERVE section's view.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-virtualalloc
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-virtualfree
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-virtualprotect
#include <windows.h>

#include <cstring>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr SIZE_T kPage = 4096;
constexpr SIZE_T kGranularity = 65536;

MEMORY_BASIC_INFORMATION Query(const void* address) {
  MEMORY_BASIC_INFORMATION mbi;
  std::memset(&mbi, 0xcc, sizeof mbi);
  EXPECT_EQ(VirtualQuery(address, &mbi, sizeof mbi), sizeof mbi);
  return mbi;
}

char* At(void* base, SIZE_T offset) { return static_cast<char*>(base) + offset; }

// Releases a reservation at the end of a test.
struct Reservation {
  void* base;
  ~Reservation() {
    if (base != nullptr) VirtualFree(base, 0, MEM_RELEASE);
  }
};

// Tests that reserving and committing at once gives zero-filled, writable memory at a 64 KiB boundary.
TEST(VirtualAlloc, ReserveCommitIsZeroedAndAligned) {
  BEHAVIOUR("MM-VALLOC-001");
  SetLastError(kPoisonError);
  const auto result = Call(VirtualAlloc(nullptr, 3 * kPage + 1, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
  ASSERT_THAT(result, SucceedsWith(kPoisonError));
  Reservation r{result.value};
  EXPECT_EQ(reinterpret_cast<uintptr_t>(r.base) % kGranularity, 0u);
  const char* p = static_cast<const char*>(r.base);
  for (SIZE_T i = 0; i < 4 * kPage; ++i) ASSERT_EQ(p[i], 0) << "at " << i;
  std::memset(r.base, 0x5a, 4 * kPage);  // the size was rounded up to whole pages
  const MEMORY_BASIC_INFORMATION mbi = Query(r.base);
  EXPECT_EQ(mbi.RegionSize, 4 * kPage);
  EXPECT_EQ(mbi.State, static_cast<DWORD>(MEM_COMMIT));
  EXPECT_EQ(mbi.Protect, static_cast<DWORD>(PAGE_READWRITE));
  EXPECT_EQ(mbi.Type, static_cast<DWORD>(MEM_PRIVATE));
}

// Tests that a size of zero is refused with ERROR_INVALID_PARAMETER.
TEST(VirtualAlloc, ZeroSizeFailsInvalidParameter) {
  BEHAVIOUR("MM-VALLOC-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(nullptr, 0, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)),
              FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that an allocation type with neither MEM_RESERVE nor MEM_COMMIT is refused with ERROR_INVALID_PARAMETER.
TEST(VirtualAlloc, NoReserveNorCommitFailsInvalidParameter) {
  BEHAVIOUR("MM-VALLOC-003");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(nullptr, kPage, 0, PAGE_READWRITE)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(nullptr, kPage, MEM_DECOMMIT, PAGE_READWRITE)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that protections private memory cannot have (copy-on-write, none, two at once) are refused with
// ERROR_INVALID_PARAMETER.
TEST(VirtualAlloc, BadProtectionFailsInvalidParameter) {
  BEHAVIOUR("MM-VALLOC-004");
  for (DWORD protect : {DWORD{0}, DWORD{PAGE_WRITECOPY}, DWORD{PAGE_READONLY | PAGE_READWRITE}, DWORD{0x800}}) {
    SCOPED_TRACE(testing::Message() << "protection 0x" << std::hex << protect);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, protect)),
                FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that committing inside a reservation rounds to whole pages and returns the first page's address, and
// that VirtualQuery then shows reserved, committed and reserved regions.
TEST(VirtualAlloc, CommitInsideReservationSplitsRegions) {
  BEHAVIOUR("MM-VALLOC-005");
  Reservation r{VirtualAlloc(nullptr, 16 * kPage, MEM_RESERVE, PAGE_NOACCESS)};
  ASSERT_NE(r.base, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(At(r.base, 2 * kPage + 100), kPage, MEM_COMMIT, PAGE_READWRITE)),
              ReturnsWithError(static_cast<LPVOID>(At(r.base, 2 * kPage)), kPoisonError));
  At(r.base, 3 * kPage + 99)[0] = 1;  // the range reached into the fourth page
  const MEMORY_BASIC_INFORMATION before = Query(r.base);
  EXPECT_EQ(before.State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(before.RegionSize, 2 * kPage);
  EXPECT_EQ(before.Protect, 0u);
  EXPECT_EQ(before.AllocationProtect, static_cast<DWORD>(PAGE_NOACCESS));
  const MEMORY_BASIC_INFORMATION committed = Query(At(r.base, 2 * kPage));
  EXPECT_EQ(committed.State, static_cast<DWORD>(MEM_COMMIT));
  EXPECT_EQ(committed.RegionSize, 2 * kPage);
  EXPECT_EQ(committed.AllocationBase, r.base);
  const MEMORY_BASIC_INFORMATION after = Query(At(r.base, 4 * kPage));
  EXPECT_EQ(after.State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(after.RegionSize, 12 * kPage);
}

// Tests that committing memory that was never reserved fails with ERROR_INVALID_ADDRESS.
TEST(VirtualAlloc, CommitOfFreeMemoryFailsInvalidAddress) {
  BEHAVIOUR("MM-VALLOC-006");
  void* base = VirtualAlloc(nullptr, kGranularity, MEM_RESERVE, PAGE_NOACCESS);
  ASSERT_NE(base, nullptr);
  ASSERT_TRUE(VirtualFree(base, 0, MEM_RELEASE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(base, kPage, MEM_COMMIT, PAGE_READWRITE)), FailsWith(ERROR_INVALID_ADDRESS));
}

// Tests that MEM_RELEASE with a non-zero size fails with ERROR_INVALID_PARAMETER and leaves the memory.
TEST(VirtualFree, ReleaseWithSizeFailsInvalidParameter) {
  BEHAVIOUR("MM-VALLOC-007");
  Reservation r{VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualFree(r.base, kPage, MEM_RELEASE)), FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(Query(r.base).State, static_cast<DWORD>(MEM_COMMIT));
}

// Tests that MEM_RELEASE of an address inside a reservation but not its base fails with ERROR_INVALID_ADDRESS.
TEST(VirtualFree, ReleaseNotAtBaseFailsInvalidAddress) {
  BEHAVIOUR("MM-VALLOC-008");
  Reservation r{VirtualAlloc(nullptr, 4 * kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualFree(At(r.base, kPage), 0, MEM_RELEASE)), FailsWith(ERROR_INVALID_ADDRESS));
}

// Tests that decommitted pages are reserved again, and zero when committed anew.
TEST(VirtualFree, DecommitThenCommitGivesZeroPage) {
  BEHAVIOUR("MM-VALLOC-009");
  Reservation r{VirtualAlloc(nullptr, 2 * kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  std::memset(r.base, 0x77, 2 * kPage);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualFree(At(r.base, kPage), kPage, MEM_DECOMMIT)), SucceedsWith(kPoisonError));
  const MEMORY_BASIC_INFORMATION mbi = Query(At(r.base, kPage));
  EXPECT_EQ(mbi.State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(mbi.Protect, 0u);
  ASSERT_EQ(VirtualAlloc(At(r.base, kPage), kPage, MEM_COMMIT, PAGE_READWRITE), At(r.base, kPage));
  EXPECT_EQ(At(r.base, kPage)[0], 0);
  EXPECT_EQ(At(r.base, 0)[0], 0x77);
}

// Tests that a free type other than exactly MEM_RELEASE or MEM_DECOMMIT fails with ERROR_INVALID_PARAMETER.
TEST(VirtualFree, BadFreeTypeFailsInvalidParameter) {
  BEHAVIOUR("MM-VALLOC-010");
  Reservation r{VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  for (DWORD type : {DWORD{0}, DWORD{MEM_RELEASE | MEM_DECOMMIT}, DWORD{MEM_COMMIT}}) {
    SCOPED_TRACE(testing::Message() << "type 0x" << std::hex << type);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(VirtualFree(r.base, 0, type)), FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that a reservation at a given address starts at the 64 KiB boundary at or below it.
TEST(VirtualAlloc, ReserveAtAddressRoundsDownToGranularity) {
  BEHAVIOUR("MM-VALLOC-011");
  void* probe = VirtualAlloc(nullptr, 2 * kGranularity, MEM_RESERVE, PAGE_NOACCESS);
  ASSERT_NE(probe, nullptr);
  ASSERT_TRUE(VirtualFree(probe, 0, MEM_RELEASE));
  SetLastError(kPoisonError);
  const auto result = Call(VirtualAlloc(At(probe, 0x1234), kPage, MEM_RESERVE, PAGE_READWRITE));
  Reservation r{result.value};
  EXPECT_THAT(result, ReturnsWithError(probe, kPoisonError));
  const MEMORY_BASIC_INFORMATION mbi = Query(probe);
  EXPECT_EQ(mbi.AllocationBase, probe);
  EXPECT_EQ(mbi.RegionSize, 3 * kPage);  // to the end of the page holding byte 0x1234 + 4095
  EXPECT_EQ(mbi.AllocationProtect, static_cast<DWORD>(PAGE_READWRITE));
}

// Tests that VirtualAlloc(MEM_COMMIT) commits pages of a SEC_RESERVE section's view, which are then usable and
// shown committed while the rest of the view stays reserved.
TEST(VirtualAlloc, CommitsPagesOfSecReserveView) {
  BEHAVIOUR("MM-VALLOC-012");
  ScopedHandle section(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE | SEC_RESERVE, 0, 8 * kPage, nullptr));
  ASSERT_TRUE(section);
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
  ASSERT_NE(view.get(), nullptr);
  char* base = static_cast<char*>(view.get());
  EXPECT_EQ(Query(base).State, static_cast<DWORD>(MEM_RESERVE));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(base + kPage, 2 * kPage, MEM_COMMIT, PAGE_READWRITE)),
              ReturnsWithError(static_cast<LPVOID>(base + kPage), kPoisonError));
  base[kPage] = 'x';
  base[3 * kPage - 1] = 'y';
  const MEMORY_BASIC_INFORMATION committed = Query(base + kPage);
  EXPECT_EQ(committed.State, static_cast<DWORD>(MEM_COMMIT));
  EXPECT_EQ(committed.RegionSize, 2 * kPage);
  EXPECT_EQ(committed.Protect, static_cast<DWORD>(PAGE_READWRITE));
  EXPECT_EQ(committed.Type, static_cast<DWORD>(MEM_MAPPED));
  EXPECT_EQ(Query(base).State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(Query(base + 3 * kPage).State, static_cast<DWORD>(MEM_RESERVE));
}

// Tests that reserving a range that overlaps a reservation fails with ERROR_INVALID_ADDRESS.
TEST(VirtualAlloc, ReserveOverReservationFailsInvalidAddress) {
  BEHAVIOUR("MM-VALLOC-013");
  Reservation r{VirtualAlloc(nullptr, kGranularity, MEM_RESERVE, PAGE_NOACCESS)};
  ASSERT_NE(r.base, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualAlloc(r.base, kPage, MEM_RESERVE, PAGE_READWRITE)), FailsWith(ERROR_INVALID_ADDRESS));
}

// Tests that VirtualProtect returns the old protection and VirtualQuery shows the new one on the pages changed.
TEST(VirtualProtect, ReturnsOldProtectionAndSplitsRegion) {
  BEHAVIOUR("MM-VPROT-001");
  Reservation r{VirtualAlloc(nullptr, 4 * kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  DWORD old = 0xdead;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualProtect(At(r.base, kPage), kPage, PAGE_READONLY, &old)), SucceedsWith(kPoisonError));
  EXPECT_EQ(old, static_cast<DWORD>(PAGE_READWRITE));
  EXPECT_EQ(Query(r.base).RegionSize, kPage);
  const MEMORY_BASIC_INFORMATION changed = Query(At(r.base, kPage));
  EXPECT_EQ(changed.Protect, static_cast<DWORD>(PAGE_READONLY));
  EXPECT_EQ(changed.RegionSize, kPage);
  EXPECT_EQ(changed.AllocationProtect, static_cast<DWORD>(PAGE_READWRITE));
  ASSERT_TRUE(VirtualProtect(At(r.base, kPage), 1, PAGE_READWRITE, &old));
  EXPECT_EQ(old, static_cast<DWORD>(PAGE_READONLY));
  At(r.base, kPage)[0] = 1;
}

// Tests that VirtualProtect without somewhere to put the old protection fails with ERROR_NOACCESS.
TEST(VirtualProtect, NullOldProtectFailsNoAccess) {
  BEHAVIOUR("MM-VPROT-002");
  Reservation r{VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualProtect(r.base, kPage, PAGE_READONLY, nullptr)), FailsWith(ERROR_NOACCESS));
}

// Tests that VirtualProtect of reserved, uncommitted pages fails with ERROR_INVALID_ADDRESS.
TEST(VirtualProtect, ReservedPagesFailInvalidAddress) {
  BEHAVIOUR("MM-VPROT-003");
  Reservation r{VirtualAlloc(nullptr, kPage, MEM_RESERVE, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  DWORD old = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualProtect(r.base, kPage, PAGE_READONLY, &old)), FailsWith(ERROR_INVALID_ADDRESS));
}

// Tests that VirtualProtect with a protection that is not one (0, or two at once) fails with
// ERROR_INVALID_PARAMETER.
TEST(VirtualProtect, BadProtectionFailsInvalidParameter) {
  BEHAVIOUR("MM-VPROT-004");
  Reservation r{VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  DWORD old = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualProtect(r.base, kPage, 0, &old)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(VirtualProtect(r.base, kPage, PAGE_READONLY | PAGE_READWRITE, &old)),
              FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that VirtualQuery shows a reservation with nothing committed as one reserved region of its size, with no
// protection, the reservation's base and protection, private.
TEST(VirtualQuery, ReservedRegion) {
  BEHAVIOUR("MM-VQUERY-001");
  Reservation r{VirtualAlloc(nullptr, 5 * kPage, MEM_RESERVE, PAGE_EXECUTE_READWRITE)};
  ASSERT_NE(r.base, nullptr);
  const MEMORY_BASIC_INFORMATION mbi = Query(At(r.base, 2 * kPage + 7));
  EXPECT_EQ(mbi.BaseAddress, At(r.base, 2 * kPage));
  EXPECT_EQ(mbi.AllocationBase, r.base);
  EXPECT_EQ(mbi.AllocationProtect, static_cast<DWORD>(PAGE_EXECUTE_READWRITE));
  EXPECT_EQ(mbi.RegionSize, 3 * kPage);
  EXPECT_EQ(mbi.State, static_cast<DWORD>(MEM_RESERVE));
  EXPECT_EQ(mbi.Protect, 0u);
  EXPECT_EQ(mbi.Type, static_cast<DWORD>(MEM_PRIVATE));
}

// Tests that released memory is free: MEM_FREE, PAGE_NOACCESS, no allocation base, type 0.
TEST(VirtualQuery, ReleasedMemoryIsFree) {
  BEHAVIOUR("MM-VQUERY-002");
  void* base = VirtualAlloc(nullptr, kPage, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  ASSERT_NE(base, nullptr);
  ASSERT_TRUE(VirtualFree(base, 0, MEM_RELEASE));
  const MEMORY_BASIC_INFORMATION mbi = Query(base);
  EXPECT_EQ(mbi.State, static_cast<DWORD>(MEM_FREE));
  EXPECT_EQ(mbi.Protect, static_cast<DWORD>(PAGE_NOACCESS));
  EXPECT_EQ(mbi.AllocationBase, nullptr);
  EXPECT_EQ(mbi.Type, 0u);
}

}  // namespace
}  // namespace winipc::conformance
