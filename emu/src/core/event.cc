#include "core/event.h"

#include <windows.h>

namespace winipc {
namespace {
constexpr uint32_t kSignalled = 1;
constexpr uint32_t kOnePulse = 2;  // the generation lives in bits 1-31
uint32_t Generation(uint32_t state) { return state >> 1; }
}  // namespace

void Event::Set() {
  ChangeState([](uint32_t s) { return s | kSignalled; });
}

void Event::Reset() {
  // A reset lowers the state, which a wait-all between its check and its commit must not see: wait out the gate.
  HoldGate();
  ReleaseGate([](uint32_t s) { return s & ~kSignalled; });
}

void Event::Pulse() {
  HoldGate();
  const bool anyone = Word(sync().waiters).load() != 0;
  ReleaseGate([&](uint32_t s) {
    if (!anyone) return s & ~kSignalled;
    const uint32_t next = (s & ~kSignalled) + kOnePulse;
    // An auto-reset event's pulse goes to one waiter: the first to claim this generation.
    if (!manual_reset()) Word(sync().b).store(Generation(next));
    return next;
  });
}

Take Event::TryTake(WaitSlot& slot) {
  const bool manual = manual_reset();
  Take taken = ConsumeUnlessGated([manual](uint32_t s) -> std::optional<uint32_t> {
    if (!(s & kSignalled)) return std::nullopt;
    return manual ? s : (s & ~kSignalled);
  });
  if (taken != Take::kNotSignalled || !slot.counted) return taken;
  // Not signalled, but a pulse since this thread began waiting releases it too.
  const uint32_t now = Word(sync().state).load();
  if (Generation(now) == Generation(slot.seen)) return Take::kNotSignalled;
  slot.seen = now;
  if (manual) return Take::kTaken;
  uint32_t pulse = Generation(now);
  return Word(sync().b).compare_exchange_strong(pulse, 0) ? Take::kTaken : Take::kNotSignalled;
}

bool Event::LockedSignalled(WaitSlot&) { return (Word(sync().state).load() & kSignalled) != 0; }

void Event::Commit(WaitSlot&) {
  const bool manual = manual_reset();
  ReleaseGate([manual](uint32_t s) { return manual ? s : (s & ~kSignalled); });
}

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed) {
  CreateSpec spec{ObjectType::kEvent, 0, [&](SharedHeader* h) {
                    h->sync = SyncState{};
                    h->sync.state = initial_state ? kSignalled : 0;
                    h->sync.a = manual_reset ? 1 : 0;
                  }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kEvent, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Event>(std::move(file).value());
}

}  // namespace winipc
