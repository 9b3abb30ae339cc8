// InitializeSecurityDescriptor, SetSecurityDescriptorDacl, GetSecurityDescriptorDacl, InitializeAcl: building
// the descriptor a Create* call reads (core/security.h says what emu makes of it). Return values and errors are
// Windows' (conformance/security/security_descriptor_test.cc, SE-SD-*).
#include <windows.h>

#include <cstring>

#include "api/boundary.h"

namespace winipc::api {
namespace {

// The lowest and highest ACL revisions Windows accepts (ACL_REVISION .. ACL_REVISION4).
constexpr DWORD kMinAclRevision = 2;
constexpr DWORD kMaxAclRevision = 4;

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI InitializeSecurityDescriptor(PSECURITY_DESCRIPTOR pSecurityDescriptor, DWORD dwRevision) {
  if (dwRevision != SECURITY_DESCRIPTOR_REVISION) return Fail(Status(ERROR_UNKNOWN_REVISION), FALSE);
  auto* sd = static_cast<SECURITY_DESCRIPTOR*>(pSecurityDescriptor);
  std::memset(sd, 0, sizeof *sd);  // no owner, group, SACL or DACL; every control flag clear
  sd->Revision = static_cast<BYTE>(dwRevision);
  return TRUE;
}

extern "C" BOOL WINAPI SetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSecurityDescriptor, BOOL bDaclPresent,
                                                 PACL pDacl, BOOL bDaclDefaulted) {
  auto* sd = static_cast<SECURITY_DESCRIPTOR*>(pSecurityDescriptor);
  if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) return Fail(Status(ERROR_UNKNOWN_REVISION), FALSE);
  // Only the absolute form holds pointers.
  if (sd->Control & SE_SELF_RELATIVE) return Fail(Status(ERROR_INVALID_SECURITY_DESCR), FALSE);
  if (!bDaclPresent) {
    sd->Control &= static_cast<WORD>(~SE_DACL_PRESENT);
    return TRUE;
  }
  sd->Control |= SE_DACL_PRESENT;
  sd->Dacl = pDacl;  // referenced, not copied; NULL is the NULL DACL (everyone)
  if (bDaclDefaulted) {
    sd->Control |= SE_DACL_DEFAULTED;
  } else {
    sd->Control &= static_cast<WORD>(~SE_DACL_DEFAULTED);
  }
  return TRUE;
}

extern "C" BOOL WINAPI GetSecurityDescriptorDacl(PSECURITY_DESCRIPTOR pSecurityDescriptor, LPBOOL lpbDaclPresent,
                                                 PACL* pDacl, LPBOOL lpbDaclDefaulted) {
  const auto* sd = static_cast<const SECURITY_DESCRIPTOR*>(pSecurityDescriptor);
  if (sd->Revision != SECURITY_DESCRIPTOR_REVISION) return Fail(Status(ERROR_UNKNOWN_REVISION), FALSE);
  *lpbDaclPresent = (sd->Control & SE_DACL_PRESENT) ? TRUE : FALSE;
  if (!*lpbDaclPresent) return TRUE;  // the other outputs are left alone
  if (sd->Control & SE_SELF_RELATIVE) {
    const auto* relative = static_cast<const SECURITY_DESCRIPTOR_RELATIVE*>(pSecurityDescriptor);
    *pDacl = relative->Dacl == 0 ? nullptr
                                 : reinterpret_cast<PACL>(static_cast<BYTE*>(pSecurityDescriptor) + relative->Dacl);
  } else {
    *pDacl = sd->Dacl;
  }
  *lpbDaclDefaulted = (sd->Control & SE_DACL_DEFAULTED) ? TRUE : FALSE;
  return TRUE;
}

// An empty ACL: no entries, so on Windows nobody is allowed in (emu: owner only, core/security.h).
extern "C" BOOL WINAPI InitializeAcl(PACL pAcl, DWORD nAclLength, DWORD dwAclRevision) {
  if (nAclLength < sizeof(ACL)) return Fail(Status(ERROR_INSUFFICIENT_BUFFER), FALSE);
  if (dwAclRevision < kMinAclRevision || dwAclRevision > kMaxAclRevision || nAclLength > 0xFFFF) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  std::memset(pAcl, 0, sizeof *pAcl);
  pAcl->AclRevision = static_cast<BYTE>(dwAclRevision);
  pAcl->AclSize = static_cast<WORD>(nAclLength);
  return TRUE;
}
