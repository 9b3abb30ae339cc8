// SharingOfDescriptor: what emu makes of the security descriptor a Create* call passes (core/security.h).
#include "core/security.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc {
namespace {

// Tests that no descriptor, and a descriptor without a DACL, are the default: owner only.
TEST(SharingOfDescriptor, NoDescriptorOrNoDaclIsOwnerOnly) {
  EXPECT_EQ(SharingOfDescriptor(nullptr).value(), Sharing::kOwnerOnly);
  SECURITY_DESCRIPTOR sd = {};
  sd.Revision = SECURITY_DESCRIPTOR_REVISION;
  sd.Dacl = nullptr;  // not present: the NULL pointer means nothing
  EXPECT_EQ(SharingOfDescriptor(&sd).value(), Sharing::kOwnerOnly);
}

// Tests that a present NULL DACL lets everyone in, in both descriptor forms.
TEST(SharingOfDescriptor, NullDaclIsEveryone) {
  SECURITY_DESCRIPTOR sd = {};
  sd.Revision = SECURITY_DESCRIPTOR_REVISION;
  sd.Control = SE_DACL_PRESENT;
  EXPECT_EQ(SharingOfDescriptor(&sd).value(), Sharing::kEveryone);
  SECURITY_DESCRIPTOR_RELATIVE relative = {};
  relative.Revision = SECURITY_DESCRIPTOR_REVISION;
  relative.Control = SE_DACL_PRESENT | SE_SELF_RELATIVE;
  EXPECT_EQ(SharingOfDescriptor(&relative).value(), Sharing::kEveryone);
}

// Tests that an empty DACL (no ACE: it denies everyone on Windows) is nobody, in both descriptor forms, and that a
// DACL with an ACE, which emu cannot express, is owner only.
TEST(SharingOfDescriptor, EmptyAclIsNobodyAndOtherAclsOwnerOnly) {
  ACL acl = {};
  acl.AclRevision = ACL_REVISION;
  acl.AclSize = sizeof acl;
  SECURITY_DESCRIPTOR sd = {};
  sd.Revision = SECURITY_DESCRIPTOR_REVISION;
  sd.Control = SE_DACL_PRESENT;
  sd.Dacl = &acl;
  EXPECT_EQ(SharingOfDescriptor(&sd).value(), Sharing::kNobody);
  struct {
    SECURITY_DESCRIPTOR_RELATIVE head;
    ACL acl;
  } relative = {};
  relative.head.Revision = SECURITY_DESCRIPTOR_REVISION;
  relative.head.Control = SE_DACL_PRESENT | SE_SELF_RELATIVE;
  relative.head.Dacl = sizeof relative.head;
  relative.acl = acl;
  EXPECT_EQ(SharingOfDescriptor(&relative).value(), Sharing::kNobody);
  acl.AceCount = 1;  // an ACE emu does not read
  EXPECT_EQ(SharingOfDescriptor(&sd).value(), Sharing::kOwnerOnly);
  relative.acl.AceCount = 1;
  EXPECT_EQ(SharingOfDescriptor(&relative).value(), Sharing::kOwnerOnly);
}

// Tests that a descriptor of another revision (say, never initialised) is refused, not read.
TEST(SharingOfDescriptor, UnknownRevisionIsRefused) {
  SECURITY_DESCRIPTOR sd = {};
  sd.Control = SE_DACL_PRESENT;
  EXPECT_EQ(SharingOfDescriptor(&sd).status(), Status(ERROR_UNKNOWN_REVISION));
}

}  // namespace
}  // namespace winipc
