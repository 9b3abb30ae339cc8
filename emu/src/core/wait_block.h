// Wait blocks: where a sleeping thread is told that a signal was handed to it.
//
// Windows satisfies a wait inside the signalling call: ReleaseMutex makes the first waiter the owner, SetEvent on
// an auto-reset event releases one waiter and leaves the event reset. emu does the same with no server: the
// signaller picks the waiter from the object's queue (core/wait_queue.h) and grants it the signal by one
// compare-and-swap on that waiter's *claim* word. A thread waiting on several objects has one claim for the
// whole wait, so two objects signalled at once can never both be granted to it: the first compare-and-swap wins,
// the second finds the claim taken and offers its signal to the next waiter.
//
// The claims live in a file shared by every emu process of one user (".waits" in the user's Local namespace
// directory, 0600), one 64-byte block per thread that has ever slept in a wait. A block's first word is a robust
// futex word holding its thread's id (posix/robust_list.h): when the thread dies, however it dies, the kernel
// marks it kOwnerDied, so a signaller never grants to a dead waiter, and the block is reused by a later thread.
// A signaller in another user's process cannot reach the file; waits on objects such a process may signal
// (Global ones) also sleep on the object itself and are served by wake-and-retry instead (docs/design.md).
#ifndef WINIPC_CORE_WAIT_BLOCK_H_
#define WINIPC_CORE_WAIT_BLOCK_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>

#include "core/status.h"
#include "posix/robust_list.h"
#include "posix/sys.h"

namespace winipc {

// The claim word (the thread sleeps on it):
//   bits 0-1   state: idle (no wait), waiting, granted
//   bit 2      poked: something an all-objects wait depends on changed, look again (or a timer was re-set)
//   bit 3      abandoned: the grant is a mutex whose owner died (WAIT_ABANDONED)
//   bits 4-9   which object of the wait was granted (0..63)
//   bits 10-31 generation: one per wait, so an entry left in a queue by an earlier wait is never granted
namespace claim {
inline constexpr uint32_t kIdle = 0;
inline constexpr uint32_t kWaiting = 1;
inline constexpr uint32_t kGranted = 2;
inline constexpr uint32_t kStateMask = 3;
inline constexpr uint32_t kPoked = 4;
inline constexpr uint32_t kAbandoned = 8;
inline constexpr uint32_t kIndexShift = 4;
inline constexpr uint32_t kIndexMask = 0x3f;
inline constexpr uint32_t kGenerationShift = 10;
inline constexpr uint32_t kGenerationMask = 0x3fffff;

inline uint32_t State(uint32_t c) { return c & kStateMask; }
inline uint32_t Generation(uint32_t c) { return (c >> kGenerationShift) & kGenerationMask; }
inline uint32_t Index(uint32_t c) { return (c >> kIndexShift) & kIndexMask; }
inline uint32_t Make(uint32_t generation, uint32_t state, uint32_t index = 0, bool abandoned = false) {
  return ((generation & kGenerationMask) << kGenerationShift) | ((index & kIndexMask) << kIndexShift) |
         (abandoned ? kAbandoned : 0) | state;
}
}  // namespace claim

// One thread's block. `word` is a robust word (it must be followed by the 40-byte RobustWord layout).
struct WaitBlock {
  uint32_t word;   // robust: the owner thread's id (| kOwnerDied once it died | kWaitersBit if watched)
  uint32_t claim;  // see namespace claim
  uint32_t spare[4];
  uint64_t link_prev, link_next;  // robust list links (+24, +32)
  uint32_t unused[6];
};
static_assert(sizeof(WaitBlock) == 64);

inline constexpr uint32_t kWaitBlockCount = 16384;  // per user: threads sleeping in waits at the same time

// The blocks of one user's file, mapped in this process.
class WaitBlocks {
 public:
  // The calling user's blocks (the file is made on first use), or those of `uid` when this process may write
  // them (root may); nullptr when they cannot be reached.
  static WaitBlocks* Mine();
  static WaitBlocks* OfUser(uid_t uid);

  WaitBlock* At(uint32_t index) { return index < kWaitBlockCount ? &blocks_[index] : nullptr; }
  uid_t uid() const { return uid_; }

  // Takes a free block (or one whose thread died) for the calling thread; UINT32_MAX when all are in use.
  uint32_t Allocate();

 private:
  WaitBlocks(WaitBlock* blocks, uid_t uid, posix::Fd fd) : blocks_(blocks), uid_(uid), fd_(std::move(fd)) {}
  WaitBlock* blocks_;
  uid_t uid_;
  posix::Fd fd_;  // the file mapped
};

// Whether the block's thread is alive and is `tid` (a block is reused once its thread has died).
inline bool BlockHeldBy(const WaitBlock& block, uint32_t tid) {
  const uint32_t word = std::atomic_ref<uint32_t>(const_cast<uint32_t&>(block.word)).load();
  return (word & posix::kTidMask) == tid && !(word & posix::kOwnerDied);
}

// The calling thread's block, taken on first use and given back when the thread ends; nullptr if none could be
// had (the wait then sleeps on the objects instead). Also gives the block's index.
WaitBlock* MyWaitBlock(uint32_t* index);

// Grants the wait `generation` of `block` object `index` of its wait, if the wait is still on; wakes the thread.
// False if the claim was not waiting in that generation (granted already, ended, or another wait).
bool GrantClaim(WaitBlock* block, uint32_t generation, uint32_t index, bool abandoned);
// Tells a waiting all-objects wait to look again (and a wait whose timer changed to re-read its due time, and the
// waiter that must now watch a mutex's new owner). False if that wait is not on any more.
bool PokeClaim(WaitBlock* block, uint32_t generation);

// While one lives in a thread, the wakes of that thread's grants and pokes wait until the outermost one ends.
// Signallers hold one across the object's lock: a waiter woken while the lock is still held (on one CPU it may
// run at once, before its waker) would find the lock taken and have to yield back. Nestable.
class DeferWakes {
 public:
  DeferWakes();
  ~DeferWakes();
  DeferWakes(const DeferWakes&) = delete;
  DeferWakes& operator=(const DeferWakes&) = delete;
};

}  // namespace winipc

#endif  // WINIPC_CORE_WAIT_BLOCK_H_
