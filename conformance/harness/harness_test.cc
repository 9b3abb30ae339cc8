// Tests of the harness itself: child processes, handshakes, owners, matchers, BEHAVIOUR and names. They run on
// every implementation, so they also show how a conformance test uses each piece.
#include "harness/harness.h"

#include <gtest/gtest-spi.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/command_line.h"
#include "harness/implementation.h"

namespace winipc::conformance {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;


// Stand-ins for Win32 calls, so the matcher tests do not depend on any implementation's behaviour.
BOOL FailWith(DWORD error) {
  SetLastError(error);
  return FALSE;
}

HANDLE SucceedWith(DWORD error) {
  SetLastError(error);
  return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x1c));
}

DWORD ReturnWith(DWORD value, DWORD error) {
  SetLastError(error);
  return value;
}

// Arguments whose quoting on a Windows command line is easy to get wrong; "*" must not be globbed.
const std::vector<std::string>& TrickyArguments() {
  static const std::vector<std::string> arguments = {"plain",
                                                     "two words",
                                                     "",
                                                     "quote\"inside",
                                                     "trailing backslash\\",
                                                     "back\\\\slash\\\"quote",
                                                     "tab\there",
                                                     "\\\\server\\share",
                                                     "*",
                                                     "--winipc-child=NotAChild"};
  return arguments;
}

// ---------------------------------------------------------------------------------------------------------------
// Child mains used by the tests below.

CHILD_MAIN(ExitsWith) { return std::stoi(args.at(0)); }

CHILD_MAIN(ChecksArguments) {
  CHILD_CHECK_EQ(args, TrickyArguments());
  return 0;
}

CHILD_MAIN(FailsCheck) {
  CHILD_CHECK_EQ(1 + 1, 3) << "deliberate failure: harness_test checks that a child's failure is relayed";
  return 0;
}

CHILD_MAIN(ChecksWithMatcher) {
  SetLastError(kPoisonError);
  CHILD_CHECK_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, args.at(0).c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
  return 0;
}

CHILD_MAIN(FailsExpectation) {
  EXPECT_EQ(1 + 1, 3) << "deliberate failure: harness_test checks that EXPECT_* in a child is not lost";
  return 0;
}

// Waits for the parent's "go", then answers "done".
CHILD_MAIN(AnswersHandshake) {
  Handshake go = Handshake::Open(args.at(0));
  Handshake done = Handshake::Open(args.at(1));
  CHILD_CHECK(go && done) << "could not open the handshake events";
  CHILD_CHECK(go.Wait(kChildTimeoutMs)) << "the parent never said go";
  CHILD_CHECK(done.Signal());
  return 0;
}

