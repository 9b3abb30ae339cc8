// WaitForSingleObject(Ex), WaitForMultipleObjects(Ex), SignalObjectAndWait, Sleep(Ex).
//
// With bAlertable, a wait whose objects are not signalled runs the thread's queued APCs and returns
// WAIT_IO_COMPLETION (core/apc.h).
#include <windows.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "api/boundary.h"
#include "core/event.h"
#include "core/mutex.h"
#include "core/namespace.h"
#include "core/semaphore.h"
#include "core/wait.h"

namespace winipc::api {
namespace {

DWORD ToWaitResult(const WaitOutcome& outcome) {
  switch (outcome.kind) {
    case WaitOutcome::kSignalled:
      return WAIT_OBJECT_0 + outcome.index;
    case WaitOutcome::kAbandoned:
      return WAIT_ABANDONED_0 + outcome.index;
    case WaitOutcome::kIoCompletion:
      return WAIT_IO_COMPLETION;
    case WaitOutcome::kFailed:
      return Fail(outcome.failure, WAIT_FAILED);
    case WaitOutcome::kTimeout:
      break;
  }
  return WAIT_TIMEOUT;
}

// A mutex, event or semaphore that can be taken at once is taken under the handle table's lock, with no
// reference counted; the same first attempt WaitForObjects would make. Anything else: nullopt.
std::optional<DWORD> TakeAtOnce(HANDLE handle) {
  std::optional<DWORD> result;
  (void)HandleTable::Get().WithEntry(FromHandle(handle), [&result](const HandleEntry& entry) {
    const ObjectType type = entry.object->type();
    if (!(entry.access & SYNCHRONIZE) ||
        (type != ObjectType::kMutex && type != ObjectType::kEvent && type != ObjectType::kSemaphore)) {
      return Status::Ok();
    }
    WaitSlot slot;
    switch (entry.object->AsWaitable()->TryTake(slot)) {
      case Take::kTaken:
        result = WAIT_OBJECT_0;
        break;
      case Take::kAbandoned:
        result = WAIT_ABANDONED_0;
        break;
      case Take::kBusy:
      case Take::kNotSignalled:
        break;
    }
    return Status::Ok();
  });
  return result;
}

DWORD WaitOne(HANDLE handle, DWORD milliseconds, bool alertable) {
  if (auto at_once = TakeAtOnce(handle)) return *at_once;
  auto object = WaitableFor(handle, /*allow_pseudo=*/true);
  if (!object.ok()) return Fail(object.status(), WAIT_FAILED);
  Waitable* one = object.value().get();
  WaitOptions options;
  options.alertable = alertable;
  return ToWaitResult(WaitForObjects(&one, 1, false, milliseconds, options));
}

// What SignalObjectAndWait does to its first object: SetEvent, ReleaseSemaphore(1) or ReleaseMutex. (A signal
// taken by a wait whose own signal then failed goes back through Waitable::GiveBackTaken, as for a registered wait
// unregistered meanwhile.)
Status Signal(Object& object) {
  switch (object.type()) {
    case ObjectType::kEvent:
      static_cast<Event&>(object).Set();
      return Status::Ok();
    case ObjectType::kSemaphore: {
      auto released = static_cast<Semaphore&>(object).Release(1);
      return released.ok() ? Status::Ok() : released.status();
    }
    case ObjectType::kMutex:
      return static_cast<Mutex&>(object).Release();
    default:
      return Status(ERROR_INVALID_HANDLE);  // nothing to signal
  }
}

// The checks Windows makes before it signals anything: the object's type and the access right (a mutex needs
// none: only its owner can release it, which the release itself checks).
Status CanSignal(const HandleEntry& entry) {
  switch (entry.object->type()) {
    case ObjectType::kEvent:
      return (entry.access & EVENT_MODIFY_STATE) ? Status::Ok() : Status(ERROR_ACCESS_DENIED);
    case ObjectType::kSemaphore:
      return (entry.access & SEMAPHORE_MODIFY_STATE) ? Status::Ok() : Status(ERROR_ACCESS_DENIED);
    case ObjectType::kMutex:
      return Status::Ok();
    default:
      return Status(ERROR_INVALID_HANDLE);  // nothing to signal
  }
}

// SignalObjectAndWait's signal, made once the wait has joined its object's queue: a thread that answers the
// signal at once (even with PulseEvent) finds the caller already waiting, as Windows' one atomic call would.
class SignalThen : public SignalBeforeWait {
 public:
  explicit SignalThen(Object& object) : object_(object) {}
  Status Signal() override { return api::Signal(object_); }
  void GiveBack(Waitable& taken) override { taken.GiveBackTaken(); }

