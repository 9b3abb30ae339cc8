// CreateSemaphore and CreateSemaphoreEx: new and existing names, the count limits, unnamed semaphores, access, and how
// names are looked up.
//
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createsemaphorea
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createsemaphorew
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createsemaphoreexw
// https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-object-security-and-access-rights
#include <cctype>
#include <string>
#include <utility>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// The count a semaphore has now, found without changing it: releasing one unit reports the previous count, and
// one wait takes that unit back. Returns -1 (after a test failure) if the release fails, e.g. at the maximum.
LONG CurrentCount(HANDLE semaphore) {
  LONG previous = -1;
  if (!ReleaseSemaphore(semaphore, 1, &previous)) {
    ADD_FAILURE() << "ReleaseSemaphore(1) failed: " << DescribeError(GetLastError());
    return -1;
  }
  EXPECT_EQ(WaitForSingleObject(semaphore, 0), WAIT_OBJECT_0) << "taking back the unit just released";
  return previous;
}

// Tests that CreateSemaphore with a name nobody uses creates the semaphore and sets last error 0.
TEST(CreateSemaphore, NewNameSucceedsWithErrorZero) {
  BEHAVIOUR("SY-SEM-001");
  const std::string name = UniqueName("sem-create-new");
  SetLastError(kPoisonError);
  const auto created = Call(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
  ScopedHandle semaphore(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
}

// Tests that CreateSemaphore on an existing semaphore's name returns a new handle with ERROR_ALREADY_EXISTS.
TEST(CreateSemaphore, ExistingNameSucceedsWithAlreadyExists) {
  BEHAVIOUR("SY-SEM-002");
  const std::string name = UniqueName("sem-create-existing");
  ScopedHandle first(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateSemaphoreW(nullptr, 0, 1, Wide(name).c_str()));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS)) << "CreateSemaphoreW on a name CreateSemaphoreA made";
  EXPECT_NE(second.get(), first.get()) << "each Create* call gets its own handle";
}

// Tests that CreateSemaphore on an existing name ignores the new counts: the first creator's count and maximum
// stay.
TEST(CreateSemaphore, ExistingNameKeepsFirstCountAndMaximum) {
  BEHAVIOUR("SY-SEM-003");
  const std::string name = UniqueName("sem-create-keeps");
  ScopedHandle first(CreateSemaphoreA(nullptr, /*lInitialCount=*/1, /*lMaximumCount=*/2, name.c_str()));
  ASSERT_TRUE(first);
  ScopedHandle second(CreateSemaphoreA(nullptr, /*lInitialCount=*/5, /*lMaximumCount=*/10, name.c_str()));
  ASSERT_TRUE(second);
  EXPECT_EQ(CurrentCount(second.get()), 1) << "the count is the first creator's, not 5";
  LONG previous = -1;
  ASSERT_TRUE(ReleaseSemaphore(second.get(), 1, &previous)) << "1 -> 2 is within the first maximum";
  EXPECT_EQ(previous, 1);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(second.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS))
      << "the maximum is the first creator's 2, not 10";
}

// One invalid pair of counts for CreateSemaphore.
struct InvalidCountsRow {
  const char* id;
  const char* label;
  LONG initial;
  LONG maximum;
};

void PrintTo(const InvalidCountsRow& row, std::ostream* os) { *os << row.label; }

class CreateSemaphoreInvalidCounts : public ::testing::TestWithParam<InvalidCountsRow> {};

// Tests that CreateSemaphore refuses impossible counts with ERROR_INVALID_PARAMETER, named or not, through A and W
// (one behaviour per row, see the table).
TEST_P(CreateSemaphoreInvalidCounts, FailsWithInvalidParameter) {
  const InvalidCountsRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("sem-create-invalid");
  SetLastError(kPoisonError);
  const auto unnamed = Call(CreateSemaphoreA(nullptr, row.initial, row.maximum, nullptr));
  ScopedHandle unnamed_handle(unnamed.value);
  EXPECT_THAT(unnamed, FailsWith(ERROR_INVALID_PARAMETER)) << "unnamed, A";
  SetLastError(kPoisonError);
  const auto named = Call(CreateSemaphoreW(nullptr, row.initial, row.maximum, Wide(name).c_str()));
  ScopedHandle named_handle(named.value);
  EXPECT_THAT(named, FailsWith(ERROR_INVALID_PARAMETER)) << "named, W";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND))
      << "a refused create leaves no name behind";
}

