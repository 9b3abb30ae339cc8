#include "core/event.h"

#include <windows.h>

#include <atomic>

#include "posix/sys.h"

namespace winipc {
namespace {
std::atomic_ref<uint32_t> Word(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }
}  // namespace

void Event::Set() {
  auto& e = header()->event;
  // Sequentially consistent on both sides: either this sees the waiter's count or the waiter sees the signal.
  Word(e.signaled).store(1);
  if (Word(e.waiters).load() != 0) posix::FutexWakeAll(&e.signaled);
}

void Event::Reset() { Word(header()->event.signaled).store(0); }

bool Event::TryConsume() {
  auto& e = header()->event;
  if (e.manual_reset) return Word(e.signaled).load() != 0;
  uint32_t expected = 1;
  return Word(e.signaled).compare_exchange_strong(expected, 0);
}

bool Event::Wait(const struct timespec* deadline) {
  auto& e = header()->event;
  if (TryConsume()) return true;
  Word(e.waiters).fetch_add(1);
  bool got = false;
  for (;;) {
    if (TryConsume()) {
      got = true;
      break;
    }
    if (!posix::FutexWait(&e.signaled, 0, deadline)) {
      got = TryConsume();  // a signal that raced with the timeout still counts
      break;
    }
  }
  Word(e.waiters).fetch_sub(1);
  return got;
}

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed) {
  CreateSpec spec{ObjectType::kEvent, 0, [&](SharedHeader* h) {
                    h->event.signaled = initial_state ? 1 : 0;
                    h->event.waiters = 0;
                    h->event.manual_reset = manual_reset ? 1 : 0;
                  }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kEvent, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Event>(std::move(file).value());
}

Result<std::shared_ptr<Event>> OpenEventObject(const ObjectName& name) {
  bool existed = false;
  auto file = Namespace::Acquire(name, ObjectType::kEvent, nullptr, &existed);
  if (!file.ok()) return file.status();
  return std::make_shared<Event>(std::move(file).value());
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
    case ObjectType::kProcess: {
      // The current process is signalled only when it has exited: waiting on it just times out.
      uint32_t never = 0;
      while (posix::FutexWait(&never, 0, deadline)) {
      }
      return WAIT_TIMEOUT;
    }
    default:
      return Status(ERROR_INVALID_HANDLE);  // sections are not waitable
  }
}

}  // namespace winipc
