// The conformance binary's entry point: a child main when asked for one, otherwise the tests, after a first
// line naming the implementation they run on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <string>

#include "harness/child.h"
#include "harness/implementation.h"

int main(int argc, char** argv) {
  // A child shares the parent's stdout, so it prints nothing of its own before its main runs.
  if (const std::optional<int> exit_code = winipc::conformance::RunChildIfRequested(argc, argv)) return *exit_code;

  const std::string implementation = winipc::conformance::ImplementationDescription();
  std::printf("implementation: %s\n", implementation.c_str());
  std::fflush(stdout);

  ::testing::InitGoogleMock(&argc, argv);
  // Outside any test this lands on the XML report's root element: <testsuites implementation="wine 8.0" ...>.
  ::testing::Test::RecordProperty("implementation", implementation);
  return RUN_ALL_TESTS();
}
