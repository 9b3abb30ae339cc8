// VirtualAlloc, VirtualFree, VirtualProtect (VirtualQuery is in memory_api.cc, beside the views it also reports).
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-virtualalloc
#include <sys/mman.h>
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/section.h"
#include "core/size_math.h"
#include "core/virtual_memory.h"
#include "posix/sys.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" LPVOID WINAPI VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect) {
  // Committing pages inside a view: those of a SEC_RESERVE section's view, as Windows allows.
  if (lpAddress != nullptr && flAllocationType == MEM_COMMIT && dwSize != 0) {
    if (!IsValidPrivateProtection(flProtect) && (flProtect & 0xFF) != PAGE_WRITECOPY) {
      return Fail(Status(ERROR_INVALID_PARAMETER), LPVOID{nullptr});
    }
    auto in_view = CommitViewPages(lpAddress, dwSize, flProtect);
    if (in_view) return in_view->ok() ? in_view->value() : Fail(in_view->status(), LPVOID{nullptr});
  }
  auto result = AllocateVirtual(lpAddress, dwSize, flAllocationType, flProtect);
  if (!result.ok()) return Fail(result.status(), LPVOID{nullptr});
  return result.value();
}

extern "C" BOOL WINAPI VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType) {
  Status s = FreeVirtual(lpAddress, dwSize, dwFreeType);
  if (!s.ok()) return Fail(s, FALSE);
  return TRUE;
}

namespace {

// The PAGE_* protection of memory emu did not allocate (a view, the stack, the C heap), from the kernel's view.
uint32_t ProtectionOf(int prot) {
  const bool r = prot & PROT_READ, w = prot & PROT_WRITE, x = prot & PROT_EXEC;
  if (x) return w ? PAGE_EXECUTE_READWRITE : r ? PAGE_EXECUTE_READ : PAGE_EXECUTE;
  if (r) return w ? PAGE_READWRITE : PAGE_READONLY;
  return PAGE_NOACCESS;
}

}  // namespace

extern "C" BOOL WINAPI VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect) {
  // Windows must be able to write the old protection (ERROR_NOACCESS) and refuses a bad protection first.
  if (lpflOldProtect == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  if (!IsValidPrivateProtection(flNewProtect) && (flNewProtect & 0xFF) != PAGE_WRITECOPY) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  auto reserved = ProtectVirtual(lpAddress, dwSize, flNewProtect);
  if (reserved) {
    if (!reserved->ok()) return Fail(reserved->status(), FALSE);
    *lpflOldProtect = reserved->value();
    return TRUE;
  }
  // Other mapped memory (views, the stack, static data): the kernel says what it is.
  const uintptr_t a = reinterpret_cast<uintptr_t>(lpAddress);
  const uint64_t page = posix::PageSize();
  const uintptr_t start = a / page * page;
  const uintptr_t end = RoundUpToPage(a + (dwSize == 0 ? 1 : dwSize), page);
  auto where = posix::LookupMapping(a);
  if (!where.ok() || !where->mapped || end > where->end) return Fail(Status(ERROR_INVALID_ADDRESS), FALSE);
  const uint32_t old = ProtectionOf(where->prot);
  const int wanted = (flNewProtect & PAGE_GUARD) ? PROT_NONE : PosixProtection(flNewProtect);
  Status s = posix::Protect(reinterpret_cast<void*>(start), end - start, wanted);
  if (!s.ok()) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  *lpflOldProtect = old;
  return TRUE;
}
