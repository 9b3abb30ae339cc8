// The console as a whole: its code pages, its title, and leaving it (FreeConsole), getting one (AllocConsole,
// AttachConsole), its window, and Beep. Calls that change the console run in a child, so the suite's own
// console is left as it was.
// https://learn.microsoft.com/en-us/windows/console/setconsoleoutputcp
// https://learn.microsoft.com/en-us/windows/console/getconsoletitle
// https://learn.microsoft.com/en-us/windows/console/freeconsole
#include <windows.h>

#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr UINT kUnknownCodePage = 12345;  // no such code page on Windows

// Runs the child main `name` and expects it to exit 0 (its CHILD_CHECKs passed).
void ExpectChildPasses(const char* name) {
  Child child = SpawnChild(name);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << name;
}

// Tests that SetConsoleOutputCP(CP_UTF8) succeeds and GetConsoleOutputCP then returns 65001.
TEST(SetConsoleOutputCP, Utf8IsTakenAndReported) {
  BEHAVIOUR("CN-CP-001");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetConsoleOutputCP(CP_UTF8)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleOutputCP()), ReturnsWithError(UINT{CP_UTF8}, kPoisonError));
}

// Tests that SetConsoleCP(CP_UTF8) succeeds and GetConsoleCP then returns 65001.
TEST(SetConsoleCP, Utf8IsTakenAndReported) {
  BEHAVIOUR("CN-CP-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetConsoleCP(CP_UTF8)), SucceedsWith(kPoisonError));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetConsoleCP()), ReturnsWithError(UINT{CP_UTF8}, kPoisonError));
}

// Tests that a code page that does not exist is refused with ERROR_INVALID_PARAMETER, and so is 0 (CP_ACP names
// no console code page), leaving the code page as it was.
TEST(SetConsoleOutputCP, UnknownCodePageFailsInvalidParameter) {
  BEHAVIOUR("CN-CP-003");
  const UINT before = GetConsoleOutputCP();
  for (UINT code_page : {kUnknownCodePage, UINT{0}}) {
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleOutputCP(code_page)), FailsWith(ERROR_INVALID_PARAMETER)) << code_page;
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(SetConsoleCP(code_page)), FailsWith(ERROR_INVALID_PARAMETER)) << code_page;
  }
  EXPECT_EQ(GetConsoleOutputCP(), before);
}

CHILD_MAIN(ConsoleCodePagesAfterFreeConsole) {
  CHILD_CHECK(FreeConsole());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleOutputCP()), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleCP()), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetConsoleOutputCP(CP_UTF8)), FailsWith(ERROR_INVALID_HANDLE));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetConsoleCP(CP_UTF8)), FailsWith(ERROR_INVALID_HANDLE));
  return 0;
}

// Tests that a process without a console (after FreeConsole) has no code pages: the calls fail with
// ERROR_INVALID_HANDLE.
TEST(FreeConsole, CodePageCallsThenFailInvalidHandle) {
  BEHAVIOUR("CN-CP-004");
  ExpectChildPasses("ConsoleCodePagesAfterFreeConsole");
}

CHILD_MAIN(ConsoleTitleRoundTrip) {
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetConsoleTitleA("winipc console title")), SucceedsWith(kPoisonError));
  char title[64] = {};
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleTitleA(title, sizeof title)), ReturnsWithError(DWORD{20}, kPoisonError));
  CHILD_CHECK_EQ(std::string(title), "winipc console title");
  return 0;
}

// Tests that GetConsoleTitleA returns the title SetConsoleTitleA set, and its length.
TEST(ConsoleTitle, SetThenGetReturnsIt) {
  BEHAVIOUR("CN-TITLE-001");
  ExpectChildPasses("ConsoleTitleRoundTrip");
}

