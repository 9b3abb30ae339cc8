#include "core/size_math.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc {
namespace {

constexpr uint64_t kPage = 4096, kGranule = 65536;

// Tests that a pagefile-backed section of size 0 is refused and sizes over the commit limit too.
TEST(ValidatePagefileSectionSize, ZeroAndOverCommitFail) {
  EXPECT_EQ(ValidatePagefileSectionSize(0, SEC_COMMIT, 1 << 30), Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ValidatePagefileSectionSize(2u << 30, SEC_COMMIT, 1 << 30), Status(ERROR_NOT_ENOUGH_MEMORY));
  EXPECT_TRUE(ValidatePagefileSectionSize(2u << 30, SEC_RESERVE, 1 << 30).ok());
  EXPECT_TRUE(ValidatePagefileSectionSize(1, SEC_COMMIT, 1 << 30).ok());
  EXPECT_EQ(ValidatePagefileSectionSize(UINT64_MAX, SEC_RESERVE, UINT64_MAX), Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ValidatePagefileSectionSize(1ull << 63, SEC_RESERVE, UINT64_MAX), Status(ERROR_INVALID_PARAMETER));
}

// Tests page rounding, including the overflow edge.
TEST(RoundUpToPage, RoundsAndDetectsOverflow) {
  EXPECT_EQ(RoundUpToPage(1, kPage), kPage);
  EXPECT_EQ(RoundUpToPage(kPage, kPage), kPage);
  EXPECT_EQ(RoundUpToPage(UINT64_MAX, kPage), 0u);
}

// Tests view offsets and sizes against the section.
TEST(ComputeViewRange, OffsetsSizesAndBases) {
  EXPECT_EQ(ComputeViewRange(3 * kGranule, 1, 0, 0, kGranule, kPage).status(), Status(ERROR_MAPPED_ALIGNMENT));
  EXPECT_EQ(ComputeViewRange(3 * kGranule, 0, 0, 0x1000, kGranule, kPage).status(),
            Status(ERROR_MAPPED_ALIGNMENT));
  EXPECT_EQ(ComputeViewRange(3 * kGranule, 0, 3 * kGranule + 1, 0, kGranule, kPage).status(),
            Status(ERROR_ACCESS_DENIED));
  EXPECT_EQ(ComputeViewRange(3 * kGranule, 3 * kGranule, 0, 0, kGranule, kPage).status(),
            Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ComputeViewRange(3 * kGranule, kGranule, 0, 0, kGranule, kPage)->length, 2 * kGranule);
  EXPECT_EQ(ComputeViewRange(3 * kGranule, 0, 100, 0, kGranule, kPage)->length, kPage);
}

}  // namespace
}  // namespace winipc
