// Waitable timers with no thread and no server behind them: the due time is in the shared state, and whoever
// looks at the timer after it (a waiter whose sleep ends at the due time, or any later wait) fires it under the
// gate: sets the signal and moves a periodic timer to its next period. Waiters sleep until the earlier of their
// own deadline and the due time; SetWaitableTimer and CancelWaitableTimer change the generation in the futex
// word, so sleepers wake up and look again.
#ifndef WINIPC_CORE_TIMER_H_
#define WINIPC_CORE_TIMER_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Timer : public SharedWaitable {
 public:
  explicit Timer(std::unique_ptr<ObjectFile> file)
      : SharedWaitable(ObjectType::kWaitableTimer, &file->header()->sync), file_(std::move(file)) {}

  // Resets the signal and arms the timer: first expiry at `due_ns` (CLOCK_MONOTONIC), then every `period_ns`
  // (0: once).
  void Set(int64_t due_ns, int64_t period_ns);
  // Disarms it; a signal already given stays.
  void Cancel();

  Take TryTake(WaitSlot& slot) override;
  std::optional<int64_t> DueNs() override;
  bool LockedSignalled(WaitSlot& slot) override;
  void Commit(WaitSlot& slot) override;

  const ObjectFile* file() const override { return file_.get(); }

 private:
  bool manual_reset() const { return sync().a != 0; }
  // With the gate held: gives the signal if the due time has passed. Returns the state to store.
  uint32_t FireIfDue(uint32_t state);
  std::unique_ptr<ObjectFile> file_;
};

// A due time as SetWaitableTimer takes it (negative: relative, in 100 ns; otherwise an absolute FILETIME) as a
// CLOCK_MONOTONIC time. An absolute time is converted once, now: later changes of the wall clock do not move it.
int64_t MonotonicDueFromWindows(int64_t due);
// Now, as a FILETIME: 100 ns ticks since 1601-01-01 UTC.
uint64_t SystemTimeAsFileTime();

Result<std::shared_ptr<Timer>> CreateTimerObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_TIMER_H_
