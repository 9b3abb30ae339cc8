// Security descriptors: building one (InitializeSecurityDescriptor, SetSecurityDescriptorDacl,
// GetSecurityDescriptorDacl, InitializeAcl) and creating named objects of every type with one in their
// SECURITY_ATTRIBUTES. Who else may then open them (another user) is emu's emu/src/core/namespace_test.cc.
//
// https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-initializesecuritydescriptor
// https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-setsecuritydescriptordacl
// https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-getsecuritydescriptordacl
// https://learn.microsoft.com/en-us/windows/win32/api/securitybaseapi/nf-securitybaseapi-initializeacl
// https://learn.microsoft.com/en-us/windows/win32/api/wtypesbase/ns-wtypesbase-security_attributes
#include <cstring>
#include <string>

#include "harness/harness.h"
#include "namespace/holders.h"

namespace winipc::conformance {
namespace {

// A fresh descriptor; 0xcc bytes first, so that what Initialize leaves is seen.
struct Descriptor {
  Descriptor() { std::memset(&sd, 0xcc, sizeof sd); }
  SECURITY_DESCRIPTOR sd;
};

// Tests that InitializeSecurityDescriptor with SECURITY_DESCRIPTOR_REVISION succeeds, leaves last error alone,
// and makes a descriptor without a DACL.
TEST(InitializeSecurityDescriptor, CurrentRevisionSucceeds) {
  BEHAVIOUR("SE-SD-001");
  Descriptor d;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeSecurityDescriptor(&d.sd, SECURITY_DESCRIPTOR_REVISION)), SucceedsWith(kPoisonError));
  EXPECT_EQ(d.sd.Revision, SECURITY_DESCRIPTOR_REVISION);
  EXPECT_EQ(d.sd.Control, 0);
  BOOL present = 0x55, defaulted = 0x55;
  PACL dacl = reinterpret_cast<PACL>(0x1234);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetSecurityDescriptorDacl(&d.sd, &present, &dacl, &defaulted)), SucceedsWith(kPoisonError));
  EXPECT_EQ(present, FALSE);
}

// Tests that InitializeSecurityDescriptor refuses any other revision with ERROR_UNKNOWN_REVISION.
TEST(InitializeSecurityDescriptor, OtherRevisionFailsWithUnknownRevision) {
  BEHAVIOUR("SE-SD-002");
  for (DWORD revision : {0u, 2u, 0xffffffffu}) {
    SCOPED_TRACE("revision " + std::to_string(revision));
    Descriptor d;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(InitializeSecurityDescriptor(&d.sd, revision)), FailsWith(ERROR_UNKNOWN_REVISION));
  }
}

// Tests that SetSecurityDescriptorDacl with a NULL ACL makes a present NULL DACL (everyone), which
// GetSecurityDescriptorDacl reports back, and that bDaclPresent FALSE takes the DACL away again.
TEST(SetSecurityDescriptorDacl, NullDaclIsPresentAndNull) {
  BEHAVIOUR("SE-SD-003");
  Descriptor d;
  ASSERT_TRUE(InitializeSecurityDescriptor(&d.sd, SECURITY_DESCRIPTOR_REVISION));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetSecurityDescriptorDacl(&d.sd, TRUE, nullptr, FALSE)), SucceedsWith(kPoisonError));
  EXPECT_EQ(d.sd.Control & SE_DACL_PRESENT, SE_DACL_PRESENT);
  BOOL present = FALSE, defaulted = TRUE;
  PACL dacl = reinterpret_cast<PACL>(0x1234);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetSecurityDescriptorDacl(&d.sd, &present, &dacl, &defaulted)), SucceedsWith(kPoisonError));
  EXPECT_EQ(present, TRUE);
  EXPECT_EQ(dacl, nullptr);
  EXPECT_EQ(defaulted, FALSE);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetSecurityDescriptorDacl(&d.sd, FALSE, nullptr, FALSE)), SucceedsWith(kPoisonError));
  ASSERT_TRUE(GetSecurityDescriptorDacl(&d.sd, &present, &dacl, &defaulted));
  EXPECT_EQ(present, FALSE);
}

// Tests that SetSecurityDescriptorDacl and GetSecurityDescriptorDacl refuse a descriptor that was never
// initialised (revision 0) with ERROR_UNKNOWN_REVISION.
TEST(SetSecurityDescriptorDacl, UninitialisedDescriptorFailsWithUnknownRevision) {
  BEHAVIOUR("SE-SD-004");
  SECURITY_DESCRIPTOR sd = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetSecurityDescriptorDacl(&sd, TRUE, nullptr, FALSE)), FailsWith(ERROR_UNKNOWN_REVISION));
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetSecurityDescriptorDacl(&sd, &present, &dacl, &defaulted)), FailsWith(ERROR_UNKNOWN_REVISION));
}

// Tests that InitializeAcl makes an empty ACL (no entries: nobody is allowed), and refuses a buffer smaller
// than the ACL header (ERROR_INSUFFICIENT_BUFFER) and an unknown ACL revision (ERROR_INVALID_PARAMETER).
TEST(InitializeAcl, MakesAnEmptyAclAndChecksSizeAndRevision) {
  BEHAVIOUR("SE-SD-005");
  struct {
    ACL acl;
    DWORD room[4];
  } buffer;
  std::memset(&buffer, 0xcc, sizeof buffer);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeAcl(&buffer.acl, sizeof buffer, ACL_REVISION)), SucceedsWith(kPoisonError));
  EXPECT_EQ(buffer.acl.AclRevision, ACL_REVISION);
  EXPECT_EQ(buffer.acl.AclSize, sizeof buffer);
  EXPECT_EQ(buffer.acl.AceCount, 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeAcl(&buffer.acl, sizeof(ACL) - 1, ACL_REVISION)), FailsWith(ERROR_INSUFFICIENT_BUFFER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeAcl(&buffer.acl, sizeof buffer, 1)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitializeAcl(&buffer.acl, sizeof buffer, 5)), FailsWith(ERROR_INVALID_PARAMETER));
}

