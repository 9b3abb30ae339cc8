// What the wait functions need from every waitable object, and the machinery shared by the objects whose state is
// a SyncState in shared memory (object.h).
//
// Two kinds of waitable object:
// - Level objects (threads, processes, jobs): once signalled they stay signalled and a wait consumes nothing.
//   A waiter tries TryTake and otherwise sleeps on FutexWord; whoever signals wakes every sleeper.
// - Queued objects (events, semaphores, mutexes, waitable timers): a signal is a unit that exactly one waiter
//   may get (all of them for a manual-reset event), and Windows hands it over inside the signalling call, to
//   the waiter that has waited longest. These keep a queue of waiters in their file (core/wait_queue.h); a
//   signaller grants the signal to a queued waiter through that waiter's claim word (core/wait_block.h), so
//   "release, then wait again at once" queues the releaser behind the waiter, as on Windows. An object that is
//   signalled never has a waiter in its queue that it could satisfy: a thread that finds it signalled takes it
//   at once (TryTake), without queueing.
//
// Waiting on all of several objects must take them together or not at all, across processes and with no server,
// so it runs in two steps: Lock every object (take its gate, or, for a mutex, the mutex itself for now), check
// that every one is signalled, then Commit each (consume and release) or Unlock each (release, nothing consumed).
// While a gate is held, consumers of that object wait a moment (TryTake says kBusy). A gate is held for a few
// instructions and never while sleeping; a holder that dies leaves it to the kernel, which marks it free (see
// posix/robust_list.h). An all-objects wait that cannot complete sits in every queue without being granted
// anything; when one of its objects is signalled it is told to look again (PokeClaim), and an entry whose wait
// found every *other* object signalled (kReady) stops the hand-out there, so it completes before later waiters
// take the object, as Windows' single pass over the queue would let it.
#ifndef WINIPC_CORE_SYNC_H_
#define WINIPC_CORE_SYNC_H_

#include <atomic>
#include <cstdint>
#include <optional>

#include "core/object.h"
#include "core/wait_block.h"
#include "core/wait_queue.h"
#include "posix/robust_list.h"
#include "posix/sys.h"

namespace winipc {

enum class Take {
  kTaken,         // signalled, and the signal is now ours (for Lock: the object is held)
  kAbandoned,     // a mutex whose owner died: taken, and the wait reports WAIT_ABANDONED
  kNotSignalled,  // nothing to take; sleep on FutexWord
  kBusy,          // a wait-all holds the object for a moment: try again soon
};

// Per-object state of one wait call.
struct WaitSlot {
  uint32_t seen = 0;       // level objects: the futex word's value when the wait began sleeping
  bool counted = false;    // counted in the object's `waiters` (objects that count their sleepers)
  bool own_word = false;   // the wait sleeps on the object's own futex word (level objects, race sleepers)
  bool queued = false;     // has an entry in the object's queue
  bool signalled = false;  // wait-all: what the last look found
  uint32_t token = 0;      // what Lock found (mutex: the word before it was taken)
};

class Queued;

class Waitable : public Object {
 public:
  using Object::Object;
  Waitable* AsWaitable() final { return this; }
  // The queue interface of a queued object, nullptr for a level object.
  virtual Queued* AsQueued() { return nullptr; }

  virtual Take TryTake(WaitSlot& slot) = 0;
  // The word to sleep on, and the value to sleep on it with. Called after a TryTake that found nothing.
  virtual uint32_t* FutexWord() = 0;
  virtual uint32_t SleepValue() { return std::atomic_ref<uint32_t>(*FutexWord()).load(); }
  // Counting sleepers in lets signallers skip the wake call when there are none. Begin also records `seen`.
  virtual void BeginSleeping(WaitSlot& slot) {}
  virtual void EndSleeping(WaitSlot& slot) {}
  // When the object turns signalled by itself (a timer's due time, CLOCK_MONOTONIC ns), if it can.
  virtual std::optional<int64_t> DueNs() { return std::nullopt; }
  // Called by a waiter once DueNs has passed (a timer fires).
  virtual void Tick() {}
  // Gives back what a wait of this thread took from the object (a unit of an auto-reset event, timer or semaphore;
  // a mutex, which it now owns), offering it to the object's waiters as a signal would: for a wait whose result
  // must not count (a registered wait unregistered meanwhile). A level object gave nothing: nothing to do.
  virtual void GiveBackTaken() {}

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

// How a change of an object's state is offered to its queue (Offer below).
enum class OfferMode {
  kSignal,    // the object was signalled: grant, and tell all-objects waits to look again
  kPulse,     // PulseEvent: grant single and any-object waits only
  kRedispatch,  // an all-objects wait that could not complete hands on what it did not take: no telling again
};

// The queue side of an event, semaphore, mutex or waitable timer. Every method needs the queue lock held.
class Queued {
 public:
  virtual ~Queued() = default;
  WaitQueue& queue() { return queue_; }

