// FlushViewOfFile on views of pagefile-backed sections, and on addresses that are not views.
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-flushviewoffile
//
// Wine's tests never call FlushViewOfFile (catalogue, "Coverage gaps"), so no Windows run backs these
// expectations: they are what Wine 8.0 returns (its NtFlushVirtualMemory answers STATUS_INVALID_PARAMETER for an
// address outside every view, and treats any committed memory as flushable).
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

// Tests that FlushViewOfFile(base, 0) flushes a whole view: TRUE, last error untouched.
TEST(FlushViewOfFile, WholeViewWithZeroSizeSucceeds) {
  BEHAVIOUR("VW-FLUSH-001");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  view.as<char>()[0] = 'f';
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushViewOfFile(view.get(), 0)), SucceedsWith(kPoisonError));
}

// Tests that flushing a byte range inside a view (any start, up to the view's end) succeeds, last error
// untouched.
TEST(FlushViewOfFile, RangeInsideViewSucceeds) {
  BEHAVIOUR("VW-FLUSH-002");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  struct Case {
    SIZE_T offset, bytes;
  };
  for (const Case c : {Case{100, 10}, Case{kPage, kPage}, Case{kPage + 1, 1}, Case{0, kGranule},
                       Case{kGranule - 10, 10}, Case{kGranule - 1, 0}}) {
    SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << c.offset << ", 0x" << c.bytes << " bytes");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(FlushViewOfFile(At(view.get(), c.offset), c.bytes)), SucceedsWith(kPoisonError));
  }
}

// Tests that read-only and copy-on-write views can be flushed too: TRUE, last error untouched.
TEST(FlushViewOfFile, ReadOnlyAndCopyViewsSucceed) {
  BEHAVIOUR("VW-FLUSH-003");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  for (const DWORD access : {DWORD{FILE_MAP_READ}, DWORD{FILE_MAP_COPY}}) {
    SCOPED_TRACE(::testing::Message() << "access 0x" << std::hex << access);
    ScopedView view = MapOrFail(section.get(), access);
    ASSERT_TRUE(view);
    if (access == FILE_MAP_COPY) view.as<char>()[0] = 'p';  // a private page, which has nothing to flush
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(FlushViewOfFile(view.get(), 0)), SucceedsWith(kPoisonError));
  }
}

// Tests that FlushViewOfFile(NULL, 0) fails with ERROR_INVALID_PARAMETER.
TEST(FlushViewOfFile, NullAddressFailsWithInvalidParameter) {
  BEHAVIOUR("VW-FLUSH-004");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushViewOfFile(nullptr, 0)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that flushing the address of a view that was unmapped fails with ERROR_INVALID_PARAMETER.
TEST(FlushViewOfFile, UnmappedViewFailsWithInvalidParameter) {
  BEHAVIOUR("VW-FLUSH-005");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  void* base = view.release();
  ASSERT_TRUE(UnmapViewOfFile(base)) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FlushViewOfFile(base, 0)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that a range running past the end of the view fails with ERROR_INVALID_PARAMETER.
TEST(FlushViewOfFile, RangePastViewEndFailsWithInvalidParameter) {
  BEHAVIOUR("VW-FLUSH-006");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kGranule);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  struct Case {
    SIZE_T offset, bytes;
  };
  for (const Case c : {Case{0, kGranule + 1}, Case{0, kGranule + 100000}, Case{kPage, kGranule}}) {
    SCOPED_TRACE(::testing::Message() << "base+0x" << std::hex << c.offset << ", 0x" << c.bytes << " bytes");
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(FlushViewOfFile(At(view.get(), c.offset), c.bytes)), FailsWith(ERROR_INVALID_PARAMETER));
  }
}

// Tests that flushing committed memory that is not a view (the heap, the stack) succeeds as a no-op.
TEST(FlushViewOfFile, HeapAndStackMemorySucceed) {
  BEHAVIOUR("VW-FLUSH-007");
  const std::unique_ptr<char[]> heap(new char[1000]);
  char stack[16] = {};
  struct Case {
    const char* what;
    const void* address;
    SIZE_T bytes;
  };
  for (const Case c :
       {Case{"heap", heap.get(), 0}, Case{"heap, 10 bytes", heap.get(), 10}, Case{"stack, 4 bytes", stack, 4}}) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(FlushViewOfFile(c.address, c.bytes)), SucceedsWith(kPoisonError));
  }
}

}  // namespace
}  // namespace winipc::conformance
