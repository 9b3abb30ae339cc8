// CreateProcessA/W: what the child is given (its arguments, split from the command line the way the Microsoft C
// runtime splits it; its environment; its current directory; its ids) and the errors for a program or directory
// that does not exist.
//
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessa
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-createprocessw
// https://learn.microsoft.com/en-us/cpp/c-language/parsing-c-command-line-arguments
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocessid
#include <cstring>
#include <string>
#include <vector>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::LaunchedProcess;
using processes::Mailbox;

// Writes its arguments after the mailbox name into the mailbox: slot 0 = count, text = NUL-separated strings.
CHILD_MAIN(PrReportsArguments) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  CHILD_CHECK(mailbox) << "could not open mailbox " << args.at(0);
  std::string packed;
  for (size_t i = 1; i < args.size(); ++i) packed += args[i] + '\0';
  CHILD_CHECK(packed.size() <= Mailbox::kTextSize);
  std::memcpy(mailbox.text(), packed.data(), packed.size());
  mailbox.slot(0) = args.size() - 1;
  return 0;
}

// Writes its own process and thread ids into mailbox slots 0 and 1.
CHILD_MAIN(PrReportsIds) {
  Mailbox mailbox = Mailbox::Open(args.at(0));
  CHILD_CHECK(mailbox) << "could not open mailbox " << args.at(0);
  mailbox.slot(0) = GetCurrentProcessId();
  mailbox.slot(1) = GetCurrentThreadId();
  return 0;
}

CHILD_MAIN(PrExitsWithCode) { return std::stoi(args.at(0)); }

// args: variable that must have `value`, variable that must be absent. Read with GetEnvironmentVariableW: Wine
// 8.0's GetEnvironmentVariableA truncates a non-ASCII value in a UTF-8 process.
CHILD_MAIN(PrChecksEnvironment) {
  WCHAR value[256] = {};
  SetLastError(kPoisonError);
  CHILD_CHECK(GetEnvironmentVariableW(Wide(args.at(0)).c_str(), value, 256) != 0)
      << "GetEnvironmentVariableW(" << args.at(0) << "): " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(Narrow(value), args.at(1));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetEnvironmentVariableW(Wide(args.at(2)).c_str(), value, 256)),
                   FailsWith(ERROR_ENVVAR_NOT_FOUND))
      << args.at(2) << " is not in the block the parent gave";
  return 0;
}

CHILD_MAIN(PrChecksCurrentDirectory) {
  char directory[MAX_PATH + 1] = {};
  const DWORD length = GetCurrentDirectoryA(sizeof directory, directory);
  CHILD_CHECK(length > 0 && length < sizeof directory);
  CHILD_CHECK_EQ(std::string(directory), args.at(0));
  return 0;
}

std::vector<std::string> ReadReportedArguments(Mailbox& mailbox) {
  std::vector<std::string> reported;
  const char* next = mailbox.text();
  for (uint64_t i = 0; i < mailbox.slot(0); ++i) {
    reported.emplace_back(next);
    next += reported.back().size() + 1;
  }
  return reported;
}

// The directory part of a path, without the separator: GetCurrentDirectory's form for a non-root directory.
std::string DirectoryOf(const std::string& path) { return path.substr(0, path.find_last_of("\\/")); }

// The path separator this program's own path uses ('\\' on Windows, '/' on Linux).
char ProgramSeparator() {
  const std::string program = ChildProgramPath();
  return program[program.find_last_of("\\/")];
}

// `name` inside the directory of this program.
std::string BesideProgram(const std::string& name) {
  return DirectoryOf(ChildProgramPath()) + ProgramSeparator() + name;
}

