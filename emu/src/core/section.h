// Sections (file-mapping objects) and their views.
#ifndef WINIPC_CORE_SECTION_H_
#define WINIPC_CORE_SECTION_H_

#include <cstdint>
#include <memory>
#include <optional>

#include "core/file.h"
#include "core/namespace.h"
#include "core/object.h"
#include "core/status.h"

namespace winipc {

inline constexpr uint64_t kAllocationGranularity = 0x10000;  // views start at, and offsets are multiples of, 64 KiB

class Section : public Object {
 public:
  explicit Section(std::unique_ptr<ObjectFile> file, std::shared_ptr<MappedFile> backing = nullptr)
      : Object(ObjectType::kSection), file_(std::move(file)), backing_(std::move(backing)) {}
  // Fixed at creation, so read from the copy taken at open.
  uint64_t size() const { return file_->snapshot().section.size; }
  uint32_t protect() const { return file_->snapshot().section.protect; }
  uint32_t attributes() const { return file_->snapshot().section.attributes; }
  // What views map: the section's memory after its header, or (file-backed) the section's own open of the file.
  int fd() const { return backing_ ? backing_->fd() : file_->fd(); }
  uint64_t data_offset() const { return backing_ ? 0 : file_->header_size(); }
  // A file-backed section's hold on its file; each view keeps it too, so the file stays "mapped" while one lives.
  const std::shared_ptr<MappedFile>& backing() const { return backing_; }

  const ObjectFile* file() const override { return file_.get(); }

 private:
  std::unique_ptr<ObjectFile> file_;
  std::shared_ptr<MappedFile> backing_;
};

// CreateFileMapping for a pagefile-backed section: validates flProtect and the size, then opens or creates.
Result<std::shared_ptr<Section>> CreatePagefileSection(const std::optional<ObjectName>& name, uint32_t fl_protect,
                                                       uint64_t size, bool* existed);

// CreateFileMapping with a file handle that has `file_access`: the protection must fit that access
// (ERROR_ACCESS_DENIED); size 0 takes the file's size; see MappedFile::ForSection for the rest. On an existing
// name the existing section is returned, as for pagefile-backed ones, after this call's file was checked.
Result<std::shared_ptr<Section>> CreateFileSection(const std::optional<ObjectName>& name, const File& file,
                                                   uint32_t file_access, uint32_t fl_protect, uint64_t size,
                                                   bool* existed);
// The Section of an object file opened by name (or received from another process): a file-backed one re-opens its
// file by the path recorded at creation, and checks it is still the same file.
Result<std::shared_ptr<Section>> SectionFromObjectFile(std::unique_ptr<ObjectFile> file);
// OpenFileMapping.
Result<std::shared_ptr<Section>> OpenSection(const ObjectName& name);

// Views. Addresses are 64 KiB aligned; the registry knows every view of the process.
Result<void*> MapView(const Section& section, uint32_t handle_access, uint32_t desired_access, uint64_t offset,
                      uint64_t bytes, void* base);
Status UnmapView(const void* address);
// VirtualAlloc(MEM_COMMIT) inside a view: commits pages of a SEC_RESERVE view (a view of a committed section is
// committed already). nullopt when the address is in no view.
std::optional<Result<void*>> CommitViewPages(void* address, uint64_t size, uint32_t protect);
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
