// InitOnceInitialize, InitOnceExecuteOnce, InitOnceBeginInitialize, InitOnceComplete.
//
// The pointer-sized INIT_ONCE holds its state in the two low bits, as Windows reserves them
// (INIT_ONCE_CTX_RESERVED_BITS): 0 not started, 1 being initialised (synchronous: others wait), 2 done (the other
// bits are the context), 3 being initialised asynchronously (others may initialise too; the first to complete
// wins). While a synchronous initialisation runs the value is exactly 1, and waiters sleep on its low 32 bits.
#include <windows.h>

#include "api/boundary.h"
#include "core/local_sync.h"
#include "posix/sys.h"

namespace {

constexpr uintptr_t kStateMask = 3;
constexpr uintptr_t kNotStarted = 0, kRunning = 1, kDone = 2, kRunningAsync = 3;

uintptr_t Load(PINIT_ONCE once) {
  return reinterpret_cast<uintptr_t>(__atomic_load_n(&once->Ptr, __ATOMIC_ACQUIRE));
}

bool Replace(PINIT_ONCE once, uintptr_t expected, uintptr_t desired) {
  void* want = reinterpret_cast<void*>(expected);
  return __atomic_compare_exchange_n(&once->Ptr, &want, reinterpret_cast<void*>(desired), false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE);
}

uint32_t* LowWord(PINIT_ONCE once) { return reinterpret_cast<uint32_t*>(&once->Ptr); }

// What BeginInitialize decided: the caller must initialise (pending), it is done, or the call was refused.
enum class Begin { kPending, kDone, kInvalid, kNotDone };

Begin BeginInitialize(PINIT_ONCE once, DWORD flags, LPVOID* context) {
  if (flags & ~(INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC)) return Begin::kInvalid;
  const bool async = (flags & INIT_ONCE_ASYNC) != 0;
  if (flags & INIT_ONCE_CHECK_ONLY) {
    if (async) return Begin::kInvalid;
    const uintptr_t value = Load(once);
    if ((value & kStateMask) != kDone) return Begin::kNotDone;
    if (context != nullptr) *context = reinterpret_cast<void*>(value & ~kStateMask);
    return Begin::kDone;
  }
  for (;;) {
    const uintptr_t value = Load(once);
    switch (value & kStateMask) {
      case kNotStarted:
        if (Replace(once, value, async ? kRunningAsync : kRunning)) return Begin::kPending;
        break;
      case kRunning:
        if (async) return Begin::kInvalid;
        winipc::posix::FutexWaitPrivate(LowWord(once), static_cast<uint32_t>(kRunning), nullptr);
        break;
      case kDone:
        if (context != nullptr) *context = reinterpret_cast<void*>(value & ~kStateMask);
        return Begin::kDone;
      case kRunningAsync:
        if (!async) return Begin::kInvalid;
        return Begin::kPending;
    }
  }
}

// ERROR_SUCCESS, or the error InitOnceComplete reports.
DWORD Complete(PINIT_ONCE once, DWORD flags, LPVOID context) {
  const uintptr_t bits = reinterpret_cast<uintptr_t>(context);
  if (flags & ~(INIT_ONCE_ASYNC | INIT_ONCE_INIT_FAILED)) return ERROR_INVALID_PARAMETER;
  if (bits & kStateMask) return ERROR_INVALID_PARAMETER;  // the reserved bits must be clear
  uintptr_t final_value = bits | kDone;
  if (flags & INIT_ONCE_INIT_FAILED) {
    if (context != nullptr || (flags & INIT_ONCE_ASYNC)) return ERROR_INVALID_PARAMETER;
    final_value = kNotStarted;  // the next caller tries again
  }
  for (;;) {
    const uintptr_t value = Load(once);
    switch (value & kStateMask) {
      case kRunning:
        if (!Replace(once, value, final_value)) break;
        winipc::posix::FutexWakePrivate(LowWord(once), INT32_MAX);
        return ERROR_SUCCESS;
      case kRunningAsync:
        if (!(flags & INIT_ONCE_ASYNC)) return ERROR_INVALID_PARAMETER;
        if (!Replace(once, value, final_value)) break;
        return ERROR_SUCCESS;
      default:
        return ERROR_GEN_FAILURE;  // not being initialised (Windows' STATUS_UNSUCCESSFUL)
    }
  }
}

}  // namespace

using winipc::api::Fail;

extern "C" void WINAPI InitOnceInitialize(PINIT_ONCE InitOnce) { InitOnce->Ptr = nullptr; }

extern "C" BOOL WINAPI InitOnceBeginInitialize(LPINIT_ONCE lpInitOnce, DWORD dwFlags, PBOOL fPending,
                                               LPVOID* lpContext) {
  switch (BeginInitialize(lpInitOnce, dwFlags, lpContext)) {
    case Begin::kPending:
      *fPending = TRUE;
      return TRUE;
    case Begin::kDone:
      *fPending = FALSE;
      return TRUE;
    case Begin::kNotDone:
      return Fail(winipc::Status(ERROR_GEN_FAILURE), FALSE);
    case Begin::kInvalid:
      break;
  }
  return Fail(winipc::Status(ERROR_INVALID_PARAMETER), FALSE);
}

extern "C" BOOL WINAPI InitOnceComplete(LPINIT_ONCE lpInitOnce, DWORD dwFlags, LPVOID lpContext) {
  const DWORD error = Complete(lpInitOnce, dwFlags, lpContext);
  if (error != ERROR_SUCCESS) return Fail(winipc::Status(error), FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI InitOnceExecuteOnce(PINIT_ONCE InitOnce, PINIT_ONCE_FN InitFn, PVOID Parameter,
                                           LPVOID* Context) {
  const Begin begun = BeginInitialize(InitOnce, 0, Context);
  if (begun == Begin::kDone) return TRUE;
  // The function's failure is the caller's: last error stays as the function left it.
  if (!InitFn(InitOnce, Parameter, Context)) {
    (void)Complete(InitOnce, INIT_ONCE_INIT_FAILED, nullptr);
    return FALSE;
  }
  const DWORD error = Complete(InitOnce, 0, Context != nullptr ? *Context : nullptr);
  if (error != ERROR_SUCCESS) return Fail(winipc::Status(error), FALSE);
  return TRUE;
}
