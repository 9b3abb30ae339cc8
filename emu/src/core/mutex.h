// Mutexes: the SyncState's gate word is the mutex itself, holding the owner's thread id, and it is in the
// owner thread's robust list while owned, so a mutex whose owner thread ends or whose process dies (SIGKILL
// too) is marked abandoned by the kernel and the next waiter, in any process, gets WAIT_ABANDONED.
//
// Waiters queue in the mutex's file (core/wait_queue.h), under a second robust word, the queue lock. Releasing a
// mutex that has waiters hands it to the one that has waited longest, inside ReleaseMutex: the gate then holds
// that thread's id with kHandoffBit (and SyncState::c its wait block) until the waiter wakes and makes the word
// its own. Nobody can take the mutex in between, and the releaser's next wait queues behind the new owner, as on
// Windows. If the new owner dies before it wakes, its wait block shows it and the mutex is abandoned to the next.
//
// Ownership belongs to the thread, not to a handle: closing a handle (even the last one in the process) never
// releases or abandons a mutex the thread owns; the thread keeps it until it releases it or ends (then abandoned).
// The recursion count (SyncState::a) is only touched by the owner. A thread lists the mutexes it owns and abandons
// them itself when it ends normally, before its memory goes. A listed mutex is never deleted under its owner
// (the robust list must not point at unmapped memory), yet the list counts no references (that cost two atomic
// updates per acquisition): a mutex whose last reference goes while it is listed is marked orphaned, and the
// listing thread deletes it when it lets go (MakeMutex).
#ifndef WINIPC_CORE_MUTEX_H_
#define WINIPC_CORE_MUTEX_H_

#include <atomic>
#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Mutex : public Waitable, public Queued {
 public:
  explicit Mutex(std::unique_ptr<ObjectFile> file);

  // ERROR_NOT_OWNER unless the calling thread owns it. Hands it to the first waiter when the count reaches 0.
  Status Release();
  void GiveBackTaken() override { (void)Release(); }
  // Release in two steps, the first without system calls or waiting (ReleaseMutex runs it under the handle
  // table's lock): kHandOn means the count reached 0 with waiters queued, and HandOn must follow.
  enum class ReleaseStep { kDone, kNotOwner, kHandOn };
  ReleaseStep BeginRelease();
  void HandOn() { LetGoSlow(/*abandon=*/false, OfferMode::kSignal); }
  bool OwnedByCaller() const;
  // Makes the calling thread the owner (CreateMutex with bInitialOwner on a new mutex).
  void TakeNew();

  Queued* AsQueued() override { return queue_.usable() ? this : nullptr; }
  Take TryTake(WaitSlot& slot) override;
  uint32_t* FutexWord() override { return &sync_->gate; }
  uint32_t SleepValue() override;
  void BeginSleeping(WaitSlot& slot) override;
  void EndSleeping(WaitSlot& slot) override;
  Take Lock(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot&) override { return true; }
  void Commit(WaitSlot& slot) override;
  void Unlock(WaitSlot& slot) override;

  // The calling thread is ending while it owns the mutex.
  void Abandon();

  const ObjectFile* file() const override { return file_.get(); }

  // Queued.
  void HoldQueue() override;
  void ReleaseQueue() override;
  bool Available() override;
  bool Prepare(const QueueEntry& entry, bool* abandoned) override;
  void Consume() override {}
  void Unprepare() override;
  void Return() override {}  // a hand-off to a dead waiter is found through the gate (CheckOwner)
  Take TakeLocked() override;
  void UndoTake(Take taken) override;
  void Accept(bool abandoned) override;
  std::optional<posix::FutexWaitItem> WatchItem() override;
  void CheckOwner() override;
  void LeaveWatch() override;
  bool CrossUser() const override { return file_->scope() == Scope::kGlobal; }
  uint32_t* RaceWord() override { return &sync_->gate; }
  uint32_t& RaceCount() override { return sync_->waiters; }

 private:
  posix::RobustWord* robust() { return reinterpret_cast<posix::RobustWord*>(&sync_->gate); }
  // Takes a free or abandoned mutex for the calling thread; the word it found through *found.
  Take TakeFree(uint32_t* found);
  // Gives up the calling thread's ownership (count already 0): to the first waiter, else free (or abandoned).
  // `mode`: kRedispatch when a wait-all gives back what it held for a moment (nothing new to tell others).
  void LetGo(bool abandon, OfferMode mode);
  void LetGoSlow(bool abandon, OfferMode mode);
  // Sets or clears the gate's kWaitersBit as the queue and the sleepers need, keeping everything else.
  void UpdateWaitersBit();
  // The gate `word` is handed to a waiter that died before it woke.
  bool HandedToDead(uint32_t word);
  friend struct MutexDeleter;
  friend struct OwnedMutexes;
  static constexpr uint32_t kListed = 1;    // in the owner thread's list of owned mutexes
  static constexpr uint32_t kOrphaned = 2;  // no reference left: the listing thread deletes it when it lets go
  void Remember();  // in the thread's list of owned mutexes
  // Out of the thread's list: the entry for this mutex (this open or another open of it), nullptr if none.
  // *orphaned: that entry lost its last reference meanwhile, and the caller must delete it once done.
  Mutex* Forget(bool* orphaned);
  // A listed mutex the calling thread has let go: deletes it if it was orphaned meanwhile.
  static void Unlisted(Mutex* mutex, bool orphaned);
  SyncState* sync_;
  std::unique_ptr<ObjectFile> file_;
  std::atomic<uint32_t> local_{0};  // kListed, kOrphaned: this process's bookkeeping, not shared
  // While the queue lock is held by a thread letting the mutex go (LetGo): what Offer hands on.
  bool letting_go_ = false;
  bool abandoning_ = false;
  bool unlinked_ = false;   // the gate is out of the releaser's robust list (its change is pending)
  uint32_t prepared_from_ = 0;  // the gate before Prepare, for Unprepare
  // Tells the first waiting entry after ticket `after` to look at the mutex again (it watches the new owner).
  void WatchNewOwner(uint64_t after);
};

// Every Mutex is made here: its last reference runs MutexDeleter (delete it, unless a thread of this process owns
// it through this open: then that thread deletes it when it lets go).
std::shared_ptr<Mutex> MakeMutex(std::unique_ptr<ObjectFile> file);

// Abandons every mutex the calling thread owns (it is ending).
void AbandonOwnedMutexes();

Result<std::shared_ptr<Mutex>> OpenMutexObject(const ObjectName& name);
Result<std::shared_ptr<Mutex>> CreateMutexObject(const std::optional<ObjectName>& name, bool initial_owner,
                                                 bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_MUTEX_H_
