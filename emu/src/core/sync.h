// What the wait functions need from every waitable object, and the gate shared by the objects whose state lives
// in a SyncState (object.h).
//
// Waiting on one object, or on any of several, uses TryTake: take one signal if there is one. Waiting on all of
// several objects must take them together or not at all, across processes and with no server, so it runs in two
// steps: Lock every object (take its gate, or, for a mutex, take the mutex itself for now), check that every one
// is signalled, then Commit each (consume and release) or Unlock each (release, nothing consumed). While a gate is
// held, consumers of that object wait a moment (TryTake says kBusy) and signallers carry on, so the state can only
// become more signalled between the check and the commit. A gate is held for a few instructions and never while
// sleeping; a holder that dies leaves it to the kernel, which marks it free (see posix/robust_list.h).
#ifndef WINIPC_CORE_SYNC_H_
#define WINIPC_CORE_SYNC_H_

#include <atomic>
#include <cstdint>
#include <optional>

#include "core/object.h"
#include "posix/robust_list.h"

namespace winipc {

enum class Take {
  kTaken,         // signalled, and the signal is now ours (for Lock: the object is held)
  kAbandoned,     // a mutex whose owner died: taken, and the wait reports WAIT_ABANDONED
  kNotSignalled,  // nothing to take; sleep on FutexWord
  kBusy,          // a wait-all holds the object for a moment: try again soon
};

// Per-object state of one wait call.
struct WaitSlot {
  uint32_t seen = 0;     // the state word when the wait began sleeping (events: a pulse changes its generation)
  bool counted = false;  // counted in the object's waiters
  uint32_t token = 0;    // what Lock found (mutex: the word before it was taken)
};

class Waitable : public Object {
 public:
  using Object::Object;
  Waitable* AsWaitable() final { return this; }

  virtual Take TryTake(WaitSlot& slot) = 0;
  // The word to sleep on, and the value to sleep on it with. Called after a TryTake that found nothing; may set
  // a flag in the word so the next change wakes sleepers (a mutex's kWaitersBit).
  virtual uint32_t* FutexWord() = 0;
  virtual uint32_t SleepValue() { return std::atomic_ref<uint32_t>(*FutexWord()).load(); }
  // Counting sleepers in lets signallers skip the wake call when there are none. Begin also records `seen`.
  virtual void BeginSleeping(WaitSlot& slot) {}
  virtual void EndSleeping(WaitSlot& slot) {}
  // When the object turns signalled by itself (a timer's due time, CLOCK_MONOTONIC ns), if it can.
  virtual std::optional<int64_t> DueNs() { return std::nullopt; }

  // Wait-all. Lock returns kTaken, kAbandoned (a mutex), kNotSignalled (a mutex another thread owns: nothing held)
  // or kBusy (nothing held).
  virtual Take Lock(WaitSlot& slot) = 0;
  virtual bool LockedSignalled(WaitSlot& slot) = 0;
  virtual void Commit(WaitSlot& slot) = 0;
  virtual void Unlock(WaitSlot& slot) = 0;
};

inline std::atomic_ref<uint32_t> Word(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }
inline std::atomic_ref<uint64_t> Pair(SyncState& s) { return std::atomic_ref<uint64_t>(s.pair); }
inline uint32_t GateOf(uint64_t pair) { return static_cast<uint32_t>(pair); }
inline uint32_t StateOf(uint64_t pair) { return static_cast<uint32_t>(pair >> 32); }
inline uint64_t MakePair(uint32_t gate, uint32_t state) { return (uint64_t{state} << 32) | gate; }
inline bool GateHeld(uint32_t gate) { return (gate & posix::kTidMask) != 0; }

// A waitable object whose state is a SyncState in shared memory (everything but threads and processes).
class SharedWaitable : public Waitable {
 public:
  SharedWaitable(ObjectType type, SyncState* sync) : Waitable(type), sync_(sync) {}

  uint32_t* FutexWord() override { return &sync_->state; }
  void BeginSleeping(WaitSlot& slot) override;
  void EndSleeping(WaitSlot& slot) override;

  // Takes the gate (kTaken) or finds it held (kBusy).
  Take TakeGate();
  // Takes the gate, waiting for a moment if another thread holds it: for short updates that must not fail.
  void HoldGate();
  // Releases the gate, storing `change(state)` with it (signallers may have changed the state meanwhile), then
  // wakes sleepers if the state changed.
  template <typename Change>
  void ReleaseGate(Change change);
  // Applies `change(old) -> new` to the state while keeping the gate as it is, then wakes sleepers.
  template <typename Change>
  uint32_t ChangeState(Change change);
  void WakeSleepers();

  Take Lock(WaitSlot& slot) override { return TakeGate(); }
  void Unlock(WaitSlot& slot) override;

 protected:
  // Takes one signal with `consume(state) -> optional<new state>` unless the gate is held.
  template <typename Consume>
  Take ConsumeUnlessGated(Consume consume);
  SyncState& sync() const { return *sync_; }

 private:
  SyncState* sync_;
};

template <typename Change>
uint32_t SharedWaitable::ChangeState(Change change) {
  uint64_t old = Pair(*sync_).load();
  uint64_t next;
  do {
    next = MakePair(GateOf(old), change(StateOf(old)));
  } while (!Pair(*sync_).compare_exchange_weak(old, next));
  WakeSleepers();
  return StateOf(old);
}

template <typename Change>
void SharedWaitable::ReleaseGate(Change change) {
  auto* w = reinterpret_cast<posix::RobustWord*>(&sync_->gate);
  posix::Unlink(w);
  uint64_t old = Pair(*sync_).load();
  while (!Pair(*sync_).compare_exchange_weak(old, MakePair(0, change(StateOf(old))))) {
  }
  posix::Forget();
  WakeSleepers();
}

template <typename Consume>
Take SharedWaitable::ConsumeUnlessGated(Consume consume) {
  uint64_t old = Pair(*sync_).load();
  for (;;) {
    if (GateHeld(GateOf(old))) return Take::kBusy;
    std::optional<uint32_t> next = consume(StateOf(old));
    if (!next) return Take::kNotSignalled;
    if (*next == StateOf(old) && GateOf(old) == 0) return Take::kTaken;  // nothing to write (manual reset)
    // Writing gate 0 also clears what a dead gate holder left (kOwnerDied).
    if (Pair(*sync_).compare_exchange_weak(old, MakePair(0, *next))) return Take::kTaken;
  }
}

}  // namespace winipc

#endif  // WINIPC_CORE_SYNC_H_
