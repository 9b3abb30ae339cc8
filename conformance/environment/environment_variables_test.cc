// The process environment: GetEnvironmentVariable, SetEnvironmentVariable, ExpandEnvironmentStrings,
// GetEnvironmentStrings/FreeEnvironmentStrings, and what a child started by CreateProcess inherits.
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getenvironmentvariablea
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-setenvironmentvariablea
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-expandenvironmentstringsa
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getenvironmentstrings
#include <cstring>
#include <string>
#include <vector>

#include "harness/harness.h"
#include "processes/launched_process.h"

namespace winipc::conformance {
namespace {

using processes::LaunchedProcess;

// A variable of this process, set for the test's length and removed after it.
class ScopedVariable {
 public:
  ScopedVariable(const char* what, const std::string& value) : name_(UniqueName(what)) {
    EXPECT_TRUE(SetEnvironmentVariableA(name_.c_str(), value.c_str())) << name_;
  }
  ~ScopedVariable() { SetEnvironmentVariableA(name_.c_str(), nullptr); }
  ScopedVariable(const ScopedVariable&) = delete;
  ScopedVariable& operator=(const ScopedVariable&) = delete;
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// The "NAME=value" entries of an environment block, up to its closing empty entry.
template <typename Char>
std::vector<std::basic_string<Char>> BlockEntries(const Char* block) {
  std::vector<std::basic_string<Char>> entries;
  while (*block != 0) {
    std::basic_string<Char> entry(block);
    block += entry.size() + 1;
    entries.push_back(entry);
  }
  return entries;
}

// args: variable that must have `value`, variable that must be absent.
CHILD_MAIN(PeEnvChecksInherited) {
  char value[256] = {};
  SetLastError(kPoisonError);
  const DWORD length = GetEnvironmentVariableA(args.at(0).c_str(), value, sizeof value);
  CHILD_CHECK(length != 0) << "GetEnvironmentVariableA(" << args.at(0) << "): " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(std::string(value), args.at(1));
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(GetEnvironmentVariableA(args.at(2).c_str(), value, sizeof value)),
                   FailsWith(ERROR_ENVVAR_NOT_FOUND))
      << args.at(2) << " was removed by the parent before it started the child";
  return 0;
}

// Tests that GetEnvironmentVariableA copies a variable's value and returns its length without the NUL.
TEST(GetEnvironmentVariable, ReturnsLengthWithoutNul) {
  BEHAVIOUR("PE-ENV-001");
  ScopedVariable variable("env", "hello");
  char buffer[64];
  std::memset(buffer, 'x', sizeof buffer);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(variable.name().c_str(), buffer, sizeof buffer)),
              ReturnsWithError(DWORD{5}, kPoisonError));
  EXPECT_STREQ(buffer, "hello");
}

// Tests that a buffer too small for the value and its NUL gets the size needed with the NUL, and is not written.
TEST(GetEnvironmentVariable, SmallBufferReturnsSizeWithNul) {
  BEHAVIOUR("PE-ENV-002");
  ScopedVariable variable("env", "hello");
  char buffer[5];
  std::memset(buffer, 'x', sizeof buffer);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(variable.name().c_str(), buffer, sizeof buffer)),
              ReturnsWithError(DWORD{6}, kPoisonError));
  EXPECT_EQ(std::string(buffer, sizeof buffer), "xxxxx");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(variable.name().c_str(), nullptr, 0)),
              ReturnsWithError(DWORD{6}, kPoisonError));
}

// Tests that a variable that does not exist gives 0 and ERROR_ENVVAR_NOT_FOUND.
TEST(GetEnvironmentVariable, MissingVariableFailsWithEnvvarNotFound) {
  BEHAVIOUR("PE-ENV-003");
  char buffer[64];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(UniqueName("missing").c_str(), buffer, sizeof buffer)),
              FailsWith(ERROR_ENVVAR_NOT_FOUND));
  WCHAR wide[64];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableW(Wide(UniqueName("missing")).c_str(), wide, 64)),
              FailsWith(ERROR_ENVVAR_NOT_FOUND));
}

// Tests that variable names are compared without regard to case.
TEST(GetEnvironmentVariable, NameIgnoresCase) {
  BEHAVIOUR("PE-ENV-004");
  ScopedVariable variable("env", "cased");
  char buffer[64] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(Upper(variable.name()).c_str(), buffer, sizeof buffer)),
              ReturnsWithError(DWORD{5}, kPoisonError));
  EXPECT_STREQ(buffer, "cased");
}

