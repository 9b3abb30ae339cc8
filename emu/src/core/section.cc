#include "core/section.h"

#include <sys/mman.h>
#include <windows.h>

#include <map>
#include <mutex>
#include <vector>

#include "core/access.h"
#include "core/size_math.h"
#include "posix/sys.h"

namespace winipc {
namespace {

// Every view this process mapped, by base address.
struct ViewRecord {
  uint64_t length;   // page-rounded bytes mapped
  uint32_t protect;  // the view's PAGE_* protection (AllocationProtect)
  uint32_t state;    // MEM_COMMIT, or MEM_RESERVE for a SEC_RESERVE section
  std::shared_ptr<MappedFile> file;  // a file-backed view keeps its section's hold on the file (entry 84)
  // A SEC_RESERVE view: which of its pages VirtualAlloc(MEM_COMMIT) has committed in this process.
  std::vector<bool> committed = {};
};

struct ViewRegistry {
  std::mutex mutex;
  std::map<uintptr_t, ViewRecord> views;

  // The view containing `address`, if any.
  std::map<uintptr_t, ViewRecord>::iterator Find(uintptr_t address) {
    auto it = views.upper_bound(address);
    if (it == views.begin()) return views.end();
    --it;
    return address < it->first + it->second.length ? it : views.end();
  }
};

ViewRegistry& Views() {
  static ViewRegistry* registry = new ViewRegistry();
  return *registry;
}

}  // namespace

uintptr_t MinimumApplicationAddress() { return 0x10000; }
uintptr_t MaximumApplicationAddress() { return 0x7FFFFFFEFFFF; }  // as on 64-bit Windows

Result<std::shared_ptr<Section>> CreatePagefileSection(const std::optional<ObjectName>& name, uint32_t fl_protect,
                                                       uint64_t size, bool* existed) {
  auto flags = ParseSectionProtection(fl_protect);
  if (!flags.ok()) return flags.status();
  // Everything is validated before the name is looked up: an existing name does not excuse a bad size.
  WINIPC_RETURN_IF_ERROR(ValidatePagefileSectionSize(size, flags->attributes, posix::CommitLimitBytes()));
  const uint64_t rounded = RoundUpToPage(size, posix::PageSize());
  // On an existing name, its size and protection win; this call's are ignored.
  CreateSpec spec{ObjectType::kSection, rounded, [&](SharedHeader* h) {
                    h->section.size = rounded;
                    h->section.protect = flags->protect;
                    h->section.attributes = flags->attributes;
                  },
                  /*needs_global_privilege=*/true};
  // Windows charges a SEC_COMMIT section's whole size against the commit limit when it is created, so one that
  // cannot fit fails here, not at some later write (SIGBUS). Its pages are not allocated ahead: a large section
  // that is barely touched takes only what is touched, as on Windows. SEC_RESERVE charges nothing.
  spec.check_room = (flags->attributes & SEC_RESERVE) == 0;
  auto file = name ? Namespace::Acquire(*name, ObjectType::kSection, &spec, existed) : Namespace::CreateUnnamed(spec);
  // No room left where the pagefile lives (ENOSPC): Windows says "the paging file is too small", never "disk full",
  // for a section without a file (exhaustion_test.cc).
  if (!file.ok() && file.status().code() == ERROR_DISK_FULL) return Status(ERROR_COMMITMENT_LIMIT);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  if (*existed) return SectionFromObjectFile(std::move(file).value());
  return std::make_shared<Section>(std::move(file).value());
}

Result<std::shared_ptr<Section>> CreateFileSection(const std::optional<ObjectName>& name, const File& file,
                                                   uint32_t file_access, uint32_t fl_protect, uint64_t size,
                                                   bool* existed) {
  auto flags = ParseFileSectionProtection(fl_protect);
  if (!flags.ok()) return flags.status();
  const uint32_t needed = FileAccessForSectionProtection(flags->protect);
  if ((file_access & needed) != needed) return Status(ERROR_ACCESS_DENIED);  // entries 23-25
  // The file is checked (and grown) before the name is looked up, as NtCreateSection does.
  uint64_t exact = 0;
  auto backing = MappedFile::ForSection(file, IsWritableSection(flags->protect), size, &exact);
  if (!backing.ok()) return backing.status();
  const MappedFile& mapped = *backing.value();
  CreateSpec spec{ObjectType::kSection, mapped.path().size(), [&](SharedHeader* h) {
                    h->section.size = exact;
                    h->section.protect = flags->protect;
                    h->section.attributes = flags->attributes;
                    h->section.file_dev = mapped.dev();
                    h->section.file_ino = mapped.ino();
                    h->section.path_length = static_cast<uint32_t>(mapped.path().size());
                  },
                  /*needs_global_privilege=*/true, mapped.path()};
  auto object = name ? Namespace::Acquire(*name, ObjectType::kSection, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!object.ok()) return object.status();
  if (!name) *existed = false;
  // An existing name wins with its own file, size and protection (entry 26); our hold on this file goes.
  if (*existed) return SectionFromObjectFile(std::move(object).value());
  return std::make_shared<Section>(std::move(object).value(), std::move(backing).value());
}

Result<std::shared_ptr<Section>> SectionFromObjectFile(std::unique_ptr<ObjectFile> file) {
  const SharedHeader& h = file->snapshot();
  if (!(h.section.attributes & SEC_FILE)) return std::make_shared<Section>(std::move(file));
  // The path was the file's absolute path when the section was made; device and inode prove it still is.
  std::string path(h.section.path_length, '\0');
  WINIPC_RETURN_IF_ERROR(posix::ReadAt(file->fd(), path.data(), path.size(), file->header_size()));
  auto backing = MappedFile::Reattach(path, h.section.file_dev, h.section.file_ino,
                                      IsWritableSection(h.section.protect));
  if (!backing.ok()) return backing.status();
  return std::make_shared<Section>(std::move(file), std::move(backing).value());
}

Result<std::shared_ptr<Section>> OpenSection(const ObjectName& name) {
  bool existed = false;
  auto file = Namespace::Acquire(name, ObjectType::kSection, nullptr, &existed);
  if (!file.ok()) return file.status();
  return SectionFromObjectFile(std::move(file).value());
}

Result<void*> MapView(const Section& section, uint32_t handle_access, uint32_t desired_access, uint64_t offset,
                      uint64_t bytes, void* base) {
  const uint32_t protect = ViewProtectionFromAccess(desired_access);
  WINIPC_RETURN_IF_ERROR(CheckViewAllowed(protect, section.protect(), handle_access));
  // A file-backed section made without SectionFromObjectFile has no file to map: never map its namespace file.
  if ((section.attributes() & SEC_FILE) && section.backing() == nullptr) return Status(ERROR_INVALID_HANDLE);
  auto range = ComputeViewRange(section.size(), offset, bytes, reinterpret_cast<uintptr_t>(base),
                                kAllocationGranularity, posix::PageSize());
  if (!range.ok()) return range.status();
  const uint64_t length = range->length;

  const bool reserve_only = (section.attributes() & SEC_RESERVE) != 0;
  const int prot = reserve_only ? PROT_NONE : PosixProtection(protect);
  const int share = IsCopyOnWrite(protect) ? MAP_PRIVATE : MAP_SHARED;
  const uint64_t file_offset = section.data_offset() + offset;

  ViewRegistry& registry = Views();
  std::lock_guard<std::mutex> guard(registry.mutex);
  void* where;
  if (base != nullptr) {
    const uintptr_t b = reinterpret_cast<uintptr_t>(base);
    if (b < MinimumApplicationAddress() || b + length - 1 > MaximumApplicationAddress()) {
      return Status(ERROR_INVALID_ADDRESS);
    }
    // MAP_FIXED_NOREPLACE refuses to overlap anything already mapped.
    auto mapped = posix::Map(base, length, prot, share | MAP_FIXED_NOREPLACE, section.fd(), file_offset);
    if (!mapped.ok()) {
      return mapped.status().code() == ERROR_ALREADY_EXISTS ? Status(ERROR_INVALID_ADDRESS) : mapped.status();
    }
    if (mapped.value() != base) {  // kernels before 4.17 treat the flag as a hint
      (void)posix::Unmap(mapped.value(), length);
      return Status(ERROR_INVALID_ADDRESS);
    }
    where = base;
  } else {
    auto reserved = posix::ReserveAligned(length, kAllocationGranularity);
    if (!reserved.ok()) return Status(ERROR_NOT_ENOUGH_MEMORY);
    auto mapped = posix::Map(reserved.value(), length, prot, share | MAP_FIXED, section.fd(), file_offset);
    if (!mapped.ok()) {
      (void)posix::Unmap(reserved.value(), length);
      return mapped.status();
    }
    where = mapped.value();
  }
  registry.views[reinterpret_cast<uintptr_t>(where)] =
      ViewRecord{length, protect, reserve_only ? static_cast<uint32_t>(MEM_RESERVE) : static_cast<uint32_t>(MEM_COMMIT),
                 section.backing(), std::vector<bool>(reserve_only ? length / posix::PageSize() : 0, false)};
  return where;
}

std::optional<Result<void*>> CommitViewPages(void* address, uint64_t size, uint32_t protect) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  const uint64_t page_size = posix::PageSize();
  ViewRegistry& registry = Views();
  std::lock_guard<std::mutex> guard(registry.mutex);
  auto it = registry.Find(a);
  if (it == registry.views.end()) return std::nullopt;
  ViewRecord& v = it->second;
  const uintptr_t start = a / page_size * page_size;
  const uintptr_t end = RoundUpToPage(a + size, page_size);
  if (end > it->first + v.length || end < start) return Result<void*>(Status(ERROR_INVALID_ADDRESS));
  // A view of a committed section is committed already; committing it again changes nothing.
  if (v.state == MEM_COMMIT) return Result<void*>(reinterpret_cast<void*>(start));
  // The pages take the view's protection; a protection the view does not allow is refused.
  const int wanted = PosixProtection(protect), allowed = PosixProtection(v.protect);
  if ((wanted & ~allowed) != 0) return Result<void*>(Status(ERROR_INVALID_PARAMETER));
  if (!posix::Protect(reinterpret_cast<void*>(start), end - start, wanted).ok()) {
    return Result<void*>(Status(ERROR_NOT_ENOUGH_MEMORY));
  }
  for (uintptr_t p = start; p < end; p += page_size) v.committed[(p - it->first) / page_size] = true;
  return Result<void*>(reinterpret_cast<void*>(start));
}

