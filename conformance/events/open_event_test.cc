// OpenEvent: the access a handle is opened with decides what it can do; bad names.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-openeventa
// https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-object-security-and-access-rights
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// One access mask for OpenEvent and what a handle opened with it may do. An event's generic mapping:
// GENERIC_READ -> READ_CONTROL | EVENT_QUERY_STATE, GENERIC_WRITE -> READ_CONTROL | EVENT_MODIFY_STATE,
// GENERIC_EXECUTE -> READ_CONTROL | SYNCHRONIZE, GENERIC_ALL -> EVENT_ALL_ACCESS.
struct OpenAccessCase {
  const char* id;
  const char* name;
  DWORD access;
  bool can_modify;  // SetEvent / ResetEvent need EVENT_MODIFY_STATE
  bool can_wait;    // WaitForSingleObject needs SYNCHRONIZE
};

class OpenEventAccess : public ::testing::TestWithParam<OpenAccessCase> {};

// Tests that the access OpenEvent grants is exactly what Set/Reset (EVENT_MODIFY_STATE) and Wait (SYNCHRONIZE)
// need; a missing right fails with ERROR_ACCESS_DENIED (Wait: WAIT_FAILED).
TEST_P(OpenEventAccess, GrantsExactlyTheMappedRights) {
  const OpenAccessCase& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("ev-open-access");
  ScopedHandle owner(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenEventA(row.access, FALSE, name.c_str()));
  ScopedHandle event(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));

  SetLastError(kPoisonError);
  if (row.can_modify) {
    EXPECT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  } else {
    EXPECT_THAT(Call(SetEvent(event.get())), FailsWith(ERROR_ACCESS_DENIED));
    ASSERT_TRUE(SetEvent(owner.get()));  // so that a permitted wait below sees a signalled event
  }
  SetLastError(kPoisonError);
  if (row.can_wait) {
    EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  } else {
    EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  }
  SetLastError(kPoisonError);
  if (row.can_modify) {
    EXPECT_THAT(Call(ResetEvent(event.get())), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(owner.get(), 0), WAIT_TIMEOUT) << "ResetEvent through the opened handle";
  } else {
    EXPECT_THAT(Call(ResetEvent(event.get())), FailsWith(ERROR_ACCESS_DENIED));
    EXPECT_EQ(WaitForSingleObject(owner.get(), 0), WAIT_OBJECT_0) << "a refused ResetEvent changes nothing";
  }
}

// The rows, one behaviour each:
//   EV-OPEN-001  an EVENT_MODIFY_STATE handle can SetEvent/ResetEvent but its wait fails with ERROR_ACCESS_DENIED.
//   EV-OPEN-002  a SYNCHRONIZE handle can wait but SetEvent/ResetEvent fail with ERROR_ACCESS_DENIED.
//   EV-OPEN-003  a GENERIC_READ handle can neither set, reset nor wait (ERROR_ACCESS_DENIED).
//   EV-OPEN-004  a GENERIC_WRITE handle can set and reset but not wait (it maps to EVENT_MODIFY_STATE).
//   EV-OPEN-005  a GENERIC_EXECUTE handle can wait but not set or reset (it maps to SYNCHRONIZE).
//   EV-OPEN-006  a GENERIC_ALL handle can set, reset and wait.
INSTANTIATE_TEST_SUITE_P(
    Access, OpenEventAccess,
    ::testing::Values(OpenAccessCase{"EV-OPEN-001", "ModifyState", EVENT_MODIFY_STATE, true, false},
                      OpenAccessCase{"EV-OPEN-002", "Synchronize", SYNCHRONIZE, false, true},
                      OpenAccessCase{"EV-OPEN-003", "GenericRead", GENERIC_READ, false, false},
                      OpenAccessCase{"EV-OPEN-004", "GenericWrite", GENERIC_WRITE, true, false},
                      OpenAccessCase{"EV-OPEN-005", "GenericExecute", GENERIC_EXECUTE, false, true},
                      OpenAccessCase{"EV-OPEN-006", "GenericAll", GENERIC_ALL, true, true}),
    [](const ::testing::TestParamInfo<OpenAccessCase>& info) { return std::string(info.param.name); });

// Tests that OpenEvent with access 0 on an existing event fails with ERROR_ACCESS_DENIED.
TEST(OpenEvent, ZeroAccessOnExistingEventFailsWithAccessDenied) {
  BEHAVIOUR("EV-OPEN-007");
  const std::string name = UniqueName("ev-open-zero");
  ScopedHandle owner(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenEventA(0, FALSE, name.c_str()));
  ScopedHandle event(opened.value);  // closes what a deviating implementation hands out
  EXPECT_THAT(opened, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that OpenEvent with a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenEvent, NullNameFailsWithInvalidParameter) {
  BEHAVIOUR("EV-OPEN-008");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventW(EVENT_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenEvent on a name that does not exist fails with ERROR_FILE_NOT_FOUND, whatever the access.
TEST(OpenEvent, MissingNameFailsWithFileNotFound) {
  BEHAVIOUR("EV-OPEN-009");
  const std::string name = UniqueName("ev-open-missing");
  for (const DWORD access : {DWORD{EVENT_ALL_ACCESS}, DWORD{SYNCHRONIZE}, DWORD{0}}) {
    SCOPED_TRACE("access " + std::to_string(access));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(OpenEventA(access, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  }
}

}  // namespace
}  // namespace winipc::conformance
