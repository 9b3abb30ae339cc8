// Lock words the kernel releases when their owner thread dies: entries in the calling thread's robust futex
// list, the same list glibc keeps for robust pthread mutexes.
//
// A word in this list holds its owner's thread id in the low 30 bits. When the thread ends, however it ends
// (return, pthread_exit, the process killed by SIGKILL), the kernel walks the list and, for every word still
// holding that thread id, sets it to kOwnerDied (keeping kWaitersBit) and wakes one futex waiter if kWaitersBit
// was set. That is how an abandoned mutex or a half-done wait-all never wedges anything, with no server.
//
// glibc registered the list head for every thread and fixed its layout: an entry is found 32 bytes after its
// word (futex_offset -32, as in pthread_mutex_t), with glibc's `prev` link 8 bytes before that. So a word put in
// the list must be followed by 40 bytes that nothing else uses (RobustWord below), and entries are linked and
// unlinked exactly as glibc does, so its own robust mutexes keep working beside ours.
#ifndef WINIPC_POSIX_ROBUST_LIST_H_
#define WINIPC_POSIX_ROBUST_LIST_H_

#include <cstdint>

namespace winipc::posix {

inline constexpr uint32_t kWaitersBit = 0x80000000u;  // FUTEX_WAITERS
inline constexpr uint32_t kOwnerDied = 0x40000000u;   // FUTEX_OWNER_DIED
inline constexpr uint32_t kTidMask = 0x3fffffffu;     // FUTEX_TID_MASK

// The 40 bytes a robust word occupies in shared memory: the word, 20 bytes the owner may use for anything that
// is not a list link, and glibc's two links.
struct RobustWord {
  uint32_t word;
  uint32_t spare[5];
  uint64_t prev;  // word + 24
  uint64_t next;  // word + 32: the list entry the kernel follows
};
static_assert(sizeof(RobustWord) == 40);

// The calling thread's id (gettid), cached.
uint32_t ThreadId();

// Taking a word: announce it (so a death between the compare-and-swap and Link still releases it), take it
// with an atomic operation, then Link it; if the take failed, Forget.
void AnnounceTake(RobustWord* w);
void Link(RobustWord* w);
void Forget();
// Giving a word back: Unlink first, then store the new value, then Forget.
void Unlink(RobustWord* w);

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_ROBUST_LIST_H_
