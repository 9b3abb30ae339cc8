#include "core/event.h"

#include <windows.h>

#include "core/wait.h"

namespace winipc {

void Event::Set() {
  auto& e = header()->event;
  Word(e.signaled).store(1);
  WakeWaiters(e.signaled, e.waiters);
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
  return WaitOnWord(e.signaled, e.waiters, [this] { return TryConsume(); }, deadline);
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

}  // namespace winipc
