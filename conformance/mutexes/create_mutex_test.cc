// CreateMutex and CreateMutexEx: new and existing names, unnamed mutexes, initial ownership, malformed names.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createmutexa
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createmutexw
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createmutexexa
// https://learn.microsoft.com/en-us/windows/win32/sync/mutex-objects
#include <ostream>
#include <string>
#include <thread>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that CreateMutex with a name nobody uses creates the mutex and sets last error 0 (A and W).
TEST(CreateMutex, NewNameSucceedsWithErrorZero) {
  BEHAVIOUR("SY-MTX-001");
  SetLastError(kPoisonError);
  const auto narrow = Call(CreateMutexA(nullptr, FALSE, UniqueName("mtx-create-new").c_str()));
  ScopedHandle a(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(0)) << "CreateMutexA";
  SetLastError(kPoisonError);
  const auto wide = Call(CreateMutexW(nullptr, FALSE, Wide(UniqueName("mtx-create-new-w")).c_str()));
  ScopedHandle w(wide.value);
  EXPECT_THAT(wide, SucceedsWith(0)) << "CreateMutexW";
}

// Tests that CreateMutex on an existing mutex's name returns a new handle to it with ERROR_ALREADY_EXISTS.
TEST(CreateMutex, ExistingNameSucceedsWithAlreadyExists) {
  BEHAVIOUR("SY-MTX-002");
  const std::string name = UniqueName("mtx-create-existing");
  ScopedHandle first(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateMutexW(nullptr, FALSE, Wide(name).c_str()));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_NE(second.get(), first.get()) << "each Create* call gets its own handle";
  EXPECT_EQ(WaitFromOtherThread(second.get(), 0), WAIT_TIMEOUT)
      << "the second handle must reach the mutex this thread owns";
  ASSERT_TRUE(ReleaseMutex(first.get()));
}

// Tests that bInitialOwner is ignored when the name exists: a caller that opens an unowned mutex this way does
// not own it (its ReleaseMutex fails with ERROR_NOT_OWNER, and another thread can take the mutex).
TEST(CreateMutex, ExistingNameIgnoresInitialOwner) {
  BEHAVIOUR("SY-MTX-003");
  const std::string name = UniqueName("mtx-create-owner-ignored");
  ScopedHandle first(CreateMutexA(nullptr, /*bInitialOwner=*/FALSE, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ScopedHandle second(again.value);
  ASSERT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(WaitFromOtherThread(first.get(), 0), WAIT_OBJECT_0) << "nobody may own the mutex";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(second.get())), FailsWith(ERROR_NOT_OWNER));
}

// Tests that a new mutex created with bInitialOwner TRUE is owned by the creating thread: another thread's wait
// times out until the creator releases it, and then succeeds.
TEST(CreateMutex, InitialOwnerOwnsNewMutex) {
  BEHAVIOUR("SY-MTX-004");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ASSERT_TRUE(mutex);
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 300), WAIT_TIMEOUT) << "another thread got an owned mutex";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError)) << "the creator releases it";
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_OBJECT_0) << "released, another thread takes it";
}

// Tests that a new mutex created with bInitialOwner FALSE is not owned: ReleaseMutex fails with ERROR_NOT_OWNER
// and another thread's wait succeeds at once.
TEST(CreateMutex, NoInitialOwnerLeavesMutexFree) {
  BEHAVIOUR("SY-MTX-005");
  ScopedHandle mutex(CreateMutexA(nullptr, /*bInitialOwner=*/FALSE, nullptr));
  ASSERT_TRUE(mutex);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER));
  EXPECT_EQ(WaitFromOtherThread(mutex.get(), 0), WAIT_OBJECT_0);
}

// Tests that unnamed mutexes (NULL name, and "" through A and W) are distinct objects, each created with last
// error 0.
TEST(CreateMutex, NullAndEmptyNamesMakeDistinctMutexes) {
  BEHAVIOUR("SY-MTX-006");
  SetLastError(kPoisonError);
  const auto null_name = Call(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, nullptr));
  ScopedHandle first(null_name.value);
  SetLastError(kPoisonError);
  const auto empty_a = Call(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, ""));
  ScopedHandle second(empty_a.value);
  SetLastError(kPoisonError);
  const auto empty_w = Call(CreateMutexW(nullptr, FALSE, Wide("").c_str()));
  ScopedHandle third(empty_w.value);
  EXPECT_THAT(null_name, SucceedsWith(0)) << "NULL";
  EXPECT_THAT(empty_a, SucceedsWith(0)) << "\"\" through A";
  EXPECT_THAT(empty_w, SucceedsWith(0)) << "\"\" through W: not ERROR_ALREADY_EXISTS";
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(WaitFromOtherThread(third.get(), 0), WAIT_OBJECT_0)
      << "the third mutex is free although this thread owns the first two";
  EXPECT_TRUE(ReleaseMutex(first.get()));
  EXPECT_TRUE(ReleaseMutex(second.get()));
}

