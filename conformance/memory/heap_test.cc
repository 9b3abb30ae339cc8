// Heaps (HeapCreate, HeapAlloc, ...) and the local and global heaps (LocalAlloc, GlobalAlloc, ...).
// https://learn.microsoft.com/en-us/windows/win32/api/heapapi/
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-localalloc
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-globalalloc
#include <windows.h>

#include <cstring>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

bool AllZero(const void* p, size_t n) {
  const unsigned char* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    if (b[i] != 0) return false;
  }
  return true;
}

// Tests that HEAP_ZERO_MEMORY gives a zeroed block of the size asked, which HeapSize reports and HeapFree frees.
TEST(HeapAlloc, ZeroMemoryBlockHasItsSize) {
  BEHAVIOUR("MM-HEAP-001");
  HANDLE heap = GetProcessHeap();
  ASSERT_NE(heap, nullptr);
  void* p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(AllZero(p, 100));
  EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % 16, 0u);
  EXPECT_EQ(HeapSize(heap, 0, p), SIZE_T{100});
  EXPECT_TRUE(HeapValidate(heap, 0, p));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(HeapFree(heap, 0, p)), SucceedsWith(kPoisonError));
}

// Tests that a private heap's block keeps its contents when HeapReAlloc grows it, and that HeapDestroy frees the
// heap with what is left in it.
TEST(HeapAlloc, PrivateHeapReAllocKeepsContents) {
  BEHAVIOUR("MM-HEAP-002");
  HANDLE heap = HeapCreate(0, 0, 0);
  ASSERT_NE(heap, nullptr);
  char* p = static_cast<char*>(HeapAlloc(heap, 0, 16));
  ASSERT_NE(p, nullptr);
  std::memcpy(p, "fifteen chars..", 16);
  char* q = static_cast<char*>(HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 4096));
  ASSERT_NE(q, nullptr);
  EXPECT_STREQ(q, "fifteen chars..");
  EXPECT_TRUE(AllZero(q + 16, 4096 - 16));
  EXPECT_EQ(HeapSize(heap, 0, q), SIZE_T{4096});
  EXPECT_NE(HeapAlloc(heap, 0, 10), nullptr);  // left for HeapDestroy
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(HeapDestroy(heap)), SucceedsWith(kPoisonError));
}

// Tests that HeapReAlloc with HEAP_REALLOC_IN_PLACE_ONLY shrinks a block where it is.
TEST(HeapAlloc, ReAllocInPlaceShrinksWhereItIs) {
  BEHAVIOUR("MM-HEAP-003");
  HANDLE heap = GetProcessHeap();
  void* p = HeapAlloc(heap, 0, 256);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(HeapReAlloc(heap, HEAP_REALLOC_IN_PLACE_ONLY, p, 64), p);
  EXPECT_EQ(HeapSize(heap, 0, p), SIZE_T{64});
  EXPECT_TRUE(HeapFree(heap, 0, p));
}

// Tests that HeapFree of NULL succeeds and does nothing.
TEST(HeapFree, NullSucceeds) {
  BEHAVIOUR("MM-HEAP-004");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(HeapFree(GetProcessHeap(), 0, nullptr)), SucceedsWith(kPoisonError));
}

// Tests that a zero-byte block is a real, distinct block of size 0.
TEST(HeapAlloc, ZeroBytesIsARealBlock) {
  BEHAVIOUR("MM-HEAP-005");
  HANDLE heap = GetProcessHeap();
  void* a = HeapAlloc(heap, 0, 0);
  void* b = HeapAlloc(heap, 0, 0);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(HeapSize(heap, 0, a), SIZE_T{0});
  EXPECT_TRUE(HeapFree(heap, 0, a));
  EXPECT_TRUE(HeapFree(heap, 0, b));
}

// Tests that LPTR gives a zeroed fixed block whose handle is its address, sized by LocalSize; LocalFree returns
// NULL when it frees it.
TEST(LocalAlloc, LptrBlockIsZeroedAndFreedToNull) {
  BEHAVIOUR("MM-LOCAL-001");
  SetLastError(kPoisonError);
  HLOCAL mem = LocalAlloc(LPTR, 300);
  ASSERT_NE(mem, nullptr);
  EXPECT_TRUE(AllZero(mem, 300));
  EXPECT_EQ(LocalLock(mem), mem);
  EXPECT_EQ(LocalSize(mem), SIZE_T{300});
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LocalFree(mem)), ReturnsWithError(HLOCAL{nullptr}, kPoisonError));
}

// Tests that LocalFree(NULL) returns NULL.
TEST(LocalFree, NullReturnsNull) {
  BEHAVIOUR("MM-LOCAL-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LocalFree(nullptr)), ReturnsWithError(HLOCAL{nullptr}, kPoisonError));
}

// Tests that LocalReAlloc with LMEM_MOVEABLE grows a fixed block, keeping its contents.
TEST(LocalReAlloc, MoveableGrowKeepsContents) {
  BEHAVIOUR("MM-LOCAL-003");
  char* p = static_cast<char*>(LocalAlloc(LMEM_FIXED, 8));
  ASSERT_NE(p, nullptr);
  std::memcpy(p, "seven..", 8);
  char* q = static_cast<char*>(LocalReAlloc(p, 100000, LMEM_MOVEABLE));
  ASSERT_NE(q, nullptr);
  EXPECT_STREQ(q, "seven..");
  EXPECT_EQ(LocalSize(q), SIZE_T{100000});
  EXPECT_EQ(LocalFree(q), nullptr);
}

// Tests that a GHND block is locked to a zeroed address, and that the unlock that releases the last lock
// returns FALSE with last error NO_ERROR.
TEST(GlobalAlloc, MoveableBlockLocksAndUnlocks) {
  BEHAVIOUR("MM-LOCAL-004");
  HGLOBAL mem = GlobalAlloc(GHND, 64);
  ASSERT_NE(mem, nullptr);
  void* p = GlobalLock(mem);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(AllZero(p, 64));
  std::memcpy(p, "data", 5);
  EXPECT_EQ(GlobalSize(mem), SIZE_T{64});
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GlobalUnlock(mem)), FailsWith(NO_ERROR));
  void* again = GlobalLock(mem);
  ASSERT_NE(again, nullptr);
  EXPECT_STREQ(static_cast<char*>(again), "data");
  GlobalUnlock(mem);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GlobalFree(mem)), ReturnsWithError(HGLOBAL{nullptr}, kPoisonError));
}

// Tests that GPTR gives a fixed, zeroed block that GlobalLock returns as is.
TEST(GlobalAlloc, FixedBlockIsItsOwnAddress) {
  BEHAVIOUR("MM-LOCAL-005");
  HGLOBAL mem = GlobalAlloc(GPTR, 10);
  ASSERT_NE(mem, nullptr);
  EXPECT_TRUE(AllZero(mem, 10));
  EXPECT_EQ(GlobalLock(mem), mem);
  EXPECT_EQ(GlobalSize(mem), SIZE_T{10});
  EXPECT_EQ(GlobalFree(mem), nullptr);
}

}  // namespace
}  // namespace winipc::conformance
