// The queue of threads waiting on one object, in the body of the object's file: every process that has the object
// open sees it. Waiters are served first come, first served, as on Windows: a signal is granted to the waiter
// that has waited longest (core/wait_block.h says how a grant reaches it).
//
// The queue is changed only under the object's lock (the gate, or a mutex's own queue lock). A holder may die at
// any point, so every change is one store that leaves the queue valid: an entry is written in full before its
// `block` field publishes it, and is removed by clearing that field first. Entries of waits that ended without
// removing them (a timeout, a grant of another object, a killed process) are recognised by their wait block and
// cleared by the next holder of the lock that walks the queue.
#ifndef WINIPC_CORE_WAIT_QUEUE_H_
#define WINIPC_CORE_WAIT_QUEUE_H_

#include <cstdint>

#include "posix/robust_list.h"

namespace winipc {

struct QueueEntry {
  uint32_t block;       // the waiter's wait block index + 1; 0: a free entry
  uint32_t tid;         // the waiting thread (a reused block belongs to another thread)
  uint32_t generation;  // the wait (claim generation)
  uint32_t flags;       // bits 0-5: the object's index in the wait; kAll, kReady
  uint64_t ticket;      // arrival order
  uint32_t uid;         // whose wait blocks file holds `block`
  uint32_t unused;

  static constexpr uint32_t kIndexMask = 0x3f;
  static constexpr uint32_t kAll = 0x40;    // a wait for all of its objects: never granted, told to look again
  static constexpr uint32_t kReady = 0x80;  // kAll: every other object of that wait was signalled when it looked
};
static_assert(sizeof(QueueEntry) == 32);

struct QueueHeader {
  posix::RobustWord lock;  // a mutex's queue lock (the other types use their gate); robust
  uint32_t high;           // entries [0, high) may be in use
  uint32_t handoff_uid;    // a mutex handed to a waiter: whose wait blocks file holds its block
  uint64_t next_ticket;
  uint64_t spare;
};
static_assert(sizeof(QueueHeader) == 64);

// The bytes a queued object's file gives its queue (the body, after the header): a header and 2046 entries. The
// file is sparse: only the pages the queue touches take memory.
inline constexpr uint64_t kQueueBytes = 64 * 1024;

// A view of one object's queue. Every method but lock() needs the object's lock held.
class WaitQueue {
 public:
  WaitQueue() = default;
  // `bytes` is what is mapped at `body`; an object whose file is too short has no queue (usable() false).
  WaitQueue(void* body, uint64_t bytes);

  bool usable() const { return header_ != nullptr; }
  posix::RobustWord* lock() const { return &header_->lock; }
  QueueHeader* header() const { return header_; }
  bool Empty() const;

  // Adds an entry at the back; false when the queue is full.
  bool Add(uint32_t block, uint32_t tid, uint32_t generation, uint32_t flags, uint32_t uid);
  // The entry of a wait (block, generation), or nullptr.
  QueueEntry* Find(uint32_t block, uint32_t generation) const;
  void Remove(QueueEntry* entry);
  // The entry that arrived first among those that arrived after `after` (a ticket; 0 for the first), or nullptr.
  QueueEntry* NextAfter(uint64_t after) const;
  // Every entry in use, in no particular order: for (uint32_t i = 0; i < Size(); ++i) if (QueueEntry* e = At(i)).
  uint32_t Size() const;
  QueueEntry* At(uint32_t i) const;
  // Lowers `high` past free entries at the end.
  void Trim();

 private:
  QueueHeader* header_ = nullptr;
  QueueEntry* entries_ = nullptr;
  uint32_t capacity_ = 0;
};

}  // namespace winipc

#endif  // WINIPC_CORE_WAIT_QUEUE_H_
