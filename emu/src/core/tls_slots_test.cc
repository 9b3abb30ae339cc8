#include "core/tls_slots.h"

#include <gtest/gtest.h>

namespace winipc {
namespace {

// Tests that the lowest free index is handed out, and none when all are taken.
TEST(TlsSlots, FirstFreeIsLowest) {
  bool allocated[4] = {true, false, true, false};
  EXPECT_EQ(FirstFreeTlsSlot(allocated, 4), 1u);
  allocated[1] = allocated[3] = true;
  EXPECT_EQ(FirstFreeTlsSlot(allocated, 4), std::nullopt);
}

// Tests that a value set in an earlier generation of an index reads as NULL, and one set in the current reads back.
TEST(TlsSlots, ValueCountsOnlyInItsGeneration) {
  int x = 0;
  TlsCell cell{3, &x};
  EXPECT_EQ(TlsValue(&cell, 3), &x);
  EXPECT_EQ(TlsValue(&cell, 4), nullptr);
  EXPECT_EQ(TlsValue(nullptr, 0), nullptr);
}

// Tests the Windows guarantee of 64 + 1024 indexes.
TEST(TlsSlots, CountIsWhatWindowsGuarantees) { EXPECT_EQ(kTlsSlots, 1088u); }

}  // namespace
}  // namespace winipc
