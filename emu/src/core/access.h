// Access masks and page protections, as pure functions (no system calls), unit-tested in access_test.cc.
#ifndef WINIPC_CORE_ACCESS_H_
#define WINIPC_CORE_ACCESS_H_

#include <cstdint>

#include "core/status.h"

namespace winipc {

enum class ObjectType : uint16_t {
  kNone = 0,
  kSection = 1,
  kEvent = 2,
  kMutex = 3,
  kSemaphore = 4,
  kWaitableTimer = 5,
  kJob = 6,
  kProcess = 7,  // never named; the current process, from DuplicateHandle(GetCurrentProcess())
  kThread = 8,   // never named; a thread of this process, from CreateThread
  kFile = 9,     // never named; from CreateFile
};

// What a type grants for GENERIC_*, and which bits are defined at all (Windows' GENERIC_MAPPING plus the
// type's valid-access mask).
struct TypeRights {
  uint32_t generic_read, generic_write, generic_execute, generic_all;
  uint32_t valid;
};
TypeRights RightsOf(ObjectType type);

// Maps GENERIC_* bits to the type's specific rights and drops MAXIMUM_ALLOWED into "all".
uint32_t MapGenericAccess(ObjectType type, uint32_t desired);

// Access asked for when opening an existing object (Open*, or Create* on an existing name): the granted
// mask, or ERROR_ACCESS_DENIED for 0 or undefined bits, ERROR_PRIVILEGE_NOT_HELD for
// ACCESS_SYSTEM_SECURITY.
Result<uint32_t> AccessForOpen(ObjectType type, uint32_t desired);

// The section protection (low byte of flProtect) and SEC_* attributes CreateFileMapping accepts for a
// pagefile-backed section. Returns the attributes to record (no SEC_ flag means SEC_COMMIT).
struct SectionFlags {
  uint32_t protect;     // one of PAGE_READONLY, READWRITE, WRITECOPY, EXECUTE_READ, EXECUTE_READWRITE, EXECUTE_WRITECOPY
  uint32_t attributes;  // SEC_COMMIT or SEC_RESERVE, plus SEC_NOCACHE / SEC_WRITECOMBINE
};
Result<SectionFlags> ParseSectionProtection(uint32_t fl_protect);

// The same for a file-backed section (CreateFileMapping with a file handle): SEC_COMMIT and SEC_RESERVE collapse
// to SEC_FILE (SEC_RESERVE is ignored for files), SEC_NOCACHE / SEC_WRITECOMBINE are kept; SEC_IMAGE on a file
// that is not an executable is ERROR_BAD_EXE_FORMAT.
Result<SectionFlags> ParseFileSectionProtection(uint32_t fl_protect);

// The file access (FILE_READ_DATA, FILE_WRITE_DATA, FILE_EXECUTE) a section's protection needs from the file
// handle given to CreateFileMapping; a handle without all of it gives ERROR_ACCESS_DENIED.
uint32_t FileAccessForSectionProtection(uint32_t protect);
// Whether a section with this protection writes through to its file (PAGE_READWRITE, PAGE_EXECUTE_READWRITE).
bool IsWritableSection(uint32_t protect);

// The rights CreateFileMapping's handle gets, derived from the protection asked for in that call.
uint32_t SectionAccessForProtection(uint32_t protect);

// The page protection of a view from MapViewOfFile's dwDesiredAccess (FILE_MAP_COPY counts only alone or with
// FILE_MAP_EXECUTE; SECTION_MAP_EXECUTE is not FILE_MAP_EXECUTE).
uint32_t ViewProtectionFromAccess(uint32_t desired_access);

// Whether a view with `view_protect` may be made from a section with `section_protect` through a handle with
// `handle_access`: ERROR_ACCESS_DENIED if the handle lacks a right, else ERROR_INVALID_PARAMETER if the section's
// protection does not allow the view.
Status CheckViewAllowed(uint32_t view_protect, uint32_t section_protect, uint32_t handle_access);

// Linux mmap protection bits (PROT_*) for a Windows page protection.
int PosixProtection(uint32_t page_protect);
bool IsCopyOnWrite(uint32_t page_protect);

}  // namespace winipc

#endif  // WINIPC_CORE_ACCESS_H_
