#include "core/semaphore.h"

#include <windows.h>

namespace winipc {

Result<int32_t> Semaphore::Release(int32_t count) {
  const uint32_t maximum = sync().a;
  uint64_t old = Pair(sync()).load();
  for (;;) {
    const uint32_t current = StateOf(old);
    if (static_cast<uint32_t>(count) > maximum - current) return Status(ERROR_TOO_MANY_POSTS);
    if (Pair(sync()).compare_exchange_weak(old, MakePair(GateOf(old), current + static_cast<uint32_t>(count)))) {
      break;
    }
  }
  WakeSleepers();
  return static_cast<int32_t>(StateOf(old));
}

Take Semaphore::TryTake(WaitSlot&) {
  return ConsumeUnlessGated([](uint32_t count) -> std::optional<uint32_t> {
    if (count == 0) return std::nullopt;
    return count - 1;
  });
}

bool Semaphore::LockedSignalled(WaitSlot&) { return Word(sync().state).load() != 0; }

void Semaphore::Commit(WaitSlot&) {
  ReleaseGate([](uint32_t count) { return count - 1; });  // releases only add while the gate is held
}

Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Status(ERROR_INVALID_PARAMETER);
  CreateSpec spec{ObjectType::kSemaphore, 0, [&](SharedHeader* h) {
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
