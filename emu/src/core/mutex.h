// Mutexes: the SyncState's gate word is the mutex itself, holding the owner's thread id, and it is in the
// owner thread's robust list while owned, so a mutex whose owner thread ends or whose process dies (SIGKILL
// too) is marked abandoned by the kernel and the next waiter, in any process, gets WAIT_ABANDONED.
//
// Ownership is recursive; the recursion count (SyncState::a) is only touched by the owner. A thread keeps the
// mutexes it owns alive (so the robust list never points at unmapped memory) and abandons them itself when it
// ends normally, before its memory goes.
#ifndef WINIPC_CORE_MUTEX_H_
#define WINIPC_CORE_MUTEX_H_

#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/sync.h"

namespace winipc {

class Mutex : public Waitable, public std::enable_shared_from_this<Mutex> {
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
  // No handle refers to it any more: abandoned now if the calling thread owns it (see ReleaseHandleObject).
  void AbandonUnreachable();

  const ObjectFile* file() const override { return file_.get(); }

 private:
  posix::RobustWord* robust() { return reinterpret_cast<posix::RobustWord*>(&sync_->gate); }
  // Takes a free or abandoned mutex for the calling thread; the word it found through *found.
  Take TakeFree(uint32_t* found);
  void Remember();  // in the thread's list of owned mutexes
  // Out of the thread's list; returns the list's reference, so the caller can keep the mutex alive past it.
  std::shared_ptr<Mutex> Forget();
  // Stores `value` in the released word and wakes sleepers, or only reports them through *sleepers.
  void GiveBack(uint32_t value, bool* sleepers = nullptr);
  SyncState* sync_;
  std::unique_ptr<ObjectFile> file_;
};

// Abandons every mutex the calling thread owns (it is ending).
void AbandonOwnedMutexes();

// Drops the reference a closed handle held. On Windows closing the last handle of a mutex deletes it, abandoning
// it if a thread owns it; here the owner thread's list holds a reference of its own, which would keep the mutex,
// and its name, alive until that thread ends. So when `object` is a mutex the calling thread owns and the list's
// reference is the only other one, the mutex is abandoned and goes now.
void ReleaseHandleObject(std::shared_ptr<Object> object);

Result<std::shared_ptr<Mutex>> CreateMutexObject(const std::optional<ObjectName>& name, bool initial_owner,
                                                 bool* existed);

}  // namespace winipc

#endif  // WINIPC_CORE_MUTEX_H_
