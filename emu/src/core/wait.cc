#include "core/wait.h"

#include <unistd.h>
#include <windows.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <type_traits>

#include "core/apc.h"
#include "core/wait_block.h"
#include "posix/sys.h"

namespace winipc {
namespace {

constexpr int64_t kLookAgainNs = 1'000'000'000;  // see the sleep in WaitCall::Run

enum class Attempt { kDone, kBusy, kNothing };

// Wait-any: the lowest index that can be taken. A held object stops the search: it may be signalled, and a
// higher index must not win over it.
Attempt TryAny(Waitable* const* objects, size_t count, WaitSlot* slots, WaitOutcome* out) {
  for (uint32_t i = 0; i < count; ++i) {
    switch (objects[i]->TryTake(slots[i])) {
      case Take::kTaken:
        *out = {WaitOutcome::kSignalled, i};
        return Attempt::kDone;
      case Take::kAbandoned:
        *out = {WaitOutcome::kAbandoned, i};
        return Attempt::kDone;
      case Take::kBusy:
        return Attempt::kBusy;
      case Take::kNotSignalled:
        break;
    }
  }
  return Attempt::kNothing;
}

int64_t NsOf(const struct timespec& t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

std::atomic_ref<uint32_t> Atomic(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

// One call of WaitForObjects.
class WaitCall {
 public:
  WaitCall(Waitable* const* objects, size_t count, bool all, uint32_t milliseconds, const WaitOptions& options)
      : objects_(objects), count_(count), all_(all), milliseconds_(milliseconds), options_(options) {
    // Only the slots in use are initialised: a single-object wait need not clear all 64.
    slots_ = reinterpret_cast<WaitSlot*>(slot_storage_);
    std::uninitialized_default_construct_n(slots_, count);
    static_assert(std::is_trivially_destructible_v<WaitSlot>);
    if (milliseconds != INFINITE) {
      const struct timespec d = posix::MonotonicDeadline(milliseconds);
      deadline_ns_ = NsOf(d);
    }
  }

  WaitOutcome Run();

 private:
  enum class Phase { kFirst, kRegister, kRecheck };

  bool Passed() const { return deadline_ns_ && posix::MonotonicNowNs() >= *deadline_ns_; }
  Attempt AttemptAll(Phase phase, WaitOutcome* out);
  // Starts a wait in the claim (a new generation); false without a wait block (the wait then sleeps on the
  // objects' own words).
  bool BeginClaim();
  // Joins every object's queue (wait-any); *out set if an object could be taken on the way.
  bool RegisterAny(WaitOutcome* out);
  // The claim changed to granted by `c`: completes it.
  WaitOutcome TakeGrant(uint32_t c);
  // Ends the claim's wait; a grant that arrived first is returned instead.
  std::optional<uint32_t> Cancel();
  // Claims object `index` for this wait (it found it signalled itself); false if a grant came first.
  bool SelfGrant(uint32_t index, bool abandoned);
  void Unclaim(uint32_t index);
  // Wait-any: tries the objects that are not served through the queue.
  Attempt TryUnqueued(WaitOutcome* out);
  void EndClaim();
  void SleepOnOwnWord(size_t i) {
    objects_[i]->BeginSleeping(slots_[i]);
    slots_[i].own_word = true;
  }
  void CleanUp();
  // SignalObjectAndWait's signal, once; on failure gives back what `taken` says the wait took.
  bool SignalFirst(const WaitOutcome* taken, WaitOutcome* failed);

  Waitable* const* objects_;
  const size_t count_;
  const bool all_;
  const uint32_t milliseconds_;
  const WaitOptions& options_;
  alignas(WaitSlot) unsigned char slot_storage_[sizeof(WaitSlot) * kMaxWaitObjects];
  WaitSlot* slots_;
  std::optional<int64_t> deadline_ns_;
  WaitBlock* block_ = nullptr;
  uint32_t block_index_ = 0;
  uint32_t generation_ = 0;
  bool signalled_first_ = false;
};

bool WaitCall::BeginClaim() {
  block_ = MyWaitBlock(&block_index_);
  if (block_ == nullptr) return false;
  const uint32_t c = Atomic(block_->claim).load();
  generation_ = (claim::Generation(c) + 1) & claim::kGenerationMask;
  Atomic(block_->claim).store(claim::Make(generation_, claim::kWaiting));
  return true;
}

bool WaitCall::SelfGrant(uint32_t index, bool abandoned) {
  uint32_t c = Atomic(block_->claim).load();
  for (;;) {
    if (claim::State(c) != claim::kWaiting) return false;
    if (Atomic(block_->claim).compare_exchange_weak(c, claim::Make(generation_, claim::kGranted, index, abandoned))) {
      return true;
    }
  }
}

void WaitCall::Unclaim(uint32_t index) {
  // Only this thread moves a claim out of "granted": this cannot fail.
  Atomic(block_->claim).store(claim::Make(generation_, claim::kWaiting));
}

void WaitCall::EndClaim() {
  if (block_ != nullptr) Atomic(block_->claim).store(claim::Make(generation_, claim::kIdle));
}

std::optional<uint32_t> WaitCall::Cancel() {
  if (block_ == nullptr) return std::nullopt;
  uint32_t c = Atomic(block_->claim).load();
  for (;;) {
    if (claim::State(c) == claim::kGranted) return c;
    if (Atomic(block_->claim).compare_exchange_weak(c, claim::Make(generation_, claim::kIdle))) return std::nullopt;
  }
}

WaitOutcome WaitCall::TakeGrant(uint32_t c) {
  const uint32_t index = claim::Index(c);
  const bool abandoned = (c & claim::kAbandoned) != 0;
  if (Queued* q = objects_[index]->AsQueued()) q->Accept(abandoned);
  EndClaim();
  return {abandoned ? WaitOutcome::kAbandoned : WaitOutcome::kSignalled, index};
}

Attempt WaitCall::AttemptAll(Phase phase, WaitOutcome* out) {
  DeferWakes defer;  // waiters served from what this wait leaves wake once every lock is free
  size_t held = 0;
  bool busy = false;
  std::optional<uint32_t> abandoned;
  bool locked[kMaxWaitObjects];
  for (; held < count_; ++held) {
    const Take t = objects_[held]->Lock(slots_[held]);
    if (t == Take::kBusy) {
      busy = true;
      break;
    }
    locked[held] = t != Take::kNotSignalled;  // a mutex another thread owns: nothing held
    slots_[held].signalled = locked[held] && objects_[held]->LockedSignalled(slots_[held]);
    if (t == Take::kAbandoned && !abandoned) abandoned = static_cast<uint32_t>(held);
  }
  if (busy) {
    for (size_t i = held; i-- > 0;) {
      if (locked[i]) objects_[i]->Unlock(slots_[i]);
    }
    return Attempt::kBusy;
  }
  size_t unsignalled = 0;
  for (size_t i = 0; i < count_; ++i) unsignalled += slots_[i].signalled ? 0 : 1;
  const uint32_t tid = posix::ThreadId();
  if (unsignalled == 0) {
    if (phase != Phase::kFirst) {
      for (size_t i = 0; i < count_; ++i) {
        Queued* q = objects_[i]->AsQueued();
        if (q == nullptr || !slots_[i].queued) continue;
        q->HoldQueue();
        if (QueueEntry* e = q->queue().Find(block_index_, generation_)) q->queue().Remove(e);
        q->ReleaseQueue();
        slots_[i].queued = false;
      }
      EndClaim();
    }
    for (size_t i = 0; i < count_; ++i) objects_[i]->Commit(slots_[i]);
    if (phase != Phase::kFirst) {
      // What is left (a manual-reset event, more of a semaphore's count) goes on to the next waiters.
      for (size_t i = 0; i < count_; ++i) {
        Queued* q = objects_[i]->AsQueued();
        if (q == nullptr) continue;
        q->HoldQueue();
        if (q->Available()) Offer(*q, OfferMode::kRedispatch);
        q->ReleaseQueue();
      }
    }
    *out = abandoned ? WaitOutcome{WaitOutcome::kAbandoned, *abandoned} : WaitOutcome{WaitOutcome::kSignalled, 0};
    return Attempt::kDone;
  }
  if (phase != Phase::kFirst && block_ != nullptr) {
    // Tell each queue whether this wait lacks only that object (then it is served before later waiters).
    for (size_t i = 0; i < count_; ++i) {
      Queued* q = objects_[i]->AsQueued();
      if (q == nullptr) continue;
      const bool ready = unsignalled == 1 && !slots_[i].signalled;
      const uint32_t flags = static_cast<uint32_t>(i) | QueueEntry::kAll | (ready ? QueueEntry::kReady : 0);
      q->HoldQueue();
      if (QueueEntry* e = q->queue().Find(block_index_, generation_)) {
        e->flags = flags;
      } else if (SweepQueue(*q), q->queue().Add(block_index_, tid, generation_, flags, MyUid())) {
        slots_[i].queued = true;
      }
      // What this wait does not take now goes on to the waiters behind it.
      if (phase == Phase::kRecheck && slots_[i].signalled && q->Available()) Offer(*q, OfferMode::kRedispatch);
      q->ReleaseQueue();
    }
  }
  for (size_t i = count_; i-- > 0;) {
    if (locked[i]) objects_[i]->Unlock(slots_[i]);
  }
  return Attempt::kNothing;
}

bool WaitCall::RegisterAny(WaitOutcome* out) {
  const uint32_t tid = posix::ThreadId();
  for (uint32_t i = 0; i < count_; ++i) {
    Waitable* object = objects_[i];
    Queued* q = block_ != nullptr ? object->AsQueued() : nullptr;
    if (q == nullptr) {
      SleepOnOwnWord(i);  // a level object, or no wait block
      continue;
    }
    q->HoldQueue();
    // It may have been signalled since the first look: then nobody in its queue can take it before us.
    const Take t = q->TakeLocked();
    if (t == Take::kTaken || t == Take::kAbandoned) {
      if (SelfGrant(i, t == Take::kAbandoned)) {
        q->ReleaseQueue();
        EndClaim();
        *out = {t == Take::kAbandoned ? WaitOutcome::kAbandoned : WaitOutcome::kSignalled, i};
        return true;
      }
      q->UndoTake(t);  // an object before it was granted to this wait meanwhile
      q->ReleaseQueue();
      return false;
    }
    SweepQueue(*q);  // this thread's entry of its last wait, among others, would otherwise pile up
    if (q->queue().Add(block_index_, tid, generation_, i, MyUid())) slots_[i].queued = true;
    // A queue that is full, or another user who may signal the object: also sleep on the object itself.
    if (!slots_[i].queued || q->CrossUser()) SleepOnOwnWord(i);
    q->ReleaseQueue();
  }
  return false;
}

Attempt WaitCall::TryUnqueued(WaitOutcome* out) {
  for (uint32_t i = 0; i < count_; ++i) {
    if (!slots_[i].own_word) continue;  // served through the queue
    Waitable* object = objects_[i];
    const bool consumes = object->AsQueued() != nullptr;
    if (block_ == nullptr) {
      const Take t = object->TryTake(slots_[i]);
      if (t == Take::kBusy) return Attempt::kBusy;
      if (t == Take::kTaken || t == Take::kAbandoned) {
        *out = {t == Take::kAbandoned ? WaitOutcome::kAbandoned : WaitOutcome::kSignalled, i};
        return Attempt::kDone;
      }
      continue;
    }
    if (!consumes) {
      // A level object: looking consumes nothing, so look first, then claim.
      const Take t = object->TryTake(slots_[i]);
      if (t == Take::kBusy) return Attempt::kBusy;
      if (t != Take::kTaken) continue;
      if (!SelfGrant(i, false)) return Attempt::kNothing;  // a grant came first: the caller sees it
      EndClaim();
      *out = {WaitOutcome::kSignalled, i};
      return Attempt::kDone;
    }
    // A queued object this wait also sleeps on (another user may signal it): claim, then take.
    if (!SelfGrant(i, false)) return Attempt::kNothing;
    const Take t = object->TryTake(slots_[i]);
    if (t == Take::kTaken || t == Take::kAbandoned) {
      EndClaim();
      *out = {t == Take::kAbandoned ? WaitOutcome::kAbandoned : WaitOutcome::kSignalled, i};
      return Attempt::kDone;
    }
    Unclaim(i);
    if (t == Take::kBusy) return Attempt::kBusy;
  }
  return Attempt::kNothing;
}

void WaitCall::CleanUp() {
  for (size_t i = 0; i < count_; ++i) {
    if (slots_[i].own_word) objects_[i]->EndSleeping(slots_[i]);
    Queued* q = objects_[i]->AsQueued();
    if (q != nullptr && slots_[i].queued) q->LeaveWatch();
    // Another user's signaller cannot tell whether this wait has ended: remove the entry now.
    if (q != nullptr && slots_[i].queued && q->CrossUser()) {
      q->HoldQueue();
      if (QueueEntry* e = q->queue().Find(block_index_, generation_)) q->queue().Remove(e);
      q->ReleaseQueue();
    }
  }
}

bool WaitCall::SignalFirst(const WaitOutcome* taken, WaitOutcome* failed) {
  if (options_.signal == nullptr || signalled_first_) return true;
  signalled_first_ = true;
  const Status s = options_.signal->Signal();
  if (s.ok()) return true;
  if (taken != nullptr) options_.signal->GiveBack(*objects_[taken->index]);
  *failed = {WaitOutcome::kFailed, 0, s};
  return false;
}

WaitOutcome WaitCall::Run() {
  WaitOutcome out{WaitOutcome::kTimeout, 0};
  // 1. What can be taken now.
  for (unsigned busy = 0;; ++busy) {
    const Attempt a = all_ ? AttemptAll(Phase::kFirst, &out) : TryAny(objects_, count_, slots_, &out);
    if (a == Attempt::kDone) {
      WaitOutcome failed;
      return SignalFirst(&out, &failed) ? out : failed;
    }
    if (a == Attempt::kNothing) break;
    posix::Backoff(busy);
  }
  ThreadApcs* apcs = options_.alertable ? &CurrentThreadApcs() : nullptr;
  if (apcs != nullptr) apcs->QueueDueTimers();
  if (milliseconds_ == 0 || Passed() || (apcs != nullptr && apcs->Pending())) {
    WaitOutcome failed;
    if (!SignalFirst(nullptr, &failed)) return failed;
    if (apcs != nullptr && apcs->RunAll()) return {WaitOutcome::kIoCompletion, 0};
    return {WaitOutcome::kTimeout, 0};
  }

  // 2. Join the queues.
  const bool claimed = BeginClaim();
  if (all_) {
    if (claimed) {
      for (unsigned busy = 0;; ++busy) {
        const Attempt a = AttemptAll(Phase::kRegister, &out);
        if (a == Attempt::kDone) {
          CleanUp();
          return out;
        }
        if (a == Attempt::kNothing) break;
        posix::Backoff(busy);
      }
    }
    for (size_t i = 0; i < count_; ++i) {
      // Level objects (and everything, without a wait block) are watched through their own words.
      if (!claimed || objects_[i]->AsQueued() == nullptr || objects_[i]->AsQueued()->CrossUser()) SleepOnOwnWord(i);
    }
  } else if (RegisterAny(&out)) {
    CleanUp();
    WaitOutcome failed;
    return SignalFirst(&out, &failed) ? out : failed;
  }
  {
    WaitOutcome failed;
    if (!SignalFirst(nullptr, &failed)) {
      if (auto c = Cancel()) options_.signal->GiveBack(*objects_[TakeGrant(*c).index]);
      EndClaim();
      CleanUp();
      return failed;
    }
  }

  // 3. Sleep until granted, signalled, alerted or out of time.
  posix::FutexWaitItem items[kMaxWaitObjects * 2 + 2];
  for (unsigned busy = 0;;) {
    unsigned n = 0;
    uint32_t c = 0;
    if (block_ != nullptr) {
      c = Atomic(block_->claim).load();
      items[n++] = {&block_->claim, c};
    }
    if (apcs != nullptr) items[n++] = {apcs->Word(), Atomic(*apcs->Word()).load()};
    for (size_t i = 0; i < count_; ++i) {
      if (slots_[i].own_word) items[n++] = {objects_[i]->FutexWord(), objects_[i]->SleepValue()};
      Queued* q = objects_[i]->AsQueued();
      if (q != nullptr && (slots_[i].queued || all_)) {
        if (auto w = q->WatchItem()) {
          items[n++] = *w;
        } else {
          q->CheckOwner();  // a mutex whose owner died, or that was handed to a waiter that died
        }
      }
    }
    // Look.
    if (block_ != nullptr && claim::Generation(c) == generation_) {
      if (claim::State(c) == claim::kGranted) {
        out = TakeGrant(c);
        break;
      }
      if (c & claim::kPoked) {
        // Take the poke; a new one must change the word again, so the sleep below expects it cleared.
        if (!Atomic(block_->claim).compare_exchange_strong(c, c & ~claim::kPoked)) continue;
        c &= ~claim::kPoked;
        items[0].expected = c;
        if (!all_) continue;
      }
    }
    if (all_) {
      // Also on the first pass: the words above were read after the look that joined the queues, and an object
      // that is not queued (a thread) may have changed between the two.
      const Attempt a = block_ != nullptr ? AttemptAll(Phase::kRecheck, &out) : AttemptAll(Phase::kFirst, &out);
      if (a == Attempt::kDone) break;
      if (a == Attempt::kBusy) {
        posix::Backoff(busy++);
        continue;
      }
    } else if (!all_) {
      const Attempt a = TryUnqueued(&out);
      if (a == Attempt::kDone) break;
      if (a == Attempt::kBusy) {
        posix::Backoff(busy++);
        continue;
      }
    }
    busy = 0;
    // Timers due now are fired by whoever looks: perhaps this wait.
    bool fired = false;
    std::optional<int64_t> due;
    const int64_t now = posix::MonotonicNowNs();
    for (size_t i = 0; i < count_; ++i) {
      if (auto d = objects_[i]->DueNs()) {
        if (*d <= now) {
          objects_[i]->Tick();
          fired = true;
        } else {
          due = due ? std::min(*due, *d) : *d;
        }
      }
    }
    if (fired) continue;
    if (apcs != nullptr) {
      apcs->QueueDueTimers();
      if (auto d = apcs->NextTimerDue()) due = due ? std::min(*due, *d) : *d;
    }
    const bool alerted = apcs != nullptr && apcs->Pending();
    if (alerted || Passed()) {
      if (auto granted = Cancel()) {
        out = TakeGrant(*granted);
        break;
      }
      EndClaim();
      CleanUp();
      if (alerted) {
        apcs->RunAll();
        return {WaitOutcome::kIoCompletion, 0};
      }
      return {WaitOutcome::kTimeout, 0};
    }
    std::optional<int64_t> until = deadline_ns_;
    if (due && (!until || *due < *until)) until = due;
    // A signaller killed between granting (or poking) this wait and waking it would leave it asleep for good:
    // look again now and then (the grant is in the claim word, so a look finds it).
    if (block_ != nullptr && (!until || *until > now + kLookAgainNs)) until = now + kLookAgainNs;
    struct timespec until_storage;
    if (until) until_storage = posix::TimespecFromNs(*until);
    (void)posix::FutexWaitAny(items, n, until ? &until_storage : nullptr);
  }
  CleanUp();
  return out;
}

}  // namespace

WaitOutcome WaitForObjects(Waitable* const* objects, size_t count, bool wait_all, uint32_t milliseconds,
                           const WaitOptions& options) {
  WaitCall call(objects, count, wait_all, milliseconds, options);
  return call.Run();
}

bool SleepMilliseconds(uint32_t milliseconds, bool alertable) {
  ThreadApcs* apcs = alertable ? &CurrentThreadApcs() : nullptr;
  if (apcs != nullptr) {
    apcs->QueueDueTimers();
    if (apcs->RunAll()) return true;
  }
  if (milliseconds == 0) {
    posix::Yield();
    return false;
  }
  std::optional<int64_t> deadline;
  if (milliseconds != INFINITE) deadline = NsOf(posix::MonotonicDeadline(milliseconds));
  uint32_t never = 0;  // nobody wakes it: only the deadline (or an APC) ends the sleep
  for (;;) {
    std::optional<int64_t> until = deadline;
    posix::FutexWaitItem item{&never, 0};
    if (apcs != nullptr) {
      item = {apcs->Word(), Atomic(*apcs->Word()).load()};
      apcs->QueueDueTimers();
      if (apcs->RunAll()) return true;
      if (auto due = apcs->NextTimerDue()) until = until ? std::min(*until, *due) : *due;
    }
    if (deadline && posix::MonotonicNowNs() >= *deadline) return false;
    struct timespec until_storage;
    if (until) until_storage = posix::TimespecFromNs(*until);
    (void)posix::FutexWaitAny(&item, 1, until ? &until_storage : nullptr);
  }
}

}  // namespace winipc
