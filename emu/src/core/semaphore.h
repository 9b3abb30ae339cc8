// Semaphores: the count is the SyncState's futex word, so waiters in any process sleep in the kernel and a
// release wakes them.
#ifndef WINIPC_CORE_SEMAPHORE_H_
#define WINIPC_CORE_SEMAPHORE_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Semaphore : public SharedWaitable {
 public:
  explicit Semaphore(std::unique_ptr<ObjectFile> file)
      : SharedWaitable(ObjectType::kSemaphore, &file->header()->sync), file_(std::move(file)) {}
  // Adds `count` (> 0) units and returns the count before; ERROR_TOO_MANY_POSTS (count unchanged) if that would
  // pass the maximum.
  Result<int32_t> Release(int32_t count);

  Take TryTake(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override;

  const ObjectFile* file() const override { return file_.get(); }

 private:
  std::unique_ptr<ObjectFile> file_;
};

// Validates the counts (ERROR_INVALID_PARAMETER) before the name is looked up; on an existing name the first
// creator's count and maximum stay.
Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_SEMAPHORE_H_
