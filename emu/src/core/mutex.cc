#include "core/mutex.h"

#include <windows.h>

#include <algorithm>
#include <vector>

#include "posix/sys.h"

namespace winipc {
namespace {

using posix::kOwnerDied;
using posix::kTidMask;
using posix::kWaitersBit;

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
    // The last reference is gone: no handle and no wait holds the mutex any more, so nothing can list it anew.
    if (m->local_.load(std::memory_order_acquire) & Mutex::kListed) {
      if (OwnedByMe(Word(m->sync_->gate).load())) {
        // Listed by the calling thread: Windows deletes a mutex with its last handle and abandons it.
        bool orphaned = false;
        Mutex* listed = m->Forget(&orphaned);
        m->Abandon();
        if (listed != nullptr && listed != m) Mutex::Unlisted(listed, orphaned);
        delete m;
        return;
      }
      // Listed by another thread of this process, which still uses the word: it deletes the mutex when it lets
      // go, unless it has just done so (then the mark finds it unlisted, and the mutex goes here).
      if (m->local_.fetch_or(Mutex::kOrphaned, std::memory_order_acq_rel) & Mutex::kListed) return;
    }
    delete m;
  }
};

std::shared_ptr<Mutex> MakeMutex(std::unique_ptr<ObjectFile> file) {
  return std::shared_ptr<Mutex>(new Mutex(std::move(file)), MutexDeleter{});
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
    // Keep kWaitersBit: others may still sleep on the word.
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

void Mutex::GiveBack(uint32_t value, bool* sleepers) {
  posix::Unlink(robust());
  const uint32_t old = Word(sync_->gate).exchange(value);
  posix::Forget();
  const bool wake = (old & kWaitersBit) != 0;
  if (sleepers != nullptr) {
    *sleepers = wake;
  } else if (wake) {
    WakeSleepers();
  }
}

void Mutex::WakeSleepers() { posix::FutexWakeAll(&sync_->gate); }

Status Mutex::Release(bool* sleepers) {
  if (sleepers != nullptr) *sleepers = false;
  if (!OwnedByMe(Word(sync_->gate).load())) return Status(ERROR_NOT_OWNER);
  if (--sync_->a != 0) return Status::Ok();
  // Out of the owned list first; the word stays in the robust list until GiveBack, so a death in between still
  // abandons it. The listed entry is this open (alive: the caller holds it) or another open of the same mutex,
  // which, orphaned meanwhile, goes once the word is given back.
  bool orphaned = false;
  Mutex* listed = Forget(&orphaned);
  GiveBack(0, sleepers);
  if (listed != nullptr && listed != this) Unlisted(listed, orphaned);
  return Status::Ok();
}

void Mutex::Abandon() {
  if (!OwnedByMe(Word(sync_->gate).load())) return;
  sync_->a = 0;
  GiveBack(kOwnerDied | kWaitersBit);  // kWaitersBit makes the next release wake, as after a kernel abandon
}

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
  // Put back what was there: free, or abandoned for the next taker to see.
  GiveBack((slot.token & kOwnerDied) ? (kOwnerDied | kWaitersBit) : 0);
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
  CreateSpec spec{ObjectType::kMutex, 0, [](SharedHeader* h) { h->sync = SyncState{}; }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kMutex, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  auto mutex = MakeMutex(std::move(file).value());
  // The initial owner is the creator only: opening an existing mutex never takes it.
  if (initial_owner && !*existed) mutex->TakeNew();
  return mutex;
}

}  // namespace winipc