// Tests that CreateProcessA starts the program, returns TRUE and fills PROCESS_INFORMATION with two handles and two
// non-zero ids that are not the parent's.
TEST(CreateProcess, NarrowStartsProgramAndFillsInformation) {
  BEHAVIOUR("PR-CREATE-001");
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PrExitsWithCode", {"7"});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  EXPECT_TRUE(ScopedHandle::IsValid(info.hProcess));
  EXPECT_TRUE(ScopedHandle::IsValid(info.hThread));
  EXPECT_NE(info.hProcess, info.hThread);
  EXPECT_NE(info.dwProcessId, 0u);
  EXPECT_NE(info.dwThreadId, 0u);
  EXPECT_NE(info.dwProcessId, GetCurrentProcessId());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 7) << "the child main ran";
}

// Tests that CreateProcessW starts the program and passes a non-ASCII argument, which the (UTF-8) child reads back
// unchanged.
TEST(CreateProcess, WideStartsProgramWithNonAsciiArgument) {
  BEHAVIOUR("PR-CREATE-002");
  Mailbox mailbox = Mailbox::Create("pr-create-wide");
  ASSERT_TRUE(mailbox);
  const std::string argument = "caf\xc3\xa9-\xe2\x82\xac";  // "café-€" in UTF-8
  const std::basic_string<WCHAR> program = Wide(ChildProgramPath());
  std::basic_string<WCHAR> command_line = Wide(ChildCommandLine("PrReportsArguments", {mailbox.name(), argument}));
  STARTUPINFOW startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_THAT(ReadReportedArguments(mailbox), ::testing::ElementsAre(argument));
}

struct SplitCase {
  const char* id;
  const char* name;
  const char* raw;  // appended to the command line after the mailbox name
  std::vector<std::string> expected;
};

class CreateProcessSplit : public ::testing::TestWithParam<SplitCase> {};

// Tests that the child's arguments are the command line split as the Microsoft C runtime splits it (one row per
// rule; each row's ID states its rule).
TEST_P(CreateProcessSplit, ChildSeesArgumentsSplitAsTheCRuntimeDoes) {
  const SplitCase& row = GetParam();
  BEHAVIOUR(row.id);
  Mailbox mailbox = Mailbox::Create("pr-create-split");
  ASSERT_TRUE(mailbox);
  mailbox.slot(0) = 0;
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PrReportsArguments", {mailbox.name()}) + " " + row.raw;
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  ASSERT_TRUE(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr,
                             &startup, &info))
      << DescribeError(GetLastError());
  LaunchedProcess child;
  child.Adopt(info);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_THAT(ReadReportedArguments(mailbox), ::testing::ElementsAreArray(row.expected))
      << "command line tail: [" << row.raw << "]";
}

INSTANTIATE_TEST_SUITE_P(
    Rules, CreateProcessSplit,
    ::testing::Values(
        // Tests that spaces and tabs separate arguments and a run of them counts as one separator.
        SplitCase{"PR-CREATE-003", "SpacesAndTabsSeparate", "a  b\tc", {"a", "b", "c"}},
        // Tests that a double-quoted part keeps its spaces and tabs inside one argument.
        SplitCase{"PR-CREATE-004", "QuotesKeepWhitespace", "\"a b\tc\" d", {"a b\tc", "d"}},
        // Tests that backslashes not followed by a double quote are literal, also at the end of the line.
        SplitCase{"PR-CREATE-005", "BackslashesAloneAreLiteral", "a\\b c\\\\d e\\", {"a\\b", "c\\\\d", "e\\"}},
        // Tests that 2n backslashes before a double quote give n backslashes and the quote delimits.
        SplitCase{"PR-CREATE-006", "EvenBackslashesBeforeQuote", "\"a\\\\\" b", {"a\\", "b"}},
        // Tests that 2n+1 backslashes before a double quote give n backslashes and a literal quote.
        SplitCase{"PR-CREATE-007", "OddBackslashesBeforeQuote", "a\\\"b c\\\\\\\"d", {"a\"b", "c\\\"d"}},
        // Tests that quotes in the middle of a word join the quoted part to the word.
        SplitCase{"PR-CREATE-008", "QuotesInsideWordJoin", "a\"b c\"d e", {"ab cd", "e"}},
        // Tests that an empty pair of double quotes is an empty argument.
        SplitCase{"PR-CREATE-009", "EmptyQuotesGiveEmptyArgument", "\"\" x", {"", "x"}}),
    [](const ::testing::TestParamInfo<SplitCase>& info) { return std::string(info.param.name); });

