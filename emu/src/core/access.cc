#include "core/access.h"

#include <sys/mman.h>
#include <windows.h>

namespace winipc {

TypeRights RightsOf(ObjectType type) {
  switch (type) {
    case ObjectType::kSection:
      return {STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ, STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
              STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS,
              SECTION_ALL_ACCESS | SECTION_MAP_EXECUTE_EXPLICIT | SYNCHRONIZE};
    case ObjectType::kEvent:
      return {STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
              STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS, EVENT_ALL_ACCESS};
    case ObjectType::kSemaphore:
      return {STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE, STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
              STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS, SEMAPHORE_ALL_ACCESS};
    case ObjectType::kMutex:
      // GENERIC_WRITE gives no SYNCHRONIZE and no MUTANT_QUERY_STATE: a mutex has no modify right to give.
      return {STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE, STANDARD_RIGHTS_WRITE, STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
              MUTEX_ALL_ACCESS, MUTEX_ALL_ACCESS};
    case ObjectType::kWaitableTimer:
      return {STANDARD_RIGHTS_READ | TIMER_QUERY_STATE, STANDARD_RIGHTS_WRITE | TIMER_MODIFY_STATE,
              STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, TIMER_ALL_ACCESS, TIMER_ALL_ACCESS};
    case ObjectType::kJob:
      return {STANDARD_RIGHTS_READ | JOB_OBJECT_QUERY,
              STANDARD_RIGHTS_WRITE | JOB_OBJECT_TERMINATE | JOB_OBJECT_SET_ATTRIBUTES | JOB_OBJECT_ASSIGN_PROCESS,
              STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, JOB_OBJECT_ALL_ACCESS, JOB_OBJECT_ALL_ACCESS};
    case ObjectType::kProcess:
      return {STANDARD_RIGHTS_READ | 0x0410, STANDARD_RIGHTS_WRITE | 0x0BEA, STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
              STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF, STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF};
    case ObjectType::kFile:
      return {FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS, FILE_ALL_ACCESS};
    default:
      return {STANDARD_RIGHTS_READ, STANDARD_RIGHTS_WRITE, STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
              STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF, STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xFFFF};
  }
}

uint32_t MapGenericAccess(ObjectType type, uint32_t desired) {
  TypeRights r = RightsOf(type);
  uint32_t out = desired & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
  if (desired & GENERIC_READ) out |= r.generic_read;
  if (desired & GENERIC_WRITE) out |= r.generic_write;
  if (desired & GENERIC_EXECUTE) out |= r.generic_execute;
  if (desired & GENERIC_ALL) out |= r.generic_all;
  if (desired & MAXIMUM_ALLOWED) out |= r.valid;  // the owner is granted everything the type defines
  return out;
}

Result<uint32_t> AccessForOpen(ObjectType type, uint32_t desired) {
  // Opening an existing object with no access at all is refused (Windows; Wine 8 allows it).
  if (desired == 0) return Status(ERROR_ACCESS_DENIED);
  if (desired & ACCESS_SYSTEM_SECURITY) return Status(ERROR_PRIVILEGE_NOT_HELD);
  uint32_t mapped = MapGenericAccess(type, desired);
  if (mapped & ~RightsOf(type).valid) return Status(ERROR_ACCESS_DENIED);
  return mapped;
}

Result<SectionFlags> ParseSectionProtection(uint32_t fl_protect) {
  const uint32_t base = fl_protect & 0xFF;
  const uint32_t modifiers = fl_protect & 0xFFFFFF00u;
  switch (base) {
    case PAGE_READONLY:
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
      break;
    default:  // 0, PAGE_NOACCESS, PAGE_EXECUTE, or an OR of two protections
      return Status(ERROR_INVALID_PARAMETER);
  }
  // A pagefile-backed section takes exactly one of SEC_COMMIT / SEC_RESERVE (none means SEC_COMMIT), and
  // optionally SEC_NOCACHE or SEC_WRITECOMBINE with it; SEC_IMAGE needs an executable file.
  if (modifiers & SEC_IMAGE) {
    if (modifiers == SEC_IMAGE || modifiers == (SEC_IMAGE | SEC_NOCACHE)) return Status(ERROR_BAD_EXE_FORMAT);
    return Status(ERROR_INVALID_PARAMETER);
  }
  const uint32_t kind = modifiers & (SEC_COMMIT | SEC_RESERVE);
  const uint32_t cache = modifiers & (SEC_NOCACHE | SEC_WRITECOMBINE);
  const uint32_t rest = modifiers & ~(SEC_COMMIT | SEC_RESERVE | SEC_NOCACHE | SEC_WRITECOMBINE);
  if (rest != 0 || kind == (SEC_COMMIT | SEC_RESERVE) || cache == (SEC_NOCACHE | SEC_WRITECOMBINE)) {
    return Status(ERROR_INVALID_PARAMETER);
  }
  if (kind == 0 && cache != 0) return Status(ERROR_INVALID_PARAMETER);
  return SectionFlags{base, (kind == 0 ? static_cast<uint32_t>(SEC_COMMIT) : kind) | cache};
}

Result<SectionFlags> ParseFileSectionProtection(uint32_t fl_protect) {
  // The same combinations are refused as for pagefile-backed sections (catalogue entries 17, 20).
  auto flags = ParseSectionProtection(fl_protect);
  if (!flags.ok()) return flags.status();
  return SectionFlags{flags->protect,
                      static_cast<uint32_t>(SEC_FILE) | (flags->attributes & (SEC_NOCACHE | SEC_WRITECOMBINE))};
}

uint32_t FileAccessForSectionProtection(uint32_t protect) {
  switch (protect & 0xFF) {
    case PAGE_READWRITE:
      return FILE_READ_DATA | FILE_WRITE_DATA;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
      return FILE_READ_DATA | FILE_EXECUTE;
    case PAGE_EXECUTE_READWRITE:
      return FILE_READ_DATA | FILE_WRITE_DATA | FILE_EXECUTE;
    default:  // PAGE_READONLY, PAGE_WRITECOPY: copy-on-write needs only read access to the file
      return FILE_READ_DATA;
  }
}

bool IsWritableSection(uint32_t protect) {
  return (protect & 0xFF) == PAGE_READWRITE || (protect & 0xFF) == PAGE_EXECUTE_READWRITE;
}

uint32_t SectionAccessForProtection(uint32_t protect) {
  uint32_t access = STANDARD_RIGHTS_REQUIRED | SECTION_QUERY | SECTION_MAP_READ;
  switch (protect & 0xFF) {
    case PAGE_READWRITE:
      return access | SECTION_MAP_WRITE;
    case PAGE_EXECUTE_READ:
    case PAGE_EXECUTE_WRITECOPY:
      return access | SECTION_MAP_EXECUTE;
    case PAGE_EXECUTE_READWRITE:
      return access | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE;
    default:
      return access;
  }
}

uint32_t ViewProtectionFromAccess(uint32_t desired_access) {
  const bool execute = (desired_access & FILE_MAP_EXECUTE) != 0;
  const uint32_t rest = desired_access & ~static_cast<uint32_t>(FILE_MAP_EXECUTE);
  uint32_t protect;
  // FILE_MAP_COPY counts only when nothing but FILE_MAP_EXECUTE is beside it: with any other bit, even
  // SECTION_MAP_EXECUTE (8) or one that maps nothing, the view is decided by WRITE, then READ (VW-PROT-001).
  if (rest == FILE_MAP_COPY) {
    protect = PAGE_WRITECOPY;
  } else if (rest & FILE_MAP_WRITE) {
    protect = PAGE_READWRITE;
  } else if (rest & FILE_MAP_READ) {
    protect = PAGE_READONLY;
  } else {
    return PAGE_NOACCESS;  // access 0, FILE_MAP_EXECUTE / SECTION_MAP_EXECUTE alone, or COPY with another bit
  }
  return execute ? protect << 4 : protect;  // READONLY -> EXECUTE_READ, READWRITE -> EXECUTE_READWRITE, ...
}

namespace {
bool SharedWritable(uint32_t p) { return p == PAGE_READWRITE || p == PAGE_EXECUTE_READWRITE; }
bool Executable(uint32_t p) { return p >= PAGE_EXECUTE && p <= PAGE_EXECUTE_WRITECOPY; }
}  // namespace

Status CheckViewAllowed(uint32_t view_protect, uint32_t section_protect, uint32_t handle_access) {
  // First the handle, as the kernel references it with the rights the view needs: a write view needs
  // SECTION_MAP_WRITE (and no read right); any other view needs SECTION_MAP_READ; execution also needs
  // SECTION_MAP_EXECUTE. A missing right is ERROR_ACCESS_DENIED.
  if (SharedWritable(view_protect)) {
    if (!(handle_access & SECTION_MAP_WRITE)) return Status(ERROR_ACCESS_DENIED);
  } else if (!(handle_access & SECTION_MAP_READ)) {
    return Status(ERROR_ACCESS_DENIED);
  }
  if (Executable(view_protect) && !(handle_access & SECTION_MAP_EXECUTE)) return Status(ERROR_ACCESS_DENIED);
  // Then the section's own protection (STATUS_SECTION_PROTECTION, reported as ERROR_INVALID_PARAMETER): every
  // valid section protection can be read, and so copied; shared writing needs a READWRITE section; execution
  // an EXECUTE_* one.
  if (SharedWritable(view_protect) && !SharedWritable(section_protect)) return Status(ERROR_INVALID_PARAMETER);
  if (Executable(view_protect) && !Executable(section_protect)) return Status(ERROR_INVALID_PARAMETER);
  return Status::Ok();
}

int PosixProtection(uint32_t page_protect) {
  switch (page_protect & 0xFF) {
    case PAGE_READONLY:
      return PROT_READ;
    case PAGE_READWRITE:
    case PAGE_WRITECOPY:
      return PROT_READ | PROT_WRITE;
    case PAGE_EXECUTE:
      return PROT_EXEC;
    case PAGE_EXECUTE_READ:
      return PROT_READ | PROT_EXEC;
    case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
      return PROT_READ | PROT_WRITE | PROT_EXEC;
    default:
      return PROT_NONE;
  }
}

bool IsCopyOnWrite(uint32_t page_protect) {
  return (page_protect & 0xFF) == PAGE_WRITECOPY || (page_protect & 0xFF) == PAGE_EXECUTE_WRITECOPY;
}

}  // namespace winipc
