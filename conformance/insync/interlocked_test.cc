// The Interlocked functions: what each returns (the old value or the new one) at 16, 32 and 64 bits and for
// pointers, and atomicity under contention; the barriers compile and run.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/interlocked-variable-access
// https://learn.microsoft.com/en-us/windows/win32/api/winnt/nf-winnt-interlockedcompareexchange
#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

// Tests that of the 32-bit functions, Increment and Decrement return the new value; Exchange, ExchangeAdd,
// CompareExchange, And, Or and Xor the old one; CompareExchange stores only on a match.
TEST(Interlocked, ThirtyTwoBitReturnValues) {
  BEHAVIOUR("IS-ILK-001");
  volatile LONG v = 5;
  EXPECT_EQ(InterlockedIncrement(&v), 6);
  EXPECT_EQ(InterlockedDecrement(&v), 5);
  EXPECT_EQ(InterlockedExchange(&v, 10), 5);
  EXPECT_EQ(v, 10);
  EXPECT_EQ(InterlockedExchangeAdd(&v, 3), 10);
  EXPECT_EQ(v, 13);
  EXPECT_EQ(InterlockedCompareExchange(&v, 20, 99), 13);  // no match: unchanged
  EXPECT_EQ(v, 13);
  EXPECT_EQ(InterlockedCompareExchange(&v, 20, 13), 13);  // match: stored
  EXPECT_EQ(v, 20);
  EXPECT_EQ(InterlockedAnd(&v, 0x14), 20);  // 0b10100 & 0b10100
  EXPECT_EQ(InterlockedOr(&v, 0x3), 0x14);
  EXPECT_EQ(v, 0x17);
  EXPECT_EQ(InterlockedXor(&v, 0x5), 0x17);
  EXPECT_EQ(v, 0x12);
  v = 0;
  EXPECT_EQ(InterlockedDecrement(&v), -1);
  v = 0x7FFFFFFF;
  EXPECT_EQ(InterlockedIncrement(&v), LONG(0x80000000u));  // wraps as two's complement
}

// Tests that the 64-bit functions follow the 32-bit ones' old/new rules, with values beyond 32 bits.
TEST(Interlocked, SixtyFourBitReturnValues) {
  BEHAVIOUR("IS-ILK-002");
  volatile LONG64 v = 0x100000000LL;
  EXPECT_EQ(InterlockedIncrement64(&v), 0x100000001LL);
  EXPECT_EQ(InterlockedDecrement64(&v), 0x100000000LL);
  EXPECT_EQ(InterlockedExchange64(&v, 0x200000000LL), 0x100000000LL);
  EXPECT_EQ(InterlockedExchangeAdd64(&v, 0x100000000LL), 0x200000000LL);
  EXPECT_EQ(v, 0x300000000LL);
  EXPECT_EQ(InterlockedCompareExchange64(&v, 7, 0x300000001LL), 0x300000000LL);
  EXPECT_EQ(v, 0x300000000LL);
  EXPECT_EQ(InterlockedCompareExchange64(&v, 7, 0x300000000LL), 0x300000000LL);
  EXPECT_EQ(v, 7);
  EXPECT_EQ(InterlockedAnd64(&v, 0x100000006LL), 7);
  EXPECT_EQ(InterlockedOr64(&v, 0x100000000LL), 6);
  EXPECT_EQ(InterlockedXor64(&v, 0x100000000LL), 0x100000006LL);
  EXPECT_EQ(v, 6);
}

// Tests that of the 16-bit and pointer forms, Increment16/Decrement16 return the new value, CompareExchange16 and the
// pointer exchanges the old one.
TEST(Interlocked, SixteenBitAndPointerReturnValues) {
  BEHAVIOUR("IS-ILK-003");
  volatile SHORT s = 0x7FFE;
  EXPECT_EQ(InterlockedIncrement16(&s), 0x7FFF);
  EXPECT_EQ(InterlockedDecrement16(&s), 0x7FFE);
  EXPECT_EQ(InterlockedCompareExchange16(&s, 1, 0x7FFE), 0x7FFE);
  EXPECT_EQ(s, 1);
  EXPECT_EQ(InterlockedCompareExchange16(&s, 2, 5), 1);
  EXPECT_EQ(s, 1);
  int a = 0, b = 0;
  PVOID volatile p = &a;
  EXPECT_EQ(InterlockedExchangePointer(&p, &b), &a);
  EXPECT_EQ(p, &b);
  EXPECT_EQ(InterlockedCompareExchangePointer(&p, &a, &a), &b);  // no match
  EXPECT_EQ(p, &b);
  EXPECT_EQ(InterlockedCompareExchangePointer(&p, &a, &b), &b);  // match
  EXPECT_EQ(p, &a);
}

// Tests that InterlockedIncrement and InterlockedExchangeAdd64 are atomic: four threads each adding 50000 times
// leave the exact total.
TEST(Interlocked, IncrementsAreAtomicUnderContention) {
  BEHAVIOUR("IS-ILK-004");
  volatile LONG counter = 0;
  volatile LONG64 sum = 0;
  constexpr int kThreads = 4, kRounds = 50000;
  ASSERT_TRUE(RunOnThreads(kThreads, [&](int) {
    for (int i = 0; i < kRounds; ++i) {
      InterlockedIncrement(&counter);
      InterlockedExchangeAdd64(&sum, 3);
    }
  }));
  EXPECT_EQ(counter, kThreads * kRounds);
  EXPECT_EQ(sum, 3LL * kThreads * kRounds);
}

// Tests that a compare-exchange loop built the way Windows code builds one (read, compute, CompareExchange until
// the value read is the value found) loses no update under contention.
TEST(Interlocked, CompareExchangeLoopLosesNoUpdate) {
  BEHAVIOUR("IS-ILK-005");
  volatile LONG value = 0;
  constexpr int kThreads = 4, kRounds = 20000;
  ASSERT_TRUE(RunOnThreads(kThreads, [&](int) {
    for (int i = 0; i < kRounds; ++i) {
      LONG seen;
      do {
        seen = InterlockedCompareExchange(&value, 0, 0);  // an atomic read, the Windows idiom (a plain read races)
        MemoryBarrier();
        YieldProcessor();
      } while (InterlockedCompareExchange(&value, seen + 2, seen) != seen);
    }
  }));
  EXPECT_EQ(value, 2 * kThreads * kRounds);
}

}  // namespace
}  // namespace winipc::conformance
