// File::LockRange / File::UnlockRange (core/file.h): LockFile(Ex) and UnlockFile(Ex) over OFD locks.
#include <windows.h>

#include <algorithm>

#include "core/file.h"
#include "posix/dir_sys.h"

namespace winipc {
namespace {

// The part of [offset, offset + length) that goes to the kernel: below the share-mode bytes, never empty.
struct KernelRange {
  uint64_t offset, length;
};
std::optional<KernelRange> KernelPart(uint64_t offset, uint64_t length) {
  const uint64_t end = length > UINT64_MAX - offset ? UINT64_MAX : offset + length;
  const uint64_t clipped = std::min(end, kShareLockBase);
  if (offset >= clipped) return std::nullopt;
  return KernelRange{offset, clipped - offset};
}

bool Overlap(uint64_t a, uint64_t a_length, uint64_t b, uint64_t b_length) {
  if (a_length == 0 || b_length == 0) return false;
  const uint64_t a_end = a_length > UINT64_MAX - a ? UINT64_MAX : a + a_length;
  const uint64_t b_end = b_length > UINT64_MAX - b ? UINT64_MAX : b + b_length;
  return a < b_end && b < a_end;
}

}  // namespace

Status File::LockRange(uint64_t offset, uint64_t length, bool exclusive, bool wait) {
  {
    std::lock_guard<std::mutex> guard(range_mutex_);
    for (const RangeLock& held : range_locks_) {
      if ((exclusive || held.exclusive) && Overlap(held.offset, held.length, offset, length)) {
        return Status(ERROR_LOCK_VIOLATION);
      }
    }
  }
  if (auto part = KernelPart(offset, length); part && length != 0) {
    WINIPC_RETURN_IF_ERROR(posix::OfdLock(fd_.get(), exclusive, part->offset, part->length, wait));
  }
  std::lock_guard<std::mutex> guard(range_mutex_);
  range_locks_.push_back({offset, length, exclusive});
  return Status::Ok();
}

Status File::UnlockRange(uint64_t offset, uint64_t length) {
  std::lock_guard<std::mutex> guard(range_mutex_);
  auto it = std::find_if(range_locks_.begin(), range_locks_.end(),
                         [&](const RangeLock& held) { return held.offset == offset && held.length == length; });
  if (it == range_locks_.end()) return Status(ERROR_NOT_LOCKED);
  range_locks_.erase(it);
  auto part = KernelPart(offset, length);
  if (!part || length == 0) return Status::Ok();
  // Release only what no remaining lock of this handle still covers (the kernel merged overlapping shared locks
  // of this description into one).
  std::vector<KernelRange> kept;
  for (const RangeLock& held : range_locks_) {
    if (auto other = KernelPart(held.offset, held.length); other && held.length != 0) kept.push_back(*other);
  }
  std::sort(kept.begin(), kept.end(), [](const KernelRange& a, const KernelRange& b) { return a.offset < b.offset; });
  uint64_t cursor = part->offset;
  const uint64_t end = part->offset + part->length;
  for (const KernelRange& k : kept) {
    const uint64_t k_end = k.offset + k.length;
    if (k_end <= cursor || k.offset >= end) continue;
    if (k.offset > cursor) WINIPC_RETURN_IF_ERROR(posix::OfdUnlock(fd_.get(), cursor, k.offset - cursor));
    cursor = std::max(cursor, k_end);
  }
  if (cursor < end) WINIPC_RETURN_IF_ERROR(posix::OfdUnlock(fd_.get(), cursor, end - cursor));
  return Status::Ok();
}

}  // namespace winipc
