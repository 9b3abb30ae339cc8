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

// The mutexes the calling thread owns. When the thread ends normally it abandons them here (the kernel would
// too, but only if their memory were still mapped, which this list also guarantees until then).
struct OwnedMutexes {
  std::vector<std::shared_ptr<Mutex>> owned;
  void AbandonAll() {
    while (!owned.empty()) {
      std::shared_ptr<Mutex> m = std::move(owned.back());
      owned.pop_back();
      m->Abandon();
    }
  }
  ~OwnedMutexes() { AbandonAll(); }
};
thread_local OwnedMutexes owned_mutexes;

bool OwnedByMe(uint32_t word) { return (word & kTidMask) == posix::ThreadId(); }

}  // namespace

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

void Mutex::Remember() { owned_mutexes.owned.push_back(shared_from_this()); }

std::shared_ptr<Mutex> Mutex::Forget() {
  auto& owned = owned_mutexes.owned;
  for (auto it = owned.end(); it != owned.begin();) {
    --it;
    // The mutex may have been taken through another open of the same name (another handle, another mapping):
    // ReleaseMutex through any of them releases it, and that entry must go, or it keeps the name alive.
    if (it->get() == this || (*it)->file_->SameObject(*file_)) {
      std::shared_ptr<Mutex> reference = std::move(*it);
      owned.erase(it);
      return reference;
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
  // Out of the owned list first: its reference (perhaps the last one) keeps the mutex alive until GiveBack is done.
  // The word stays in the robust list until GiveBack, so a death in between still abandons it.
  const std::shared_ptr<Mutex> keep = Forget();
  GiveBack(0, sleepers);
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

void Mutex::AbandonUnreachable() {
  if (!OwnedByMe(Word(sync_->gate).load())) return;
  // Only when the other reference is the owned list's entry for this very open (one entry per object).
  const auto& owned = owned_mutexes.owned;
  if (std::none_of(owned.begin(), owned.end(), [this](const auto& m) { return m.get() == this; })) return;
  const std::shared_ptr<Mutex> keep = Forget();  // the last reference: the mutex goes when `keep` does
  Abandon();
}

void ReleaseHandleObject(std::shared_ptr<Object> object) {
  if (object == nullptr || object->type() != ObjectType::kMutex || object.use_count() != 2) return;
  if (auto* mutex = dynamic_cast<Mutex*>(object.get())) mutex->AbandonUnreachable();
}

Result<std::shared_ptr<Mutex>> CreateMutexObject(const std::optional<ObjectName>& name, bool initial_owner,
                                                 bool* existed) {
  CreateSpec spec{ObjectType::kMutex, 0, [](SharedHeader* h) { h->sync = SyncState{}; }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kMutex, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  auto mutex = std::make_shared<Mutex>(std::move(file).value());
  // The initial owner is the creator only: opening an existing mutex never takes it.
  if (initial_owner && !*existed) mutex->TakeNew();
  return mutex;
}

}  // namespace winipc
