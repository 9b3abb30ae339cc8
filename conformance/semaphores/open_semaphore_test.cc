// OpenSemaphore: the access a handle is opened with decides what it can do; bad names.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-opensemaphorew
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-opensemaphorea
// https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-object-security-and-access-rights
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// One access mask for OpenSemaphore and what a handle opened with it may do. A semaphore's generic mapping:
// GENERIC_WRITE -> READ_CONTROL | SEMAPHORE_MODIFY_STATE, GENERIC_EXECUTE -> READ_CONTROL | SYNCHRONIZE.
struct OpenAccessCase {
  const char* id;
  const char* name;
  DWORD access;
  bool can_release;  // ReleaseSemaphore needs SEMAPHORE_MODIFY_STATE
  bool can_wait;     // WaitForSingleObject needs SYNCHRONIZE
};

void PrintTo(const OpenAccessCase& row, std::ostream* os) { *os << row.name; }

class OpenSemaphoreAccess : public ::testing::TestWithParam<OpenAccessCase> {};

// Tests that the access OpenSemaphore grants is exactly what Release (SEMAPHORE_MODIFY_STATE) and Wait
// (SYNCHRONIZE) need; a missing right fails with ERROR_ACCESS_DENIED (Wait: WAIT_FAILED) and changes no count.
TEST_P(OpenSemaphoreAccess, GrantsExactlyTheMappedRights) {
  const OpenAccessCase& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("sem-open-access");
  ScopedHandle owner(CreateSemaphoreA(nullptr, /*lInitialCount=*/1, /*lMaximumCount=*/2, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenSemaphoreA(row.access, FALSE, name.c_str()));
  ScopedHandle semaphore(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));

  // The count starts at 1 of 2.
  LONG previous = -1;
  SetLastError(kPoisonError);
  if (row.can_release) {
    EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, &previous)), SucceedsWith(kPoisonError));
    EXPECT_EQ(previous, 1);
  } else {
    EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, &previous)), FailsWith(ERROR_ACCESS_DENIED));
    ASSERT_TRUE(ReleaseSemaphore(owner.get(), 1, &previous)) << "the refused release must not have counted";
    EXPECT_EQ(previous, 1) << "the refused release changed the count";
  }
  // Now the count is 2 of 2.
  SetLastError(kPoisonError);
  if (row.can_wait) {
    EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    ASSERT_TRUE(ReleaseSemaphore(owner.get(), 1, &previous));
    EXPECT_EQ(previous, 1) << "the wait took one unit";
  } else {
    EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseSemaphore(owner.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS))
        << "the refused wait must not have taken a unit";
  }
}

// The rows, one behaviour each:
//   SY-SEM-015  a SEMAPHORE_MODIFY_STATE handle can release but its wait fails with WAIT_FAILED /
//               ERROR_ACCESS_DENIED.
//   SY-SEM-016  a SYNCHRONIZE handle can wait but its release fails with ERROR_ACCESS_DENIED.
//   SY-SEM-017  a SEMAPHORE_ALL_ACCESS handle can release and wait.
//   SY-SEM-018  a GENERIC_WRITE handle can release but not wait; a GENERIC_EXECUTE handle can wait but not release.
INSTANTIATE_TEST_SUITE_P(
    Access, OpenSemaphoreAccess,
    ::testing::Values(OpenAccessCase{"SY-SEM-015", "ModifyState", SEMAPHORE_MODIFY_STATE, true, false},
                      OpenAccessCase{"SY-SEM-016", "Synchronize", SYNCHRONIZE, false, true},
                      OpenAccessCase{"SY-SEM-017", "AllAccess", SEMAPHORE_ALL_ACCESS, true, true},
                      OpenAccessCase{"SY-SEM-018", "GenericWrite", GENERIC_WRITE, true, false},
                      OpenAccessCase{"SY-SEM-018", "GenericExecute", GENERIC_EXECUTE, false, true}),
    [](const ::testing::TestParamInfo<OpenAccessCase>& info) { return std::string(info.param.name); });

// Tests that OpenSemaphore with access 0 on an existing semaphore fails with ERROR_ACCESS_DENIED.
TEST(OpenSemaphore, ZeroAccessOnExistingSemaphoreFailsWithAccessDenied) {
  BEHAVIOUR("SY-SEM-019");
  const std::string name = UniqueName("sem-open-zero");
  ScopedHandle owner(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenSemaphoreA(0, FALSE, name.c_str()));
  ScopedHandle semaphore(opened.value);  // closes what a deviating implementation hands out
  EXPECT_THAT(opened, FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that OpenSemaphore with a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenSemaphore, NullNameFailsWithInvalidParameter) {
  BEHAVIOUR("SY-SEM-020");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenSemaphore on a name that does not exist fails with ERROR_FILE_NOT_FOUND, whatever the access
// (A and W).
TEST(OpenSemaphore, MissingNameFailsWithFileNotFound) {
  BEHAVIOUR("SY-SEM-021");
  const std::string name = UniqueName("sem-open-missing");
  for (const DWORD access : {DWORD{SEMAPHORE_ALL_ACCESS}, DWORD{SYNCHRONIZE}, DWORD{0}}) {
    SCOPED_TRACE("access " + std::to_string(access));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(OpenSemaphoreA(access, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(OpenSemaphoreW(access, FALSE, Wide(name).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  }
}

// Tests that OpenSemaphoreW finds a semaphore CreateSemaphoreA made, and the two handles share one count.
TEST(OpenSemaphore, WideOpenFindsNarrowCreatedSemaphore) {
  BEHAVIOUR("SY-SEM-022");
  const std::string name = UniqueName("sem-open-wide");
  ScopedHandle created(CreateSemaphoreA(nullptr, 0, 3, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, Wide(name).c_str()));
  ScopedHandle semaphore(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  ASSERT_TRUE(ReleaseSemaphore(semaphore.get(), 2, nullptr));
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(created.get(), 1, &previous));
  EXPECT_EQ(previous, 2) << "the units released through the opened handle";
}

}  // namespace
}  // namespace winipc::conformance
