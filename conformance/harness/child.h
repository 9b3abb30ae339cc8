// Cross-process tests: named child mains in the same binary, started by the parent test.
//
//   CHILD_MAIN(SignalsReady) {                     // `args` are the strings the parent passed
//     Handshake ready = Handshake::Open(args.at(0));
//     CHILD_CHECK(ready.Signal()) << "could not signal " << args.at(0);
//     return 0;                                     // the child's exit code
//   }
//
//   TEST(Handshake, ChildSignalsParent) {
//     Handshake ready = Handshake::Create("ready");
//     Child child = SpawnChild("SignalsReady", {ready.name()});
//     EXPECT_TRUE(ready.Wait(10000));
//     EXPECT_EQ(child.Wait(10000), 0);
//   }
//
// The child is this same executable started with --winipc-child=<name>; it shares the parent's stdout and
// stderr, so what a failing CHILD_CHECK prints appears in the parent's output. Children use CHILD_CHECK*,
// which stop the child at the first failure: GoogleTest does not run in a child, only the exit code reaches
// the parent. (An EXPECT_* that fails in a child still makes it exit kChildCheckFailed.)
#ifndef WINIPC_CONFORMANCE_HARNESS_CHILD_H_
#define WINIPC_CONFORMANCE_HARNESS_CHILD_H_

#include <windows.h>

#include <gmock/gmock.h>

#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "harness/child_process.h"

