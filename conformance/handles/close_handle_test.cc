// CloseHandle: handles that are not open, pseudo-handles, and closing one of several handles.
//
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

HANDLE FromValue(intptr_t value) { return reinterpret_cast<HANDLE>(value); }

// Tests that CloseHandle on NULL, a forged value or an already closed handle returns FALSE with
// ERROR_INVALID_HANDLE (and does not raise an exception).
TEST(CloseHandle, HandleNotOpenFailsWithInvalidHandle) {
  BEHAVIOUR("HD-CLOSE-001");
  HANDLE closed = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(closed, nullptr);
  SetLastError(kPoisonError);
  const auto first = Call(CloseHandle(closed));
  SetLastError(kPoisonError);
  const auto again = Call(CloseHandle(closed));  // at once: a freed value is soon given to another handle
  EXPECT_THAT(first, SucceedsWith(kPoisonError));
  EXPECT_THAT(again, FailsWith(ERROR_INVALID_HANDLE)) << "closing it again";
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"NULL", nullptr}, {"forged 0x1234", ForgedHandle()}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CloseHandle(c.handle)), FailsWith(ERROR_INVALID_HANDLE));
  }
}

// Tests that CloseHandle on a pseudo-handle (-1 GetCurrentProcess, -2 GetCurrentThread) returns TRUE and leaves
// last error untouched.
TEST(CloseHandle, PseudoHandleSucceeds) {
  BEHAVIOUR("HD-CLOSE-002");
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"GetCurrentProcess()", GetCurrentProcess()}, {"-2 (GetCurrentThread())", FromValue(-2)}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CloseHandle(c.handle)), SucceedsWith(kPoisonError));
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(CloseHandle(c.handle)), SucceedsWith(kPoisonError)) << "closing it again";
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(GetCurrentProcess(), 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError))
      << "the pseudo-handle still works after being closed";
}

// Tests that closing one handle of an object leaves the object's other handles working.
TEST(CloseHandle, OtherHandlesOfTheObjectKeepWorking) {
  BEHAVIOUR("HD-CLOSE-003");
  const std::string name = UniqueName("hd-close-other");
  HANDLE first = CreateEventA(nullptr, TRUE, FALSE, name.c_str());
  ASSERT_NE(first, nullptr);
  ScopedHandle second(OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str()));
  ASSERT_TRUE(second);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(CloseHandle(first)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(second.get())), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(second.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
}

}  // namespace
}  // namespace winipc::conformance
