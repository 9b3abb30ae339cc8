// Semaphores: the count is the SyncState's state word. Waiters queue in the semaphore's file
// (core/wait_queue.h): ReleaseSemaphore(n) first hands units to up to n waiters, oldest first, and only what is
// left raises the count, as on Windows.
#ifndef WINIPC_CORE_SEMAPHORE_H_
#define WINIPC_CORE_SEMAPHORE_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Semaphore : public QueuedWaitable {
 public:
  explicit Semaphore(std::unique_ptr<ObjectFile> file);

  // Adds `count` (> 0) units and returns the count before; ERROR_TOO_MANY_POSTS (count unchanged) if that would
  // pass the maximum.
  Result<int32_t> Release(int32_t count);
  void GiveBackTaken() override { (void)Release(1); }

  Take TryTake(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override;
  const ObjectFile* file() const override { return file_.get(); }

  // Queued.
  bool Available() override;
  void Consume() override;
  void Return() override;
  Take TakeLocked() override;
  void UndoTake(Take taken) override;

 private:
  std::unique_ptr<ObjectFile> file_;
};

// Validates the counts (ERROR_INVALID_PARAMETER) before the name is looked up; on an existing name the first
// creator's count and maximum stay.
Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_SEMAPHORE_H_