  // The queue lock: held for a few hundred instructions, never while sleeping.
  virtual void HoldQueue() = 0;
  virtual void ReleaseQueue() = 0;

  // Is there a unit to grant? Does a grant leave it there (manual reset: every waiter gets it)?
  virtual bool Available() = 0;
  virtual bool Unlimited() { return false; }
  // Gets a unit ready for the waiter of `entry` before its claim is granted; *abandoned: the grant carries
  // WAIT_ABANDONED. Then Consume (granted) or Unprepare (the waiter had gone). False if the unit went meanwhile
  // (a mutex taken by a thread that did not queue).
  virtual bool Prepare(const QueueEntry& entry, bool* abandoned) {
    *abandoned = false;
    return true;
  }
  virtual void Consume() = 0;
  virtual void Unprepare() {}
  // A unit granted to a waiter that died before it saw the grant comes back.
  virtual void Return() = 0;
  // For a waiter that found the object signalled while joining its queue: takes a unit for the calling thread,
  // as TryTake would; Undo gives it back (its claim had been granted another object meanwhile).
  virtual Take TakeLocked() = 0;
  virtual void UndoTake(Take taken) = 0;
  // The waiter got a grant from this object: completes it (a mutex becomes the caller's).
  virtual void Accept(bool abandoned) {}
  // A word whose change the waiter must notice although nobody grants anything (a mutex owner's death), with
  // its current value, or nullopt. May repair the object first (with the lock held by the caller: see Mutex).
  virtual std::optional<posix::FutexWaitItem> WatchItem() { return std::nullopt; }
  // A waiter woke on its watch word: hands the object on if its owner died. Takes the lock itself.
  virtual void CheckOwner() {}
  // A waiter leaves the queue without this object: passes on any watching it was asked to do.
  virtual void LeaveWatch() {}
  // Objects that another user's process may signal (Global ones): their waiters also sleep on the object's
  // word, and a signaller that cannot reach a waiter's wait block wakes it to take the signal itself.
  virtual bool CrossUser() const = 0;
  // Race sleepers (counted in SyncState::waiters, sleeping on RaceWord), woken after a change.
  virtual uint32_t* RaceWord() = 0;
  virtual uint32_t& RaceCount() = 0;
  void WakeRaceSleepers() {
    if (std::atomic_ref<uint32_t>(RaceCount()).load() != 0) posix::FutexWakeAll(RaceWord());
  }

 protected:
  WaitQueue queue_;
};

// Grants what the object now has to its waiters, oldest first, with the queue lock held: clears entries of waits
// that ended, gives back units granted to waiters that died, then grants while Available. Returns how many
// waiters were granted.
uint32_t Offer(Queued& object, OfferMode mode);
// Clears the entries of waits that have ended (and gives back units granted to waiters that died before they
// took them), with the queue lock held. Offer does it first; a waiter does it before it adds its own entry.
void SweepQueue(Queued& object);
// The calling process's effective user id, read once (a system call each time would cost as much as a wait).
uint32_t MyUid();

class WaitBlocks;
// The wait blocks a queue entry's waiter uses (those of user `uid`), or nullptr when this process cannot reach
// them (another user's).
WaitBlocks* BlocksOfUser(uint32_t uid);
// Tells every waiter queued on the object to look again (a timer's due time changed), with the queue lock held.
void PokeAll(Queued& object);

// A waitable object whose state is a SyncState in shared memory. Jobs use it as it is (a level object);
// events, semaphores and timers through QueuedWaitable.
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
  // Releases the gate, storing `change(state)` with it (signallers may have changed the state meanwhile).
  template <typename Change>
  void ReleaseGate(Change change);
  void WakeSleepers();