CHILD_MAIN(ConsoleTitleTruncated) {
  CHILD_CHECK(SetConsoleTitleA("0123456789"));
  char title[8];
  std::memset(title, 'x', sizeof title);
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleTitleA(title, 5)), ReturnsWithError(DWORD{10}, kPoisonError));
  CHILD_CHECK_EQ(std::string(title), "0123");
  CHILD_CHECK_EQ(title[5], 'x');  // nothing written past the size given
  return 0;
}

// Tests that a buffer too small for the title receives as much as fits with a terminator, and the call still
// returns the title's whole length.
TEST(ConsoleTitle, SmallBufferTruncatesAndReturnsFullLength) {
  BEHAVIOUR("CN-TITLE-002");
  ExpectChildPasses("ConsoleTitleTruncated");
}

CHILD_MAIN(ConsoleTitleWide) {
  const std::basic_string<WCHAR> wide = Wide("t\xC3\xA9l\xC3\xA9 \xE6\x9D\xB1");  // "télé 東"
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetConsoleTitleW(wide.c_str())), SucceedsWith(kPoisonError));
  WCHAR title[32] = {};
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleTitleW(title, 32)), ReturnsWithError(DWORD(wide.size()), kPoisonError));
  CHILD_CHECK_EQ(Narrow(title), Narrow(wide));
  return 0;
}

// Tests that a title with characters outside ASCII survives SetConsoleTitleW and GetConsoleTitleW, counted in
// UTF-16 units.
TEST(ConsoleTitle, WideTitleRoundTrips) {
  BEHAVIOUR("CN-TITLE-003");
  ExpectChildPasses("ConsoleTitleWide");
}

CHILD_MAIN(ConsoleTitleAfterFreeConsole) {
  CHILD_CHECK(FreeConsole());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(SetConsoleTitleA("gone")), FailsWith(ERROR_INVALID_HANDLE));
  char title[16] = {};
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetConsoleTitleA(title, sizeof title)), FailsWith(ERROR_INVALID_HANDLE));
  return 0;
}

// Tests that a process without a console has no title: both calls fail with ERROR_INVALID_HANDLE.
TEST(FreeConsole, TitleCallsThenFailInvalidHandle) {
  BEHAVIOUR("CN-TITLE-004");
  ExpectChildPasses("ConsoleTitleAfterFreeConsole");
}

CHILD_MAIN(ConsoleWindowAfterFreeConsole) {
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(FreeConsole()), Succeeds());
  CHILD_CHECK(GetConsoleWindow() == nullptr);
  return 0;
}

// Tests that FreeConsole succeeds and leaves the process without a console window (GetConsoleWindow is NULL).
TEST(FreeConsole, LeavesNoConsoleWindow) {
  BEHAVIOUR("CN-MISC-001");
  ExpectChildPasses("ConsoleWindowAfterFreeConsole");
}

// Tests that Beep returns TRUE (emu has no sound: see docs/porting.md).
TEST(Beep, ReturnsTrue) {
  BEHAVIOUR("CN-MISC-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(Beep(750, 10)), Succeeds());
}

// Tests that a process that has a console cannot attach to another: AttachConsole fails with
// ERROR_ACCESS_DENIED.
TEST(AttachConsole, WhileAttachedFailsAccessDenied) {
  BEHAVIOUR("CN-MISC-003");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(AttachConsole(ATTACH_PARENT_PROCESS)), FailsWith(ERROR_ACCESS_DENIED));
}

CHILD_MAIN(ConsoleAllocAfterFreeConsole) {
  CHILD_CHECK(FreeConsole());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(AllocConsole()), Succeeds());
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(AllocConsole()), FailsWith(ERROR_ACCESS_DENIED));
  return 0;
}

// Tests that after FreeConsole a process can get a console with AllocConsole, and a second AllocConsole then fails
// with ERROR_ACCESS_DENIED (a process has at most one console).
TEST(AllocConsole, SecondCallFailsAccessDenied) {
  BEHAVIOUR("CN-MISC-004");
  ExpectChildPasses("ConsoleAllocAfterFreeConsole");
}

}  // namespace
}  // namespace winipc::conformance
