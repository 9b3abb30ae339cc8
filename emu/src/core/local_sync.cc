#include "core/local_sync.h"

#include "posix/sys.h"

namespace winipc {
namespace {

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield" ::: "memory");
#endif
}

uint32_t Load(uint32_t* word) { return __atomic_load_n(word, __ATOMIC_RELAXED); }
bool Cas(uint32_t* word, uint32_t* expected, uint32_t desired) {
  return __atomic_compare_exchange_n(word, expected, desired, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

}  // namespace

bool TryLockWord(uint32_t* word) {
  uint32_t expected = 0;
  return Cas(word, &expected, 1);
}

void LockWord(uint32_t* word, uint32_t spin_count) {
  if (TryLockWord(word)) return;
  // The spin count of InitializeCriticalSectionAndSpinCount: look again that many times before sleeping.
  for (uint32_t i = 0; i < spin_count; ++i) {
    CpuRelax();
    if (Load(word) == 0 && TryLockWord(word)) return;
  }
  // From here the word says 2 whenever we hold it, since another sleeper may exist that we cannot see.
  while (__atomic_exchange_n(word, 2, __ATOMIC_ACQUIRE) != 0) posix::FutexWaitPrivate(word, 2, nullptr);
}

void UnlockWord(uint32_t* word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) == 2) posix::FutexWakePrivate(word, 1);
}

bool SrwCanTakeExclusive(uint32_t state) { return (state & ~kSrwWaiters) == 0; }

bool SrwCanTakeShared(uint32_t state, bool waiters_hold_back) {
  if (state & kSrwWriter) return false;
  if ((state & kSrwReaders) == kSrwReaders) return false;  // the count is full
  return !(waiters_hold_back && (state & kSrwWaiters));
}

bool SrwTryExclusive(uint32_t* word) {
  uint32_t state = Load(word);
  while (SrwCanTakeExclusive(state)) {
    if (Cas(word, &state, state | kSrwWriter)) return true;
  }
  return false;
}

bool SrwTryShared(uint32_t* word) {
  uint32_t state = Load(word);
  while (SrwCanTakeShared(state, false)) {
    if (Cas(word, &state, state + 1)) return true;
  }
  return false;
}

namespace {

// Marks the word as slept on (if it is not yet) and sleeps while it stays so.
void SleepOn(uint32_t* word, uint32_t state) {
  if (!(state & kSrwWaiters)) {
    if (!Cas(word, &state, state | kSrwWaiters)) return;  // it moved: look again
    state |= kSrwWaiters;
  }
  posix::FutexWaitPrivate(word, state, nullptr);
}

}  // namespace

void SrwAcquireExclusive(uint32_t* word) {
  for (unsigned spin = 0;; ++spin) {
    uint32_t state = Load(word);
    if (SrwCanTakeExclusive(state)) {
      // kSrwWaiters stays: others may still sleep, and our release must wake them.
      if (Cas(word, &state, state | kSrwWriter)) return;
      continue;
    }
    if (spin < 64) {
      CpuRelax();
      continue;
    }
    SleepOn(word, state);
  }
}

void SrwAcquireShared(uint32_t* word) {
  for (unsigned spin = 0;; ++spin) {
    uint32_t state = Load(word);
    if (SrwCanTakeShared(state, true)) {
      if (Cas(word, &state, state + 1)) return;
      continue;
    }
    if (spin < 64) {
      CpuRelax();
      continue;
    }
    SleepOn(word, state);
  }
}

void SrwReleaseExclusive(uint32_t* word) {
  if (__atomic_exchange_n(word, 0, __ATOMIC_RELEASE) & kSrwWaiters) posix::FutexWakePrivate(word, INT32_MAX);
}

void SrwReleaseShared(uint32_t* word) {
  uint32_t after = __atomic_sub_fetch(word, 1, __ATOMIC_RELEASE);
  if (after != kSrwWaiters) return;  // readers remain, or nobody sleeps
  // The last holder left with sleepers: clear the flag and wake them. If the word moved meanwhile, whoever holds
  // it now releases later and wakes them then.
  uint32_t expected = kSrwWaiters;
  if (__atomic_compare_exchange_n(word, &expected, 0, false, __ATOMIC_RELEASE, __ATOMIC_RELAXED)) {
    posix::FutexWakePrivate(word, INT32_MAX);
  }
}

uint32_t SequenceRead(uint32_t* word) { return __atomic_load_n(word, __ATOMIC_ACQUIRE); }

bool SequenceSleep(uint32_t* word, uint32_t observed, const struct timespec* deadline) {
  while (SequenceRead(word) == observed) {
    if (!posix::FutexWaitPrivate(word, observed, deadline)) return SequenceRead(word) != observed;
  }
  return true;
}

void SequenceWake(uint32_t* word, bool all) {
  __atomic_add_fetch(word, 1, __ATOMIC_RELEASE);
  posix::FutexWakePrivate(word, all ? INT32_MAX : 1);
}

bool DeadlineFor(uint32_t milliseconds, struct timespec* deadline) {
  if (milliseconds == 0xFFFFFFFFu) return false;
  *deadline = posix::MonotonicDeadline(milliseconds);
  return true;
}

}  // namespace winipc