 private:
  Object& object_;
};

// Waiting for all of them needs each object once, also when two opens of one name give two handles to it
// (otherwise the wait-all would find its own hold on the object busy and retry forever, even with timeout 0).
// Sorted identities find a repeat in n log n; comparing every pair cost several microseconds for 64 handles.
bool HasRepeat(Waitable* const* objects, DWORD count) {
  struct Key {
    std::pair<uint64_t, uint64_t> file;  // {device, inode}: two opens of one name are one object
    uintptr_t object;                    // objects without a file identity (unnamed) are themselves
    bool operator<(const Key& other) const {
      return file != other.file ? file < other.file : object < other.object;
    }
  };
  Key keys[MAXIMUM_WAIT_OBJECTS];
  for (DWORD i = 0; i < count; ++i) {
    const ObjectFile* file = objects[i]->file();
    const auto identity = file != nullptr ? file->Identity() : std::make_pair(uint64_t{0}, uint64_t{0});
    const bool named = identity != std::make_pair(uint64_t{0}, uint64_t{0});
    keys[i] = Key{identity, named ? 0 : reinterpret_cast<uintptr_t>(objects[i])};
  }
  std::sort(keys, keys + count);
  for (DWORD i = 1; i < count; ++i) {
    if (keys[i].file == keys[i - 1].file && keys[i].object == keys[i - 1].object) return true;
  }
  return false;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds) {
  return WaitOne(hHandle, dwMilliseconds, false);
}

extern "C" DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable) {
  return WaitOne(hHandle, dwMilliseconds, bAlertable != FALSE);
}

extern "C" DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll,
                                                 DWORD dwMilliseconds, BOOL bAlertable) {
  if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS) return Fail(Status(ERROR_INVALID_PARAMETER), WAIT_FAILED);
  if (lpHandles == nullptr) return Fail(Status(ERROR_NOACCESS), WAIT_FAILED);
  std::shared_ptr<Waitable> held[MAXIMUM_WAIT_OBJECTS];  // keeps every object alive for the whole wait
  Waitable* objects[MAXIMUM_WAIT_OBJECTS];
  for (DWORD i = 0; i < nCount; ++i) {
    auto object = WaitableFor(lpHandles[i], /*allow_pseudo=*/false);
    if (!object.ok()) return Fail(object.status(), WAIT_FAILED);
    objects[i] = object.value().get();
    held[i] = std::move(object).value();
  }
  if (bWaitAll && HasRepeat(objects, nCount)) return Fail(Status(ERROR_INVALID_PARAMETER), WAIT_FAILED);
  WaitOptions options;
  options.alertable = bAlertable != FALSE;
  return ToWaitResult(WaitForObjects(objects, nCount, bWaitAll != FALSE, dwMilliseconds, options));
}

extern "C" DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE* lpHandles, BOOL bWaitAll,
                                               DWORD dwMilliseconds) {
  return WaitForMultipleObjectsEx(nCount, lpHandles, bWaitAll, dwMilliseconds, FALSE);
}

extern "C" DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, DWORD dwMilliseconds,
                                            BOOL bAlertable) {
  // Both handles are checked before anything is signalled.
  auto to_signal = HandleTable::Get().Lookup(FromHandle(hObjectToSignal));
  if (!to_signal.ok()) return Fail(to_signal.status(), WAIT_FAILED);
  auto to_wait = WaitableFor(hObjectToWaitOn, /*allow_pseudo=*/true);
  if (!to_wait.ok()) return Fail(to_wait.status(), WAIT_FAILED);
  Status allowed = CanSignal(to_signal.value());
  if (!allowed.ok()) return Fail(allowed, WAIT_FAILED);
  Object& signal_object = *to_signal->object;
  Waitable* one = to_wait.value().get();
  WaitOptions options;
  options.alertable = bAlertable != FALSE;
  const ObjectFile* a = signal_object.file();
  const ObjectFile* b = one->file();
  const bool same = &signal_object == one || (a != nullptr && b != nullptr && a->SameObject(*b));
  if (same) {
    // Signal, then wait on the same object: the wait may only start once the signal is done.
    Status signalled = Signal(signal_object);
    if (!signalled.ok()) return Fail(signalled, WAIT_FAILED);
    return ToWaitResult(WaitForObjects(&one, 1, false, dwMilliseconds, options));
  }
  if (signal_object.type() == ObjectType::kMutex && !static_cast<Mutex&>(signal_object).OwnedByCaller()) {
    return Fail(Status(ERROR_NOT_OWNER), WAIT_FAILED);
  }
  SignalThen signal(signal_object);
  options.signal = &signal;
  return ToWaitResult(WaitForObjects(&one, 1, false, dwMilliseconds, options));
}

extern "C" void WINAPI Sleep(DWORD dwMilliseconds) { (void)SleepMilliseconds(dwMilliseconds); }

extern "C" DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable) {
  return SleepMilliseconds(dwMilliseconds, bAlertable != FALSE) ? WAIT_IO_COMPLETION : 0;
}