// Signals args[0] if given, then sleeps far longer than any test waits; the tests kill it.
CHILD_MAIN(Hangs) {
  Handshake started;
  if (!args.empty()) {
    started = Handshake::Open(args.at(0));
    CHILD_CHECK(started.Signal());
  }
  std::this_thread::sleep_for(std::chrono::seconds(60));
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Implementation

// Tests that the binary knows which implementation it runs on (main prints it as the first line).
TEST(Implementation, DescriptionNamesAKnownImplementation) {
  const std::string description = ImplementationDescription();
  const bool known =
      description.rfind("windows ", 0) == 0 || description.rfind("wine ", 0) == 0 || description.rfind("emu ", 0) == 0;
  EXPECT_TRUE(known) << description;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes

// Tests that the value a child main returns is the exit code the parent sees.
TEST(Child, ExitCodeReachesParent) {
  Child child = SpawnChild("ExitsWith", {"7"});
  ASSERT_TRUE(child);
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 7);
  EXPECT_EQ(child.Wait(0), 7) << "a second Wait returns the same exit code";
  EXPECT_FALSE(child.Running());
}

// Tests that arguments with spaces, quotes, backslashes and empty strings arrive unchanged.
TEST(Child, ArgumentsArriveUnchanged) {
  Child child = SpawnChild("ChecksArguments", TrickyArguments());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a failed CHILD_CHECK ends the child with kChildCheckFailed. Its message, printed by the child on
// the shared stderr, shows in this test's output.
TEST(Child, FailedCheckEndsChildWithCheckFailedCode) {
  Child child = SpawnChild("FailsCheck");
  EXPECT_EQ(child.Wait(kChildTimeoutMs), kChildCheckFailed);
}

// Tests that a failed EXPECT_* in a child is not lost: the child exits kChildCheckFailed.
TEST(Child, FailedExpectationInChildFailsIt) {
  Child child = SpawnChild("FailsExpectation");
  EXPECT_EQ(child.Wait(kChildTimeoutMs), kChildCheckFailed);
}

// Tests that children can use the same matchers as tests.
TEST(Child, MatcherCheckPassesInChild) {
  Child child = SpawnChild("ChecksWithMatcher", {UniqueName("never-created")});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a child name nobody registered ends the child with kChildNotFound.
TEST(Child, UnknownNameEndsWithNotFoundCode) {
  Child child = SpawnChild("NoSuchChild");
  EXPECT_EQ(child.Wait(kChildTimeoutMs), kChildNotFound);
}

// Tests that a handshake goes both ways through named events.
TEST(Child, HandshakeWorksBothWays) {
  Handshake go = Handshake::Create("go");
  Handshake done = Handshake::Create("done");
  ASSERT_TRUE(go && done);
  Child child = SpawnChild("AnswersHandshake", {go.name(), done.name()});
  EXPECT_FALSE(done.Wait(0)) << "the child cannot answer before the parent says go";
  ASSERT_TRUE(go.Signal());
  EXPECT_TRUE(done.Wait(kChildTimeoutMs));
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that Kill ends a child that would not exit by itself, and that Wait then reports kChildKilled.
TEST(Child, KillEndsHangingChild) {
  Handshake started = Handshake::Create("started");
  Child child = SpawnChild("Hangs", {started.name()});
  ASSERT_TRUE(started.Wait(kChildTimeoutMs));
  EXPECT_TRUE(child.Running());
  EXPECT_EQ(child.TryWait(50), std::nullopt);
  child.Kill();
  EXPECT_FALSE(child.Running());
  EXPECT_EQ(child.Wait(0), kChildKilled);
}

// Tests that a Wait that times out is a test failure, kills the child and returns kChildTimedOut.
TEST(Child, WaitTimeoutFailsAndKills) {
  Child child = SpawnChild("Hangs");
  int result = 0;
  EXPECT_NONFATAL_FAILURE(result = child.Wait(100), "still running after 100 ms; killed it");
  EXPECT_EQ(result, kChildTimedOut);
  EXPECT_FALSE(child.Running());
}

// Tests that destroying a Child kills its still-running process: the child's handle to an event goes away
// with it, and with the parent's handle closed too, the name no longer opens.
TEST(Child, DestructorKillsRunningChild) {
  std::string name;
  {
    Handshake started = Handshake::Create("started");
    name = started.name();
    Child child = SpawnChild("Hangs", {name});
    ASSERT_TRUE(started.Wait(kChildTimeoutMs));
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a moved-from Child is empty and the moved-to one owns the process.
TEST(Child, MoveTransfersProcess) {
  Child first = SpawnChild("ExitsWith", {"3"});
  Child second = std::move(first);
  EXPECT_FALSE(first);  // NOLINT(bugprone-use-after-move): checking the moved-from state is the point.
  EXPECT_EQ(second.Wait(kChildTimeoutMs), 3);
}

// ---------------------------------------------------------------------------------------------------------------
// Windows command lines (pure)

struct QuotingCase {
  const char* name;
  const char* argument;
  const char* quoted;
};

class CommandLineQuoting : public ::testing::TestWithParam<QuotingCase> {};

// Tests that quoting follows the C runtime's parsing rules.
TEST_P(CommandLineQuoting, QuotesOnlyWhatNeedsQuoting) {
  EXPECT_EQ(QuoteWindowsArgument(GetParam().argument), GetParam().quoted);
}

INSTANTIATE_TEST_SUITE_P(Cases, CommandLineQuoting,
                         ::testing::Values(QuotingCase{"Plain", "plain", "plain"}, QuotingCase{"Empty", "", "\"\""},
                                           QuotingCase{"Space", "two words", "\"two words\""},
                                           QuotingCase{"InnerBackslash", "a\\b", "a\\b"},
                                           QuotingCase{"Quotes", "say \"hi\"", "\"say \\\"hi\\\"\""},
                                           QuotingCase{"BackslashBeforeSpace", "end\\ ", "\"end\\ \""},
                                           QuotingCase{"TrailingBackslash", "dir name\\", "\"dir name\\\\\""},
                                           QuotingCase{"BackslashBeforeQuote", "x\\\"y", "\"x\\\\\\\"y\""}),
                         [](const ::testing::TestParamInfo<QuotingCase>& info) {
                           return std::string(info.param.name);
                         });

// ---------------------------------------------------------------------------------------------------------------
// ScopedHandle, ScopedView

// Tests that both failure values of Create* functions count as "no handle".
TEST(ScopedHandle, NullAndInvalidAreEmpty) {
  EXPECT_FALSE(ScopedHandle());
  EXPECT_FALSE(ScopedHandle(nullptr));
  ScopedHandle invalid(INVALID_HANDLE_VALUE);
  EXPECT_FALSE(invalid);
  EXPECT_EQ(invalid.get(), INVALID_HANDLE_VALUE) << "get() still returns the value given";
}

// Tests that a ScopedHandle closes its handle: once the only handle is gone, the name no longer opens.
TEST(ScopedHandle, DestructorClosesHandle) {
  const std::string name = UniqueName("scoped");
  {
    ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
    ASSERT_TRUE(event);
    ScopedHandle opened(OpenEventA(SYNCHRONIZE, FALSE, name.c_str()));
    EXPECT_TRUE(opened);
  }
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that release() hands the handle over without closing it, and that moves transfer ownership.
TEST(ScopedHandle, ReleaseAndMoveTransferOwnership) {
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  const HANDLE raw = event.get();
  ScopedHandle moved = std::move(event);
  EXPECT_FALSE(event);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.get(), raw);
  EXPECT_EQ(moved.release(), raw);
  EXPECT_FALSE(moved);
  EXPECT_THAT(Call(CloseHandle(raw)), Succeeds()) << "the released handle was still open";
}

// Tests that ScopedView owns a view and release() hands it over without unmapping it.
TEST(ScopedView, ReleaseHandsOverMappedView) {
  ScopedHandle mapping(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, nullptr));
  ASSERT_TRUE(mapping);
  ScopedView view(MapViewOfFile(mapping.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  view.as<char>()[0] = 'x';
  ScopedView moved = std::move(view);
  EXPECT_FALSE(view);  // NOLINT(bugprone-use-after-move)
  void* const raw = moved.release();
  EXPECT_EQ(static_cast<char*>(raw)[0], 'x');
  EXPECT_THAT(Call(UnmapViewOfFile(raw)), Succeeds()) << "the released view was still mapped";
}

// ---------------------------------------------------------------------------------------------------------------
// Matchers

// Tests that FailsWith accepts a failure value with the expected error, for BOOL and HANDLE results.
TEST(Matchers, FailsWithMatchesFailureAndError) {
  EXPECT_THAT(Call(FailWith(ERROR_INVALID_PARAMETER)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, UniqueName("absent").c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a wrong error is reported with its name, next to the value returned.
TEST(Matchers, WrongErrorIsReportedByName) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Call(FailWith(ERROR_ACCESS_DENIED)), FailsWith(ERROR_INVALID_PARAMETER)),
                          "returned 0, last error 5 ERROR_ACCESS_DENIED");
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Call(FailWith(ERROR_ACCESS_DENIED)), FailsWith(ERROR_INVALID_PARAMETER)),
                          "with last error 87 ERROR_INVALID_PARAMETER");
}

// Tests that a call that should have failed but succeeded is reported as such.
TEST(Matchers, UnexpectedSuccessIsReported) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Call(SucceedWith(0)), FailsWith(ERROR_INVALID_PARAMETER)),
                          "returned 0x1c, last error 0 ERROR_SUCCESS, which is not a failure value");
}

// Tests that an untouched poisoned last error is named as such.
TEST(Matchers, UntouchedPoisonIsNamed) {
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Call(SucceedWith(kPoisonError)), SucceedsWith(ERROR_ALREADY_EXISTS)),
                          "last error 0xdeadbeef poison (untouched), which left the wrong last error");
}

