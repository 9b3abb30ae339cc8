#include "harness/child.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <string_view>
#include <utility>

#include "harness/child_process.h"
#include "harness/command_line.h"
#include "harness/report.h"

namespace winipc::conformance {
namespace {

constexpr std::string_view kChildFlag = "--winipc-child=";

struct Registration {
  ChildMainFunction function;
  const char* file;
  int line;
};

// Built on first use, so registrations from any translation unit's static initialisers find it constructed.
std::map<std::string, Registration, std::less<>>& Registry() {
  static auto* registry = new std::map<std::string, Registration, std::less<>>();
  return *registry;
}

}  // namespace

bool RegisterChildMain(const char* name, ChildMainFunction function, const char* file, int line) {
  const auto [existing, inserted] = Registry().emplace(name, Registration{function, file, line});
  if (!inserted) {
    std::fprintf(stderr, "winipc harness: CHILD_MAIN(%s) at %s:%d is already defined at %s:%d\n", name, file, line,
                 existing->second.file, existing->second.line);
    std::abort();
  }
  return true;
}

std::optional<int> RunChildIfRequested(int argc, char** argv) {
  if (argc < 2 || std::string_view(argv[1]).substr(0, kChildFlag.size()) != kChildFlag) return std::nullopt;
  const std::string_view name = std::string_view(argv[1]).substr(kChildFlag.size());
  const auto found = Registry().find(name);
  if (found == Registry().end()) {
    std::string known;
    for (const auto& [registered, registration] : Registry()) known += " " + registered;
    std::fprintf(stderr, "winipc harness: no CHILD_MAIN(%.*s); known:%s\n", static_cast<int>(name.size()), name.data(),
                 known.c_str());
    return kChildNotFound;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  int exit_code;
  try {
    exit_code = found->second.function(args);
  } catch (const internal::ChildCheckFailure& failure) {
    std::fprintf(stderr, "[child %s] %s\n", found->first.c_str(), failure.message.c_str());
    exit_code = kChildCheckFailed;
  } catch (const std::exception& exception) {
    std::fprintf(stderr, "[child %s] exception: %s\n", found->first.c_str(), exception.what());
    exit_code = kChildThrew;
  }
  // GoogleTest does not run in a child, but EXPECT_* and ADD_FAILURE still print there and are recorded on the
  // run's ad hoc result: let them fail the child too, instead of passing silently.
  if (exit_code == 0 && ::testing::UnitTest::GetInstance()->ad_hoc_test_result().Failed()) {
    std::fprintf(stderr, "[child %s] a GoogleTest assertion failed in the child (use CHILD_CHECK*)\n",
                 found->first.c_str());
    exit_code = kChildCheckFailed;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  return exit_code;
}

Child::~Child() {
  if (process_ && !internal::WaitForChildProcess(*process_, 0)) {
    std::fprintf(stderr, "winipc harness: child %s still running when its Child was destroyed; killing it\n",
                 name_.c_str());
    internal::KillChildProcess(*process_);
  }
}

int Child::Wait(DWORD timeout_ms) {
  if (!process_) {
    ADD_FAILURE() << "Wait() on child " << (name_.empty() ? "(none)" : name_) << ", which never started";
    return kChildNotStarted;
  }
  if (const std::optional<int> exit_code = internal::WaitForChildProcess(*process_, timeout_ms)) return *exit_code;
  ADD_FAILURE() << "child " << name_ << " still running after " << timeout_ms << " ms; killed it";
  internal::KillChildProcess(*process_);
  return kChildTimedOut;
}

std::optional<int> Child::TryWait(DWORD timeout_ms) {
  if (!process_) {
    ADD_FAILURE() << "TryWait() on child " << (name_.empty() ? "(none)" : name_) << ", which never started";
    return kChildNotStarted;
  }
  return internal::WaitForChildProcess(*process_, timeout_ms);
}

void Child::Kill() {
  if (process_) internal::KillChildProcess(*process_);
}

bool Child::Running() { return process_ && !internal::WaitForChildProcess(*process_, 0).has_value(); }

std::string ChildProgramPath() { return internal::ProgramPath(); }

std::string ChildCommandLine(const std::string& name, const std::vector<std::string>& args) {
  std::vector<std::string> arguments = {ChildProgramPath(), "--winipc-child=" + name};
  arguments.insert(arguments.end(), args.begin(), args.end());
  return BuildWindowsCommandLine(arguments);
}

Child SpawnChild(const std::string& name, std::vector<std::string> args) {
  Child child;
  child.name_ = name;
  // The child writes to the same stdout and stderr: flush first, so the output keeps its order.
  std::fflush(nullptr);
  std::string error;
  child.process_ = internal::StartChildProcess(name, args, &error);
  if (!child.process_) ADD_FAILURE() << "could not start child " << name << ": " << error;
  return child;
}

namespace internal {

ChildCheckMessage::ChildCheckMessage(const char* file, int line, const std::string& what) {
  stream_ << file << ":" << line << ": " << what;
  // A multi-line description (CHILD_CHECK_EQ, CHILD_CHECK_THAT) gets the user's message on its own line.
  separator_ = what.find('\n') == std::string::npos ? ": " : "\n  ";
}

void ChildCheckThrower::operator&(const ChildCheckMessage& message) const { throw ChildCheckFailure{message.str()}; }

}  // namespace internal
}  // namespace winipc::conformance
