// QueueUserAPC: a function for a thread of this process to run at its next alertable wait (core/apc.h).
#include <windows.h>

#include "api/boundary.h"
#include "core/apc.h"
#include "core/thread.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData) {
  uint32_t tid = 0;
  if (FromHandle(hThread) == kCurrentThreadPseudoHandle) {
    tid = CurrentThreadId();
  } else {
    auto entry = LookupHandle(hThread, ObjectType::kThread);
    if (!entry.ok()) return Fail(entry.status(), DWORD{0});
    if (!(entry->access & THREAD_SET_CONTEXT)) return Fail(Status(ERROR_ACCESS_DENIED), DWORD{0});
    Thread& thread = static_cast<Thread&>(*entry->object);
    // Windows refuses a thread that has ended (STATUS_UNSUCCESSFUL).
    if (thread.exited()) return Fail(Status(ERROR_GEN_FAILURE), DWORD{0});
    // A thread of another process would run the function at this address in its own address space: Windows does
    // that, emu does not (docs/porting.md).
    if (dynamic_cast<LocalThread*>(&thread) == nullptr) return Fail(Status(ERROR_NOT_SUPPORTED), DWORD{0});
    tid = thread.id();
  }
  std::shared_ptr<ThreadApcs> apcs = ApcsOfThread(tid);
  if (apcs == nullptr) return Fail(Status(ERROR_GEN_FAILURE), DWORD{0});  // it ended just now
  apcs->Queue([pfnAPC, dwData] { pfnAPC(dwData); });
  return 1;
}
