// The compiler-facing parts of the SDK that Windows code is written with: source annotations (<sal.h>, through
// windows.h), Microsoft's declaration specifiers and __forceinline. Code using them must build and mean the same.
// https://learn.microsoft.com/en-us/cpp/code-quality/understanding-sal
// https://learn.microsoft.com/en-us/cpp/cpp/declspec
#include <windows.h>

#include <cstdint>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// A function annotated as Windows headers and programs annotate theirs.
_Success_(return != FALSE) _Must_inspect_result_ BOOL CopyCounted(_In_reads_(count) const int* from,
                                                                   _Out_writes_(count) int* to,
                                                                   _In_ size_t count, _Inout_opt_ size_t* total) {
  for (size_t i = 0; i < count; ++i) to[i] = from[i];
  if (total != nullptr) *total += count;
  return count != 0;
}

struct Annotated {
  _Field_size_(count) int* items;
  size_t count;
};

__declspec(noinline) int NotInlined(int v) { return v * 3; }
__forceinline int AlwaysInlined(int v) { return v + 7; }

struct __declspec(align(64)) CacheLine {
  int value;
};

__declspec(thread) int per_thread_value = 5;

// Tests that SAL annotations (_In_, _Out_writes_, _Success_, _Field_size_, ...) compile and change nothing.
TEST(SdkAnnotations, SalAnnotationsAreNoOps) {
  BEHAVIOUR("SK-ANNOT-001");
  const int from[3] = {4, 5, 6};
  int to[3] = {};
  size_t total = 10;
  EXPECT_TRUE(CopyCounted(from, to, 3, &total));
  EXPECT_EQ(to[2], 6);
  EXPECT_EQ(total, 13u);
  EXPECT_FALSE(CopyCounted(from, to, 0, nullptr));
  Annotated a = {to, 3};
  EXPECT_EQ(a.items[a.count - 1], 6);
}

// Tests that __declspec(noinline) and __forceinline functions are ordinary functions to their callers.
TEST(SdkAnnotations, InlineSpecifiersKeepTheMeaning) {
  BEHAVIOUR("SK-DECLSPEC-001");
  EXPECT_EQ(NotInlined(2), 6);
  EXPECT_EQ(AlwaysInlined(2), 9);
}

// Tests that __declspec(align(64)) aligns the type and every object of it to 64 bytes.
TEST(SdkAnnotations, DeclspecAlignAligns) {
  BEHAVIOUR("SK-DECLSPEC-002");
  EXPECT_EQ(alignof(CacheLine), 64u);
  CacheLine lines[2];
  EXPECT_EQ(reinterpret_cast<uintptr_t>(&lines[1]) % 64, 0u);
  EXPECT_EQ(sizeof(CacheLine), 64u);
}

// Tests that a __declspec(thread) variable has one copy per thread, each starting from its initial value.
TEST(SdkAnnotations, DeclspecThreadIsPerThread) {
  BEHAVIOUR("SK-DECLSPEC-003");
  per_thread_value = 11;
  int seen_there = 0;
  std::thread other([&] {
    seen_there = per_thread_value;
    per_thread_value = 99;
  });
  other.join();
  EXPECT_EQ(seen_there, 5);
  EXPECT_EQ(per_thread_value, 11);
}

}  // namespace
}  // namespace winipc::conformance
