#include "core/security.h"

#include <windows.h>

#include <cstddef>
#include <cstring>

namespace winipc {

Result<Sharing> SharingOfDescriptor(const void* descriptor) {
  if (descriptor == nullptr) return Sharing::kOwnerOnly;
  // Both forms begin with Revision, Sbz1 and Control; they differ in how they point at the DACL.
  SECURITY_DESCRIPTOR_RELATIVE head;
  std::memcpy(&head, descriptor, offsetof(SECURITY_DESCRIPTOR_RELATIVE, Owner));
  if (head.Revision != SECURITY_DESCRIPTOR_REVISION) return Status(ERROR_UNKNOWN_REVISION);
  if (!(head.Control & SE_DACL_PRESENT)) return Sharing::kOwnerOnly;
  const ACL* dacl;
  if (head.Control & SE_SELF_RELATIVE) {
    const auto* relative = static_cast<const SECURITY_DESCRIPTOR_RELATIVE*>(descriptor);
    dacl = relative->Dacl == 0 ? nullptr
                               : reinterpret_cast<const ACL*>(static_cast<const char*>(descriptor) + relative->Dacl);
  } else {
    dacl = static_cast<const SECURITY_DESCRIPTOR*>(descriptor)->Dacl;
  }
  if (dacl == nullptr) return Sharing::kEveryone;
  ACL header;
  std::memcpy(&header, dacl, sizeof header);
  return header.AceCount == 0 ? Sharing::kNobody : Sharing::kOwnerOnly;
}

}  // namespace winipc