  Take Lock(WaitSlot& slot) override { return TakeGate(); }
  void Unlock(WaitSlot& slot) override;

 protected:
  // Takes one signal with `consume(state) -> optional<new state>` unless the gate is held.
  template <typename ConsumeFn>
  Take ConsumeUnlessGated(ConsumeFn consume);
  SyncState& sync() const { return *sync_; }
  // The gate's kWaitersBit, as a released gate must carry it.
  virtual uint32_t WaitersBit() const { return 0; }
  bool HeldByMe() const { return (Word(sync_->gate).load() & posix::kTidMask) == posix::ThreadId(); }

 private:
  SyncState* sync_;
};

// Events, semaphores and timers: a SyncState with a queue of waiters in the file's body.
class QueuedWaitable : public SharedWaitable, public Queued {
 public:
  // `body`/`body_bytes`: the mapped bytes after the header, where the queue lives.
  QueuedWaitable(ObjectType type, SyncState* sync, void* body, uint64_t body_bytes, bool cross_user);

  Queued* AsQueued() override { return queue_.usable() ? this : nullptr; }

  // Queued. The queue lock is the gate; a wait-all that holds the gate already holds it.
  void HoldQueue() override;
  void ReleaseQueue() override;
  bool CrossUser() const override { return cross_user_; }
  uint32_t* RaceWord() override { return &sync().state; }
  uint32_t& RaceCount() override { return sync().waiters; }

 protected:
  // Changes the state with `change` (a signal: the state only becomes more signalled). Without waiters this is
  // one compare-and-swap; with waiters queued it takes the gate and offers the new state to them.
  template <typename Change>
  void Signal(Change change);
  // The gate's kWaitersBit: set while the queue has entries, so that signallers take the gate and look.
  uint32_t WaitersBit() const override;

 private:
  bool cross_user_;
  bool held_twice_ = false;  // HoldQueue found the gate already held by this thread (a wait-all's Lock)
};

template <typename Change>
void SharedWaitable::ReleaseGate(Change change) {
  auto* w = reinterpret_cast<posix::RobustWord*>(&sync_->gate);
  posix::Unlink(w);
  uint64_t old = Pair(*sync_).load();
  while (!Pair(*sync_).compare_exchange_weak(old, MakePair(WaitersBit(), change(StateOf(old))))) {
  }
  posix::Forget();
  WakeSleepers();
}

template <typename ConsumeFn>
Take SharedWaitable::ConsumeUnlessGated(ConsumeFn consume) {
  uint64_t old = Pair(*sync_).load();
  for (;;) {
    if (GateHeld(GateOf(old))) return Take::kBusy;
    std::optional<uint32_t> next = consume(StateOf(old));
    if (!next) return Take::kNotSignalled;
    if (*next == StateOf(old) && (GateOf(old) & posix::kOwnerDied) == 0) return Take::kTaken;  // manual reset
    // Keeps kWaitersBit; clears what a dead gate holder left (kOwnerDied).
    if (Pair(*sync_).compare_exchange_weak(old, MakePair(GateOf(old) & posix::kWaitersBit, *next))) {
      return Take::kTaken;
    }
  }
}

template <typename Change>
void QueuedWaitable::Signal(Change change) {
  SyncState& s = sync();
  uint64_t old = Pair(s).load();
  // Nobody queued or holding the gate: one compare-and-swap, no system call.
  while (GateOf(old) == 0) {
    if (Pair(s).compare_exchange_weak(old, MakePair(0, change(StateOf(old))))) {
      WakeSleepers();  // threads sleeping on the state word itself (counted in `waiters`)
      return;
    }
  }
  DeferWakes defer;  // the waiters served wake once the gate is free
  HoldGate();
  uint64_t now = Pair(s).load();
  while (!Pair(s).compare_exchange_weak(now, MakePair(GateOf(now), change(StateOf(now))))) {
  }
  if (queue_.usable()) Offer(*this, OfferMode::kSignal);
  ReleaseQueue();
}

}  // namespace winipc

#endif  // WINIPC_CORE_SYNC_H_
