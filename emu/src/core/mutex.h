// Mutexes: the SyncState's gate word is the mutex itself, holding the owner's thread id, and it is in the
// owner thread's robust list while owned, so a mutex whose owner thread ends or whose process dies (SIGKILL
// too) is marked abandoned by the kernel and the next waiter, in any process, gets WAIT_ABANDONED.
//
// Ownership is recursive; the recursion count (SyncState::a) is only touched by the owner. A thread lists the
// mutexes it owns and abandons them itself when it ends normally, before its memory goes. A listed mutex is never
// deleted under its owner (the robust list must not point at unmapped memory), yet the list counts no
// references (that cost two atomic updates per acquisition): a mutex whose last reference goes while another
// thread of the process owns it is marked orphaned, and that thread deletes it when it lets go (MakeMutex).
#ifndef WINIPC_CORE_MUTEX_H_
#define WINIPC_CORE_MUTEX_H_

#include <atomic>
#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Mutex : public Waitable {
 public:
  explicit Mutex(std::unique_ptr<ObjectFile> file)
      : Waitable(ObjectType::kMutex), sync_(&file->header()->sync), file_(std::move(file)) {}

  // ERROR_NOT_OWNER unless the calling thread owns it. With `sleepers`, threads sleeping on the mutex are not
  // woken here: *sleepers says whether the caller must call WakeSleepers (ReleaseMutex wakes them after leaving
  // the handle table's lock).
  Status Release(bool* sleepers = nullptr);
  void WakeSleepers();
  // Makes the calling thread the owner (CreateMutex with bInitialOwner on a new mutex).
  void TakeNew();

  Take TryTake(WaitSlot& slot) override;
  uint32_t* FutexWord() override { return &sync_->gate; }
  uint32_t SleepValue() override;
  Take Lock(WaitSlot& slot) override;
  bool LockedSignalled(WaitSlot&) override { return true; }
  void Commit(WaitSlot& slot) override;
  void Unlock(WaitSlot& slot) override;

  // The calling thread is ending while it owns the mutex.
  void Abandon();

  const ObjectFile* file() const override { return file_.get(); }

 private:
  posix::RobustWord* robust() { return reinterpret_cast<posix::RobustWord*>(&sync_->gate); }
  // Takes a free or abandoned mutex for the calling thread; the word it found through *found.
  Take TakeFree(uint32_t* found);
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
  // Stores `value` in the released word and wakes sleepers, or only reports them through *sleepers.
  void GiveBack(uint32_t value, bool* sleepers = nullptr);
  SyncState* sync_;
  std::unique_ptr<ObjectFile> file_;
  std::atomic<uint32_t> local_{0};  // kListed, kOrphaned: this process's bookkeeping, not shared
};

// Every Mutex is made here: its last reference runs MutexDeleter (abandon it if the calling thread owns it, as
// Windows does when the last handle of an owned mutex closes; leave it to its owner thread if another thread of
// this process owns it; else delete it).
std::shared_ptr<Mutex> MakeMutex(std::unique_ptr<ObjectFile> file);

// Abandons every mutex the calling thread owns (it is ending).
void AbandonOwnedMutexes();


Result<std::shared_ptr<Mutex>> OpenMutexObject(const ObjectName& name);
Result<std::shared_ptr<Mutex>> CreateMutexObject(const std::optional<ObjectName>& name, bool initial_owner,
                                                 bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_MUTEX_H_
