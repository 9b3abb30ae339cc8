// Events: bit 0 of the SyncState's state word is the signal. Waiters queue in the event's file
// (core/wait_queue.h): SetEvent on an auto-reset event with a waiter releases exactly that waiter and leaves the
// event reset; on a manual-reset event it releases every waiter and stays set; PulseEvent releases the waiters of
// the moment (one, for an auto-reset event) and leaves the event reset.
#ifndef WINIPC_CORE_EVENT_H_
#define WINIPC_CORE_EVENT_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Event : public QueuedWaitable {
 public:
  explicit Event(std::unique_ptr<ObjectFile> file);

  void Set();
  void GiveBackTaken() override {
    if (!manual_reset()) Set();
  }
  void Reset();
  // Releases the threads waiting now (all of them, or one for an auto-reset event) and leaves the event reset.
  void Pulse();

  Take TryTake(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override;
  const ObjectFile* file() const override { return file_.get(); }

  // Queued.
  bool Available() override;
  bool Unlimited() override { return manual_reset(); }
  void Consume() override;
  void Return() override;
  Take TakeLocked() override;
  void UndoTake(Take taken) override;

 private:
  bool manual_reset() const { return sync().a != 0; }
  std::unique_ptr<ObjectFile> file_;
};

Result<std::shared_ptr<Event>> CreateEventObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool initial_state, bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_EVENT_H_
