// RegisterWaitForSingleObject, UnregisterWait, UnregisterWaitEx (core/registered_wait.h).
//
// A wait handle is not a kernel handle: it is the address of the registration, looked up in a table of the live
// ones, so that an unknown or already unregistered wait handle fails with ERROR_INVALID_HANDLE instead of
// touching freed memory.
#include <windows.h>

#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "api/boundary.h"
#include "core/event.h"
#include "core/registered_wait.h"

namespace winipc::api {
namespace {

class Registrations {
 public:
  HANDLE Add(std::shared_ptr<RegisteredWait> wait) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto key = reinterpret_cast<uintptr_t>(wait.get());
    live_[key] = std::move(wait);
    return ToHandle(key);
  }
  std::shared_ptr<RegisteredWait> Remove(HANDLE handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = live_.find(FromHandle(handle));
    if (found == live_.end()) return nullptr;
    auto wait = std::move(found->second);
    live_.erase(found);
    return wait;
  }

 private:
  std::mutex mutex_;
  std::map<uintptr_t, std::shared_ptr<RegisteredWait>> live_;
};

// Never destroyed: a wait's thread may still run while static destructors run.
Registrations& TheRegistrations() {
  static Registrations* registrations = new Registrations;
  return *registrations;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject, HANDLE hObject,
                                                   WAITORTIMERCALLBACK Callback, PVOID Context,
                                                   ULONG dwMilliseconds, ULONG dwFlags) {
  if (phNewWaitObject == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  // A handle that is not open is accepted, as Windows does (TP-WAIT-009): the registration then waits on nothing
  // and only its timeout can fire.
  auto object = WaitableFor(hObject, /*allow_pseudo=*/true);
  std::shared_ptr<Waitable> waited = object.ok() ? std::move(object).value() : nullptr;
  auto wait = RegisteredWait::Start(std::move(waited), reinterpret_cast<WaitCallback>(Callback), Context,
                                    dwMilliseconds, (dwFlags & WT_EXECUTEONLYONCE) != 0);
  if (!wait.ok()) return Fail(wait.status(), FALSE);
  *phNewWaitObject = TheRegistrations().Add(std::move(wait).value());
  return TRUE;
}

extern "C" BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent) {
  std::shared_ptr<Event> completion;
  const bool wait_here = CompletionEvent == INVALID_HANDLE_VALUE;
  if (CompletionEvent != nullptr && !wait_here) {
    auto event = ObjectWithRight<Event>(CompletionEvent, ObjectType::kEvent, EVENT_MODIFY_STATE);
    if (!event.ok()) return Fail(event.status(), FALSE);
    completion = std::move(event).value();
  }
  auto wait = TheRegistrations().Remove(WaitHandle);
  if (wait == nullptr) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  const bool idle = wait->Cancel(std::move(completion));
  if (wait_here) {
    wait->WaitForCallbacks();
    return TRUE;
  }
  // A callback still running: the wait is unregistered all the same, and Windows says so with ERROR_IO_PENDING.
  if (!idle) return Fail(Status(ERROR_IO_PENDING), FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI UnregisterWait(HANDLE WaitHandle) { return UnregisterWaitEx(WaitHandle, nullptr); }
