// Security descriptors as Create* receives them, read into what emu can enforce: a file mode. Pure functions,
// unit-tested in security_test.cc; the descriptor API itself (InitializeSecurityDescriptor...) is in
// api/security_api.cc.
//
// emu enforces access per object file with Unix permissions, so it knows two sharings (core/names.h):
// - no descriptor, no DACL (SE_DACL_PRESENT clear): the default DACL, which on Windows gives the creator (and
//   SYSTEM, Administrators) access: owner only;
// - a NULL DACL (SE_DACL_PRESENT, no ACL): everyone, with every right;
// - a DACL with an ACL: owner only, whatever its entries. An empty ACL denies everyone on Windows, the creator
//   too (it keeps the handle it created); emu cannot take access from the owner of a file, and root bypasses
//   modes anyway. ACEs that allow others are not read: emu exports no API to build them, and narrowing is the
//   safe way to be wrong.
#ifndef WINIPC_CORE_SECURITY_H_
#define WINIPC_CORE_SECURITY_H_

#include <sys/types.h>

#include "core/names.h"
#include "core/status.h"

namespace winipc {

// The sharing a descriptor asks for (absolute or self-relative form); nullptr is the default.
// ERROR_UNKNOWN_REVISION for a descriptor whose revision is not SECURITY_DESCRIPTOR_REVISION, as Windows'
// object manager refuses it.
Result<Sharing> SharingOfDescriptor(const void* descriptor);

// The mode of an object file created with `sharing`.
inline mode_t FileModeFor(Sharing sharing) { return sharing == Sharing::kEveryone ? 0666 : 0600; }

}  // namespace winipc

#endif  // WINIPC_CORE_SECURITY_H_