// Tests that with lpApplicationName NULL the program is the first (quoted) token of the command line.
TEST(CreateProcess, NullApplicationNameRunsFirstToken) {
  BEHAVIOUR("PR-CREATE-010");
  std::string command_line = ChildCommandLine("PrExitsWithCode", {"9"});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created =
      Call(CreateProcessA(nullptr, command_line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  // The last error is not checked: the search for the program may set it (Wine 8.0 leaves 0), and Microsoft Learn
  // says nothing of it on success.
  ASSERT_THAT(created, Succeeds());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 9);
}

// CreateProcessA(program, "\"program\" x") with last error poisoned. A process that starts anyway (the test then
// fails) is ended and closed.
CallResult<BOOL> TryToStart(const std::string& program) {
  std::string command_line = "\"" + program + "\" x";
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  return created;
}

// Tests that a program file that does not exist (in a directory that does) fails with ERROR_FILE_NOT_FOUND.
TEST(CreateProcess, MissingProgramFailsWithFileNotFound) {
  BEHAVIOUR("PR-CREATE-011");
  const std::string missing = BesideProgram(UniqueName("missing") + ".exe");
  EXPECT_THAT(TryToStart(missing), FailsWith(ERROR_FILE_NOT_FOUND)) << missing;
}

// Tests that a program in a directory that does not exist fails with ERROR_PATH_NOT_FOUND.
TEST(CreateProcess, MissingDirectoryFailsWithPathNotFound) {
  BEHAVIOUR("PR-CREATE-012");
  const std::string missing = BesideProgram(UniqueName("missing-dir") + ProgramSeparator() + "child.exe");
  EXPECT_THAT(TryToStart(missing), FailsWith(ERROR_PATH_NOT_FOUND)) << missing;
}

// Tests that lpEnvironment is the child's whole environment: a variable in the block is there with its value, and
// one the parent has but the block lacks is not.
TEST(CreateProcess, EnvironmentBlockIsChildsEnvironment) {
  BEHAVIOUR("PR-CREATE-013");
  char path[4096];
  ASSERT_NE(GetEnvironmentVariableA("PATH", path, sizeof path), 0u) << "the parent has PATH";
  const std::string block = std::string("WINIPC_PR_CREATE=value with spaces") + '\0' + "WINIPC_OTHER=1" + '\0' + '\0';
  const std::string program = ChildProgramPath();
  std::string command_line =
      ChildCommandLine("PrChecksEnvironment", {"WINIPC_PR_CREATE", "value with spaces", "PATH"});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0,
                                           const_cast<char*>(block.data()), nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

// Tests that lpCurrentDirectory becomes the child's current directory.
TEST(CreateProcess, CurrentDirectoryIsChildsCurrentDirectory) {
  BEHAVIOUR("PR-CREATE-014");
  const std::string directory = DirectoryOf(ChildProgramPath());
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PrChecksCurrentDirectory", {directory});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           directory.c_str(), &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's current directory is not " << directory;
}

// Tests that an lpCurrentDirectory that does not exist fails with ERROR_DIRECTORY and starts nothing.
TEST(CreateProcess, MissingCurrentDirectoryFailsWithDirectoryError) {
  BEHAVIOUR("PR-CREATE-015");
  const std::string directory = BesideProgram(UniqueName("no-such-dir"));
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PrExitsWithCode", {"0"});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           directory.c_str(), &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  EXPECT_THAT(created, FailsWith(ERROR_DIRECTORY)) << directory;
}

// Tests that GetProcessId of PROCESS_INFORMATION.hProcess is dwProcessId, leaving the last error untouched.
TEST(CreateProcess, GetProcessIdOfHandleIsReportedId) {
  BEHAVIOUR("PR-CREATE-016");
  Mailbox mailbox = Mailbox::Create("pr-create-ids");
  ASSERT_TRUE(mailbox);
  LaunchedProcess child = LaunchedProcess::Start("PrReportsIds", {mailbox.name()}, FALSE);
  ASSERT_TRUE(child);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(child.process())), ReturnsWithError(child.pid(), kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetProcessId(child.process())), ReturnsWithError(child.pid(), kPoisonError))
      << "and still after the child exited";
}