namespace winipc::conformance {

// Exit codes the harness gives a child, and values Child::Wait returns that are never exit codes.
inline constexpr int kChildCheckFailed = 101;    // a CHILD_CHECK* failed
inline constexpr int kChildNotFound = 102;       // no CHILD_MAIN of that name
inline constexpr int kChildThrew = 103;          // the child main let an exception escape
inline constexpr int kChildKilled = 137;         // Kill(): 128 + SIGKILL, and the code TerminateProcess is given
inline constexpr int kChildTimedOut = -1000001;  // Wait() gave up; the child was killed
inline constexpr int kChildNotStarted = -1000002;

// How long a test waits for a child (to be ready, to signal, to exit) before it counts as hung.
inline constexpr DWORD kChildTimeoutMs = 10000;

using ChildMainFunction = int (*)(const std::vector<std::string>& args);

// Defines a child main called `name`, registered at static initialisation (no list to keep by hand). The body
// sees `const std::vector<std::string>& args` and returns the exit code.
#define CHILD_MAIN(name)                                                                            \
  static int WinipcChildMain_##name(const std::vector<std::string>& args);                          \
  [[maybe_unused]] static const bool winipc_child_main_registered_##name =                          \
      ::winipc::conformance::RegisterChildMain(#name, &WinipcChildMain_##name, __FILE__, __LINE__); \
  static int WinipcChildMain_##name([[maybe_unused]] const std::vector<std::string>& args)

// Guards CHILD_CHECK's if/else against a dangling else in the caller's code.
#define WINIPC_CHILD_CHECK_BLOCKER_ \
  switch (0)                        \
  case 0:                           \
  default:

// Checks inside a child main. A failure prints "file:line: CHILD_CHECK(cond) failed: <message>" to stderr and
// ends the child with kChildCheckFailed (destructors run, so Scoped* owners clean up). Messages stream:
//   CHILD_CHECK(view != nullptr) << "MapViewOfFile of " << name;
//   CHILD_CHECK_EQ(view[0], 'x');
//   CHILD_CHECK_THAT(Call(SetEvent(event)), SucceedsWith(0));   // the matchers of matchers.h
#define CHILD_CHECK(condition) \
  WINIPC_CHILD_CHECK_BLOCKER_  \
  if (condition)               \
    ;                          \
  else                         \
    WINIPC_CHILD_CHECK_FAIL_("CHILD_CHECK(" #condition ") failed")

#define CHILD_CHECK_EQ(actual, expected)                                                                 \
  WINIPC_CHILD_CHECK_BLOCKER_                                                                            \
  if (const std::optional<std::string> winipc_check_failure_ = ::winipc::conformance::internal::CheckEq( \
          (actual), (expected), "CHILD_CHECK_EQ(" #actual ", " #expected ")");                           \
      !winipc_check_failure_)                                                                            \
    ;                                                                                                    \
  else                                                                                                   \
    WINIPC_CHILD_CHECK_FAIL_(*winipc_check_failure_)

#define CHILD_CHECK_THAT(value, matcher)                                                                   \
  WINIPC_CHILD_CHECK_BLOCKER_                                                                              \
  if (const std::optional<std::string> winipc_check_failure_ = ::winipc::conformance::internal::CheckThat( \
          (value), (matcher), "CHILD_CHECK_THAT(" #value ", " #matcher ")");                               \
      !winipc_check_failure_)                                                                              \
    ;                                                                                                      \
  else                                                                                                     \
    WINIPC_CHILD_CHECK_FAIL_(*winipc_check_failure_)

// Throws the failure once the whole message has been streamed (& binds more loosely than <<).
#define WINIPC_CHILD_CHECK_FAIL_(what)                   \
  ::winipc::conformance::internal::ChildCheckThrower() & \
      ::winipc::conformance::internal::ChildCheckMessage(__FILE__, __LINE__, what)

// A child process started by SpawnChild. Move-only; destroying a Child whose process still runs kills and
// reaps it, so no test leaks processes, even one that stopped at a failed ASSERT.
class Child {
 public:
  Child() = default;
  Child(Child&&) noexcept = default;
  Child& operator=(Child&&) noexcept = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  // Waits up to timeout_ms for the child to exit and returns its exit code (again on later calls). If it is
  // still running then, that is a test failure: the child is killed and the result is kChildTimedOut.
  int Wait(DWORD timeout_ms);
  // Like Wait, but a child still running after timeout_ms is neither a failure nor killed: nullopt.
  std::optional<int> TryWait(DWORD timeout_ms);
  // Ends the child at once (TerminateProcess / SIGKILL) and reaps it; Wait then returns kChildKilled. Does
  // nothing if it has already exited.
  void Kill();
  bool Running();

  const std::string& name() const { return name_; }
  // False when SpawnChild failed (it has already reported why).
  explicit operator bool() const { return process_ != nullptr; }

 private:
  friend Child SpawnChild(const std::string& name, std::vector<std::string> args);

  std::string name_;
  internal::ChildProcessPtr process_;
};

// Starts this binary as the child main `name` with `args`. A failure to start is a test failure and gives a
// Child whose Wait returns kChildNotStarted.
Child SpawnChild(const std::string& name, std::vector<std::string> args = {});

// For tests of CreateProcess itself: this executable's path, and the command line that runs the child main
// `name` with `args` (quoted as the C runtime splits it). SpawnChild does the same with the OS's own call.
std::string ChildProgramPath();
std::string ChildCommandLine(const std::string& name, const std::vector<std::string>& args = {});

// Registers a child main; CHILD_MAIN calls this. A name registered twice aborts the binary at start-up.
bool RegisterChildMain(const char* name, ChildMainFunction function, const char* file, int line);

// If argv is a child's (argv[1] == --winipc-child=<name>), runs that child main and returns its exit code.
std::optional<int> RunChildIfRequested(int argc, char** argv);

namespace internal {

// What a failed CHILD_CHECK throws; RunChildIfRequested catches it, prints it and exits kChildCheckFailed.
struct ChildCheckFailure {
  std::string message;
};

class ChildCheckMessage {
 public:
  ChildCheckMessage(const char* file, int line, const std::string& what);
  template <typename T>
  ChildCheckMessage& operator<<(const T& value) {
    stream_ << separator_ << value;
    separator_ = "";
    return *this;
  }
  std::string str() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
  const char* separator_;
};

// Lower precedence than <<, so it runs after the whole message has been streamed.
struct ChildCheckThrower {
  [[noreturn]] void operator&(const ChildCheckMessage& message) const;
};

template <typename A, typename B>
std::optional<std::string> CheckEq(const A& actual, const B& expected, const char* text) {
  if (actual == expected) return std::nullopt;
  return std::string(text) + " failed\n  actual:   " + ::testing::PrintToString(actual) +
         "\n  expected: " + ::testing::PrintToString(expected);
}

template <typename T, typename M>
std::optional<std::string> CheckThat(const T& value, const M& matcher, const char* text) {
  const ::testing::Matcher<const T&> typed = ::testing::SafeMatcherCast<const T&>(matcher);
  ::testing::StringMatchResultListener explanation;
  if (typed.MatchAndExplain(value, &explanation)) return std::nullopt;
  std::ostringstream out;
  out << text << " failed\n  Expected: ";
  typed.DescribeTo(&out);
  out << "\n    Actual: " << ::testing::PrintToString(value);
  if (!explanation.str().empty()) out << ", " << explanation.str();
  return out.str();
}

}  // namespace internal
}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_CHILD_H_
