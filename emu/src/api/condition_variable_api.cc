// InitializeConditionVariable, SleepConditionVariableCS/SRW, WakeConditionVariable, WakeAllConditionVariable.
// The variable is a wake counter in the low 32 bits of its pointer-sized struct (core/local_sync.h): a sleeper reads
// it before releasing the lock, so a wake between the release and the sleep is not lost. Like Windows, a sleeper
// may wake without a Wake meant for it; callers re-check their predicate.
#include <windows.h>

#include "api/boundary.h"
#include "core/local_sync.h"

namespace {

uint32_t* Word(PCONDITION_VARIABLE variable) { return reinterpret_cast<uint32_t*>(&variable->Ptr); }

// Sleeps on the variable between `release` and `reacquire` of the caller's lock. FALSE + ERROR_TIMEOUT when the
// time ran out with no wake; the lock is held again either way.
template <typename Release, typename Reacquire>
BOOL SleepOn(PCONDITION_VARIABLE variable, DWORD milliseconds, Release release, Reacquire reacquire) {
  struct timespec deadline;
  const bool timed = winipc::DeadlineFor(milliseconds, &deadline);
  const uint32_t observed = winipc::SequenceRead(Word(variable));
  release();
  const bool woken = winipc::SequenceSleep(Word(variable), observed, timed ? &deadline : nullptr);
  reacquire();
  if (!woken) return winipc::api::Fail(winipc::Status(ERROR_TIMEOUT), FALSE);
  return TRUE;
}

}  // namespace

extern "C" void WINAPI InitializeConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  ConditionVariable->Ptr = nullptr;
}

extern "C" BOOL WINAPI SleepConditionVariableCS(PCONDITION_VARIABLE ConditionVariable,
                                                PCRITICAL_SECTION CriticalSection, DWORD dwMilliseconds) {
  return SleepOn(
      ConditionVariable, dwMilliseconds, [&] { LeaveCriticalSection(CriticalSection); },
      [&] { EnterCriticalSection(CriticalSection); });
}

extern "C" BOOL WINAPI SleepConditionVariableSRW(PCONDITION_VARIABLE ConditionVariable, PSRWLOCK SRWLock,
                                                 DWORD dwMilliseconds, ULONG Flags) {
  if (Flags & CONDITION_VARIABLE_LOCKMODE_SHARED) {
    return SleepOn(
        ConditionVariable, dwMilliseconds, [&] { ReleaseSRWLockShared(SRWLock); },
        [&] { AcquireSRWLockShared(SRWLock); });
  }
  return SleepOn(
      ConditionVariable, dwMilliseconds, [&] { ReleaseSRWLockExclusive(SRWLock); },
      [&] { AcquireSRWLockExclusive(SRWLock); });
}

extern "C" void WINAPI WakeConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  winipc::SequenceWake(Word(ConditionVariable), false);
}

extern "C" void WINAPI WakeAllConditionVariable(PCONDITION_VARIABLE ConditionVariable) {
  winipc::SequenceWake(Word(ConditionVariable), true);
}