// Tests that SetEnvironmentVariable with a NULL value removes the variable.
TEST(SetEnvironmentVariable, NullValueRemovesVariable) {
  BEHAVIOUR("PE-ENV-005");
  const std::string name = UniqueName("env");
  ASSERT_TRUE(SetEnvironmentVariableA(name.c_str(), "v"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEnvironmentVariableA(name.c_str(), nullptr)), SucceedsWith(kPoisonError));
  char buffer[8];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(name.c_str(), buffer, sizeof buffer)), FailsWith(ERROR_ENVVAR_NOT_FOUND));
}

// Tests that SetEnvironmentVariableW sets a value that GetEnvironmentVariableW reads back, non-ASCII included.
TEST(SetEnvironmentVariable, WideValueReadsBack) {
  BEHAVIOUR("PE-ENV-006");
  const std::basic_string<WCHAR> name = Wide(UniqueName("env"));
  const std::basic_string<WCHAR> value = Wide("caf\xc3\xa9 \xe2\x82\xac");
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(SetEnvironmentVariableW(name.c_str(), value.c_str())), SucceedsWith(kPoisonError));
  WCHAR buffer[64] = {};
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableW(name.c_str(), buffer, 64)),
              ReturnsWithError(static_cast<DWORD>(value.size()), kPoisonError));
  EXPECT_EQ(Narrow(buffer), Narrow(value));
  SetEnvironmentVariableW(name.c_str(), nullptr);
}

// Tests that ExpandEnvironmentStrings replaces %NAME% and returns the length with the terminating NUL.
TEST(ExpandEnvironmentStrings, ReturnsLengthWithNul) {
  BEHAVIOUR("PE-ENV-007");
  ScopedVariable variable("env", "value");
  const std::string source = "<%" + variable.name() + "%>";
  char buffer[128];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(source.c_str(), buffer, sizeof buffer)),
              ReturnsWithError(DWORD{8}, kPoisonError));
  EXPECT_STREQ(buffer, "<value>");
}

// Tests that a buffer too small for the expansion gets the size needed with the NUL.
TEST(ExpandEnvironmentStrings, SmallBufferReturnsSizeNeeded) {
  BEHAVIOUR("PE-ENV-008");
  ScopedVariable variable("env", "value");
  const std::string source = "<%" + variable.name() + "%>";
  char buffer[4];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(source.c_str(), buffer, sizeof buffer)), Returns(DWORD{8}));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(source.c_str(), nullptr, 0)), Returns(DWORD{8}));
}

// Tests that unknown names, an empty %% and a lone % are left as written.
TEST(ExpandEnvironmentStrings, UnknownNamesStayAsWritten) {
  BEHAVIOUR("PE-ENV-009");
  const std::string missing = UniqueName("missing");
  const std::string source = "%" + missing + "% 100% %%";
  char buffer[256];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(source.c_str(), buffer, sizeof buffer)),
              ReturnsWithError(static_cast<DWORD>(source.size() + 1), kPoisonError));
  EXPECT_EQ(std::string(buffer), source);
}

// Tests that scanning goes on after the closing % of an unknown name: that % does not open a reference to the
// name that follows it, while a reference right after it is expanded.
TEST(ExpandEnvironmentStrings, ClosingPercentOfUnknownNameOpensNothing) {
  BEHAVIOUR("PE-ENV-010");
  ScopedVariable variable("env", "X");
  const std::string missing = UniqueName("missing");
  const std::string kept = "%" + missing + "%" + variable.name() + "%";
  char buffer[256];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(kept.c_str(), buffer, sizeof buffer)),
              ReturnsWithError(static_cast<DWORD>(kept.size() + 1), kPoisonError));
  EXPECT_EQ(std::string(buffer), kept);
  const std::string next = "%" + missing + "%%" + variable.name() + "%";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsA(next.c_str(), buffer, sizeof buffer)),
              ReturnsWithError(static_cast<DWORD>(missing.size() + 4), kPoisonError));
  EXPECT_EQ(std::string(buffer), "%" + missing + "%X");
}

