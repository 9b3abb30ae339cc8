// WaitOnAddress, WakeByAddressSingle, WakeByAddressAll: in-process only, as on Windows.
//
// The watched value may be 1, 2, 4 or 8 bytes anywhere, and a futex needs an aligned 32-bit word, so waiters do
// not sleep on the address itself: each address hashes to one of kBuckets wake counters (core/local_sync.h's
// sequence words), and a waker bumps its bucket's counter. Addresses that share a bucket wake each other's
// waiters; WaitOnAddress may return TRUE without a change, as Windows documents, and callers loop.
#include <windows.h>

#include <cstring>

#include "api/boundary.h"
#include "core/local_sync.h"

namespace {

struct alignas(64) Bucket {
  uint32_t sequence = 0;
  uint32_t waiters = 0;  // so that a wake with nobody waiting makes no system call
};

constexpr size_t kBuckets = 256;
Bucket buckets[kBuckets];

Bucket& BucketOf(const volatile void* address) {
  uintptr_t a = reinterpret_cast<uintptr_t>(address);
  a ^= a >> 17;
  a *= 0x9E3779B97F4A7C15ull;
  return buckets[(a >> 32) % kBuckets];
}

bool SameValue(const volatile void* address, const void* compare, size_t size) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  if (a % size != 0) {  // unaligned: no atomic load exists; read the bytes
    unsigned char now[8];
    std::memcpy(now, const_cast<const void*>(address), size);
    return std::memcmp(now, compare, size) == 0;
  }
  switch (size) {
    case 1:
      return __atomic_load_n(static_cast<const volatile uint8_t*>(address), __ATOMIC_SEQ_CST) ==
             *static_cast<const uint8_t*>(compare);
    case 2: {
      uint16_t c;
      std::memcpy(&c, compare, 2);
      return __atomic_load_n(static_cast<const volatile uint16_t*>(address), __ATOMIC_SEQ_CST) == c;
    }
    case 4: {
      uint32_t c;
      std::memcpy(&c, compare, 4);
      return __atomic_load_n(static_cast<const volatile uint32_t*>(address), __ATOMIC_SEQ_CST) == c;
    }
    default: {
      uint64_t c;
      std::memcpy(&c, compare, 8);
      return __atomic_load_n(static_cast<const volatile uint64_t*>(address), __ATOMIC_SEQ_CST) == c;
    }
  }
}

void Wake(PVOID address) {
  Bucket& bucket = BucketOf(address);
  // Pairs with the waiter's count-then-read: the waker's store to the value comes before this, so either the
  // waiter sees the new value or this sees the waiter.
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (__atomic_load_n(&bucket.waiters, __ATOMIC_SEQ_CST) == 0) return;
  // Another address's waiters may share the bucket: WakeByAddressSingle wakes them all too, so the one meant is
  // never left asleep (each re-checks its value and returns or waits again).
  winipc::SequenceWake(&bucket.sequence, true);
}

}  // namespace

extern "C" BOOL WINAPI WaitOnAddress(volatile VOID* Address, PVOID CompareAddress, SIZE_T AddressSize,
                                     DWORD dwMilliseconds) {
  if (AddressSize != 1 && AddressSize != 2 && AddressSize != 4 && AddressSize != 8) {
    return winipc::api::Fail(winipc::Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  struct timespec deadline;
  const bool timed = winipc::DeadlineFor(dwMilliseconds, &deadline);
  Bucket& bucket = BucketOf(Address);
  __atomic_add_fetch(&bucket.waiters, 1, __ATOMIC_SEQ_CST);
  const uint32_t observed = winipc::SequenceRead(&bucket.sequence);
  bool woken = true;
  if (SameValue(Address, CompareAddress, AddressSize)) {
    woken = winipc::SequenceSleep(&bucket.sequence, observed, timed ? &deadline : nullptr);
  }
  __atomic_sub_fetch(&bucket.waiters, 1, __ATOMIC_SEQ_CST);
  if (!woken) return winipc::api::Fail(winipc::Status(ERROR_TIMEOUT), FALSE);
  return TRUE;
}

extern "C" void WINAPI WakeByAddressSingle(PVOID Address) { Wake(Address); }

extern "C" void WINAPI WakeByAddressAll(PVOID Address) { Wake(Address); }
