// The in-process locks behind CRITICAL_SECTION, SRWLOCK, CONDITION_VARIABLE and INIT_ONCE: each is one 32-bit word
// inside the program's own struct (no allocation, so a zero-filled or statically initialised struct works), waited
// on with private futexes (these objects never cross a process, as on Windows).
//
// Lock word (critical sections): 0 free, 1 held, 2 held and someone may be waiting (the classic three-state futex
// mutex: a release that finds 2 wakes one waiter).
// SRW word: bits 0..29 count shared holders, kSrwWriter marks an exclusive holder, kSrwWaiters says someone sleeps
// on the word; a release that clears kSrwWaiters wakes every sleeper, and they race again. A waiting writer sets
// kSrwWaiters, which holds new shared acquirers back, so readers cannot starve a writer.
// Sequence word (condition variables): a counter bumped by every wake; a sleeper that read it before releasing its
// lock cannot miss a wake that comes after.
#ifndef WINIPC_CORE_LOCAL_SYNC_H_
#define WINIPC_CORE_LOCAL_SYNC_H_

#include <time.h>

#include <cstdint>

namespace winipc {

// Critical section word.
bool TryLockWord(uint32_t* word);
void LockWord(uint32_t* word, uint32_t spin_count);
void UnlockWord(uint32_t* word);

// SRW word.
inline constexpr uint32_t kSrwWriter = 0x40000000u;
inline constexpr uint32_t kSrwWaiters = 0x80000000u;
inline constexpr uint32_t kSrwReaders = 0x3FFFFFFFu;
// Pure: whether a try with `state` observed may take the lock, and the state it stores if it does.
bool SrwCanTakeExclusive(uint32_t state);
bool SrwCanTakeShared(uint32_t state, bool waiters_hold_back);
bool SrwTryExclusive(uint32_t* word);
bool SrwTryShared(uint32_t* word);
void SrwAcquireExclusive(uint32_t* word);
void SrwAcquireShared(uint32_t* word);
void SrwReleaseExclusive(uint32_t* word);
void SrwReleaseShared(uint32_t* word);

// Sequence word: Sleep returns false when `deadline` (CLOCK_MONOTONIC, nullptr = none) passed with no wake.
uint32_t SequenceRead(uint32_t* word);
bool SequenceSleep(uint32_t* word, uint32_t observed, const struct timespec* deadline);
void SequenceWake(uint32_t* word, bool all);

// The deadline for a Win32 timeout in milliseconds; INFINITE is none (false).
bool DeadlineFor(uint32_t milliseconds, struct timespec* deadline);

}  // namespace winipc

#endif  // WINIPC_CORE_LOCAL_SYNC_H_
