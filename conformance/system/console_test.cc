// The standard handles (GetStdHandle, SetStdHandle), GetCommandLine and GetStartupInfo.
// https://learn.microsoft.com/en-us/windows/console/getstdhandle
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getcommandlinea
#include <windows.h>

#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that the standard output handle is a real handle, the same value each time.
TEST(GetStdHandle, OutputIsOneRealHandle) {
  BEHAVIOUR("CN-STD-001");
  SetLastError(kPoisonError);
  const auto out = Call(GetStdHandle(STD_OUTPUT_HANDLE));
  EXPECT_THAT(out, SucceedsWith(kPoisonError));
  EXPECT_NE(out.value, INVALID_HANDLE_VALUE);
  EXPECT_EQ(GetStdHandle(STD_OUTPUT_HANDLE), out.value);
}

// Tests that a number that names no standard handle fails with INVALID_HANDLE_VALUE and ERROR_INVALID_HANDLE.
TEST(GetStdHandle, UnknownNumberFailsInvalidHandle) {
  BEHAVIOUR("CN-STD-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetStdHandle(5)), ReturnsWithError(INVALID_HANDLE_VALUE, ERROR_INVALID_HANDLE));
}

// Tests that WriteFile writes to the standard error handle and reports every byte written.
TEST(GetStdHandle, WriteFileToStandardErrorWritesAll) {
  BEHAVIOUR("CN-STD-003");
  const char text[] = "CN-STD-003: written through GetStdHandle(STD_ERROR_HANDLE)\n";
  DWORD written = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WriteFile(GetStdHandle(STD_ERROR_HANDLE), text, sizeof text - 1, &written, nullptr)),
              Succeeds());
  EXPECT_EQ(written, sizeof text - 1);
}

// Tests that SetStdHandle changes what GetStdHandle returns, and refuses a number that names no standard handle.
TEST(SetStdHandle, ChangesGetStdHandle) {
  BEHAVIOUR("CN-STD-004");
  const HANDLE saved = GetStdHandle(STD_ERROR_HANDLE);
  const HANDLE other = GetStdHandle(STD_OUTPUT_HANDLE);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetStdHandle(STD_ERROR_HANDLE, other)), SucceedsWith(kPoisonError));
  EXPECT_EQ(GetStdHandle(STD_ERROR_HANDLE), other);
  EXPECT_TRUE(SetStdHandle(STD_ERROR_HANDLE, saved));
  EXPECT_EQ(GetStdHandle(STD_ERROR_HANDLE), saved);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetStdHandle(5, other)), FailsWith(ERROR_INVALID_HANDLE));
}

// Tests that GetCommandLine names the program, the same string each time, in both character sets.
TEST(GetCommandLine, NamesTheProgram) {
  BEHAVIOUR("PE-CMD-001");
  const char* line = GetCommandLineA();
  ASSERT_NE(line, nullptr);
  EXPECT_EQ(GetCommandLineA(), line);
  EXPECT_NE(std::string(line).find("winipc_conformance"), std::string::npos) << line;
  const WCHAR* wide = GetCommandLineW();
  ASSERT_NE(wide, nullptr);
  size_t n = 0;
  while (wide[n] != 0) ++n;
  EXPECT_EQ(n, std::strlen(line));  // the suite's path and arguments are ASCII
}

// Tests that GetStartupInfo fills the structure with its own size in cb.
TEST(GetStartupInfo, FillsCb) {
  BEHAVIOUR("PE-START-001");
  STARTUPINFOA a;
  std::memset(&a, 0xcc, sizeof a);
  GetStartupInfoA(&a);
  EXPECT_EQ(a.cb, sizeof a);
  STARTUPINFOW w;
  std::memset(&w, 0xcc, sizeof w);
  GetStartupInfoW(&w);
  EXPECT_EQ(w.cb, sizeof w);
}

}  // namespace
}  // namespace winipc::conformance
