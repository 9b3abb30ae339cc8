#include "core/semaphore.h"

#include <windows.h>

namespace winipc {

Semaphore::Semaphore(std::unique_ptr<ObjectFile> file)
    : QueuedWaitable(ObjectType::kSemaphore, &file->header()->sync, file->body(), file->body_size(),
                     file->scope() == Scope::kGlobal),
      file_(std::move(file)) {}

Result<int32_t> Semaphore::Release(int32_t count) {
  const uint32_t maximum = sync().a;
  const uint32_t add = static_cast<uint32_t>(count);
  uint64_t old = Pair(sync()).load();
  // Nobody queued and no gate held: one compare-and-swap.
  while (GateOf(old) == 0) {
    const uint32_t current = StateOf(old);
    if (add > maximum - current) return Status(ERROR_TOO_MANY_POSTS);
    if (Pair(sync()).compare_exchange_weak(old, MakePair(0, current + add))) {
      WakeSleepers();
      return static_cast<int32_t>(current);
    }
  }
  // Waiters are queued: the units go to them first (the maximum is checked against the count before).
  DeferWakes defer;  // they wake once the gate is free
  HoldGate();
  const uint32_t before = Word(sync().state).load();
  if (add > maximum - before) {
    ReleaseQueue();
    return Status(ERROR_TOO_MANY_POSTS);
  }
  Word(sync().state).store(before + add);
  if (queue_.usable()) Offer(*this, OfferMode::kSignal);
  ReleaseQueue();
  return static_cast<int32_t>(before);
}

Take Semaphore::TryTake(WaitSlot&) {
  return ConsumeUnlessGated([](uint32_t count) -> std::optional<uint32_t> {
    if (count == 0) return std::nullopt;
    return count - 1;
  });
}

bool Semaphore::LockedSignalled(WaitSlot&) { return Word(sync().state).load() != 0; }

void Semaphore::Commit(WaitSlot&) {
  ReleaseGate([](uint32_t count) { return count - 1; });  // nothing lowers the count while the gate is held
}

// The queue side; the gate is held.
bool Semaphore::Available() { return Word(sync().state).load() != 0; }

void Semaphore::Consume() { Word(sync().state).fetch_sub(1); }

void Semaphore::Return() {
  // A unit a dead waiter never took; the count cannot pass the maximum (the unit was counted in it).
  if (Word(sync().state).load() < sync().a) Word(sync().state).fetch_add(1);
}

Take Semaphore::TakeLocked() {
  if (!Available()) return Take::kNotSignalled;
  Consume();
  return Take::kTaken;
}

void Semaphore::UndoTake(Take taken) {
  if (taken == Take::kTaken) Return();
}

Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Status(ERROR_INVALID_PARAMETER);
  CreateSpec spec{ObjectType::kSemaphore, kQueueBytes, [&](SharedHeader* h) {
                    h->sync = SyncState{};
                    h->sync.state = static_cast<uint32_t>(initial);
                    h->sync.a = static_cast<uint32_t>(maximum);
                  }};
  auto file =
      name ? Namespace::Acquire(*name, ObjectType::kSemaphore, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Semaphore>(std::move(file).value());
}

}  // namespace winipc