// SECURITY_ATTRIBUTES whose descriptor has no DACL, a NULL DACL (everyone) or an empty ACL (nobody). Not
// copyable: it points into itself.
enum class Dacl { kAbsent, kNull, kEmpty };
class Attributes {
 public:
  Attributes(Dacl dacl, BOOL inherit) : sa_{sizeof sa_, &sd_, inherit} {
    ok_ =
        InitializeSecurityDescriptor(&sd_, SECURITY_DESCRIPTOR_REVISION) &&
        InitializeAcl(&acl_, sizeof acl_, ACL_REVISION) &&
        (dacl == Dacl::kAbsent || SetSecurityDescriptorDacl(&sd_, TRUE, dacl == Dacl::kNull ? nullptr : &acl_, FALSE));
  }
  Attributes(const Attributes&) = delete;
  Attributes& operator=(const Attributes&) = delete;
  bool ok() const { return ok_ != FALSE; }
  SECURITY_ATTRIBUTES* get() { return &sa_; }

 private:
  SECURITY_DESCRIPTOR sd_;
  ACL acl_;
  SECURITY_ATTRIBUTES sa_;
  BOOL ok_ = FALSE;
};

// What meeting a name again (Create* of it, then Open*) should give after CreateEveryType made it.
enum class Again {
  kOpens,   // Create*: ERROR_ALREADY_EXISTS; Open*: a handle
  kDenied,  // both fail with ERROR_ACCESS_DENIED
  kSkip,    // not tried
};

// Creates an object of every type with a descriptor of this DACL: last error 0, and bInheritHandle honoured.
// Then meets each name again as `again` says.
void CreateEveryType(Dacl dacl, Again again) {
  for (const BOOL inherit : {FALSE, TRUE}) {
    Attributes attributes(dacl, inherit);
    ASSERT_TRUE(attributes.ok());
    for (const Holder holder : kHolders) {
      SCOPED_TRACE(std::string(HolderName(holder)) + (inherit ? ", inheritable" : ", not inheritable"));
      const std::string name = UniqueName("sec-dacl");
      SetLastError(kPoisonError);
      const auto created = Call(CreateHolder(holder, name, attributes.get()));
      ScopedHandle object(created.value);
      EXPECT_THAT(created, SucceedsWith(0));
      if (!object) continue;
      DWORD flags = 0xdeadbeef;
      ASSERT_TRUE(GetHandleInformation(object.get(), &flags));
      EXPECT_EQ(flags & HANDLE_FLAG_INHERIT, inherit ? DWORD{HANDLE_FLAG_INHERIT} : 0u);
      if (again == Again::kSkip) continue;
      const bool denied = again == Again::kDenied;
      SetLastError(kPoisonError);
      const auto recreated = Call(CreateHolder(holder, name, attributes.get()));
      ScopedHandle second(recreated.value);
      EXPECT_THAT(recreated, denied ? FailsWith(ERROR_ACCESS_DENIED) : SucceedsWith(ERROR_ALREADY_EXISTS));
      SetLastError(kPoisonError);
      const auto opened = Call(OpenHolder(holder, name));
      ScopedHandle third(opened.value);
      EXPECT_THAT(opened, denied ? FailsWith(ERROR_ACCESS_DENIED) : SucceedsWith(kPoisonError));
    }
  }
}

// Tests that every named type is created with a NULL-DACL descriptor as without one (last error 0; the same
// name again: ERROR_ALREADY_EXISTS), opens by name, and still honours the attributes' bInheritHandle.
TEST(SecurityAttributes, NullDaclCreatesEveryTypeAndKeepsInheritance) {
  BEHAVIOUR("SE-SD-006");
  CreateEveryType(Dacl::kNull, Again::kOpens);
}

// Tests that a descriptor without a DACL (only initialised) is the default: every type is created and opened
// again as without attributes.
TEST(SecurityAttributes, DescriptorWithoutDaclCreatesEveryType) {
  BEHAVIOUR("SE-SD-007");
  CreateEveryType(Dacl::kAbsent, Again::kOpens);
}

// Tests that an empty DACL does not stop the creation itself: every type is created, last error 0, and its
// creator holds the handle it got.
TEST(SecurityAttributes, EmptyDaclCreatesEveryType) {
  BEHAVIOUR("SE-SD-008");
  CreateEveryType(Dacl::kEmpty, Again::kSkip);
}

// Tests that nobody, the creator included, can open an object created with an empty DACL by name afterwards,
// with Open* or Create*: ERROR_ACCESS_DENIED.
TEST(SecurityAttributes, EmptyDaclDeniesEveryLaterOpen) {
  BEHAVIOUR("SE-SD-010");
  CreateEveryType(Dacl::kEmpty, Again::kDenied);
}

// Tests that a descriptor that was never initialised (revision 0) makes Create* fail: nothing is created.
TEST(SecurityAttributes, UninitialisedDescriptorFailsCreate) {
  BEHAVIOUR("SE-SD-009");
  SECURITY_DESCRIPTOR sd = {};
  SECURITY_ATTRIBUTES sa = {sizeof sa, &sd, FALSE};
  const std::string name = UniqueName("sec-bad-sd");
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventA(&sa, TRUE, FALSE, name.c_str()));
  ScopedHandle object(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_UNKNOWN_REVISION));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

}  // namespace
}  // namespace winipc::conformance
