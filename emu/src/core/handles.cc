#include "core/handles.h"

#include <windows.h>

#include "core/mutex.h"
#include "core/namespace.h"
#include "posix/sys.h"

namespace winipc {

void TableLock::WaitForHolder(unsigned attempt) { posix::Backoff(attempt); }

HandleTable& HandleTable::Get() {
  static HandleTable* table = [] {
    auto* t = new HandleTable();  // never destroyed: handles outlive static destructors
    AdoptInheritedHandles(*t);
    return t;
  }();
  return *table;
}

size_t HandleTable::IndexOf(uintptr_t value) { return (value >> 2) - 1; }

void HandleTable::PublishSlot(size_t index) {
  if (published_ == nullptr || index >= published_capacity_) return;
  PublishedHandle p = {};
  if (index < slots_.size() && slots_[index].object) {
    const HandleEntry& e = slots_[index];
    const ObjectFile* file = e.object->file();
    uint32_t detail = 0;
    const int fd = file != nullptr ? file->fd() : e.object->RecordDescriptor(&detail);
    p = PublishedHandle{1, static_cast<uint32_t>(e.object->type()), e.access, e.flags, fd, detail, 0, 0};
    if (file != nullptr && file->in_arena()) {
      p.fd = PublishedHandle::kInArena;
      p.detail = file->entry();
      p.serial = file->serial();
      p.table = file->table_id();
    }
  }
  published_[index] = p;
}

void HandleTable::PublishTo(PublishedHandle* slots, size_t capacity, const uint32_t* pending) {
  std::lock_guard<TableLock> guard(mutex_);
  published_ = slots;
  published_capacity_ = capacity;
  for (size_t i = 0; i < slots_.size(); ++i) PublishSlot(i);
  pending_.store(pending);
}

Result<uintptr_t> HandleTable::Insert(std::shared_ptr<Object> object, uint32_t access, uint32_t flags) {
  std::lock_guard<TableLock> guard(mutex_);
  size_t index;
  if (!free_.empty()) {
    index = *free_.begin();
    free_.erase(free_.begin());
  } else {
    if (slots_.size() >= kMaxHandles) return Status(ERROR_NO_MORE_ITEMS);
    index = slots_.size();
    slots_.emplace_back();
  }
  slots_[index] = HandleEntry{std::move(object), access, flags};
  PublishSlot(index);
  return static_cast<uintptr_t>((index + 1) << 2);
}

Status HandleTable::InsertAt(uintptr_t value, std::shared_ptr<Object> object, uint32_t access, uint32_t flags) {
  value &= ~uintptr_t{3};
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  std::lock_guard<TableLock> guard(mutex_);
  if (value >= kRemoteHandleBase) {
    if (remote_.count(value) != 0) return Status(ERROR_INVALID_HANDLE);
    remote_[value] = HandleEntry{std::move(object), access, flags};
    return Status::Ok();
  }
  const size_t index = IndexOf(value);
  if (index >= kMaxHandles) return Status(ERROR_INVALID_HANDLE);
  while (slots_.size() <= index) {
    free_.insert(slots_.size());
    slots_.emplace_back();
  }
  if (slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  slots_[index] = HandleEntry{std::move(object), access, flags};
  free_.erase(index);
  PublishSlot(index);
  return Status::Ok();
}

const HandleEntry* HandleTable::FindLocked(uintptr_t value) const {
  value &= ~uintptr_t{3};
  if (value >= kRemoteHandleBase) {
    auto it = remote_.find(value);
    return it == remote_.end() ? nullptr : &it->second;
  }
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return nullptr;
  return &slots_[index];
}

void HandleTable::ReceiveIfPending() const {
  // Another process sent something (a handle, or a request to close one of ours): take it in first.
  if (const uint32_t* pending = pending_.load(std::memory_order_relaxed);
      pending != nullptr && std::atomic_ref<const uint32_t>(*pending).load() != seen_pending_.load()) {
    ReceiveSentHandles(const_cast<HandleTable&>(*this));
  }
}

Status HandleTable::WithEntry(uintptr_t value, Status (*use)(const HandleEntry&, void*), void* context) const {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  ReceiveIfPending();
  {
    std::lock_guard<TableLock> guard(mutex_);
    if (const HandleEntry* entry = FindLocked(value)) return use(*entry, context);
    if (value < kRemoteHandleBase) return Status(ERROR_INVALID_HANDLE);
  }
  ReceiveSentHandles(const_cast<HandleTable&>(*this));  // perhaps another process has just sent it
  std::lock_guard<TableLock> guard(mutex_);
  if (const HandleEntry* entry = FindLocked(value)) return use(*entry, context);
  return Status(ERROR_INVALID_HANDLE);
}

Result<HandleEntry> HandleTable::Lookup(uintptr_t value) const {
  HandleEntry copy;
  Status found = WithEntry(value, [&copy](const HandleEntry& entry) {
    copy = entry;
    return Status::Ok();
  });
  if (!found.ok()) return found;
  return copy;
}

Result<std::shared_ptr<Object>> HandleTable::Remove(uintptr_t value) {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  if (value >= kRemoteHandleBase) (void)Lookup(value);  // takes it in first if it has just arrived
  std::lock_guard<TableLock> guard(mutex_);
  value &= ~uintptr_t{3};
  if (value >= kRemoteHandleBase) {
    auto it = remote_.find(value);
    if (it == remote_.end()) return Status(ERROR_INVALID_HANDLE);
    if (it->second.flags & kHandleFlagProtect) return Status(ERROR_INVALID_HANDLE);
    std::shared_ptr<Object> object = std::move(it->second.object);
    remote_.erase(it);
    return object;
  }
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  if (slots_[index].flags & kHandleFlagProtect) return Status(ERROR_INVALID_HANDLE);
  std::shared_ptr<Object> object = std::move(slots_[index].object);
  slots_[index] = HandleEntry{};
  free_.insert(index);
  PublishSlot(index);
  return object;
}

Status HandleTable::Close(uintptr_t value) {
  // The reference goes here, outside the table's lock: a last reference may do work (a mutex the calling thread
  // owns is abandoned, MakeMutex in core/mutex.h; a name may be removed).
  auto object = Remove(value);
  return object.ok() ? Status::Ok() : object.status();
}

Status HandleTable::SetAccess(uintptr_t value, uint32_t access) {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  (void)Lookup(value);
  std::lock_guard<TableLock> guard(mutex_);
  value &= ~uintptr_t{3};
  if (value >= kRemoteHandleBase) {
    auto it = remote_.find(value);
    if (it == remote_.end()) return Status(ERROR_INVALID_HANDLE);
    it->second.access = access;
    return Status::Ok();
  }
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  slots_[index].access = access;
  PublishSlot(index);
  return Status::Ok();
}

Status HandleTable::SetFlags(uintptr_t value, uint32_t mask, uint32_t flags) {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  (void)Lookup(value);
  std::lock_guard<TableLock> guard(mutex_);
  value &= ~uintptr_t{3};
  HandleEntry* entry = nullptr;
  if (value >= kRemoteHandleBase) {
    auto it = remote_.find(value);
    if (it != remote_.end()) entry = &it->second;
  } else {
    const size_t index = IndexOf(value);
    if (index < slots_.size() && slots_[index].object) entry = &slots_[index];
  }
  if (entry == nullptr) return Status(ERROR_INVALID_HANDLE);
  entry->flags = (entry->flags & ~mask) | (flags & mask);
  if (value < kRemoteHandleBase) PublishSlot(IndexOf(value));
  return Status::Ok();
}

std::vector<std::pair<uintptr_t, HandleEntry>> HandleTable::Snapshot() const {
  std::lock_guard<TableLock> guard(mutex_);
  std::vector<std::pair<uintptr_t, HandleEntry>> out;
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].object) out.emplace_back(static_cast<uintptr_t>((i + 1) << 2), slots_[i]);
  }
  for (const auto& [value, entry] : remote_) out.emplace_back(value, entry);
  return out;
}

}  // namespace winipc