// Tests that ExpandEnvironmentStringsW counts UTF-16 units, with the NUL.
TEST(ExpandEnvironmentStrings, WideCountsUnitsWithNul) {
  BEHAVIOUR("PE-ENV-011");
  ScopedVariable variable("env", "caf\xc3\xa9");
  const std::basic_string<WCHAR> source = Wide("[%" + variable.name() + "%]");
  WCHAR buffer[128];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(ExpandEnvironmentStringsW(source.c_str(), buffer, 128)),
              ReturnsWithError(DWORD{7}, kPoisonError));
  EXPECT_EQ(Narrow(buffer), "[caf\xc3\xa9]");
}

// Tests that GetEnvironmentStringsA gives a block of NAME=value entries closed by an empty one, holding a
// variable just set, and that FreeEnvironmentStringsA frees it.
TEST(GetEnvironmentStrings, BlockHoldsVariablesAndEndsWithDoubleNul) {
  BEHAVIOUR("PE-ENV-012");
  ScopedVariable variable("env", "in block");
  SetLastError(kPoisonError);
  const auto block = Call(GetEnvironmentStringsA());
  ASSERT_THAT(block, SucceedsWith(kPoisonError));
  const std::vector<std::string> entries = BlockEntries<char>(block.value);
  EXPECT_THAT(entries, ::testing::Contains(variable.name() + "=in block"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FreeEnvironmentStringsA(block.value)), SucceedsWith(kPoisonError));
}

// Tests that GetEnvironmentStringsW gives the same block in UTF-16, freed with FreeEnvironmentStringsW.
TEST(GetEnvironmentStrings, WideBlockHoldsVariables) {
  BEHAVIOUR("PE-ENV-013");
  ScopedVariable variable("env", "caf\xc3\xa9");
  SetLastError(kPoisonError);
  const auto block = Call(GetEnvironmentStringsW());
  ASSERT_THAT(block, SucceedsWith(kPoisonError));
  std::vector<std::string> entries;
  for (const auto& entry : BlockEntries<WCHAR>(block.value)) entries.push_back(Narrow(entry));
  EXPECT_THAT(entries, ::testing::Contains(variable.name() + "=caf\xc3\xa9"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FreeEnvironmentStringsW(block.value)), SucceedsWith(kPoisonError));
}

// Tests that a child started with a NULL environment gets the parent's current one: a variable set with
// SetEnvironmentVariable is there, one removed is not.
TEST(CreateProcess, NullEnvironmentPassesCurrentVariables) {
  BEHAVIOUR("PE-ENV-014");
  ScopedVariable added("env", "from parent");
  const std::string removed = UniqueName("removed");
  ASSERT_TRUE(SetEnvironmentVariableA(removed.c_str(), "gone"));
  ASSERT_TRUE(SetEnvironmentVariableA(removed.c_str(), nullptr));
  const std::string program = ChildProgramPath();
  std::string command_line = ChildCommandLine("PeEnvChecksInherited", {added.name(), "from parent", removed});
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const auto created = Call(CreateProcessA(program.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                                           nullptr, &startup, &info));
  LaunchedProcess child;
  if (created.value) child.Adopt(info);
  ASSERT_THAT(created, SucceedsWith(kPoisonError));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0) << "the child's checks failed (see its output)";
}

// Tests that a name holding '=' is refused with ERROR_INVALID_PARAMETER.
TEST(SetEnvironmentVariable, NameWithEqualsFails) {
  BEHAVIOUR("PE-ENV-015");
  const std::string name = UniqueName("a=b");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEnvironmentVariableA(name.c_str(), "v")), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that a variable set to an empty value exists: GetEnvironmentVariableA returns 0 (its length) with an empty
// string, and the environment block holds "NAME=".
TEST(SetEnvironmentVariable, EmptyValueKeepsVariable) {
  BEHAVIOUR("PE-ENV-016");
  const std::string name = UniqueName("empty");
  ASSERT_TRUE(SetEnvironmentVariableA(name.c_str(), ""));
  char buffer[8];
  std::memset(buffer, 'x', sizeof buffer);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetEnvironmentVariableA(name.c_str(), buffer, sizeof buffer)), ReturnsWithError(DWORD{0}, kPoisonError));
  EXPECT_STREQ(buffer, "");
  LPCH block = GetEnvironmentStringsA();
  ASSERT_NE(block, nullptr);
  EXPECT_THAT(BlockEntries<char>(block), ::testing::Contains(name + "="));
  FreeEnvironmentStringsA(block);
  SetEnvironmentVariableA(name.c_str(), nullptr);
}

}  // namespace
}  // namespace winipc::conformance