Status UnmapView(const void* address) {
  ViewRegistry& registry = Views();
  std::lock_guard<std::mutex> guard(registry.mutex);
  auto it = registry.Find(reinterpret_cast<uintptr_t>(address));
  if (it == registry.views.end()) return Status(ERROR_INVALID_ADDRESS);
  // Any address inside a view unmaps the whole view.
  WINIPC_RETURN_IF_ERROR(posix::Unmap(reinterpret_cast<void*>(it->first), it->second.length));
  registry.views.erase(it);
  return Status::Ok();
}

Status FlushView(const void* address, uint64_t bytes) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  const uint64_t page_size = posix::PageSize();
  const uintptr_t page = a / page_size * page_size;
  ViewRegistry& registry = Views();
  std::lock_guard<std::mutex> guard(registry.mutex);
  auto it = registry.Find(a);
  if (it == registry.views.end()) {
    // Windows flushes any mapped memory (a no-op for private memory); an unmapped address is a bad parameter.
    auto m = posix::LookupMapping(a);
    if (!m.ok()) return m.status();
    if (!m->mapped || (bytes != 0 && bytes > m->end - a)) return Status(ERROR_INVALID_PARAMETER);
    return Status::Ok();
  }
  const uintptr_t view_end = it->first + it->second.length;
  if (bytes > view_end - a) return Status(ERROR_INVALID_PARAMETER);
  const uintptr_t end = bytes == 0 ? view_end : RoundUpToPage(a + bytes, page_size);
  if (it->second.state != MEM_COMMIT || IsCopyOnWrite(it->second.protect)) return Status::Ok();
  return posix::Sync(reinterpret_cast<void*>(page), end - page);
}

