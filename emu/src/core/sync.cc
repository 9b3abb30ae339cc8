#include "core/sync.h"

#include <unistd.h>

#include "core/wait_block.h"
#include "posix/sys.h"

namespace winipc {

QueuedWaitable::QueuedWaitable(ObjectType type, SyncState* sync, void* body, uint64_t body_bytes, bool cross_user)
    : SharedWaitable(type, sync), cross_user_(cross_user) {
  queue_ = WaitQueue(body, body_bytes);
}

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

uint32_t QueuedWaitable::WaitersBit() const {
  return queue_.usable() && !queue_.Empty() ? posix::kWaitersBit : 0;
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
    // kWaitersBit stays (the queue is unchanged); kOwnerDied (a holder died) goes.
    const uint32_t gate = posix::ThreadId() | (GateOf(old) & posix::kWaitersBit);
    if (Pair(*sync_).compare_exchange_weak(old, MakePair(gate, StateOf(old)))) {
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

void QueuedWaitable::HoldQueue() {
  if (HeldByMe()) {
    held_twice_ = true;  // a wait-all holds the gate: it is the queue lock too
    return;
  }
  HoldGate();
}

void QueuedWaitable::ReleaseQueue() {
  if (queue_.usable()) queue_.Trim();
  if (held_twice_) {
    held_twice_ = false;  // the wait-all releases the gate (and sets kWaitersBit then)
    return;
  }
  ReleaseGate([](uint32_t state) { return state; });
}

uint32_t MyUid() {
  static const uint32_t uid = geteuid();
  return uid;
}

WaitBlocks* BlocksOfUser(uint32_t uid) {
  if (uid == MyUid()) return WaitBlocks::Mine();
  return WaitBlocks::OfUser(uid);
}

namespace {

WaitBlocks* BlocksOf(const QueueEntry& e) { return BlocksOfUser(e.uid); }

// Entries of another user's waiters are left to them (they remove their own).
void Sweep(Queued& object) {
  WaitQueue& q = object.queue();
  for (uint32_t i = 0; i < q.Size(); ++i) {
    QueueEntry* e = q.At(i);
    if (e == nullptr) continue;
    WaitBlocks* blocks = BlocksOf(*e);
    if (blocks == nullptr) continue;
    WaitBlock* b = blocks->At(Word(e->block).load() - 1);
    if (b == nullptr) {
      q.Remove(e);  // not a block index: written by something else than emu
      continue;
    }
    const uint32_t c = Word(b->claim).load();
    const bool this_wait = claim::Generation(c) == (e->generation & claim::kGenerationMask);
    const bool granted_here = this_wait && claim::State(c) == claim::kGranted &&
                              claim::Index(c) == (e->flags & QueueEntry::kIndexMask);
    if (!BlockHeldBy(*b, e->tid)) {
      const uint32_t word = Word(b->word).load();
      // The waiter died (the kernel marked its block, nobody reused it) holding a grant it never saw.
      if (granted_here && (word & posix::kTidMask) == 0 && (word & posix::kOwnerDied)) object.Return();
      q.Remove(e);
      continue;
    }
    if (!this_wait || claim::State(c) == claim::kIdle) {
      q.Remove(e);  // the wait ended (timeout, another object, an alert)
    } else if (claim::State(c) == claim::kGranted && !granted_here) {
      q.Remove(e);  // granted another object of the same wait
    }
  }
}

}  // namespace

void SweepQueue(Queued& object) { Sweep(object); }

void PokeAll(Queued& object) {
  WaitQueue& q = object.queue();
  for (uint32_t i = 0; i < q.Size(); ++i) {
    QueueEntry* e = q.At(i);
    if (e == nullptr) continue;
    WaitBlocks* blocks = BlocksOf(*e);
    if (blocks == nullptr) continue;
    if (WaitBlock* b = blocks->At(Word(e->block).load() - 1)) PokeClaim(b, e->generation);
  }
}

uint32_t Offer(Queued& object, OfferMode mode) {
  WaitQueue& q = object.queue();
  Sweep(object);
  uint32_t granted = 0;
  bool foreign = false;
  uint64_t last = 0;
  while (object.Available()) {
    QueueEntry* e = q.NextAfter(last);
    if (e == nullptr) break;
    last = e->ticket;
    WaitBlocks* blocks = BlocksOf(*e);
    if (blocks == nullptr) {
      foreign = true;  // another user's waiter: it sleeps on the object too and takes the signal itself
      continue;
    }
    WaitBlock* b = blocks->At(Word(e->block).load() - 1);
    if (b == nullptr) continue;
    const uint32_t c = Word(b->claim).load();
    if (claim::State(c) != claim::kWaiting || claim::Generation(c) != (e->generation & claim::kGenerationMask)) {
      continue;  // granted already (not yet taken), or gone
    }
    const uint32_t index = e->flags & QueueEntry::kIndexMask;
    if (e->flags & QueueEntry::kAll) {
      if (mode == OfferMode::kPulse) continue;  // a pulse never completes a wait-all (docs/porting.md)
      if (e->flags & QueueEntry::kReady) {
        PokeClaim(b, e->generation);
        // It can complete now: what is left is for it first, unless every waiter gets the signal anyway.
        if (!object.Unlimited()) break;
        continue;
      }
      if (mode == OfferMode::kSignal) PokeClaim(b, e->generation);
      continue;
    }
    if (object.Unlimited()) {
      if (GrantClaim(b, e->generation, index, false)) ++granted;
      continue;
    }
    bool abandoned = false;
    if (!object.Prepare(*e, &abandoned)) break;
    if (GrantClaim(b, e->generation, index, abandoned)) {
      object.Consume();
      ++granted;
    } else {
      object.Unprepare();
    }
  }
  if (foreign) posix::FutexWakeAll(object.RaceWord());
  return granted;
}

}  // namespace winipc
