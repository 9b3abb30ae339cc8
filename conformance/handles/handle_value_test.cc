// Handle values: multiples of 4, the low two bits ignored, and a closed value handed out again.
//
// https://learn.microsoft.com/en-us/windows/win32/sysinfo/kernel-objects
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle
#include <cstdint>
#include <string>
#include <vector>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

uintptr_t ValueOf(HANDLE handle) { return reinterpret_cast<uintptr_t>(handle); }
HANDLE Tagged(HANDLE handle, uintptr_t low_bits) { return reinterpret_cast<HANDLE>(ValueOf(handle) | low_bits); }

// Tests that handle values of events, mappings and duplicates are multiples of 4.
TEST(HandleValue, IsMultipleOfFour) {
  BEHAVIOUR("HD-VALUE-001");
  std::vector<ScopedHandle> handles;
  for (int i = 0; i < 4; ++i) {
    handles.emplace_back(CreateEventA(nullptr, TRUE, FALSE, nullptr));
    handles.emplace_back(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
    HANDLE duplicate = nullptr;
    ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), handles.back().get(), GetCurrentProcess(), &duplicate, 0,
                                FALSE, DUPLICATE_SAME_ACCESS));
    handles.emplace_back(duplicate);
  }
  for (const ScopedHandle& handle : handles) {
    ASSERT_TRUE(handle);
    EXPECT_EQ(ValueOf(handle.get()) % 4, 0u) << "handle " << handle.get();
  }
}

// Tests that SetEvent, ResetEvent and WaitForSingleObject ignore the low two bits of a handle value.
TEST(HandleValue, LowTwoBitsAreIgnoredByEventFunctions) {
  BEHAVIOUR("HD-VALUE-002");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (const uintptr_t bits : {1u, 2u, 3u}) {
    SCOPED_TRACE("handle | " + std::to_string(bits));
    HANDLE tagged = Tagged(event.get(), bits);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(tagged, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetEvent(tagged)), SucceedsWith(kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(tagged, 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0) << "the tagged handle set the same event";
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ResetEvent(tagged)), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "the tagged handle reset the same event";
  }
}

// Tests that MapViewOfFile ignores the low two bits of a mapping handle: the view shows the same section.
TEST(HandleValue, LowTwoBitsAreIgnoredByMapViewOfFile) {
  BEHAVIOUR("HD-VALUE-003");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mapping);
  ScopedView plain(MapViewOfFile(mapping.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
  ASSERT_TRUE(plain);
  for (const uintptr_t bits : {1u, 2u, 3u}) {
    SCOPED_TRACE("handle | " + std::to_string(bits));
    SetLastError(kPoisonError);
    const auto mapped = Call(MapViewOfFile(Tagged(mapping.get(), bits), FILE_MAP_ALL_ACCESS, 0, 0, 0));
    ScopedView view(mapped.value);
    ASSERT_THAT(mapped, SucceedsWith(kPoisonError));
    view.as<char>()[bits] = static_cast<char>('a' + bits);
    EXPECT_EQ(plain.as<char>()[bits], static_cast<char>('a' + bits)) << "both views show one section";
  }
}

// Tests that CloseHandle(h | 3) closes h: h is no longer valid afterwards.
TEST(HandleValue, CloseOfTaggedValueClosesHandle) {
  BEHAVIOUR("HD-VALUE-004");
  HANDLE event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(event, nullptr);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(Tagged(event, 3))), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(event)), FailsWith(ERROR_INVALID_HANDLE)) << "the untagged handle is gone too";
}

// Tests that the value of a closed handle is given to the next handle created.
TEST(HandleValue, ClosedValueIsReusedByNextHandle) {
  BEHAVIOUR("HD-VALUE-005");
  // Fill any free slots left lower in the table by earlier tests, so the slot closed below is the lowest free
  // one whichever order the table reuses free slots in.
  std::vector<ScopedHandle> filler;
  for (int i = 0; i < 256; ++i) {
    filler.emplace_back(CreateEventA(nullptr, TRUE, FALSE, nullptr));
    ASSERT_TRUE(filler.back());
  }
  HANDLE closed_value = filler[128].release();
  ASSERT_TRUE(CloseHandle(closed_value));
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ScopedHandle next(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  EXPECT_EQ(next.get(), closed_value);
  // A stale copy of the old value now reaches the new object (a mapping, so SetEvent refuses it).
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(closed_value)), FailsWith(ERROR_INVALID_HANDLE));
}

}  // namespace
}  // namespace winipc::conformance
