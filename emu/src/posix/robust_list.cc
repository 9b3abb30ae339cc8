#include "posix/robust_list.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>

namespace winipc::posix {
namespace {

// The thread's list head (struct robust_list_head, registered by glibc at thread start).
struct RobustHead {
  uintptr_t list;            // first entry's address, or the head's own address when empty
  long futex_offset;         // word address = entry address + futex_offset
  uintptr_t list_op_pending;
};

RobustHead* Head() {
  thread_local RobustHead* head = [] {
    void* h = nullptr;
    size_t len = 0;
    syscall(SYS_get_robust_list, 0, &h, &len);
    return static_cast<RobustHead*>(h);
  }();
  return head;
}

uintptr_t EntryOf(RobustWord* w) { return reinterpret_cast<uintptr_t>(&w->next); }

// glibc's links are {prev, next} pairs and point at `next` fields; the head's own pair starts 8 bytes before it
// (glibc keeps a `robust_prev` there for this).
uint64_t* PrevOf(uintptr_t entry) { return reinterpret_cast<uint64_t*>((entry & ~uintptr_t{1}) - 8); }
uint64_t* NextOf(uintptr_t entry) { return reinterpret_cast<uint64_t*>(entry & ~uintptr_t{1}); }

void Barrier() { std::atomic_signal_fence(std::memory_order_seq_cst); }

}  // namespace

namespace {
thread_local uint32_t cached_tid = 0;

// A child of fork() runs on a copy of the forking thread, thread-locals and all, under a new thread id.
void ForgetTidInChild() { cached_tid = 0; }
[[maybe_unused]] const int atfork_registered = pthread_atfork(nullptr, nullptr, ForgetTidInChild);
}  // namespace

uint32_t ThreadId() {
  if (cached_tid == 0) cached_tid = static_cast<uint32_t>(syscall(SYS_gettid));
  return cached_tid;
}

void AnnounceTake(RobustWord* w) {
  RobustHead* head = Head();
  if (head == nullptr) return;
  head->list_op_pending = EntryOf(w);
  Barrier();
}

void Link(RobustWord* w) {
  RobustHead* head = Head();
  if (head == nullptr) return;
  const uintptr_t entry = EntryOf(w);
  const uintptr_t first = head->list;
  *PrevOf(first) = entry;  // the old first entry's prev (or the head's robust_prev) now points at us
  w->next = first;
  w->prev = reinterpret_cast<uintptr_t>(&head->list);
  Barrier();
  head->list = entry;
  Barrier();
  head->list_op_pending = 0;
}

void Forget() {
  RobustHead* head = Head();
  if (head == nullptr) return;
  Barrier();
  head->list_op_pending = 0;
}

void Unlink(RobustWord* w) {
  RobustHead* head = Head();
  if (head == nullptr) return;
  head->list_op_pending = EntryOf(w);
  Barrier();
  *PrevOf(w->next) = w->prev;
  *NextOf(w->prev) = w->next;
  Barrier();
  w->prev = 0;
  w->next = 0;
}

}  // namespace winipc::posix
