// WaitForSingleObject, Sleep.
#include <windows.h>

#include "api/boundary.h"
#include "core/wait.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
  std::shared_ptr<Object> object;
  const uintptr_t value = FromHandle(hHandle);
  if (value == kCurrentProcessPseudoHandle || value == kCurrentThreadPseudoHandle) {
    // Waiting on yourself: never signalled while you run.
    static const auto self = std::make_shared<Object>(ObjectType::kProcess);
    object = self;
  } else {
    auto entry = HandleTable::Get().Lookup(value);
    if (!entry.ok()) return Fail(entry.status(), WAIT_FAILED);
    if (!(entry->access & SYNCHRONIZE)) return Fail(Status(ERROR_ACCESS_DENIED), WAIT_FAILED);
    object = std::move(entry->object);  // held for the whole wait, even if the handle is closed meanwhile
  }
  auto result = WaitForObject(object, dwMilliseconds);
  if (!result.ok()) return Fail(result.status(), WAIT_FAILED);
  return result.value();
}

extern "C" void WINAPI Sleep(DWORD dwMilliseconds) { SleepMilliseconds(dwMilliseconds); }