// Behaviours:
//   SY-SEM-004  an initial count above the maximum fails with ERROR_INVALID_PARAMETER.
//   SY-SEM-005  a negative initial count fails with ERROR_INVALID_PARAMETER.
//   SY-SEM-006  a maximum count of 0 or below fails with ERROR_INVALID_PARAMETER.
const InvalidCountsRow kInvalidCountsRows[] = {
    {"SY-SEM-004", "InitialAboveMaximum", 2, 1},
    {"SY-SEM-005", "NegativeInitial", -1, 1},
    {"SY-SEM-006", "ZeroMaximum", 0, 0},
    {"SY-SEM-006", "NegativeMaximum", 0, -1},
};

INSTANTIATE_TEST_SUITE_P(Rows, CreateSemaphoreInvalidCounts, ::testing::ValuesIn(kInvalidCountsRows),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that the counts are checked before the name is looked up: invalid counts on an existing semaphore's name
// fail with ERROR_INVALID_PARAMETER, not ERROR_ALREADY_EXISTS.
TEST(CreateSemaphore, InvalidCountsOnExistingNameFailWithInvalidParameter) {
  BEHAVIOUR("SY-SEM-007");
  const std::string name = UniqueName("sem-create-invalid-existing");
  ScopedHandle first(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateSemaphoreA(nullptr, 2, 1, name.c_str()));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that an initial count equal to the maximum is accepted, up to the largest LONG, and allows that many waits.
TEST(CreateSemaphore, InitialEqualToMaximumIsAccepted) {
  BEHAVIOUR("SY-SEM-008");
  for (const LONG count : {LONG{1}, LONG{3}, LONG{0x7fffffff}}) {
    SCOPED_TRACE("initial = maximum = " + std::to_string(count));
    SetLastError(kPoisonError);
    const auto created = Call(CreateSemaphoreA(nullptr, count, count, nullptr));
    ScopedHandle semaphore(created.value);
    ASSERT_THAT(created, SucceedsWith(0));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(ReleaseSemaphore(semaphore.get(), 1, nullptr)), FailsWith(ERROR_TOO_MANY_POSTS))
        << "a semaphore at its maximum takes no more";
    EXPECT_EQ(WaitForSingleObject(semaphore.get(), 0), WAIT_OBJECT_0);
  }
}

// Tests that a semaphore created with count N allows exactly N zero-timeout waits, each taking one unit, and
// then times out.
TEST(CreateSemaphore, InitialCountAllowsExactlyThatManyWaits) {
  BEHAVIOUR("SY-SEM-009");
  for (const LONG initial : {LONG{0}, LONG{1}, LONG{3}}) {
    SCOPED_TRACE("initial count " + std::to_string(initial));
    ScopedHandle semaphore(CreateSemaphoreA(nullptr, initial, 5, nullptr));
    ASSERT_TRUE(semaphore);
    for (LONG i = 0; i < initial; ++i) {
      SCOPED_TRACE("wait " + std::to_string(i + 1));
      SetLastError(kPoisonError);
      EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    }
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(semaphore.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
        << "after " << initial << " waits the count is 0";
  }
}

// Tests that unnamed semaphores (NULL name, and "" through A and W) are distinct objects, each created with last
// error 0.
TEST(CreateSemaphore, NullAndEmptyNamesMakeDistinctSemaphores) {
  BEHAVIOUR("SY-SEM-010");
  const std::basic_string<WCHAR> empty = Wide("");
  SetLastError(kPoisonError);
  const auto a = Call(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ScopedHandle null_first(a.value);
  SetLastError(kPoisonError);
  const auto b = Call(CreateSemaphoreA(nullptr, 0, 1, nullptr));
  ScopedHandle null_second(b.value);
  SetLastError(kPoisonError);
  const auto c = Call(CreateSemaphoreA(nullptr, 0, 1, ""));
  ScopedHandle empty_a(c.value);
  SetLastError(kPoisonError);
  const auto d = Call(CreateSemaphoreW(nullptr, 0, 1, empty.c_str()));
  ScopedHandle empty_w(d.value);
  EXPECT_THAT(a, SucceedsWith(0)) << "NULL";
  EXPECT_THAT(b, SucceedsWith(0)) << "NULL again";
  EXPECT_THAT(c, SucceedsWith(0)) << "\"\" (A)";
  EXPECT_THAT(d, SucceedsWith(0)) << "\"\" (W): not ERROR_ALREADY_EXISTS, \"\" is no name";
  ASSERT_TRUE(null_first && null_second && empty_a && empty_w);
  ASSERT_TRUE(ReleaseSemaphore(null_first.get(), 1, nullptr));
  ASSERT_TRUE(ReleaseSemaphore(empty_a.get(), 1, nullptr));
  EXPECT_EQ(WaitForSingleObject(null_second.get(), 0), WAIT_TIMEOUT) << "releasing one NULL-named semaphore";
  EXPECT_EQ(WaitForSingleObject(empty_w.get(), 0), WAIT_TIMEOUT) << "releasing one \"\"-named semaphore";
}

// Tests that semaphore names are case-sensitive: another case is a new semaphore (last error 0), and Open with
// another case finds nothing (ERROR_FILE_NOT_FOUND).
TEST(CreateSemaphore, NamesAreCaseSensitive) {
  BEHAVIOUR("SY-SEM-011");
  const std::string name = UniqueName("sem-case");
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_NE(upper, name);
  ScopedHandle lower_case(CreateSemaphoreA(nullptr, 1, 1, name.c_str()));
  ASSERT_TRUE(lower_case);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, upper.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateSemaphoreA(nullptr, 0, 1, upper.c_str()));
  ScopedHandle upper_case(created.value);
  EXPECT_THAT(created, SucceedsWith(0)) << "a new semaphore, not the existing one";
  ASSERT_TRUE(upper_case);
  EXPECT_EQ(WaitForSingleObject(upper_case.get(), 0), WAIT_TIMEOUT) << "the new semaphore has its own count 0";
}

// Tests that "Local\<name>" and "<name>" name the same semaphore.
TEST(CreateSemaphore, LocalPrefixNamesTheSameSemaphore) {
  BEHAVIOUR("SY-SEM-012");
  const std::string name = UniqueName("sem-local");
  ScopedHandle local(CreateSemaphoreA(nullptr, 0, 2, ("Local\\" + name).c_str()));
  ASSERT_TRUE(local);
  SetLastError(kPoisonError);
  const auto plain = Call(CreateSemaphoreA(nullptr, 0, 2, name.c_str()));
  ScopedHandle plain_handle(plain.value);
  EXPECT_THAT(plain, SucceedsWith(ERROR_ALREADY_EXISTS));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_handle(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  ASSERT_TRUE(ReleaseSemaphore(local.get(), 1, nullptr));
  EXPECT_EQ(WaitForSingleObject(opened_handle.get(), 0), WAIT_OBJECT_0) << "a unit released through Local\\";
}

// Tests that a semaphore's name lives while any handle is open and dies with the last one: Open then fails with
// ERROR_FILE_NOT_FOUND and Create makes a new semaphore with last error 0 and the new counts.
TEST(CreateSemaphore, NameDiesWithLastHandle) {
  BEHAVIOUR("SY-SEM-013");
  const std::string name = UniqueName("sem-lifetime");
  ScopedHandle first(CreateSemaphoreA(nullptr, 1, 1, name.c_str()));
  ASSERT_TRUE(first);
  ScopedHandle second(OpenSemaphoreA(SYNCHRONIZE, FALSE, name.c_str()));
  ASSERT_TRUE(second);
  first.reset();
  SetLastError(kPoisonError);
  const auto still = Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle still_handle(still.value);
  EXPECT_THAT(still, SucceedsWith(kPoisonError)) << "one handle is still open";
  still_handle.reset();
  second.reset();

  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto again = Call(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
  ScopedHandle again_handle(again.value);
  EXPECT_THAT(again, SucceedsWith(0));
  ASSERT_TRUE(again_handle);
  EXPECT_EQ(WaitForSingleObject(again_handle.get(), 0), WAIT_TIMEOUT) << "the new semaphore's count is 0, not 1";
}

// Tests that CreateSemaphoreEx creates a semaphore with the counts given (error 0), and that a second call with the
// name opens the same semaphore (ERROR_ALREADY_EXISTS, counts unchanged).
TEST(CreateSemaphoreEx, CreatesThenOpensByName) {
  BEHAVIOUR("SY-SEM-033");
  const std::string name = UniqueName("sem-create-ex");
  SetLastError(kPoisonError);
  const auto created = Call(CreateSemaphoreExA(nullptr, 2, 5, name.c_str(), 0, SEMAPHORE_ALL_ACCESS));
  ScopedHandle first(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened = Call(CreateSemaphoreExA(nullptr, 0, 1, name.c_str(), 0, SEMAPHORE_ALL_ACCESS));
  ScopedHandle second(opened.value);
  EXPECT_THAT(opened, SucceedsWith(ERROR_ALREADY_EXISTS));
  ASSERT_TRUE(first && second);
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(first.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_TIMEOUT) << "the count was 2, not 0";
  LONG previous = -1;
  EXPECT_TRUE(ReleaseSemaphore(first.get(), 5, &previous)) << "the maximum is 5, not 1";
  EXPECT_EQ(previous, 0);
}

// Tests that CreateSemaphoreEx gives the handle exactly the access asked for: a SYNCHRONIZE handle waits but cannot
// release (ERROR_ACCESS_DENIED), a SEMAPHORE_MODIFY_STATE handle releases but cannot wait.
TEST(CreateSemaphoreEx, HandleHasTheAccessAskedFor) {
  BEHAVIOUR("SY-SEM-034");
  ScopedHandle waiter(CreateSemaphoreExA(nullptr, 1, 2, nullptr, 0, SYNCHRONIZE));
  ASSERT_TRUE(waiter);
  EXPECT_EQ(WaitForSingleObject(waiter.get(), 0), WAIT_OBJECT_0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(waiter.get(), 1, nullptr)), FailsWith(ERROR_ACCESS_DENIED));
  ScopedHandle releaser(CreateSemaphoreExW(nullptr, 0, 2, nullptr, 0, SEMAPHORE_MODIFY_STATE));
  ASSERT_TRUE(releaser);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseSemaphore(releaser.get(), 1, nullptr)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(releaser.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
}

// Tests that CreateSemaphoreEx refuses counts CreateSemaphore refuses: a maximum of 0, an initial count above the
// maximum or below 0 (ERROR_INVALID_PARAMETER).
TEST(CreateSemaphoreEx, BadCountsAreInvalidParameter) {
  BEHAVIOUR("SY-SEM-035");
  for (const auto& counts : {std::pair<LONG, LONG>{0, 0}, std::pair<LONG, LONG>{3, 2}, std::pair<LONG, LONG>{-1, 2}}) {
    SetLastError(kPoisonError);
    const auto call = Call(CreateSemaphoreExA(nullptr, counts.first, counts.second, nullptr, 0, SEMAPHORE_ALL_ACCESS));
    ScopedHandle handle(call.value);
    EXPECT_THAT(call, FailsWith(ERROR_INVALID_PARAMETER)) << counts.first << " of " << counts.second;
  }
}

// Tests that the semaphore access rights have their documented values: SEMAPHORE_MODIFY_STATE is 0x2 and
// SEMAPHORE_ALL_ACCESS is 0x1F0003 (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3).
TEST(CreateSemaphore, AccessRightValuesAreTheDocumentedOnes) {
  BEHAVIOUR("SY-SEM-014");
  EXPECT_EQ(static_cast<DWORD>(SEMAPHORE_MODIFY_STATE), 0x2u);
  EXPECT_EQ(static_cast<DWORD>(SEMAPHORE_ALL_ACCESS), 0x1F0003u);
  EXPECT_EQ(static_cast<DWORD>(SEMAPHORE_ALL_ACCESS), static_cast<DWORD>(STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x3));
}

}  // namespace
}  // namespace winipc::conformance
