// The invalid-parameter handler of the Microsoft C runtime: what runs when a checked function gets a bad argument.
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/parameter-validation
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/set-invalid-parameter-handler-set-thread-local-invalid-parameter-handler
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crt/crt_fixture.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using InvalidParameterHandler = CrtTest;

// Tests that an installed handler runs once for each bad argument, in every family of checked functions, and that
// the function then returns its documented failure with errno set.
TEST_F(InvalidParameterHandler, InstalledHandlerRunsOncePerBadCall) {
  BEHAVIOUR("CR-INVALID-001");
  char small[2];
  EXPECT_EQ(strcpy_s(small, sizeof small, "long"), ERANGE);
  EXPECT_EQ(HandlerCalls(), 1);
  EXPECT_EQ(sprintf_s(small, sizeof small, "%s", "long"), -1);
  EXPECT_EQ(HandlerCalls(), 2);
  EXPECT_EQ(memcpy_s(small, sizeof small, "long", 4), ERANGE);
  EXPECT_EQ(HandlerCalls(), 3);
  EXPECT_EQ(_itoa_s(1, small, sizeof small, 99), EINVAL);
  EXPECT_EQ(HandlerCalls(), 4);
  EXPECT_EQ(fopen_s(nullptr, "x", "r"), EINVAL);
  EXPECT_EQ(HandlerCalls(), 5);
  struct tm tm;
  EXPECT_EQ(_localtime64_s(&tm, nullptr), EINVAL);
  EXPECT_EQ(HandlerCalls(), 6);
  EXPECT_EQ(_stricmp(nullptr, "a"), 0x7fffffff);
  EXPECT_EQ(HandlerCalls(), 7);
  EXPECT_EQ(errno, EINVAL);
}

// Tests that _set_invalid_parameter_handler returns the handler it replaces.
TEST_F(InvalidParameterHandler, SetReturnsThePreviousHandler) {
  BEHAVIOUR("CR-INVALID-002");
  _invalid_parameter_handler mine = _set_invalid_parameter_handler(nullptr);
  EXPECT_NE(mine, nullptr);
  EXPECT_EQ(_set_invalid_parameter_handler(mine), nullptr);
}

CHILD_MAIN(CrBadCallWithDefaultHandler) {
  char small[2];
  strcpy_s(small, sizeof small, "long");
  return 0;  // reached only if the default handler returns
}

// Tests that with no handler installed a bad argument ends the process with STATUS_INVALID_CRUNTIME_PARAMETER
// (0xC0000417), as the Universal CRT (and msvcr80 and later) do. The harness sees a Linux child's exit status, which
// is the code's low byte, so the low byte is what is compared (0x17, never a normal exit code).
TEST(InvalidParameterDefault, EndsTheProcess) {
  BEHAVIOUR("CR-INVALID-003");
  Child child = SpawnChild("CrBadCallWithDefaultHandler", {});
  EXPECT_EQ(static_cast<DWORD>(child.Wait(kChildTimeoutMs)) & 0xFFu, 0x17u);
}

}  // namespace
}  // namespace winipc::conformance
