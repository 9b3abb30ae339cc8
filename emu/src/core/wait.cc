#include "core/wait.h"

#include <windows.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <type_traits>

#include "posix/sys.h"

namespace winipc {
namespace {


enum class Attempt { kDone, kBusy, kNothing };

// Wait-any: the lowest index that can be taken. A held object stops the search: it may be signalled, and a
// higher index must not win over it.
Attempt TryAny(Waitable* const* objects, size_t count, WaitSlot* slots, WaitOutcome* out) {
  for (uint32_t i = 0; i < count; ++i) {
    switch (objects[i]->TryTake(slots[i])) {
      case Take::kTaken:
        *out = {WaitOutcome::kSignalled, i};
        return Attempt::kDone;
      case Take::kAbandoned:
        *out = {WaitOutcome::kAbandoned, i};
        return Attempt::kDone;
      case Take::kBusy:
        return Attempt::kBusy;
      case Take::kNotSignalled:
        break;
    }
  }
  return Attempt::kNothing;
}

// Wait-all: hold every object, check, then consume all or none.
Attempt TryAll(Waitable* const* objects, size_t count, WaitSlot* slots, WaitOutcome* out) {
  size_t held = 0;
  std::optional<uint32_t> abandoned;
  Attempt result = Attempt::kNothing;
  for (; held < count; ++held) {
    Take t = objects[held]->Lock(slots[held]);
    if (t == Take::kAbandoned && !abandoned) abandoned = static_cast<uint32_t>(held);
    if (t == Take::kBusy) result = Attempt::kBusy;
    if (t == Take::kBusy || t == Take::kNotSignalled) break;
  }
  bool all = held == count;
  for (size_t i = 0; all && i < count; ++i) all = objects[i]->LockedSignalled(slots[i]);
  if (all) {
    for (size_t i = 0; i < count; ++i) objects[i]->Commit(slots[i]);
    *out = abandoned ? WaitOutcome{WaitOutcome::kAbandoned, *abandoned} : WaitOutcome{WaitOutcome::kSignalled, 0};
    return Attempt::kDone;
  }
  for (size_t i = held; i-- > 0;) objects[i]->Unlock(slots[i]);
  return result;
}

bool Passed(const struct timespec* deadline) {
  if (deadline == nullptr) return false;
  const int64_t limit = int64_t{deadline->tv_sec} * 1000000000 + deadline->tv_nsec;
  return posix::MonotonicNowNs() >= limit;
}

}  // namespace

WaitOutcome WaitForObjects(Waitable* const* objects, size_t count, bool wait_all, uint32_t milliseconds) {
  // Only the slots in use are initialised: a single-object wait need not clear all 64.
  alignas(WaitSlot) unsigned char slot_storage[sizeof(WaitSlot) * kMaxWaitObjects];
  WaitSlot* const slots = reinterpret_cast<WaitSlot*>(slot_storage);
  std::uninitialized_default_construct_n(slots, count);
  static_assert(std::is_trivially_destructible_v<WaitSlot>);
  posix::FutexWaitItem items[kMaxWaitObjects];
  struct timespec deadline_storage;
  const struct timespec* deadline = nullptr;
  if (milliseconds != INFINITE) {
    deadline_storage = posix::MonotonicDeadline(milliseconds);
    deadline = &deadline_storage;
  }
  auto attempt = [&](WaitOutcome* out) {
    return wait_all ? TryAll(objects, count, slots, out) : TryAny(objects, count, slots, out);
  };
  bool counted = false;
  unsigned busy_rounds = 0;
  WaitOutcome out{WaitOutcome::kTimeout, 0};
  for (;;) {
    // The values to sleep on are read before the last attempt, so a change after it always wakes the sleep.
    if (counted) {
      for (size_t i = 0; i < count; ++i) items[i] = {objects[i]->FutexWord(), objects[i]->SleepValue()};
    }
    const Attempt a = attempt(&out);
    if (a == Attempt::kDone) break;
    if (a == Attempt::kBusy) {
      posix::Backoff(busy_rounds++);
      continue;
    }
    busy_rounds = 0;
    if (milliseconds == 0 || Passed(deadline)) {
      out = {WaitOutcome::kTimeout, 0};
      break;
    }
    if (!counted) {
      for (size_t i = 0; i < count; ++i) objects[i]->BeginSleeping(slots[i]);
      counted = true;
      continue;
    }
    // Sleep until a word changes, the deadline, or the earliest timer's due time.
    const struct timespec* until = deadline;
    struct timespec due_storage;
    std::optional<int64_t> due;
    for (size_t i = 0; i < count; ++i) {
      if (auto d = objects[i]->DueNs()) due = due ? std::min(*due, *d) : *d;
    }
    if (due) {
      due_storage = posix::TimespecFromNs(*due);
      if (deadline == nullptr || due_storage.tv_sec < deadline->tv_sec ||
          (due_storage.tv_sec == deadline->tv_sec && due_storage.tv_nsec < deadline->tv_nsec)) {
        until = &due_storage;
      }
    }
    (void)posix::FutexWaitAny(items, static_cast<unsigned>(count), until);
  }
  if (counted) {
    for (size_t i = 0; i < count; ++i) objects[i]->EndSleeping(slots[i]);
  }
  return out;
}

void SleepMilliseconds(uint32_t milliseconds) {
  if (milliseconds == 0) {
    posix::Yield();
    return;
  }
  struct timespec storage;
  const struct timespec* deadline = nullptr;
  if (milliseconds != INFINITE) {
    storage = posix::MonotonicDeadline(milliseconds);
    deadline = &storage;
  }
  uint32_t never = 0;  // nobody wakes it: only the deadline ends the sleep
  while (posix::FutexWait(&never, 0, deadline)) {
  }
}

}  // namespace winipc
