// Events: bit 0 of the SyncState's futex word is the signal, its other bits count pulses, so waiters in any
// process sleep in the kernel and PulseEvent can wake exactly the threads already waiting.
#ifndef WINIPC_CORE_EVENT_H_
#define WINIPC_CORE_EVENT_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Event : public SharedWaitable {
 public:
  explicit Event(std::unique_ptr<ObjectFile> file)
      : SharedWaitable(ObjectType::kEvent, &file->header()->sync), file_(std::move(file)) {}
  void Set();
  void Reset();
  // Wakes the threads waiting now (all of them, or one for an auto-reset event) and leaves the event reset.
  void Pulse();

  Take TryTake(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override;

  const ObjectFile* file() const override { return file_.get(); }

 private:
  bool manual_reset() const { return sync().a != 0; }
  std::unique_ptr<ObjectFile> file_;
};

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_EVENT_H_
