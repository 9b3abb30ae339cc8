// Sleep.
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-sleep
#include <chrono>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that Sleep(ms) suspends the thread for at least about that long (a lower bound only; never an upper one)
// and leaves the last error untouched.
TEST(Sleep, SleepsAtLeastTheTimeAsked) {
  BEHAVIOUR("SY-SLEEP-001");
  const auto start = std::chrono::steady_clock::now();
  SetLastError(kPoisonError);
  Sleep(50);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(GetLastError(), kPoisonError);
  EXPECT_GE(elapsed, std::chrono::milliseconds(40)) << "timer granularity allows a little less than 50 ms";
}

// Tests that Sleep(0) returns (it only yields the rest of the time slice).
TEST(Sleep, ZeroReturns) {
  BEHAVIOUR("SY-SLEEP-002");
  SetLastError(kPoisonError);
  Sleep(0);
  EXPECT_EQ(GetLastError(), kPoisonError);
}

}  // namespace
}  // namespace winipc::conformance
