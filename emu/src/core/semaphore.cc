#include "core/semaphore.h"

#include <windows.h>

#include "core/wait.h"

namespace winipc {

Result<int32_t> Semaphore::Release(int32_t count) {
  auto& s = header()->semaphore;
  uint32_t old = Word(s.count).load();
  do {
    if (static_cast<uint32_t>(count) > s.maximum - old) return Status(ERROR_TOO_MANY_POSTS);
  } while (!Word(s.count).compare_exchange_weak(old, old + static_cast<uint32_t>(count)));
  WakeWaiters(s.count, s.waiters);
  return static_cast<int32_t>(old);
}

bool Semaphore::TryTake() {
  auto& s = header()->semaphore;
  uint32_t old = Word(s.count).load();
  while (old != 0) {
    if (Word(s.count).compare_exchange_weak(old, old - 1)) return true;
  }
  return false;
}

bool Semaphore::Wait(const struct timespec* deadline) {
  auto& s = header()->semaphore;
  return WaitOnWord(s.count, s.waiters, [this] { return TryTake(); }, deadline);
}

Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed) {
  if (maximum <= 0 || initial < 0 || initial > maximum) return Status(ERROR_INVALID_PARAMETER);
  CreateSpec spec{ObjectType::kSemaphore, 0, [&](SharedHeader* h) {
                    h->semaphore.count = static_cast<uint32_t>(initial);
                    h->semaphore.waiters = 0;
                    h->semaphore.maximum = static_cast<uint32_t>(maximum);
                  }};
  auto file =
      name ? Namespace::Acquire(*name, ObjectType::kSemaphore, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Semaphore>(std::move(file).value());
}

}  // namespace winipc
