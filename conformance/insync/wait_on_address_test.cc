// WaitOnAddress, WakeByAddressSingle, WakeByAddressAll: the sizes, a value that already differs, timeouts, and
// waking one or all waiters.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitonaddress
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-wakebyaddresssingle
#include <atomic>
#include <string>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

class WaitOnAddressSize : public testing::TestWithParam<SIZE_T> {};

// Tests that WaitOnAddress returns TRUE at once when the value already differs from the one compared, for each
// size (1, 2, 4, 8).
TEST_P(WaitOnAddressSize, DifferentValueReturnsAtOnce) {
  BEHAVIOUR("IS-WOA-001");
  alignas(8) unsigned char value[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  alignas(8) unsigned char compare[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitOnAddress(value, compare, GetParam(), INFINITE)), Succeeds());
}

// Tests that WaitOnAddress on an equal value that nobody changes fails with ERROR_TIMEOUT after the timeout
// (zero included), for each size.
TEST_P(WaitOnAddressSize, EqualValueTimesOut) {
  BEHAVIOUR("IS-WOA-002");
  alignas(8) unsigned char value[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  alignas(8) unsigned char compare[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitOnAddress(value, compare, GetParam(), 30)), FailsWith(ERROR_TIMEOUT));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitOnAddress(value, compare, GetParam(), 0)), FailsWith(ERROR_TIMEOUT));
}

INSTANTIATE_TEST_SUITE_P(Sizes, WaitOnAddressSize, testing::Values(SIZE_T{1}, SIZE_T{2}, SIZE_T{4}, SIZE_T{8}),
                         [](const testing::TestParamInfo<SIZE_T>& info) {
                           return "Bytes" + std::to_string(info.param);
                         });

// Tests that a size other than 1, 2, 4 or 8 is refused with ERROR_INVALID_PARAMETER.
TEST(WaitOnAddress, OtherSizesAreRefused) {
  BEHAVIOUR("IS-WOA-003");
  alignas(16) unsigned char value[16] = {};
  alignas(16) unsigned char compare[16] = {};
  for (SIZE_T size : {SIZE_T{0}, SIZE_T{3}, SIZE_T{16}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitOnAddress(value, compare, size, 0)), FailsWith(ERROR_INVALID_PARAMETER)) << size;
  }
}

// Tests that a thread waiting on a value is released by a change followed by WakeByAddressSingle.
TEST(WaitOnAddress, WakeByAddressSingleReleasesAWaiter) {
  BEHAVIOUR("IS-WOA-004");
  volatile LONG flag = 0;
  std::atomic<bool> timed_out{false}, saw_change{false};
  TestThread waiter([&] {
    LONG undesired = 0;
    while (InterlockedCompareExchange(&flag, 0, 0) == 0) {  // atomic reads: plain ones race (TSan)
      if (!WaitOnAddress(&flag, &undesired, sizeof(flag), kChildTimeoutMs)) {
        timed_out = true;
        break;
      }
    }
    saw_change = InterlockedCompareExchange(&flag, 0, 0) == 1;
  });
  ASSERT_TRUE(waiter.started());
  Sleep(30);  // usually the waiter sleeps by now; the test holds either way
  InterlockedExchange(&flag, 1);
  WakeByAddressSingle(const_cast<LONG*>(&flag));
  ASSERT_TRUE(waiter.Wait());
  EXPECT_TRUE(saw_change);
  EXPECT_FALSE(timed_out);
}

// Tests that WakeByAddressAll releases every thread waiting on the address, for an 8-byte value.
TEST(WaitOnAddress, WakeByAddressAllReleasesEveryWaiter) {
  BEHAVIOUR("IS-WOA-005");
  volatile LONG64 generation = 0;
  std::atomic<int> released{0}, timeouts{0};
  constexpr int kWaiters = 4;
  std::vector<std::unique_ptr<TestThread>> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.push_back(std::make_unique<TestThread>([&] {
      LONG64 undesired = 0;
      while (InterlockedCompareExchange64(&generation, 0, 0) == 0) {
        if (!WaitOnAddress(&generation, &undesired, sizeof(generation), kChildTimeoutMs)) {
          ++timeouts;
          return;
        }
      }
      ++released;
    }));
  }
  Sleep(30);
  InterlockedExchange64(&generation, 1);
  WakeByAddressAll(const_cast<LONG64*>(&generation));
  for (auto& waiter : waiters) EXPECT_TRUE(waiter->Wait());
  EXPECT_EQ(released, kWaiters);
  EXPECT_EQ(timeouts, 0);
}

}  // namespace
}  // namespace winipc::conformance
