#include "core/virtual_memory.h"

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

struct Reservation {
  uint64_t length;                // page-rounded
  uint32_t allocation_protect;    // the protection VirtualAlloc was given when it reserved the range
  std::vector<uint32_t> protect;  // per page: 0 = reserved, otherwise committed with this PAGE_* protection
};

struct Registry {
  std::mutex mutex;
  std::map<uintptr_t, Reservation> reservations;

  std::map<uintptr_t, Reservation>::iterator Find(uintptr_t address) {
    auto it = reservations.upper_bound(address);
    if (it == reservations.begin()) return reservations.end();
    --it;
    return address < it->first + it->second.length ? it : reservations.end();
  }
};

Registry& Reservations() {
  static Registry* registry = new Registry();
  return *registry;
}

uint64_t Page() { return posix::PageSize(); }
uintptr_t PageFloor(uintptr_t a) { return a / Page() * Page(); }

// The kernel protection for a committed page (PAGE_GUARD pages are inaccessible until touched on Windows; emu
// keeps them inaccessible).
int Prot(uint32_t protect) { return (protect & PAGE_GUARD) ? PROT_NONE : PosixProtection(protect); }

Status CommitPages(uintptr_t start, uintptr_t end, uint32_t protect, Reservation& r, uintptr_t base) {
  if (!posix::Protect(reinterpret_cast<void*>(start), end - start, Prot(protect)).ok()) {
    return Status(ERROR_NOT_ENOUGH_MEMORY);
  }
  for (uintptr_t p = start; p < end; p += Page()) r.protect[(p - base) / Page()] = protect;
  return Status::Ok();
}

// Gives pages back to the kernel and leaves them reserved (inaccessible, zero when committed again).
Status DecommitPages(uintptr_t start, uintptr_t end, Reservation& r, uintptr_t base) {
  auto mapped = posix::Map(reinterpret_cast<void*>(start), end - start, PROT_NONE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  if (!mapped.ok()) return mapped.status();
  for (uintptr_t p = start; p < end; p += Page()) r.protect[(p - base) / Page()] = 0;
  return Status::Ok();
}

}  // namespace

bool IsValidPrivateProtection(uint32_t protect) {
  const uint32_t modifiers = protect & (PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE);
  if (modifiers & (modifiers - 1)) return false;  // at most one modifier
  switch (protect & ~modifiers) {
    case PAGE_NOACCESS:
      return modifiers == 0;  // PAGE_NOACCESS takes no modifier
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_EXECUTE:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_READWRITE:
      return true;
    default:
      return false;
  }
}

