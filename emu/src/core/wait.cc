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

Result<uint32_t> WaitForObject(const std::shared_ptr<Object>& object, uint32_t milliseconds) {
  struct timespec deadline_storage;
  const struct timespec* deadline = nullptr;
  if (milliseconds != INFINITE) {
    deadline_storage = posix::MonotonicDeadline(milliseconds);
    deadline = &deadline_storage;
  }
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
    case ObjectType::kProcess: {
      // The current process is signalled only when it has exited: waiting on it just times out.
      uint32_t never = 0;
      while (FutexSleep(&never, 0, deadline)) {
      }
      return WAIT_TIMEOUT;
    }
    default:
      return Status(ERROR_INVALID_HANDLE);  // sections are not waitable
  }
}

}  // namespace winipc