// Tests that a mutex's name lives while any handle is open and dies with the last one: OpenMutex then fails
// with ERROR_FILE_NOT_FOUND and CreateMutex makes a new mutex with last error 0.
TEST(CreateMutex, NameDiesWithLastHandle) {
  BEHAVIOUR("SY-MTX-007");
  const std::string name = UniqueName("mtx-create-temporary");
  ScopedHandle first(CreateMutexA(nullptr, /*bInitialOwner=*/TRUE, name.c_str()));
  ASSERT_TRUE(first);
  ScopedHandle second(OpenMutexA(SYNCHRONIZE, FALSE, name.c_str()));
  ASSERT_TRUE(second);
  ASSERT_TRUE(ReleaseMutex(first.get()));
  first.reset();
  SetLastError(kPoisonError);
  const auto still_there = Call(OpenMutexA(READ_CONTROL, FALSE, name.c_str()));
  ScopedHandle still(still_there.value);
  EXPECT_THAT(still_there, SucceedsWith(kPoisonError)) << "one handle is still open";
  still.reset();
  second.reset();
  SetLastError(kPoisonError);
  const auto gone = Call(OpenMutexA(READ_CONTROL, FALSE, name.c_str()));
  ScopedHandle gone_handle(gone.value);
  EXPECT_THAT(gone, FailsWith(ERROR_FILE_NOT_FOUND)) << "after the last CloseHandle";
  SetLastError(kPoisonError);
  const auto recreated = Call(CreateMutexA(nullptr, FALSE, name.c_str()));
  ScopedHandle fresh(recreated.value);
  EXPECT_THAT(recreated, SucceedsWith(0)) << "a new mutex, not the old one";
}

// A malformed name and the error every Create/Open of a mutex gives for it (A and W).
struct MalformedNameRow {
  const char* label;
  const char* prefix;
  const char* suffix;
  DWORD error;
};

void PrintTo(const MalformedNameRow& row, std::ostream* os) { *os << row.label; }

class CreateMutexMalformedName : public ::testing::TestWithParam<MalformedNameRow> {};

// Tests that malformed names fail CreateMutex and OpenMutex (A and W) with the namespace's error: a backslash
// after an ordinary name ERROR_PATH_NOT_FOUND, a leading backslash ERROR_BAD_PATHNAME, an empty component
// ERROR_INVALID_NAME.
TEST_P(CreateMutexMalformedName, FailsWithTheNamespaceError) {
  const MalformedNameRow& row = GetParam();
  BEHAVIOUR("SY-MTX-008");
  const std::string name = row.prefix + UniqueName("mtx-malformed") + row.suffix;
  SCOPED_TRACE("name \"" + name + "\"");
  SetLastError(kPoisonError);
  const auto create_a = Call(CreateMutexA(nullptr, FALSE, name.c_str()));
  ScopedHandle a(create_a.value);
  EXPECT_THAT(create_a, FailsWith(row.error)) << "CreateMutexA";
  SetLastError(kPoisonError);
  const auto create_w = Call(CreateMutexW(nullptr, FALSE, Wide(name).c_str()));
  ScopedHandle w(create_w.value);
  EXPECT_THAT(create_w, FailsWith(row.error)) << "CreateMutexW";
  SetLastError(kPoisonError);
  const auto open_a = Call(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle o(open_a.value);
  EXPECT_THAT(open_a, FailsWith(row.error)) << "OpenMutexA";
}

INSTANTIATE_TEST_SUITE_P(Rows, CreateMutexMalformedName,
                         ::testing::Values(MalformedNameRow{"InnerBackslash", "foo\\", "", ERROR_PATH_NOT_FOUND},
                                           MalformedNameRow{"LeadingBackslash", "\\", "", ERROR_BAD_PATHNAME},
                                           MalformedNameRow{"EmptyComponent", "Local\\\\", "", ERROR_INVALID_NAME}),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that CreateMutexEx with CREATE_MUTEX_INITIAL_OWNER makes the creator the owner, and with flags 0 leaves
// the new mutex free.
TEST(CreateMutexEx, InitialOwnerFlagSelectsOwnership) {
  BEHAVIOUR("SY-MTX-009");
  SetLastError(kPoisonError);
  const auto owned_call = Call(CreateMutexExA(nullptr, nullptr, CREATE_MUTEX_INITIAL_OWNER, MUTEX_ALL_ACCESS));
  ScopedHandle owned(owned_call.value);
  EXPECT_THAT(owned_call, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto free_call = Call(CreateMutexExW(nullptr, nullptr, 0, MUTEX_ALL_ACCESS));
  ScopedHandle free_mutex(free_call.value);
  EXPECT_THAT(free_call, SucceedsWith(0));
  ASSERT_TRUE(owned && free_mutex);
  EXPECT_EQ(WaitFromOtherThread(owned.get(), 300), WAIT_TIMEOUT) << "CREATE_MUTEX_INITIAL_OWNER";
  EXPECT_EQ(WaitFromOtherThread(free_mutex.get(), 0), WAIT_OBJECT_0) << "flags 0";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(owned.get())), SucceedsWith(kPoisonError));
}

// Tests that CreateMutexEx gives the new handle exactly the access asked for: a MUTEX_MODIFY_STATE handle cannot
// wait (WAIT_FAILED, ERROR_ACCESS_DENIED) but its owner can still release through it.
TEST(CreateMutexEx, NewHandleHasTheAccessAskedFor) {
  BEHAVIOUR("SY-MTX-010");
  SetLastError(kPoisonError);
  const auto created =
      Call(CreateMutexExA(nullptr, UniqueName("mtx-create-ex-access").c_str(), CREATE_MUTEX_INITIAL_OWNER,
                          MUTEX_MODIFY_STATE));
  ScopedHandle mutex(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(mutex.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ReleaseMutex(mutex.get())), FailsWith(ERROR_NOT_OWNER)) << "the refused wait took nothing";
}

}  // namespace
}  // namespace winipc::conformance
