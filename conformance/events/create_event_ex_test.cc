// CreateEventEx: the flags that replace bManualReset / bInitialState, and the access the new handle gets.
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventexa
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventexw
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that CREATE_EVENT_MANUAL_RESET and CREATE_EVENT_INITIAL_SET select the reset type and the initial state.
TEST(CreateEventEx, FlagsSelectResetTypeAndInitialState) {
  BEHAVIOUR("EV-CREATE-008");
  ScopedHandle manual_set(CreateEventExA(nullptr, nullptr, CREATE_EVENT_MANUAL_RESET | CREATE_EVENT_INITIAL_SET,
                                         EVENT_ALL_ACCESS));
  ASSERT_TRUE(manual_set);
  EXPECT_EQ(WaitForSingleObject(manual_set.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(manual_set.get(), 0), WAIT_OBJECT_0) << "a manual-reset event stays signalled";
  ScopedHandle auto_set(CreateEventExA(nullptr, nullptr, CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS));
  ASSERT_TRUE(auto_set);
  EXPECT_EQ(WaitForSingleObject(auto_set.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(auto_set.get(), 0), WAIT_TIMEOUT) << "an auto-reset event is consumed";
  ScopedHandle unset(CreateEventExA(nullptr, nullptr, 0, EVENT_ALL_ACCESS));
  ASSERT_TRUE(unset);
  EXPECT_EQ(WaitForSingleObject(unset.get(), 0), WAIT_TIMEOUT);
}

// Tests that the new handle has exactly the access asked for: EVENT_MODIFY_STATE alone can set but not wait.
TEST(CreateEventEx, NewHandleHasTheAccessAskedFor) {
  BEHAVIOUR("EV-CREATE-009");
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventExA(nullptr, UniqueName("evex-access").c_str(), 0, EVENT_MODIFY_STATE));
  ScopedHandle event(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(event.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
}

// Tests that CreateEventEx on an existing event's name returns a handle to it with ERROR_ALREADY_EXISTS, and the
// event keeps its first creator's reset type and state.
TEST(CreateEventEx, ExistingNameGivesTheExistingEvent) {
  BEHAVIOUR("EV-CREATE-010");
  const std::string name = UniqueName("evex-existing");
  ScopedHandle first(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateEventExW(nullptr, Wide(name).c_str(), CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_TIMEOUT) << "the new initial state is ignored";
  ASSERT_TRUE(SetEvent(first.get()));
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_OBJECT_0) << "still the first creator's manual reset";
}

// Tests that CreateEventEx on a mapping's name fails with ERROR_INVALID_HANDLE (one namespace).
TEST(CreateEventEx, MappingNameFailsInvalidHandle) {
  BEHAVIOUR("EV-CREATE-011");
  const std::string name = UniqueName("evex-mapping");
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name.c_str()));
  ASSERT_TRUE(mapping);
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventExA(nullptr, name.c_str(), 0, EVENT_ALL_ACCESS));
  ScopedHandle event(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that dwFlags bits other than CREATE_EVENT_MANUAL_RESET and CREATE_EVENT_INITIAL_SET are ignored: the
// event is created as if they were not there.
TEST(CreateEventEx, UnknownFlagBitsAreIgnored) {
  BEHAVIOUR("EV-CREATE-012");
  for (DWORD flags : {0x4u, 0x8u, 0x80000000u}) {
    SCOPED_TRACE(flags);
    SetLastError(kPoisonError);
    const auto created = Call(CreateEventExA(nullptr, nullptr, flags | CREATE_EVENT_INITIAL_SET, EVENT_ALL_ACCESS));
    ScopedHandle event(created.value);
    ASSERT_THAT(created, SucceedsWith(0));
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
    EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_TIMEOUT) << "still an auto-reset event";
  }
}

}  // namespace
}  // namespace winipc::conformance
