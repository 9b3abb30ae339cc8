// InitializeCriticalSection(AndSpinCount, Ex), EnterCriticalSection, TryEnterCriticalSection, LeaveCriticalSection,
// DeleteCriticalSection, SetCriticalSectionSpinCount.
//
// The struct is the SDK's (40 bytes on x86-64) and holds everything: the lock word is the low 32 bits of
// LockSemaphore (core/local_sync.h), OwningThread the owner's thread id and RecursionCount how many times it
// entered, as programs that read them expect; LockCount is -1 when free and -2 when held (Windows also counts
// waiters there; emu does not). DebugInfo is never allocated: it reads as (PVOID)-1, as on Windows when a
// critical section has no debug information.
#include <windows.h>

#include "core/local_sync.h"
#include "core/thread.h"
#include "posix/sys.h"

namespace {

constexpr ULONG_PTR kSpinCountMask = 0x00FFFFFF;  // the high bits of SpinCount are flags on Windows

uint32_t* Word(LPCRITICAL_SECTION cs) { return reinterpret_cast<uint32_t*>(&cs->LockSemaphore); }

uintptr_t Owner(LPCRITICAL_SECTION cs) {
  return reinterpret_cast<uintptr_t>(__atomic_load_n(&cs->OwningThread, __ATOMIC_RELAXED));
}

void SetOwner(LPCRITICAL_SECTION cs, uintptr_t tid) {
  __atomic_store_n(&cs->OwningThread, reinterpret_cast<HANDLE>(tid), __ATOMIC_RELAXED);
}

// Windows keeps the spin count only on a machine with more than one processor.
ULONG_PTR EffectiveSpinCount(DWORD spin_count) {
  return winipc::posix::ProcessorCount() > 1 ? (spin_count & kSpinCountMask) : 0;
}

void Took(LPCRITICAL_SECTION cs, uintptr_t tid) {
  SetOwner(cs, tid);
  cs->RecursionCount = 1;
  __atomic_store_n(&cs->LockCount, -2, __ATOMIC_RELAXED);
}

}  // namespace

extern "C" BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount,
                                                   DWORD Flags) {
  lpCriticalSection->DebugInfo = reinterpret_cast<PRTL_CRITICAL_SECTION_DEBUG>(~uintptr_t{0});
  lpCriticalSection->LockCount = -1;
  lpCriticalSection->RecursionCount = 0;
  lpCriticalSection->OwningThread = nullptr;
  lpCriticalSection->LockSemaphore = nullptr;
  lpCriticalSection->SpinCount = EffectiveSpinCount(dwSpinCount);
  return TRUE;
}

extern "C" void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  InitializeCriticalSectionEx(lpCriticalSection, 0, 0);
}

extern "C" BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection,
                                                             DWORD dwSpinCount) {
  return InitializeCriticalSectionEx(lpCriticalSection, dwSpinCount, 0);
}

extern "C" DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount) {
  const ULONG_PTR previous = lpCriticalSection->SpinCount;
  lpCriticalSection->SpinCount = EffectiveSpinCount(dwSpinCount);
  return static_cast<DWORD>(previous & kSpinCountMask);
}

extern "C" void WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  const uintptr_t tid = winipc::CurrentThreadId();
  if (Owner(lpCriticalSection) == tid) {
    ++lpCriticalSection->RecursionCount;  // the owner enters again
    return;
  }
  winipc::LockWord(Word(lpCriticalSection), static_cast<uint32_t>(lpCriticalSection->SpinCount & kSpinCountMask));
  Took(lpCriticalSection, tid);
}

extern "C" BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  const uintptr_t tid = winipc::CurrentThreadId();
  if (Owner(lpCriticalSection) == tid) {
    ++lpCriticalSection->RecursionCount;
    return TRUE;
  }
  if (!winipc::TryLockWord(Word(lpCriticalSection))) return FALSE;
  Took(lpCriticalSection, tid);
  return TRUE;
}

extern "C" void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  if (--lpCriticalSection->RecursionCount > 0) return;
  lpCriticalSection->RecursionCount = 0;  // a Leave too many (undefined on Windows) leaves it free, not negative
  SetOwner(lpCriticalSection, 0);
  __atomic_store_n(&lpCriticalSection->LockCount, -1, __ATOMIC_RELAXED);
  winipc::UnlockWord(Word(lpCriticalSection));
}

extern "C" void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection) {
  lpCriticalSection->DebugInfo = nullptr;
  lpCriticalSection->LockCount = -1;
  lpCriticalSection->RecursionCount = 0;
  lpCriticalSection->OwningThread = nullptr;
  lpCriticalSection->LockSemaphore = nullptr;
  lpCriticalSection->SpinCount = 0;
}
