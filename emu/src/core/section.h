// Sections (file-mapping objects) and their views.
#ifndef WINIPC_CORE_SECTION_H_
#define WINIPC_CORE_SECTION_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "core/namespace.h"
#include "core/object.h"
#include "core/status.h"

namespace winipc {

inline constexpr uint64_t kAllocationGranularity = 0x10000;  // views start at, and offsets are multiples of, 64 KiB

class Section : public Object {
 public:
  explicit Section(std::unique_ptr<ObjectFile> file) : Object(ObjectType::kSection), file_(std::move(file)) {}
  // Fixed at creation, so read from the copy taken at open.
  uint64_t size() const { return file_->snapshot().section.size; }
  uint32_t protect() const { return file_->snapshot().section.protect; }
  uint32_t attributes() const { return file_->snapshot().section.attributes; }
  int fd() const { return file_->fd(); }
  uint64_t data_offset() const { return file_->header_size(); }

 private:
  std::unique_ptr<ObjectFile> file_;
};

// CreateFileMapping for a pagefile-backed section: validates flProtect and the size, then opens or creates.
Result<std::shared_ptr<Section>> CreatePagefileSection(const std::optional<ObjectName>& name, uint32_t fl_protect,
                                                       uint64_t size, bool* existed);

// Views. Addresses are 64 KiB aligned; the registry knows every view of the process.
Result<void*> MapView(const Section& section, uint32_t handle_access, uint32_t desired_access, uint64_t offset,
                      uint64_t bytes, void* base);
Status UnmapView(const void* address);
Status FlushView(const void* address, uint64_t bytes);

struct MemoryInfo {
  uintptr_t base, allocation_base;
  uint32_t allocation_protect;
  uint64_t region_size;
  uint32_t state, protect, type;
};
Result<MemoryInfo> QueryMemory(const void* address);

uintptr_t MinimumApplicationAddress();
uintptr_t MaximumApplicationAddress();

}  // namespace winipc

#endif  // WINIPC_CORE_SECTION_H_