Result<MemoryInfo> QueryMemory(const void* address) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  if (a > MaximumApplicationAddress()) return Status(ERROR_INVALID_PARAMETER);
  const uint64_t page_size = posix::PageSize();
  const uintptr_t page = a / page_size * page_size;
  {
    ViewRegistry& registry = Views();
    std::lock_guard<std::mutex> guard(registry.mutex);
    auto it = registry.Find(a);
    if (it != registry.views.end()) {
      const ViewRecord& v = it->second;
      const uintptr_t end = it->first + v.length;
      MemoryInfo info{page, it->first, v.protect, end - page, v.state, v.state == MEM_RESERVE ? 0 : v.protect,
                      MEM_MAPPED};
      if (!v.committed.empty()) {
        // A SEC_RESERVE view: the run of pages that share this page's state.
        size_t index = (page - it->first) / page_size, last = index;
        const bool committed = v.committed[index];
        while (last + 1 < v.committed.size() && v.committed[last + 1] == committed) ++last;
        info.region_size = (last + 1 - index) * page_size;
        info.state = committed ? static_cast<uint32_t>(MEM_COMMIT) : static_cast<uint32_t>(MEM_RESERVE);
        info.protect = committed ? v.protect : 0;
      }
      if (IsCopyOnWrite(v.protect) && v.state == MEM_COMMIT) {
        // A written copy-on-write page becomes a private read-write page; the region is the run of pages that
        // share this page's state.
        const bool copied = posix::PageWasCopied(page);
        if (copied) info.protect = v.protect == PAGE_WRITECOPY ? PAGE_READWRITE : PAGE_EXECUTE_READWRITE;
        uintptr_t p = page + page_size;
        while (p < end && posix::PageWasCopied(p) == copied) p += page_size;
        info.region_size = p - page;
      }
      return info;
    }
  }
  auto m = posix::LookupMapping(a);
  if (!m.ok()) return m.status();
  if (!m->mapped) {
    const uintptr_t end = m->end > MaximumApplicationAddress() ? MaximumApplicationAddress() + 1 : m->end;
    return MemoryInfo{page, 0, 0, end - page, MEM_FREE, PAGE_NOACCESS, 0};
  }
  uint32_t protect = PAGE_NOACCESS;
  const bool r = m->prot & PROT_READ, w = m->prot & PROT_WRITE, x = m->prot & PROT_EXEC;
  if (x) {
    protect = w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
  } else if (r) {
    protect = w ? PAGE_READWRITE : PAGE_READONLY;
  }
  const bool reserved = m->prot == PROT_NONE;
  return MemoryInfo{page,
                    m->start,
                    reserved ? static_cast<uint32_t>(PAGE_NOACCESS) : protect,
                    m->end - page,
                    reserved ? static_cast<uint32_t>(MEM_RESERVE) : static_cast<uint32_t>(MEM_COMMIT),
                    reserved ? 0u : protect,
                    m->file_backed ? static_cast<uint32_t>(MEM_MAPPED) : static_cast<uint32_t>(MEM_PRIVATE)};
}

}  // namespace winipc
