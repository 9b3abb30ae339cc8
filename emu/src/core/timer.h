// Waitable timers with no thread and no server behind them: the due time is in the shared state, and whoever
// looks at the timer after it (a waiter whose sleep ends at the due time, or any later wait) fires it under the
// gate: sets the signal, hands it to the queued waiters (one for a synchronization timer, all for a notification
// timer) and moves a periodic timer to its next period. Waiters sleep until the earlier of their own deadline
// and the due time; SetWaitableTimer tells queued waiters to look again (their due time changed) and changes the
// state word's generation, which wakes sleepers that are not queued.
#ifndef WINIPC_CORE_TIMER_H_
#define WINIPC_CORE_TIMER_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Timer : public QueuedWaitable {
 public:
  explicit Timer(std::unique_ptr<ObjectFile> file);

  // Resets the signal and arms the timer: first expiry at `due_ns` (CLOCK_MONOTONIC), then every `period_ns`
  // (0: once). Returns the setting's number (Generation).
  uint32_t Set(int64_t due_ns, int64_t period_ns);
  // Disarms it; a signal already given stays.
  void Cancel();
  void GiveBackTaken() override;
  // Fires the timer if its due time has passed (and hands the signal to queued waiters).
  void FireIfDue();
  // Changes with every Set and Cancel: a completion routine belongs to the setting that queued it.
  uint32_t Generation() const;
  // The due time and period of the current setting, if armed.
  std::optional<std::pair<int64_t, int64_t>> Schedule() const;

  Take TryTake(WaitSlot& slot) override;
  std::optional<int64_t> DueNs() override;
  void Tick() override { FireIfDue(); }
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
  // With the gate held: gives the signal if the due time has passed. Returns the state to store.
  uint32_t Fired(uint32_t state);
  std::unique_ptr<ObjectFile> file_;
};

// A due time as SetWaitableTimer takes it (negative: relative, in 100 ns; otherwise an absolute FILETIME) as a
// CLOCK_MONOTONIC time. An absolute time is converted once, now: later changes of the wall clock do not move it.
int64_t MonotonicDueFromWindows(int64_t due);
// Now, as a FILETIME: 100 ns ticks since 1601-01-01 UTC.
uint64_t SystemTimeAsFileTime();
// A CLOCK_MONOTONIC time as the FILETIME (UTC) it corresponds to now.
uint64_t FileTimeOfMonotonic(int64_t monotonic_ns);

Result<std::shared_ptr<Timer>> CreateTimerObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_TIMER_H_
