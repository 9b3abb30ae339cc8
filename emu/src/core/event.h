// Events: a futex word in the object's shared header, so waiters in any process sleep in the kernel.
#ifndef WINIPC_CORE_EVENT_H_
#define WINIPC_CORE_EVENT_H_

#include <time.h>

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/object.h"

namespace winipc {

class Event : public Object {
 public:
  explicit Event(std::unique_ptr<ObjectFile> file) : Object(ObjectType::kEvent), file_(std::move(file)) {}
  void Set();
  void Reset();
  // Waits until signalled (consuming the signal of an auto-reset event) or until `deadline` (CLOCK_MONOTONIC;
  // nullptr: forever). Returns false on timeout.
  bool Wait(const struct timespec* deadline);
  bool TryConsume();

 private:
  SharedHeader* header() const { return file_->header(); }
  std::unique_ptr<ObjectFile> file_;
};

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_EVENT_H_
