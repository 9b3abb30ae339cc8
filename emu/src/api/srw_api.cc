// InitializeSRWLock, AcquireSRWLockExclusive/Shared, TryAcquireSRWLockExclusive/Shared,
// ReleaseSRWLockExclusive/Shared. The lock word is the low 32 bits of the pointer-sized SRWLOCK (core/local_sync.h),
// so SRWLOCK_INIT and a zero-filled lock are ready to use.
#include <windows.h>

#include "core/local_sync.h"

namespace {

uint32_t* Word(PSRWLOCK lock) { return reinterpret_cast<uint32_t*>(&lock->Ptr); }

}  // namespace

extern "C" void WINAPI InitializeSRWLock(PSRWLOCK SRWLock) { SRWLock->Ptr = nullptr; }

extern "C" void WINAPI AcquireSRWLockExclusive(PSRWLOCK SRWLock) { winipc::SrwAcquireExclusive(Word(SRWLock)); }

extern "C" void WINAPI AcquireSRWLockShared(PSRWLOCK SRWLock) { winipc::SrwAcquireShared(Word(SRWLock)); }

extern "C" BOOLEAN WINAPI TryAcquireSRWLockExclusive(PSRWLOCK SRWLock) {
  return winipc::SrwTryExclusive(Word(SRWLock)) ? TRUE : FALSE;
}

extern "C" BOOLEAN WINAPI TryAcquireSRWLockShared(PSRWLOCK SRWLock) {
  return winipc::SrwTryShared(Word(SRWLock)) ? TRUE : FALSE;
}

extern "C" void WINAPI ReleaseSRWLockExclusive(PSRWLOCK SRWLock) { winipc::SrwReleaseExclusive(Word(SRWLock)); }

extern "C" void WINAPI ReleaseSRWLockShared(PSRWLOCK SRWLock) { winipc::SrwReleaseShared(Word(SRWLock)); }
