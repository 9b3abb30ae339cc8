#include "core/event.h"

#include <windows.h>

namespace winipc {
namespace {
constexpr uint32_t kSignalled = 1;
}  // namespace

Event::Event(std::unique_ptr<ObjectFile> file)
    : QueuedWaitable(ObjectType::kEvent, &file->header()->sync, file->body(), file->body_size(),
                     file->scope() == Scope::kGlobal),
      file_(std::move(file)) {}

void Event::Set() {
  Signal([](uint32_t s) { return s | kSignalled; });
}

void Event::Reset() {
  // A reset lowers the state, which a wait-all between its check and its commit must not see: wait out the gate.
  HoldGate();
  ReleaseGate([](uint32_t s) { return s & ~kSignalled; });
}

void Event::Pulse() {
  // The waiters of this moment are in the queue: signal, hand out, reset, all under the gate.
  DeferWakes defer;
  HoldGate();
  uint64_t now = Pair(sync()).load();
  while (!Pair(sync()).compare_exchange_weak(now, MakePair(GateOf(now), StateOf(now) | kSignalled))) {
  }
  if (queue_.usable()) Offer(*this, OfferMode::kPulse);
  if (queue_.usable()) queue_.Trim();
  ReleaseGate([](uint32_t s) { return s & ~kSignalled; });
}

Take Event::TryTake(WaitSlot&) {
  const bool manual = manual_reset();
  return ConsumeUnlessGated([manual](uint32_t s) -> std::optional<uint32_t> {
    if (!(s & kSignalled)) return std::nullopt;
    return manual ? s : (s & ~kSignalled);
  });
}

bool Event::LockedSignalled(WaitSlot&) { return (Word(sync().state).load() & kSignalled) != 0; }

void Event::Commit(WaitSlot&) {
  const bool manual = manual_reset();
  ReleaseGate([manual](uint32_t s) { return manual ? s : (s & ~kSignalled); });
}

// The queue side; the gate is held.
bool Event::Available() { return (Word(sync().state).load() & kSignalled) != 0; }

void Event::Consume() { Word(sync().state).fetch_and(~kSignalled); }

void Event::Return() { Word(sync().state).fetch_or(kSignalled); }

Take Event::TakeLocked() {
  if (!Available()) return Take::kNotSignalled;
  if (!manual_reset()) Consume();
  return Take::kTaken;
}

void Event::UndoTake(Take taken) {
  if (taken == Take::kTaken && !manual_reset()) Return();
}

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed) {
  CreateSpec spec{ObjectType::kEvent, kQueueBytes, [&](SharedHeader* h) {
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
