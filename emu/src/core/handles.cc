#include "core/handles.h"

#include <windows.h>

namespace winipc {

HandleTable& HandleTable::Get() {
  static HandleTable* table = new HandleTable();  // never destroyed: handles outlive static destructors
  return *table;
}

size_t HandleTable::IndexOf(uintptr_t value) { return (value >> 2) - 1; }

Result<uintptr_t> HandleTable::Insert(std::shared_ptr<Object> object, uint32_t access) {
  std::lock_guard<std::mutex> guard(mutex_);
  size_t index;
  if (!free_.empty()) {
    index = *free_.begin();
    free_.erase(free_.begin());
  } else {
    if (slots_.size() >= kMaxHandles) return Status(ERROR_NO_MORE_ITEMS);
    index = slots_.size();
    slots_.emplace_back();
  }
  slots_[index] = HandleEntry{std::move(object), access};
  return static_cast<uintptr_t>((index + 1) << 2);
}

Result<HandleEntry> HandleTable::Lookup(uintptr_t value) const {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> guard(mutex_);
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  return slots_[index];
}

Result<std::shared_ptr<Object>> HandleTable::Remove(uintptr_t value) {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> guard(mutex_);
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  std::shared_ptr<Object> object = std::move(slots_[index].object);
  slots_[index] = HandleEntry{};
  free_.insert(index);
  return object;
}

Status HandleTable::SetAccess(uintptr_t value, uint32_t access) {
  if (value < 4 || IsPseudoHandle(value)) return Status(ERROR_INVALID_HANDLE);
  std::lock_guard<std::mutex> guard(mutex_);
  const size_t index = IndexOf(value);
  if (index >= slots_.size() || !slots_[index].object) return Status(ERROR_INVALID_HANDLE);
  slots_[index].access = access;
  return Status::Ok();
}

}  // namespace winipc
