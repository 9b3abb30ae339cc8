// CreateEvent: new and existing names, unnamed events, reset type and initial state.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventa
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventw
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that CreateEvent with a name nobody uses creates the event and sets last error 0.
TEST(CreateEvent, NewNameSucceedsWithErrorZero) {
  BEHAVIOUR("EV-CREATE-001");
  const std::string name = UniqueName("ev-create-new");
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ScopedHandle event(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
}

// Tests that CreateEvent on an existing event's name returns a new handle with ERROR_ALREADY_EXISTS.
TEST(CreateEvent, ExistingNameSucceedsWithAlreadyExists) {
  BEHAVIOUR("EV-CREATE-002");
  const std::string name = UniqueName("ev-create-existing");
  ScopedHandle first(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto again = Call(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ScopedHandle second(again.value);
  EXPECT_THAT(again, SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_NE(second.get(), first.get()) << "each Create* call gets its own handle";
}

// Tests that CreateEvent on an existing name keeps the first creator's manual/auto reset type.
TEST(CreateEvent, ExistingNameKeepsFirstResetType) {
  BEHAVIOUR("EV-CREATE-003");
  {
    SCOPED_TRACE("first manual-reset, then asked for auto-reset");
    const std::string name = UniqueName("ev-create-manual-first");
    ScopedHandle first(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, name.c_str()));
    ScopedHandle second(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, name.c_str()));
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(SetEvent(first.get()));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
        << "a manual-reset event stays signalled after a wait";
  }
  {
    SCOPED_TRACE("first auto-reset, then asked for manual-reset");
    const std::string name = UniqueName("ev-create-auto-first");
    ScopedHandle first(CreateEventA(nullptr, /*bManualReset=*/FALSE, FALSE, name.c_str()));
    ScopedHandle second(CreateEventA(nullptr, /*bManualReset=*/TRUE, FALSE, name.c_str()));
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(SetEvent(first.get()));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
        << "an auto-reset event is consumed by the first wait";
  }
}

// Tests that CreateEvent on an existing name ignores bInitialState: the event keeps its current state.
TEST(CreateEvent, ExistingNameKeepsCurrentState) {
  BEHAVIOUR("EV-CREATE-004");
  {
    SCOPED_TRACE("created signalled, then asked for not signalled");
    const std::string name = UniqueName("ev-create-signalled-first");
    ScopedHandle first(CreateEventA(nullptr, TRUE, /*bInitialState=*/TRUE, name.c_str()));
    ScopedHandle second(CreateEventA(nullptr, TRUE, /*bInitialState=*/FALSE, name.c_str()));
    ASSERT_TRUE(first && second);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(first.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  }
  {
    SCOPED_TRACE("created not signalled, then asked for signalled");
    const std::string name = UniqueName("ev-create-unsignalled-first");
    ScopedHandle first(CreateEventA(nullptr, TRUE, /*bInitialState=*/FALSE, name.c_str()));
    ScopedHandle second(CreateEventA(nullptr, TRUE, /*bInitialState=*/TRUE, name.c_str()));
    ASSERT_TRUE(first && second);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(first.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  }
}

// Tests that two CreateEvent calls with a NULL name make two distinct events, each with last error 0.
TEST(CreateEvent, NullNameMakesDistinctEvents) {
  BEHAVIOUR("EV-CREATE-005");
  SetLastError(kPoisonError);
  const auto a = Call(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle first(a.value);
  SetLastError(kPoisonError);
  const auto b = Call(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle second(b.value);
  EXPECT_THAT(a, SucceedsWith(0));
  EXPECT_THAT(b, SucceedsWith(0));
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(SetEvent(first.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "setting the first event must not signal the second";
}

// Tests that an empty name "" means unnamed: two such CreateEvent calls make distinct events with last error 0.
TEST(CreateEvent, EmptyNameMakesDistinctEvents) {
  BEHAVIOUR("EV-CREATE-006");
  SetLastError(kPoisonError);
  const auto a = Call(CreateEventA(nullptr, TRUE, FALSE, ""));
  ScopedHandle first(a.value);
  SetLastError(kPoisonError);
  const auto b = Call(CreateEventW(nullptr, TRUE, FALSE, Wide("").c_str()));
  ScopedHandle second(b.value);
  EXPECT_THAT(a, SucceedsWith(0));
  EXPECT_THAT(b, SucceedsWith(0)) << "not ERROR_ALREADY_EXISTS: \"\" is no name";
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(SetEvent(first.get()));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "setting the first event must not signal the second";
}

// Tests that a new event starts signalled exactly when bInitialState is TRUE.
TEST(CreateEvent, InitialStateIsHonoured) {
  BEHAVIOUR("EV-CREATE-007");
  for (const BOOL manual_reset : {TRUE, FALSE}) {
    SCOPED_TRACE(manual_reset ? "manual-reset" : "auto-reset");
    ScopedHandle signalled(CreateEventA(nullptr, manual_reset, /*bInitialState=*/TRUE, nullptr));
    ScopedHandle unsignalled(CreateEventA(nullptr, manual_reset, /*bInitialState=*/FALSE, nullptr));
    ASSERT_TRUE(signalled && unsignalled);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(signalled.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(unsignalled.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  }
}

}  // namespace
}  // namespace winipc::conformance
