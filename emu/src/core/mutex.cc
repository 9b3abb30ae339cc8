#include "core/mutex.h"

#include <windows.h>

#include <algorithm>
#include <vector>

#include "core/wait_block.h"
#include "posix/sys.h"

namespace winipc {
namespace {

using posix::kOwnerDied;
using posix::kTidMask;
using posix::kWaitersBit;

// In the gate with a waiter's thread id while the mutex is handed to it and it has not yet woken. Inside the
// kernel's thread id bits, but above any thread id (at most 2^22), so it never matches a dying thread.
constexpr uint32_t kHandoffBit = 0x20000000u;

bool OwnedByMe(uint32_t word) { return (word & kTidMask) == posix::ThreadId(); }

}  // namespace

// The mutexes the calling thread owns. When the thread ends normally it abandons them here (the kernel would
// too, but only if their memory were still mapped, which the listing also guarantees until then).
struct OwnedMutexes {
  std::vector<Mutex*> owned;
  void AbandonAll() {
    while (!owned.empty()) {
      Mutex* m = owned.back();
      owned.pop_back();
      m->Abandon();
      Mutex::Unlisted(m, (m->local_.fetch_and(~Mutex::kListed, std::memory_order_acq_rel) & Mutex::kOrphaned) != 0);
    }
  }
  ~OwnedMutexes() { AbandonAll(); }
};
thread_local OwnedMutexes owned_mutexes;

struct MutexDeleter {
  void operator()(Mutex* m) const {
    // The last reference is gone: no handle and no wait holds this open any more. A thread that owns the mutex
    // through it keeps owning it (Windows ties ownership to the thread, not to handles): it deletes the open when
    // it lets go, unless it has just done so (then the mark finds it unlisted, and the open goes here).
    if (m->local_.load(std::memory_order_acquire) & Mutex::kListed) {
      // The name goes with the last handle, as on Windows; the memory stays for the owner.
      m->file_->ReleaseName();
      if (m->local_.fetch_or(Mutex::kOrphaned, std::memory_order_acq_rel) & Mutex::kListed) return;
    }
    delete m;
  }
};

std::shared_ptr<Mutex> MakeMutex(std::unique_ptr<ObjectFile> file) {
  return std::shared_ptr<Mutex>(new Mutex(std::move(file)), MutexDeleter{});
}

Mutex::Mutex(std::unique_ptr<ObjectFile> file)
    : Waitable(ObjectType::kMutex), sync_(&file->header()->sync), file_(std::move(file)) {
  queue_ = WaitQueue(file_->body(), file_->body_size());
}

void Mutex::Unlisted(Mutex* mutex, bool orphaned) {
  if (orphaned) delete mutex;
}

Take Mutex::TakeFree(uint32_t* found) {
  uint32_t word = Word(sync_->gate).load();
  *found = word;
  if ((word & kTidMask) != 0) return Take::kNotSignalled;
  posix::AnnounceTake(robust());
  for (;;) {
    if ((word & kTidMask) != 0) {
      posix::Forget();
      return Take::kNotSignalled;
    }
    // Keep kWaitersBit: others may still wait.
    if (Word(sync_->gate).compare_exchange_weak(word, posix::ThreadId() | (word & kWaitersBit))) break;
  }
  posix::Link(robust());
  *found = word;
  return (word & kOwnerDied) ? Take::kAbandoned : Take::kTaken;
}

void Mutex::Remember() {
  owned_mutexes.owned.push_back(this);
  local_.store(kListed, std::memory_order_relaxed);  // not orphaned: a reference is held while it is taken
}

Mutex* Mutex::Forget(bool* orphaned) {
  *orphaned = false;
  auto& owned = owned_mutexes.owned;
  for (auto it = owned.end(); it != owned.begin();) {
    --it;
    Mutex* m = *it;
    // The mutex may have been taken through another open of the same name (another handle, another mapping):
    // ReleaseMutex through any of them releases it, and that entry must go, or it keeps the name alive.
    if (m == this || m->file_->SameObject(*file_)) {
      owned.erase(it);
      *orphaned = (m->local_.fetch_and(~kListed, std::memory_order_acq_rel) & kOrphaned) != 0;
      return m;
    }
  }
  return nullptr;
}

Take Mutex::TryTake(WaitSlot&) {
  if (OwnedByMe(Word(sync_->gate).load())) {
    sync_->a += 1;
    return Take::kTaken;
  }
  uint32_t found;
  Take taken = TakeFree(&found);
  if (taken == Take::kTaken || taken == Take::kAbandoned) {
    sync_->a = 1;
    Remember();
  }
  return taken;
}

bool Mutex::OwnedByCaller() const { return OwnedByMe(Word(sync_->gate).load()); }

void Mutex::TakeNew() {
  WaitSlot slot;
  (void)TryTake(slot);
}

uint32_t Mutex::SleepValue() {
  uint32_t word = Word(sync_->gate).load();
  // Ask the releaser (or the kernel, if the owner dies) to wake us.
  while ((word & kTidMask) != 0 && !OwnedByMe(word) && !(word & kWaitersBit)) {
    if (Word(sync_->gate).compare_exchange_weak(word, word | kWaitersBit)) return word | kWaitersBit;
  }
  return word;
}

void Mutex::BeginSleeping(WaitSlot& slot) {
  Word(sync_->waiters).fetch_add(1);
  slot.counted = true;
}

void Mutex::EndSleeping(WaitSlot& slot) {
  if (slot.counted) Word(sync_->waiters).fetch_sub(1);
  slot.counted = false;
}

// The queue lock.

void Mutex::HoldQueue() {
  posix::RobustWord* w = queue_.lock();
  for (unsigned spins = 0;; ++spins) {
    uint32_t word = Word(w->word).load();
    if (!GateHeld(word)) {
      posix::AnnounceTake(w);
      if (Word(w->word).compare_exchange_strong(word, posix::ThreadId())) {
        posix::Link(w);
        return;
      }
      posix::Forget();
    }
    posix::Backoff(spins);
  }
}

void Mutex::ReleaseQueue() {
  queue_.Trim();
  UpdateWaitersBit();
  posix::RobustWord* w = queue_.lock();
  posix::Unlink(w);
  Word(w->word).store(0);
  posix::Forget();
}

void Mutex::LeaveWatch() {
  if (!(Word(sync_->gate).load() & kHandoffBit)) return;
  // This waiter may have been the one watching a new owner that has not woken yet: pass that on.
  HoldQueue();
  if (Word(sync_->gate).load() & kHandoffBit) WatchNewOwner(0);
  ReleaseQueue();
}

void Mutex::UpdateWaitersBit() {
  const bool wanted = !queue_.Empty() || Word(sync_->waiters).load() != 0;
  uint32_t word = Word(sync_->gate).load();
  while (((word & kWaitersBit) != 0) != wanted) {
    if (Word(sync_->gate).compare_exchange_weak(word, wanted ? (word | kWaitersBit) : (word & ~kWaitersBit))) break;
  }
}

// Release and abandonment.

Status Mutex::Release() {
  switch (BeginRelease()) {
    case ReleaseStep::kNotOwner:
      return Status(ERROR_NOT_OWNER);
    case ReleaseStep::kHandOn:
      HandOn();
      break;
    case ReleaseStep::kDone:
      break;
  }
  return Status::Ok();
}

Mutex::ReleaseStep Mutex::BeginRelease() {
  if (!OwnedByMe(Word(sync_->gate).load())) return ReleaseStep::kNotOwner;
  if (--sync_->a != 0) return ReleaseStep::kDone;
  // Out of the owned list first; the word stays in the robust list until it changes, so a death in between still
  // abandons it. The listed entry is this open (alive: the caller holds it) or another open of the same mutex,
  // which, orphaned meanwhile, goes once the word is given back.
  bool orphaned = false;
  Mutex* listed = Forget(&orphaned);
  // Nobody queued or sleeping (no kWaitersBit): free it with one compare-and-swap, no system call.
  uint32_t expected = posix::ThreadId();
  posix::Unlink(robust());
  const bool freed = Word(sync_->gate).compare_exchange_strong(expected, 0);
  if (freed) {
    posix::Forget();
  } else {
    posix::Link(robust());  // still ours, with waiters: HandOn gives it to the first
  }
  if (listed != nullptr && listed != this) Unlisted(listed, orphaned);
  return freed ? ReleaseStep::kDone : ReleaseStep::kHandOn;
}

void Mutex::Abandon() {
  if (!OwnedByMe(Word(sync_->gate).load())) return;
  sync_->a = 0;
  LetGo(/*abandon=*/true, OfferMode::kSignal);
}

void Mutex::LetGo(bool abandon, OfferMode mode) {
  if (!abandon) {
    uint32_t expected = posix::ThreadId();
    posix::Unlink(robust());
    if (Word(sync_->gate).compare_exchange_strong(expected, 0)) {
      posix::Forget();
      return;
    }
    posix::Link(robust());  // still ours: back in the list while the queue lock is taken
  }
  LetGoSlow(abandon, mode);
}

void Mutex::LetGoSlow(bool abandon, OfferMode mode) {
  DeferWakes defer;  // the new owner wakes once the queue lock is free
  HoldQueue();
  letting_go_ = true;
  abandoning_ = abandon;
  unlinked_ = false;
  const uint32_t granted = queue_.usable() ? Offer(*this, mode) : 0;
  if (granted == 0) {
    if (!unlinked_) posix::Unlink(robust());
    uint32_t word = Word(sync_->gate).load();
    while (!Word(sync_->gate).compare_exchange_weak(word, (abandon ? kOwnerDied : 0) | (word & kWaitersBit))) {
    }
  }
  posix::Forget();
  letting_go_ = false;
  abandoning_ = false;
  ReleaseQueue();
  WakeRaceSleepers();
}

bool Mutex::Available() {
  if (letting_go_) return !unlinked_ || (Word(sync_->gate).load() & kHandoffBit) == 0;
  return (Word(sync_->gate).load() & kTidMask) == 0;
}

bool Mutex::Prepare(const QueueEntry& entry, bool* abandoned) {
  const uint32_t tid = entry.tid;
  // The gate must still be what Offer found: ours (letting go), or free. A thread that takes a free mutex
  // without queueing does so with one compare-and-swap, which this one must not overwrite.
  const uint32_t expected_owner = letting_go_ ? posix::ThreadId() : 0;
  uint32_t word = Word(sync_->gate).load();
  if ((word & kTidMask) != expected_owner) return false;
  *abandoned = abandoning_ || (!letting_go_ && (word & kOwnerDied) != 0);
  if (letting_go_ && !unlinked_) {
    posix::Unlink(robust());  // the word is about to stop holding our id; Forget once it has its final value
    unlinked_ = true;
  }
  Word(sync_->c).store(Word(const_cast<uint32_t&>(entry.block)).load());  // block index + 1
  Word(queue_.header()->handoff_uid).store(entry.uid);
  for (;;) {
    if (Word(sync_->gate).compare_exchange_weak(word, tid | kHandoffBit | kWaitersBit)) break;
    if ((word & kTidMask) != expected_owner) return false;  // only a free mutex can be taken under us
  }
  prepared_from_ = word;
  // Until the new owner wakes, only its wait block says whether it is alive. The waiter after it is the one to
  // watch that (the others sleep on the gate, which the kernel marks if an owner dies after waking).
  WatchNewOwner(entry.ticket);
  return true;
}

void Mutex::WatchNewOwner(uint64_t after) {
  for (QueueEntry* e = queue_.NextAfter(after); e != nullptr; e = queue_.NextAfter(e->ticket)) {
    WaitBlocks* blocks = BlocksOfUser(e->uid);
    WaitBlock* b = blocks != nullptr ? blocks->At(Word(e->block).load() - 1) : nullptr;
    if (b != nullptr && PokeClaim(b, e->generation)) return;
  }
}

void Mutex::Unprepare() {
  uint32_t word = Word(sync_->gate).load();
  while (!Word(sync_->gate).compare_exchange_weak(word, prepared_from_ | (word & kWaitersBit))) {
  }
}

Take Mutex::TakeLocked() {
  WaitSlot slot;
  return TryTake(slot);
}

void Mutex::UndoTake(Take taken) {
  if (taken == Take::kNotSignalled || taken == Take::kBusy) return;
  // The queue lock is held by the caller: give the mutex back without taking it again.
  if (--sync_->a != 0) return;
  bool orphaned = false;
  Mutex* listed = Forget(&orphaned);
  letting_go_ = true;
  abandoning_ = taken == Take::kAbandoned;
  unlinked_ = false;
  const uint32_t granted = Offer(*this, OfferMode::kRedispatch);
  if (granted == 0) {
    if (!unlinked_) posix::Unlink(robust());
    uint32_t word = Word(sync_->gate).load();
    while (!Word(sync_->gate).compare_exchange_weak(word, (abandoning_ ? kOwnerDied : 0) | (word & kWaitersBit))) {
    }
  }
  posix::Forget();
  letting_go_ = false;
  abandoning_ = false;
  if (listed != nullptr && listed != this) Unlisted(listed, orphaned);
}

void Mutex::Accept(bool) {
  const uint32_t me = posix::ThreadId();
  posix::AnnounceTake(robust());
  uint32_t word = Word(sync_->gate).load();
  for (;;) {
    if ((word & kTidMask) != (me | kHandoffBit)) {  // never happens: only a dead grantee loses a hand-off
      posix::Forget();
      return;
    }
    if (Word(sync_->gate).compare_exchange_weak(word, me | (word & kWaitersBit))) break;
  }
  posix::Link(robust());
  sync_->a = 1;
  Remember();
}

std::optional<posix::FutexWaitItem> Mutex::WatchItem() {
  uint32_t word = Word(sync_->gate).load();
  if ((word & kTidMask) == 0) return std::nullopt;
  if (!(word & kHandoffBit)) {
    // Owned: the kernel wakes a sleeper on the gate when the owner dies (kWaitersBit is set while we are queued).
    if (!(word & kWaitersBit)) return std::nullopt;
    return posix::FutexWaitItem{&sync_->gate, word};
  }
  // Handed to a waiter that has not woken yet: watch its wait block, which the kernel marks if it dies.
  WaitBlocks* blocks = queue_.usable() ? BlocksOfUser(Word(queue_.header()->handoff_uid).load()) : nullptr;
  WaitBlock* b = blocks != nullptr ? blocks->At(Word(sync_->c).load() - 1) : nullptr;
  if (b == nullptr) return std::nullopt;
  const uint32_t owner = word & kTidMask & ~kHandoffBit;
  uint32_t held = Word(b->word).load();
  for (;;) {
    if ((held & kTidMask) != owner || (held & kOwnerDied)) return std::nullopt;  // dead already: CheckOwner
    if (held & kWaitersBit) break;
    if (Word(b->word).compare_exchange_weak(held, held | kWaitersBit)) {
      held |= kWaitersBit;
      break;
    }
  }
  return posix::FutexWaitItem{&b->word, held};
}

bool Mutex::HandedToDead(uint32_t word) {
  if (!(word & kHandoffBit)) return false;
  WaitBlocks* blocks = queue_.usable() ? BlocksOfUser(Word(queue_.header()->handoff_uid).load()) : nullptr;
  WaitBlock* b = blocks != nullptr ? blocks->At(Word(sync_->c).load() - 1) : nullptr;
  return b != nullptr && !BlockHeldBy(*b, word & kTidMask & ~kHandoffBit);
}

void Mutex::CheckOwner() {
  const uint32_t word = Word(sync_->gate).load();
  const bool free = (word & kTidMask) == 0;
  if (!HandedToDead(word) && !(free && (word & kWaitersBit))) return;
  DeferWakes defer;
  HoldQueue();
  uint32_t now = Word(sync_->gate).load();
  // The waiter it was handed to died before it woke: it died owning the mutex. (Only this lock's holders
  // change a hand-off, and the new owner itself, which is dead.)
  while (HandedToDead(now) && !Word(sync_->gate).compare_exchange_weak(now, kOwnerDied | (now & kWaitersBit))) {
  }
  if ((Word(sync_->gate).load() & kTidMask) == 0) Offer(*this, OfferMode::kRedispatch);
  ReleaseQueue();
}

// Wait-all.

Take Mutex::Lock(WaitSlot& slot) {
  if (OwnedByMe(Word(sync_->gate).load())) {
    slot.token = Word(sync_->gate).load();
    return Take::kTaken;
  }
  return TakeFree(&slot.token);
}

void Mutex::Commit(WaitSlot& slot) {
  if (OwnedByMe(slot.token)) {
    sync_->a += 1;
    return;
  }
  sync_->a = 1;
  Remember();
}

void Mutex::Unlock(WaitSlot& slot) {
  if (OwnedByMe(slot.token)) return;
  // Put back what was there, free or abandoned, handing it to a waiter that queued meanwhile.
  sync_->a = 0;
  LetGo(/*abandon=*/(slot.token & kOwnerDied) != 0, OfferMode::kRedispatch);
}

void AbandonOwnedMutexes() { owned_mutexes.AbandonAll(); }

Result<std::shared_ptr<Mutex>> OpenMutexObject(const ObjectName& name) {
  bool existed = false;
  auto file = Namespace::Acquire(name, ObjectType::kMutex, nullptr, &existed);
  if (!file.ok()) return file.status();
  return MakeMutex(std::move(file).value());
}

Result<std::shared_ptr<Mutex>> CreateMutexObject(const std::optional<ObjectName>& name, bool initial_owner,
                                                 bool* existed) {
  CreateSpec spec{ObjectType::kMutex, kQueueBytes, [](SharedHeader* h) { h->sync = SyncState{}; }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kMutex, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  auto mutex = MakeMutex(std::move(file).value());
  // The initial owner is the creator only: opening an existing mutex never takes it.
  if (initial_owner && !*existed) mutex->TakeNew();
  return mutex;
}

}  // namespace winipc