// Tests that the child's GetCurrentProcessId and its main thread's GetCurrentThreadId are the dwProcessId and
// dwThreadId CreateProcess reported.
TEST(CreateProcess, ChildSeesReportedIds) {
  BEHAVIOUR("PR-CREATE-017");
  Mailbox mailbox = Mailbox::Create("pr-create-ids");
  ASSERT_TRUE(mailbox);
  LaunchedProcess child = LaunchedProcess::Start("PrReportsIds", {mailbox.name()}, FALSE);
  ASSERT_TRUE(child);
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(mailbox.slot(0), child.info().dwProcessId);
  EXPECT_EQ(mailbox.slot(1), child.info().dwThreadId);
}

// Tests that SECURITY_ATTRIBUTES with bInheritHandle TRUE for lpProcessAttributes and lpThreadAttributes make the
// returned hProcess and hThread inheritable; without them they are not.
TEST(CreateProcess, ProcessAndThreadAttributesMakeHandlesInheritable) {
  BEHAVIOUR("PR-CREATE-018");
  const std::string program = ChildProgramPath();
  SECURITY_ATTRIBUTES attributes = {sizeof attributes, nullptr, TRUE};
  for (SECURITY_ATTRIBUTES* given : {&attributes, static_cast<SECURITY_ATTRIBUTES*>(nullptr)}) {
    SCOPED_TRACE(given ? "bInheritHandle TRUE" : "no attributes");
    std::string command_line = ChildCommandLine("PrExitsWithCode", {"0"});
    STARTUPINFOA startup = {};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info = {};
    ASSERT_TRUE(CreateProcessA(program.c_str(), command_line.data(), given, given, FALSE, 0, nullptr, nullptr,
                               &startup, &info))
        << DescribeError(GetLastError());
    LaunchedProcess child;
    child.Adopt(info);
    const DWORD expected = given ? HANDLE_FLAG_INHERIT : 0;
    DWORD flags = 0xffff;
    ASSERT_TRUE(GetHandleInformation(info.hProcess, &flags));
    EXPECT_EQ(flags, expected) << "hProcess";
    flags = 0xffff;
    ASSERT_TRUE(GetHandleInformation(info.hThread, &flags));
    EXPECT_EQ(flags, expected) << "hThread";
    EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  }
}

// Tests that CreateProcessW with CREATE_UNICODE_ENVIRONMENT takes a UTF-16 environment block, and the (UTF-8)
// child reads a non-ASCII value from it.
TEST(CreateProcess, WideUnicodeEnvironmentBlockIsChildsEnvironment) {
  BEHAVIOUR("PR-CREATE-019");
  const std::string value = "caf\xc3\xa9 \xe2\x82\xac";  // "café €"
  std::basic_string<WCHAR> block = Wide("WINIPC_PR_WIDE=" + value);
  block += WCHAR{0};
  block += WCHAR{0};
  const std::basic_string<WCHAR> program = Wide(ChildProgramPath());
  std::basic_string<WCHAR> command_line =
      Wide(ChildCommandLine("PrChecksEnvironment", {"WINIPC_PR_WIDE", value, "PATH"}));
  STARTUPINFOW startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, FALSE,
                                           CREATE_UNICODE_ENVIRONMENT, block.data(), nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

}  // namespace
}  // namespace winipc::conformance
