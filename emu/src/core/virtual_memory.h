// Private memory of VirtualAlloc: reservations (64 KiB aligned ranges of the address space) whose pages are
// reserved or committed, each committed page with its own protection.
#ifndef WINIPC_CORE_VIRTUAL_MEMORY_H_
#define WINIPC_CORE_VIRTUAL_MEMORY_H_

#include <cstdint>
#include <optional>

#include "core/section.h"
#include "core/status.h"

namespace winipc {

// Whether `protect` is a protection VirtualAlloc/VirtualProtect accept for private memory: exactly one of
// PAGE_NOACCESS .. PAGE_EXECUTE_READWRITE (not the copy-on-write ones), optionally with PAGE_GUARD, PAGE_NOCACHE
// or PAGE_WRITECOMBINE.
bool IsValidPrivateProtection(uint32_t protect);

// VirtualAlloc: reserves and/or commits (MEM_RESERVE, MEM_COMMIT, MEM_RESET). Returns the base of what was
// reserved or committed.
Result<void*> AllocateVirtual(void* address, uint64_t size, uint32_t type, uint32_t protect);
// VirtualFree: MEM_RELEASE (size 0, the reservation's base) or MEM_DECOMMIT.
Status FreeVirtual(void* address, uint64_t size, uint32_t type);
// VirtualProtect of committed private pages; the old protection of the first page. nullopt when the range is not
// private memory of VirtualAlloc (the caller then tries other memory).
std::optional<Result<uint32_t>> ProtectVirtual(void* address, uint64_t size, uint32_t protect);
// VirtualQuery of an address inside a reservation; nullopt for any other address.
std::optional<MemoryInfo> QueryVirtual(const void* address);

}  // namespace winipc

#endif  // WINIPC_CORE_VIRTUAL_MEMORY_H_