// Tests that SucceedsWith checks the last error and Succeeds does not, and that INVALID_HANDLE_VALUE is no success.
TEST(Matchers, SucceedsWithChecksErrorAndSucceedsDoesNot) {
  EXPECT_THAT(Call(SucceedWith(ERROR_ALREADY_EXISTS)), SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_THAT(Call(SucceedWith(kPoisonError)), Succeeds());
  EXPECT_THAT(Call(FailWith(0)), ::testing::Not(Succeeds()));
  EXPECT_THAT(Call(static_cast<HANDLE>(INVALID_HANDLE_VALUE)), ::testing::Not(Succeeds()))
      << "INVALID_HANDLE_VALUE is not a usable handle";
}

// Tests that Returns and ReturnsWithError compare exact values, for DWORD results where 0 is not a failure.
TEST(Matchers, ReturnsComparesExactValue) {
  EXPECT_THAT(Call(ReturnWith(WAIT_TIMEOUT, kPoisonError)), Returns(WAIT_TIMEOUT));
  EXPECT_THAT(Call(ReturnWith(WAIT_FAILED, ERROR_INVALID_HANDLE)), ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE));
  EXPECT_THAT(Call(static_cast<HANDLE>(nullptr)), Returns(nullptr));
  EXPECT_NONFATAL_FAILURE(EXPECT_THAT(Call(ReturnWith(0, 0)), Returns(WAIT_TIMEOUT)),
                          "Expected: returns 258 (0x102) (last error not checked)");
}

