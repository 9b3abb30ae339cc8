#include "core/sync.h"

#include "posix/sys.h"

namespace winipc {

void SharedWaitable::BeginSleeping(WaitSlot& slot) {
  Word(sync_->waiters).fetch_add(1);
  slot.counted = true;
  slot.seen = Word(sync_->state).load();
}

void SharedWaitable::EndSleeping(WaitSlot& slot) {
  if (slot.counted) Word(sync_->waiters).fetch_sub(1);
  slot.counted = false;
}

void SharedWaitable::WakeSleepers() {
  if (Word(sync_->waiters).load() != 0) posix::FutexWakeAll(&sync_->state);
}

Take SharedWaitable::TakeGate() {
  auto* w = reinterpret_cast<posix::RobustWord*>(&sync_->gate);
  uint64_t old = Pair(*sync_).load();
  if (GateHeld(GateOf(old))) return Take::kBusy;
  posix::AnnounceTake(w);
  for (;;) {
    if (GateHeld(GateOf(old))) {
      posix::Forget();
      return Take::kBusy;
    }
    if (Pair(*sync_).compare_exchange_weak(old, MakePair(posix::ThreadId(), StateOf(old)))) {
      posix::Link(w);
      return Take::kTaken;
    }
  }
}

void SharedWaitable::HoldGate() {
  for (unsigned spins = 0; TakeGate() == Take::kBusy; ++spins) posix::Backoff(spins);
}

void SharedWaitable::Unlock(WaitSlot&) {
  ReleaseGate([](uint32_t state) { return state; });
}

}  // namespace winipc
