#include "core/wait_queue.h"

#include <atomic>

namespace winipc {
namespace {

std::atomic_ref<uint32_t> Atomic(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

}  // namespace

WaitQueue::WaitQueue(void* body, uint64_t bytes) {
  if (body == nullptr || bytes < sizeof(QueueHeader) + sizeof(QueueEntry)) return;
  header_ = static_cast<QueueHeader*>(body);
  entries_ = reinterpret_cast<QueueEntry*>(header_ + 1);
  const uint64_t fit = (bytes - sizeof(QueueHeader)) / sizeof(QueueEntry);
  capacity_ = fit > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(fit);
}

bool WaitQueue::Empty() const { return Atomic(header_->high).load() == 0; }

bool WaitQueue::Add(uint32_t block, uint32_t tid, uint32_t generation, uint32_t flags, uint32_t uid) {
  // `high` is read from shared memory another user of the object could have written: never trust it past the
  // capacity this process mapped.
  uint32_t high = Atomic(header_->high).load();
  if (high > capacity_) high = capacity_;
  uint32_t i = 0;
  while (i < high && Atomic(entries_[i].block).load() != 0) ++i;
  if (i == capacity_) return false;
  QueueEntry& e = entries_[i];
  e.tid = tid;
  e.generation = generation;
  e.flags = flags;
  e.ticket = ++header_->next_ticket;
  e.uid = uid;
  if (i >= high) Atomic(header_->high).store(i + 1);
  Atomic(e.block).store(block + 1);  // published last
  return true;
}

QueueEntry* WaitQueue::Find(uint32_t block, uint32_t generation) const {
  uint32_t high = Atomic(header_->high).load();
  if (high > capacity_) high = capacity_;
  for (uint32_t i = 0; i < high; ++i) {
    QueueEntry& e = entries_[i];
    if (Atomic(e.block).load() == block + 1 && e.generation == generation) return &e;
  }
  return nullptr;
}

void WaitQueue::Remove(QueueEntry* entry) { Atomic(entry->block).store(0); }

QueueEntry* WaitQueue::NextAfter(uint64_t after) const {
  uint32_t high = Atomic(header_->high).load();
  if (high > capacity_) high = capacity_;
  QueueEntry* best = nullptr;
  for (uint32_t i = 0; i < high; ++i) {
    QueueEntry& e = entries_[i];
    if (Atomic(e.block).load() == 0 || e.ticket <= after) continue;
    if (best == nullptr || e.ticket < best->ticket) best = &e;
  }
  return best;
}

uint32_t WaitQueue::Size() const {
  const uint32_t high = Atomic(header_->high).load();
  return high > capacity_ ? capacity_ : high;
}

QueueEntry* WaitQueue::At(uint32_t i) const {
  return i < capacity_ && Atomic(entries_[i].block).load() != 0 ? &entries_[i] : nullptr;
}

void WaitQueue::Trim() {
  uint32_t high = Atomic(header_->high).load();
  if (high > capacity_) high = capacity_;
  while (high > 0 && Atomic(entries_[high - 1].block).load() == 0) --high;
  Atomic(header_->high).store(high);
}

}  // namespace winipc