// Tests that a real wait on an unsignalled event reads naturally with the matchers.
TEST(Matchers, WaitOnUnsignalledEventTimesOut) {
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), Returns(WAIT_TIMEOUT));
}

// ---------------------------------------------------------------------------------------------------------------
// Error names

// Tests that the table agrees with windows.h for the codes the suite meets most.
TEST(ErrorNames, TableAgreesWithHeader) {
#define WINIPC_EXPECT_ERROR_NAME(code) EXPECT_STREQ(ErrorName(code), #code)
  WINIPC_EXPECT_ERROR_NAME(ERROR_SUCCESS);
  WINIPC_EXPECT_ERROR_NAME(ERROR_FILE_NOT_FOUND);
  WINIPC_EXPECT_ERROR_NAME(ERROR_ACCESS_DENIED);
  WINIPC_EXPECT_ERROR_NAME(ERROR_INVALID_HANDLE);
  WINIPC_EXPECT_ERROR_NAME(ERROR_INVALID_PARAMETER);
  WINIPC_EXPECT_ERROR_NAME(ERROR_ALREADY_EXISTS);
#undef WINIPC_EXPECT_ERROR_NAME
}

// Tests that unknown codes keep their number and that the poison is called out.
TEST(ErrorNames, UnknownAndPoisonAreDescribed) {
  EXPECT_STREQ(ErrorName(4242), "unknown");
  EXPECT_EQ(DescribeError(4242), "4242 unknown");
  EXPECT_EQ(DescribeError(87), "87 ERROR_INVALID_PARAMETER");
  EXPECT_EQ(DescribeError(kPoisonError), "0xdeadbeef poison (untouched)");
}

// ---------------------------------------------------------------------------------------------------------------
// BEHAVIOUR

