// Semaphores: the count is a futex word in the object's shared header, so waiters in any process sleep in the
// kernel and a release wakes them.
#ifndef WINIPC_CORE_SEMAPHORE_H_
#define WINIPC_CORE_SEMAPHORE_H_

#include <time.h>

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/object.h"

namespace winipc {

class Semaphore : public Object {
 public:
  explicit Semaphore(std::unique_ptr<ObjectFile> file) : Object(ObjectType::kSemaphore), file_(std::move(file)) {}
  // Adds `count` (> 0) units and returns the count before; ERROR_TOO_MANY_POSTS (count unchanged) if that would
  // pass the maximum.
  Result<int32_t> Release(int32_t count);
  bool TryTake();
  bool Wait(const struct timespec* deadline);

 private:
  SharedHeader* header() const { return file_->header(); }
  std::unique_ptr<ObjectFile> file_;
};

// Validates the counts (ERROR_INVALID_PARAMETER) before the name is looked up; on an existing name the first
// creator's count and maximum stay.
Result<std::shared_ptr<Semaphore>> CreateSemaphoreObject(const std::optional<ObjectName>& name, int32_t initial,
                                                         int32_t maximum, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_SEMAPHORE_H_