Result<void*> AllocateVirtual(void* address, uint64_t size, uint32_t type, uint32_t protect) {
  const uint32_t known = MEM_COMMIT | MEM_RESERVE | MEM_RESET | MEM_TOP_DOWN | MEM_RESET_UNDO | MEM_WRITE_WATCH;
  if (size == 0 || (type & ~known) != 0) return Status(ERROR_INVALID_PARAMETER);
  if ((type & MEM_RESET) != 0) {
    // Only alone (with MEM_TOP_DOWN ignored): the pages' contents are no longer of interest.
    if (type & (MEM_COMMIT | MEM_RESERVE | MEM_RESET_UNDO)) return Status(ERROR_INVALID_PARAMETER);
    if (address == nullptr) return Status(ERROR_INVALID_ADDRESS);
    return address;
  }
  if ((type & (MEM_COMMIT | MEM_RESERVE)) == 0) return Status(ERROR_INVALID_PARAMETER);
  if (!IsValidPrivateProtection(protect)) return Status(ERROR_INVALID_PARAMETER);
  if (size > MaximumApplicationAddress()) return Status(ERROR_NOT_ENOUGH_MEMORY);
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  Registry& registry = Reservations();
  std::lock_guard<std::mutex> guard(registry.mutex);

  // A new reservation: MEM_RESERVE, or MEM_COMMIT with no address (which reserves too).
  if ((type & MEM_RESERVE) || address == nullptr) {
    uintptr_t base;
    uint64_t length;
    void* where;
    if (address == nullptr) {
      length = RoundUpToPage(size, Page());
      auto reserved = posix::ReserveAligned(length, kAllocationGranularity);
      if (!reserved.ok()) return Status(ERROR_NOT_ENOUGH_MEMORY);
      where = reserved.value();
      base = reinterpret_cast<uintptr_t>(where);
    } else {
      // The range starts at the 64 KiB boundary at or below the address and ends at the page holding its end.
      base = a / kAllocationGranularity * kAllocationGranularity;
      if (base < MinimumApplicationAddress() || a + size - 1 > MaximumApplicationAddress() || a + size < a) {
        return Status(ERROR_INVALID_ADDRESS);
      }
      length = RoundUpToPage(a + size, Page()) - base;
      auto mapped = posix::Map(reinterpret_cast<void*>(base), length, PROT_NONE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
      if (!mapped.ok() || mapped.value() != reinterpret_cast<void*>(base)) {
        if (mapped.ok()) (void)posix::Unmap(mapped.value(), length);
        return Status(ERROR_INVALID_ADDRESS);  // something is there already
      }
      where = mapped.value();
    }
    Reservation r{length, protect, std::vector<uint32_t>(length / Page(), 0)};
    if (type & MEM_COMMIT) {
      Status s = CommitPages(base, base + length, protect, r, base);
      if (!s.ok()) {
        (void)posix::Unmap(where, length);
        return s;
      }
    }
    registry.reservations.emplace(base, std::move(r));
    return where;
  }

  // MEM_COMMIT of pages of an existing reservation.
  auto it = registry.Find(a);
  if (it == registry.reservations.end()) return Status(ERROR_INVALID_ADDRESS);
  const uintptr_t start = PageFloor(a);
  const uintptr_t end = RoundUpToPage(a + size, Page());
  if (end > it->first + it->second.length || end < start) return Status(ERROR_INVALID_ADDRESS);
  WINIPC_RETURN_IF_ERROR(CommitPages(start, end, protect, it->second, it->first));
  return reinterpret_cast<void*>(start);
}

Status FreeVirtual(void* address, uint64_t size, uint32_t type) {
  if (type != MEM_RELEASE && type != MEM_DECOMMIT) return Status(ERROR_INVALID_PARAMETER);
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  Registry& registry = Reservations();
  std::lock_guard<std::mutex> guard(registry.mutex);
  if (type == MEM_RELEASE) {
    // The whole reservation at once: size 0 and its base address.
    if (size != 0) return Status(ERROR_INVALID_PARAMETER);
    auto it = registry.reservations.find(a);
    if (it == registry.reservations.end()) return Status(ERROR_INVALID_ADDRESS);
    WINIPC_RETURN_IF_ERROR(posix::Unmap(address, it->second.length));
    registry.reservations.erase(it);
    return Status::Ok();
  }
  auto it = registry.Find(a);
  if (it == registry.reservations.end()) return Status(ERROR_INVALID_ADDRESS);
  const uintptr_t reservation_end = it->first + it->second.length;
  // Size 0 from the reservation's base decommits all of it; from anywhere else it names no range.
  if (size == 0 && a != it->first) return Status(ERROR_INVALID_ADDRESS);
  const uintptr_t start = PageFloor(a);
  const uintptr_t end = size == 0 ? reservation_end : RoundUpToPage(a + size, Page());
  if (end > reservation_end || end < start) return Status(ERROR_INVALID_PARAMETER);
  return DecommitPages(start, end, it->second, it->first);
}

std::optional<Result<uint32_t>> ProtectVirtual(void* address, uint64_t size, uint32_t protect) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  Registry& registry = Reservations();
  std::lock_guard<std::mutex> guard(registry.mutex);
  auto it = registry.Find(a);
  if (it == registry.reservations.end()) return std::nullopt;
  const uintptr_t start = PageFloor(a);
  const uintptr_t end = RoundUpToPage(a + (size == 0 ? 1 : size), Page());
  Reservation& r = it->second;
  if (end > it->first + r.length || end < start) return Result<uint32_t>(Status(ERROR_INVALID_ADDRESS));
  // Every page must be committed.
  for (uintptr_t p = start; p < end; p += Page()) {
    if (r.protect[(p - it->first) / Page()] == 0) return Result<uint32_t>(Status(ERROR_INVALID_ADDRESS));
  }
  const uint32_t old = r.protect[(start - it->first) / Page()];
  Status s = CommitPages(start, end, protect, r, it->first);
  if (!s.ok()) return Result<uint32_t>(s);
  return Result<uint32_t>(old);
}

std::optional<MemoryInfo> QueryVirtual(const void* address) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(address);
  Registry& registry = Reservations();
  std::lock_guard<std::mutex> guard(registry.mutex);
  auto it = registry.Find(a);
  if (it == registry.reservations.end()) return std::nullopt;
  const Reservation& r = it->second;
  const uintptr_t page = PageFloor(a);
  size_t index = (page - it->first) / Page();
  const uint32_t protect = r.protect[index];
  size_t last = index;
  while (last + 1 < r.protect.size() && r.protect[last + 1] == protect) ++last;
  return MemoryInfo{page,
                    it->first,
                    r.allocation_protect,
                    (last + 1 - index) * Page(),
                    protect == 0 ? static_cast<uint32_t>(MEM_RESERVE) : static_cast<uint32_t>(MEM_COMMIT),
                    protect,
                    MEM_PRIVATE};
}

}  // namespace winipc
