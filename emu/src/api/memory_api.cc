// VirtualQuery, GetSystemInfo, SecureZeroMemory.
#include <windows.h>

#include <cstring>

#include "api/boundary.h"
#include "core/section.h"
#include "core/virtual_memory.h"
#include "posix/sys.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" SIZE_T WINAPI VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength) {
  if (dwLength < sizeof(MEMORY_BASIC_INFORMATION)) return Fail(Status(ERROR_BAD_LENGTH), SIZE_T(0));
  // A buffer that is not writable memory is reported, never written (Windows probes it the same way).
  auto where = posix::LookupMapping(reinterpret_cast<uintptr_t>(lpBuffer));
  if (lpBuffer == nullptr || !where.ok() || !where->mapped || !(where->prot & 2 /* PROT_WRITE */) ||
      where->end - reinterpret_cast<uintptr_t>(lpBuffer) < sizeof(MEMORY_BASIC_INFORMATION)) {
    return Fail(Status(ERROR_NOACCESS), SIZE_T(0));
  }
  // VirtualAlloc's reservations first, then views and any other memory.
  auto info = QueryMemory(lpAddress);
  if (auto reserved = QueryVirtual(lpAddress)) info = *reserved;
  if (!info.ok()) return Fail(info.status(), SIZE_T(0));
  MEMORY_BASIC_INFORMATION mbi;
  std::memset(&mbi, 0, sizeof mbi);
  mbi.BaseAddress = reinterpret_cast<PVOID>(info->base);
  mbi.AllocationBase = reinterpret_cast<PVOID>(info->allocation_base);
  mbi.AllocationProtect = info->allocation_protect;
  mbi.RegionSize = info->region_size;
  mbi.State = info->state;
  mbi.Protect = info->protect;
  mbi.Type = info->type;
  std::memcpy(lpBuffer, &mbi, sizeof mbi);
  return sizeof mbi;
}

extern "C" void WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo) {
  SYSTEM_INFO si;
  std::memset(&si, 0, sizeof si);
#if defined(__aarch64__)
  si.wProcessorArchitecture = PROCESSOR_ARCHITECTURE_ARM64;
  si.dwProcessorType = 0;
#else
  si.wProcessorArchitecture = PROCESSOR_ARCHITECTURE_AMD64;
  si.dwProcessorType = PROCESSOR_AMD_X8664;
#endif
  si.dwPageSize = static_cast<DWORD>(posix::PageSize());
  si.lpMinimumApplicationAddress = reinterpret_cast<LPVOID>(MinimumApplicationAddress());
  si.lpMaximumApplicationAddress = reinterpret_cast<LPVOID>(MaximumApplicationAddress());
  const unsigned n = posix::ProcessorCount();
  si.dwNumberOfProcessors = n;
  si.dwActiveProcessorMask = n >= 64 ? ~DWORD_PTR(0) : (DWORD_PTR(1) << n) - 1;
  si.dwAllocationGranularity = static_cast<DWORD>(kAllocationGranularity);
  si.wProcessorLevel = 6;
  si.wProcessorRevision = 0;
  *lpSystemInfo = si;
}

extern "C" PVOID winipc_secure_zero_memory(PVOID destination, SIZE_T length) {
  volatile unsigned char* p = static_cast<volatile unsigned char*>(destination);
  while (length--) *p++ = 0;
  return destination;
}
