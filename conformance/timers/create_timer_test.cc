// CreateWaitableTimer(Ex) and OpenWaitableTimer: names, the reset type, and the access a handle is given.
//
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createwaitabletimerw
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createwaitabletimerexw
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-openwaitabletimerw
// https://learn.microsoft.com/en-us/windows/win32/sync/synchronization-object-security-and-access-rights
#include <string>

#include "harness/harness.h"
#include "timers/due_time.h"

namespace winipc::conformance {
namespace {

using timers::DueAtOnce;

// Sets `timer` to fire at once, without a period.
bool FireNow(HANDLE timer) {
  const LARGE_INTEGER due = DueAtOnce();
  return SetWaitableTimer(timer, &due, 0, nullptr, nullptr, FALSE) != 0;
}

// Tests that CreateWaitableTimer with a name nobody uses creates the timer and sets last error 0 (A and W).
TEST(CreateWaitableTimer, NewNameSucceedsWithErrorZero) {
  BEHAVIOUR("SY-TMR-001");
  const std::string name = UniqueName("tmr-create-new");
  SetLastError(kPoisonError);
  const auto narrow = Call(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ScopedHandle narrow_timer(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(0)) << "CreateWaitableTimerA";
  const std::string wide_name = UniqueName("tmr-create-new-w");
  SetLastError(kPoisonError);
  const auto wide = Call(CreateWaitableTimerW(nullptr, FALSE, Wide(wide_name).c_str()));
  ScopedHandle wide_timer(wide.value);
  EXPECT_THAT(wide, SucceedsWith(0)) << "CreateWaitableTimerW";
}

// Tests that CreateWaitableTimer on an existing timer's name returns a new handle to the same timer with
// ERROR_ALREADY_EXISTS (A and W).
TEST(CreateWaitableTimer, ExistingNameSucceedsWithAlreadyExists) {
  BEHAVIOUR("SY-TMR-002");
  const std::string name = UniqueName("tmr-create-existing");
  ScopedHandle first(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto narrow = Call(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ScopedHandle second(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(ERROR_ALREADY_EXISTS)) << "CreateWaitableTimerA";
  EXPECT_NE(second.get(), first.get()) << "each Create* call gets its own handle";
  SetLastError(kPoisonError);
  const auto wide = Call(CreateWaitableTimerW(nullptr, TRUE, Wide(name).c_str()));
  ScopedHandle third(wide.value);
  EXPECT_THAT(wide, SucceedsWith(ERROR_ALREADY_EXISTS)) << "CreateWaitableTimerW";
  ASSERT_TRUE(second && third);

  ASSERT_TRUE(FireNow(second.get()));
  EXPECT_EQ(WaitForSingleObject(third.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "set through the second handle";
  EXPECT_EQ(WaitForSingleObject(first.get(), 0), WAIT_OBJECT_0) << "the handles name one timer";
}

// Tests that every unnamed CreateWaitableTimer makes a distinct timer and sets last error 0.
TEST(CreateWaitableTimer, UnnamedTimersAreDistinct) {
  BEHAVIOUR("SY-TMR-003");
  SetLastError(kPoisonError);
  const auto a = Call(CreateWaitableTimerA(nullptr, TRUE, nullptr));
  ScopedHandle first(a.value);
  SetLastError(kPoisonError);
  const auto b = Call(CreateWaitableTimerW(nullptr, TRUE, nullptr));
  ScopedHandle second(b.value);
  EXPECT_THAT(a, SucceedsWith(0));
  EXPECT_THAT(b, SucceedsWith(0));
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(FireNow(first.get()));
  ASSERT_EQ(WaitForSingleObject(first.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  EXPECT_EQ(WaitForSingleObject(second.get(), 0), WAIT_TIMEOUT) << "the second timer fired with the first";
}

// Tests that a new timer, manual-reset or synchronization, is not signalled.
TEST(CreateWaitableTimer, NewTimerIsNotSignalled) {
  BEHAVIOUR("SY-TMR-004");
  for (const BOOL manual : {TRUE, FALSE}) {
    SCOPED_TRACE(manual ? "manual-reset" : "synchronization");
    ScopedHandle timer(CreateWaitableTimerA(nullptr, manual, nullptr));
    ASSERT_TRUE(timer);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
  }
}

// Tests that a named timer is temporary: once its last handle is closed, OpenWaitableTimer fails with
// ERROR_FILE_NOT_FOUND.
TEST(CreateWaitableTimer, NameIsGoneAfterLastClose) {
  BEHAVIOUR("SY-TMR-005");
  const std::string name = UniqueName("tmr-temporary");
  ScopedHandle timer(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ASSERT_TRUE(timer);
  timer.reset();
  SetLastError(kPoisonError);
  const auto opened = Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle reopened(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that OpenWaitableTimer with a NULL name fails with ERROR_INVALID_PARAMETER (A and W).
TEST(OpenWaitableTimer, NullNameFailsWithInvalidParameter) {
  BEHAVIOUR("SY-TMR-006");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that OpenWaitableTimer on a name that does not exist fails with ERROR_FILE_NOT_FOUND (A and W).
TEST(OpenWaitableTimer, MissingNameFailsWithFileNotFound) {
  BEHAVIOUR("SY-TMR-007");
  const std::string name = UniqueName("tmr-open-missing");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, Wide(name).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that OpenWaitableTimer (A and W) finds an existing timer by its exact name, leaves the last error
// untouched, and its handle names the same timer.
TEST(OpenWaitableTimer, ExactNameOpensSameTimer) {
  BEHAVIOUR("SY-TMR-008");
  const std::string name = UniqueName("tmr-open");
  ScopedHandle created(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  const auto narrow = Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle narrow_timer(narrow.value);
  EXPECT_THAT(narrow, SucceedsWith(kPoisonError)) << "OpenWaitableTimerA";
  SetLastError(kPoisonError);
  const auto wide = Call(OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, Wide(name).c_str()));
  ScopedHandle wide_timer(wide.value);
  EXPECT_THAT(wide, SucceedsWith(kPoisonError)) << "OpenWaitableTimerW";
  ASSERT_TRUE(narrow_timer && wide_timer);
  ASSERT_TRUE(FireNow(wide_timer.get()));
  EXPECT_EQ(WaitForSingleObject(created.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "set through the W handle";
  EXPECT_EQ(WaitForSingleObject(narrow_timer.get(), 0), WAIT_OBJECT_0) << "seen through the A handle";
}

// Tests that timer names are case-sensitive: a differently cased name is not found by OpenWaitableTimer, and
// CreateWaitableTimer makes a new timer with it.
TEST(OpenWaitableTimer, NamesAreCaseSensitive) {
  BEHAVIOUR("SY-TMR-009");
  const std::string name = UniqueName("tmr-case") + "-lower";
  std::string upper = name;
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  ScopedHandle created(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ASSERT_TRUE(created);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, upper.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto other = Call(CreateWaitableTimerA(nullptr, TRUE, upper.c_str()));
  ScopedHandle other_timer(other.value);
  EXPECT_THAT(other, SucceedsWith(0)) << "a new timer, not ERROR_ALREADY_EXISTS";
}

// One access mask for OpenWaitableTimer and what a handle opened with it may do.
struct OpenAccessCase {
  const char* id;
  const char* name;
  DWORD access;
  bool can_modify;  // SetWaitableTimer / CancelWaitableTimer need TIMER_MODIFY_STATE
  bool can_wait;    // WaitForSingleObject needs SYNCHRONIZE
};

void PrintTo(const OpenAccessCase& row, std::ostream* os) { *os << row.name; }

class OpenWaitableTimerAccess : public ::testing::TestWithParam<OpenAccessCase> {};

// Tests that the access OpenWaitableTimer grants is exactly what Set/Cancel (TIMER_MODIFY_STATE) and Wait
// (SYNCHRONIZE) need; a missing right fails with ERROR_ACCESS_DENIED (Wait: WAIT_FAILED) and changes nothing.
TEST_P(OpenWaitableTimerAccess, GrantsExactlyTheMappedRights) {
  const OpenAccessCase& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("tmr-open-access");
  ScopedHandle owner(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
  ASSERT_TRUE(owner);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenWaitableTimerA(row.access, FALSE, name.c_str()));
  ScopedHandle timer(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));

  const LARGE_INTEGER due = DueAtOnce();
  SetLastError(kPoisonError);
  if (row.can_modify) {
    EXPECT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE)), SucceedsWith(kPoisonError));
    EXPECT_EQ(WaitForSingleObject(owner.get(), kChildTimeoutMs), WAIT_OBJECT_0) << "set through the opened handle";
  } else {
    EXPECT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE)), FailsWith(ERROR_ACCESS_DENIED));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CancelWaitableTimer(timer.get())), FailsWith(ERROR_ACCESS_DENIED));
    EXPECT_EQ(WaitForSingleObject(owner.get(), 300), WAIT_TIMEOUT) << "a refused SetWaitableTimer set the timer";
    ASSERT_TRUE(FireNow(owner.get()));  // so that a permitted wait below sees a signalled timer
    ASSERT_EQ(WaitForSingleObject(owner.get(), kChildTimeoutMs), WAIT_OBJECT_0);
  }
  SetLastError(kPoisonError);
  if (row.can_wait) {
    EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  } else {
    EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_FAILED, ERROR_ACCESS_DENIED));
  }
}

// The rows, one behaviour each:
//   SY-TMR-010  a TIMER_ALL_ACCESS handle can set the timer and wait on it.
//   SY-TMR-011  a SYNCHRONIZE handle can wait, but SetWaitableTimer and CancelWaitableTimer fail with
//               ERROR_ACCESS_DENIED.
//   SY-TMR-012  a TIMER_MODIFY_STATE handle can set the timer, but its wait fails with WAIT_FAILED /
//               ERROR_ACCESS_DENIED.
INSTANTIATE_TEST_SUITE_P(
    Access, OpenWaitableTimerAccess,
    ::testing::Values(OpenAccessCase{"SY-TMR-010", "AllAccess", TIMER_ALL_ACCESS, true, true},
                      OpenAccessCase{"SY-TMR-011", "Synchronize", SYNCHRONIZE, false, true},
                      OpenAccessCase{"SY-TMR-012", "ModifyState", TIMER_MODIFY_STATE, true, false}),
    [](const ::testing::TestParamInfo<OpenAccessCase>& info) { return std::string(info.param.name); });

// Tests that CreateWaitableTimerEx makes a manual-reset timer with CREATE_WAITABLE_TIMER_MANUAL_RESET (it stays
// signalled for every wait) and a synchronization timer without it (one wait consumes the signal), A and W.
TEST(CreateWaitableTimerEx, ManualResetFlagChoosesTheTimerType) {
  BEHAVIOUR("SY-TMR-013");
  for (const bool wide : {false, true}) {
    for (const DWORD flags : {DWORD{CREATE_WAITABLE_TIMER_MANUAL_RESET}, DWORD{0}}) {
      const bool manual = flags != 0;
      SCOPED_TRACE(std::string(wide ? "W, " : "A, ") + (manual ? "manual-reset" : "synchronization"));
      const std::string name = UniqueName("tmr-create-ex");
      SetLastError(kPoisonError);
      const auto created = wide ? Call(CreateWaitableTimerExW(nullptr, Wide(name).c_str(), flags, TIMER_ALL_ACCESS))
                                : Call(CreateWaitableTimerExA(nullptr, name.c_str(), flags, TIMER_ALL_ACCESS));
      ScopedHandle timer(created.value);
      ASSERT_THAT(created, SucceedsWith(0));
      ASSERT_TRUE(FireNow(timer.get()));
      ASSERT_EQ(WaitForSingleObject(timer.get(), kChildTimeoutMs), WAIT_OBJECT_0);
      EXPECT_EQ(WaitForSingleObject(timer.get(), 0), manual ? WAIT_OBJECT_0 : WAIT_TIMEOUT) << "the second wait";
    }
  }
}

// Tests that CreateWaitableTimerEx gives the handle only dwDesiredAccess: with SYNCHRONIZE alone the new timer's
// handle can wait, but SetWaitableTimer fails with ERROR_ACCESS_DENIED.
TEST(CreateWaitableTimerEx, DesiredAccessLimitsTheHandle) {
  BEHAVIOUR("SY-TMR-014");
  SetLastError(kPoisonError);
  const auto created = Call(CreateWaitableTimerExA(nullptr, UniqueName("tmr-ex-access").c_str(),
                                                   CREATE_WAITABLE_TIMER_MANUAL_RESET, SYNCHRONIZE));
  ScopedHandle timer(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  const LARGE_INTEGER due = DueAtOnce();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetWaitableTimer(timer.get(), &due, 0, nullptr, nullptr, FALSE)), FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(timer.get(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

}  // namespace
}  // namespace winipc::conformance
