// Thread-local storage indexes: allocation, per-thread values, zero values for a new index, bad indexes, and how
// many a process gets.
//
// https://learn.microsoft.com/en-us/windows/win32/procthread/thread-local-storage
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-tlsgetvalue
#include <vector>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

// Tests that TlsAlloc gives an index whose value reads NULL, and that TlsGetValue sets last error to ERROR_SUCCESS
// when it succeeds (so that a NULL value can be told from a failure).
TEST(Tls, NewIndexReadsNullWithErrorSuccess) {
  BEHAVIOUR("IS-TLS-001");
  SetLastError(kPoisonError);
  const DWORD index = TlsAlloc();
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsGetValue(index)), ReturnsWithError(static_cast<LPVOID>(nullptr), ERROR_SUCCESS));
  int x = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsSetValue(index, &x)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsGetValue(index)), ReturnsWithError(static_cast<LPVOID>(&x), ERROR_SUCCESS));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsFree(index)), Succeeds());
}

// Tests that each thread has its own value for an index: another thread reads NULL, sets its own, and the first
// thread's value is unchanged.
TEST(Tls, EachThreadHasItsOwnValue) {
  BEHAVIOUR("IS-TLS-002");
  const DWORD index = TlsAlloc();
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  int mine = 0, theirs = 0;
  ASSERT_TRUE(TlsSetValue(index, &mine));
  LPVOID seen_before = &mine, seen_after = nullptr;
  TestThread other([&] {
    seen_before = TlsGetValue(index);
    TlsSetValue(index, &theirs);
    seen_after = TlsGetValue(index);
  });
  ASSERT_TRUE(other.Wait());
  EXPECT_EQ(seen_before, nullptr);
  EXPECT_EQ(seen_after, &theirs);
  EXPECT_EQ(TlsGetValue(index), &mine);
  TlsFree(index);
}

// Tests that an index out of range is refused by TlsGetValue and TlsSetValue with ERROR_INVALID_PARAMETER.
TEST(Tls, IndexOutOfRangeIsRefused) {
  BEHAVIOUR("IS-TLS-003");
  for (DWORD index : {DWORD{1088}, DWORD{5000}, DWORD{TLS_OUT_OF_INDEXES}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(TlsGetValue(index)), FailsWith(ERROR_INVALID_PARAMETER)) << index;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(TlsSetValue(index, &index)), FailsWith(ERROR_INVALID_PARAMETER)) << index;
  }
}

// Tests that TlsFree of an index that is not allocated (freed already, or out of range) fails with
// ERROR_INVALID_PARAMETER.
TEST(Tls, FreeOfAnIndexNotAllocatedFails) {
  BEHAVIOUR("IS-TLS-004");
  const DWORD index = TlsAlloc();
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  ASSERT_TRUE(TlsFree(index));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsFree(index)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsFree(5000)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that an index freed and allocated again reads NULL in every thread, including threads that had set a value
// for it before.
TEST(Tls, ReallocatedIndexReadsNullEverywhere) {
  BEHAVIOUR("IS-TLS-005");
  const DWORD index = TlsAlloc();
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  int x = 0;
  HANDLE set_done = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  HANDLE check_now = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ScopedHandle set_done_owner(set_done), check_now_owner(check_now);
  LPVOID seen_by_other = &x;
  DWORD again = TLS_OUT_OF_INDEXES;
  TestThread other([&] {
    TlsSetValue(index, &x);
    SetEvent(set_done);
    WaitForSingleObject(check_now, kChildTimeoutMs);
    seen_by_other = TlsGetValue(again);
  });
  ASSERT_EQ(WaitForSingleObject(set_done, kChildTimeoutMs), WAIT_OBJECT_0);
  ASSERT_TRUE(TlsSetValue(index, &x));
  ASSERT_TRUE(TlsFree(index));
  again = TlsAlloc();
  ASSERT_EQ(again, index) << "the lowest free index comes back";
  EXPECT_EQ(TlsGetValue(again), nullptr);
  SetEvent(check_now);
  ASSERT_TRUE(other.Wait());
  EXPECT_EQ(seen_by_other, nullptr);
  TlsFree(again);
}

// Tests that a process can allocate more than TLS_MINIMUM_AVAILABLE indexes (Windows has 1024 more), and that
// when none is left TlsAlloc returns TLS_OUT_OF_INDEXES with ERROR_NO_MORE_ITEMS.
TEST(Tls, ProcessGetsTheExpansionSlotsThenRunsOut) {
  BEHAVIOUR("IS-TLS-006");
  std::vector<DWORD> indexes;
  DWORD index;
  SetLastError(kPoisonError);
  while ((index = TlsAlloc()) != TLS_OUT_OF_INDEXES && indexes.size() < 5000) indexes.push_back(index);
  const DWORD error = GetLastError();
  for (DWORD i : indexes) TlsFree(i);
  EXPECT_GE(indexes.size(), 1000u);  // 1088 less the few the runtime took
  EXPECT_LE(indexes.size(), 1088u);
  EXPECT_EQ(index, TLS_OUT_OF_INDEXES);
  EXPECT_EQ(error, ERROR_NO_MORE_ITEMS) << DescribeError(error);
  // A value in an expansion slot works like one in the first 64.
  const DWORD high = indexes.empty() ? 0 : indexes.back();
  EXPECT_GE(high, DWORD{TLS_MINIMUM_AVAILABLE});
}

// Tests that a value set in an expansion index (at or above TLS_MINIMUM_AVAILABLE) reads back, per thread.
TEST(Tls, ExpansionIndexHoldsAValue) {
  BEHAVIOUR("IS-TLS-007");
  std::vector<DWORD> low;
  DWORD index = TLS_OUT_OF_INDEXES;
  while ((index = TlsAlloc()) != TLS_OUT_OF_INDEXES && index < TLS_MINIMUM_AVAILABLE) low.push_back(index);
  ASSERT_NE(index, TLS_OUT_OF_INDEXES);
  int x = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TlsSetValue(index, &x)), Succeeds());
  EXPECT_EQ(TlsGetValue(index), &x);
  LPVOID seen_by_other = &x;
  TestThread other([&] { seen_by_other = TlsGetValue(index); });
  ASSERT_TRUE(other.Wait());
  EXPECT_EQ(seen_by_other, nullptr);
  TlsFree(index);
  for (DWORD i : low) TlsFree(i);
}

}  // namespace
}  // namespace winipc::conformance
