#include "core/handles.h"

#include <gtest/gtest.h>
#include <windows.h>

#include <memory>

namespace winipc {
namespace {

std::shared_ptr<Object> NewObject() { return std::make_shared<Object>(ObjectType::kEvent); }

// Tests that values are multiples of 4 starting at 4, and that the lowest freed value is handed out first.
TEST(HandleTable, ValuesAreMultiplesOfFourAndLowestFreeIsReused) {
  HandleTable table;
  const uintptr_t a = table.Insert(NewObject(), 1).value();
  const uintptr_t b = table.Insert(NewObject(), 1).value();
  const uintptr_t c = table.Insert(NewObject(), 1).value();
  EXPECT_EQ(a, 4u);
  EXPECT_EQ(b, 8u);
  EXPECT_EQ(c, 12u);
  ASSERT_TRUE(table.Remove(c).ok());
  ASSERT_TRUE(table.Remove(a).ok());
  EXPECT_EQ(table.Insert(NewObject(), 1).value(), a);
  EXPECT_EQ(table.Insert(NewObject(), 1).value(), c);
}

// Tests that the low two bits of a value are ignored, and that NULL, pseudo and unused values are invalid.
TEST(HandleTable, LowBitsIgnoredAndBadValuesRejected) {
  HandleTable table;
  const uintptr_t h = table.Insert(NewObject(), 7).value();
  for (uintptr_t bits = 0; bits < 4; ++bits) {
    auto entry = table.Lookup(h | bits);
    ASSERT_TRUE(entry.ok()) << bits;
    EXPECT_EQ(entry->access, 7u);
  }
  for (const uintptr_t bad : {uintptr_t{0}, uintptr_t{3}, kCurrentProcessPseudoHandle, kCurrentThreadPseudoHandle,
                              uintptr_t{0x1234}}) {
    EXPECT_EQ(table.Lookup(bad).status(), Status(ERROR_INVALID_HANDLE)) << bad;
    EXPECT_EQ(table.Remove(bad).status(), Status(ERROR_INVALID_HANDLE)) << bad;
    EXPECT_EQ(table.SetAccess(bad, 1), Status(ERROR_INVALID_HANDLE)) << bad;
  }
  ASSERT_TRUE(table.Remove(h | 3).ok());
  EXPECT_EQ(table.Lookup(h).status(), Status(ERROR_INVALID_HANDLE));
}

// Tests that SetAccess changes an open handle's access in place and keeps its object.
TEST(HandleTable, SetAccessKeepsValueAndObject) {
  HandleTable table;
  auto object = NewObject();
  const uintptr_t h = table.Insert(object, 1).value();
  ASSERT_TRUE(table.SetAccess(h | 2, 0x100002).ok());
  auto entry = table.Lookup(h);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->access, 0x100002u);
  EXPECT_EQ(entry->object, object);
}

}  // namespace
}  // namespace winipc