// Tests that BEHAVIOUR records the ID as the test's "behaviour" property, which lands in the JUnit XML.
TEST(Behaviour, RecordsIdAsTestProperty) {
  BEHAVIOUR("HA-BEHAVIOUR-001");
  const ::testing::TestResult* result = ::testing::UnitTest::GetInstance()->current_test_info()->result();
  ASSERT_EQ(result->test_property_count(), 1);
  EXPECT_STREQ(result->GetTestProperty(0).key(), "behaviour");
  EXPECT_STREQ(result->GetTestProperty(0).value(), "HA-BEHAVIOUR-001");
}

// Tests that a test cites one behaviour at most.
TEST(Behaviour, SecondIdInOneTestFails) {
  BEHAVIOUR("HA-BEHAVIOUR-002");
  EXPECT_NONFATAL_FAILURE(BEHAVIOUR("HA-BEHAVIOUR-003"), "already cites HA-BEHAVIOUR-002");
}

// Tests that malformed IDs are rejected.
TEST(Behaviour, IdFormatIsChecked) {
  EXPECT_TRUE(IsValidBehaviourId("FM-CREATE-004"));
  EXPECT_TRUE(IsValidBehaviourId("FI-EOF-002"));
  EXPECT_FALSE(IsValidBehaviourId("FM-CREATE-4"));
  EXPECT_FALSE(IsValidBehaviourId("FMX-CREATE-004"));
  EXPECT_FALSE(IsValidBehaviourId("FM--004"));
  EXPECT_FALSE(IsValidBehaviourId("fm-create-004"));
  EXPECT_FALSE(IsValidBehaviourId("FM-CREATE-0042"));
  EXPECT_FALSE(IsValidBehaviourId(""));
  EXPECT_NONFATAL_FAILURE(BEHAVIOUR("FM-4"), "IDs look like FM-CREATE-004");
}

// ---------------------------------------------------------------------------------------------------------------
// Names

// Tests that every call gives a new name carrying the process id.
TEST(Names, UniqueNameDiffersPerCallAndCarriesPid) {
  const std::string first = UniqueName("thing");
  const std::string second = UniqueName("thing");
  EXPECT_NE(first, second);
  EXPECT_THAT(first, StartsWith("winipc-" + std::to_string(GetCurrentProcessId()) + "-"));
  EXPECT_THAT(first, ::testing::EndsWith("-thing"));
}

// Tests that UTF-8 -> UTF-16 -> UTF-8 round-trips, including a character outside the BMP (a surrogate pair).
TEST(Names, WideNarrowRoundTrip) {
  for (const std::string text : {"", "plain", "caf\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x98\x80 smile"}) {
    EXPECT_EQ(Narrow(Wide(text)), text);
  }
  const std::basic_string<WCHAR> smile = Wide("\xF0\x9F\x98\x80");
  ASSERT_EQ(smile.size(), 2u);
  EXPECT_EQ(static_cast<unsigned>(smile[0]), 0xD83Du);
  EXPECT_EQ(static_cast<unsigned>(smile[1]), 0xDE00u);
  EXPECT_EQ(static_cast<unsigned>(Wide("\xC3\xA9")[0]), 0xE9u);
}

// Tests that malformed input becomes U+FFFD instead of being dropped or crashing.
TEST(Names, MalformedInputBecomesReplacementCharacter) {
  const std::string replacement = "\xEF\xBF\xBD";
  EXPECT_EQ(Narrow(Wide("a\xFF"
                        "b")),
            "a" + replacement + "b");
  EXPECT_EQ(Narrow(Wide("\xC0\xAF")), replacement) << "overlong '/'";
  EXPECT_EQ(Narrow(Wide("\xE2\x82")), replacement) << "truncated";
  const WCHAR lone_surrogate[] = {static_cast<WCHAR>(0xD800), static_cast<WCHAR>('x'), 0};
  EXPECT_EQ(Narrow(lone_surrogate), replacement + "x");
  EXPECT_EQ(Narrow(static_cast<const WCHAR*>(nullptr)), "");
}

}  // namespace
}  // namespace winipc::conformance
