// OpenMutex: the access a handle is opened with decides whether it can wait; ReleaseMutex needs no right; bad
// names.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-openmutexw
// https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-object-security-and-access-rights
#include <ostream>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// One access mask for OpenMutex and whether a handle opened with it can wait. A mutex's generic mapping (catalogue
// 120): GENERIC_READ -> READ_CONTROL | MUTANT_QUERY_STATE, GENERIC_WRITE -> READ_CONTROL (no SYNCHRONIZE),
// GENERIC_EXECUTE -> READ_CONTROL | SYNCHRONIZE.
struct OpenAccessCase {
  const char* id;
  const char* name;
  DWORD access;
  bool can_wait;  // WaitForSingleObject needs SYNCHRONIZE
};

void PrintTo(const OpenAccessCase& row, std::ostream* os) { *os << row.name; }

class OpenMutexAccess : public ::testing::TestWithParam<OpenAccessCase> {};

// Tests that a handle from OpenMutex can wait exactly when its access includes SYNCHRONIZE (else WAIT_FAILED /
// ERROR_ACCESS_DENIED, taking nothing), and that the owner can release through it whatever its access.
TEST_P(OpenMutexAccess, WaitNeedsSynchronizeReleaseNeedsNothing) {
  const OpenAccessCase& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("mtx-open-access");
  ScopedHandle owner(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenMutexA(row.access, FALSE, name.c_str()));
  ScopedHandle mutex(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));

  // This thread owns the mutex once; a permitted wait makes that twice.
  SetLastError(kPoisonError);
  if (row.can_wait) {
    EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  } else {
    EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "release through the opened handle";
  if (row.can_wait) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseMutex(owner.get())), SucceedsWith(kPoisonError)) << "the second level";
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(owner.get())), FailsWith(ERROR_NOT_OWNER)) << "one release too many";
}

// The rows, one behaviour each:
//   SY-MTX-011  a MUTEX_ALL_ACCESS handle can wait and release.
//   SY-MTX-012  a SYNCHRONIZE handle can wait and release.
//   SY-MTX-013  a MUTEX_MODIFY_STATE handle cannot wait (WAIT_FAILED, ERROR_ACCESS_DENIED) but can release.
//   SY-MTX-014  GENERIC_READ | GENERIC_WRITE gives no SYNCHRONIZE (cannot wait); GENERIC_EXECUTE does (catalogue 121).
//   SY-MTX-015  ReleaseMutex needs no access right: READ_CONTROL or MUTANT_QUERY_STATE handles release (catalogue 123).
INSTANTIATE_TEST_SUITE_P(
    Access, OpenMutexAccess,
    ::testing::Values(OpenAccessCase{"SY-MTX-011", "AllAccess", MUTEX_ALL_ACCESS, true},
                      OpenAccessCase{"SY-MTX-012", "Synchronize", SYNCHRONIZE, true},
                      OpenAccessCase{"SY-MTX-013", "ModifyState", MUTEX_MODIFY_STATE, false},
                      OpenAccessCase{"SY-MTX-014", "GenericReadWrite", GENERIC_READ | GENERIC_WRITE, false},
                      OpenAccessCase{"SY-MTX-014", "GenericExecute", GENERIC_EXECUTE, true},
                      OpenAccessCase{"SY-MTX-015", "ReadControl", READ_CONTROL, false},
                      OpenAccessCase{"SY-MTX-015", "QueryState", MUTANT_QUERY_STATE, false}),
    [](const ::testing::TestParamInfo<OpenAccessCase>& info) { return std::string(info.param.name); });

// Tests that OpenMutex with access 0 on an existing mutex fails with ERROR_ACCESS_DENIED.
TEST(OpenMutex, ZeroAccessOnExistingMutexFailsWithAccessDenied) {
  BEHAVIOUR("SY-MTX-016");
  const std::string name = UniqueName("mtx-open-zero");
  ScopedHandle owner(CreateMutexA(nullptr, FALSE, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenMutexA(0, FALSE, name.c_str()));
  ScopedHandle mutex(opened.value);  // closes what a deviating implementation hands out
  EXPECT_THAT(opened, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that OpenMutex with a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenMutex, NullNameFailsWithInvalidParameter) {
  BEHAVIOUR("SY-MTX-017");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenMutexW(MUTEX_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenMutex on a name that does not exist fails with ERROR_FILE_NOT_FOUND, whatever the access (A and W).
TEST(OpenMutex, MissingNameFailsWithFileNotFound) {
  BEHAVIOUR("SY-MTX-018");
  const std::string name = UniqueName("mtx-open-missing");
  for (const DWORD access : {DWORD{MUTEX_ALL_ACCESS}, DWORD{SYNCHRONIZE}, DWORD{0}}) {
    SCOPED_TRACE("access " + std::to_string(access));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(OpenMutexA(access, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(OpenMutexW(access, FALSE, Wide(name).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  }
}

// Tests that OpenMutex on the name of an event fails with ERROR_INVALID_HANDLE (one namespace, another type).
TEST(OpenMutex, EventNameFailsWithInvalidHandle) {
  BEHAVIOUR("SY-MTX-019");
  const std::string name = UniqueName("mtx-open-event");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle mutex(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that OpenMutexW finds a mutex CreateMutexA made, and both handles reach one mutex: ownership taken
// through one is released through the other.
TEST(OpenMutex, WideOpenFindsNarrowCreatedMutex) {
  BEHAVIOUR("SY-MTX-020");
  const std::string name = UniqueName("mtx-open-wide");
  ScopedHandle created(CreateMutexA(nullptr, FALSE, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenMutexW(MUTEX_ALL_ACCESS, FALSE, Wide(name).c_str()));
  ScopedHandle mutex(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  ASSERT_EQ(WaitForSingleObject(mutex.get(), 0), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(created.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER));
}

}  // namespace
}  // namespace winipc::conformance
