#include "core/wait.h"

#include <windows.h>

#include "core/event.h"
#include "core/semaphore.h"
#include "posix/sys.h"

namespace winipc {

bool FutexSleep(uint32_t* word, uint32_t expected, const struct timespec* deadline) {
  return posix::FutexWait(word, expected, deadline);
}

void WakeWaiters(uint32_t& word, uint32_t& waiters) {
  if (Word(waiters).load() != 0) posix::FutexWakeAll(&word);
}

namespace {
// The absolute deadline `milliseconds` from now, kept in *storage; nullptr for INFINITE.
const struct timespec* DeadlineAfter(uint32_t milliseconds, struct timespec* storage) {
  if (milliseconds == INFINITE) return nullptr;
  *storage = posix::MonotonicDeadline(milliseconds);
  return storage;
}
}  // namespace

void SleepMilliseconds(uint32_t milliseconds) {
  if (milliseconds == 0) {
    posix::Yield();
    return;
  }
  struct timespec storage;
  const struct timespec* deadline = DeadlineAfter(milliseconds, &storage);
  uint32_t never = 0;  // nobody wakes it: only the deadline ends the sleep
  while (FutexSleep(&never, 0, deadline)) {
  }
}

Result<uint32_t> WaitForObject(const std::shared_ptr<Object>& object, uint32_t milliseconds) {
  struct timespec storage;
  const struct timespec* deadline = DeadlineAfter(milliseconds, &storage);
  switch (object->type()) {
    case ObjectType::kEvent: {
      auto* event = static_cast<Event*>(object.get());
      if (milliseconds == 0) return event->TryConsume() ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
      return event->Wait(deadline) ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
    }
    case ObjectType::kSemaphore: {
      auto* semaphore = static_cast<Semaphore*>(object.get());
      if (milliseconds == 0) return semaphore->TryTake() ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
      return semaphore->Wait(deadline) ? WAIT_OBJECT_0 : WAIT_TIMEOUT;
    }
    case ObjectType::kProcess:
      // The current process is signalled only when it has exited: waiting on it just times out.
      if (milliseconds != 0) SleepMilliseconds(milliseconds);
      return WAIT_TIMEOUT;
    default:
      return Status(ERROR_INVALID_HANDLE);  // sections are not waitable
  }
}

}  // namespace winipc
