// A fixture for the Microsoft C runtime's checked functions: installs an invalid-parameter handler that counts its
// calls and returns (so a bad argument comes back as errno and the documented return value), and clears errno.
#ifndef WINIPC_CONFORMANCE_CRT_CRT_FIXTURE_H_
#define WINIPC_CONFORMANCE_CRT_CRT_FIXTURE_H_

#include <windows.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <gtest/gtest.h>

namespace winipc::conformance {

class CrtTest : public ::testing::Test {
 protected:
  void SetUp() override {
    calls_ = 0;
    previous_ = _set_invalid_parameter_handler(&CountCall);
    errno = 0;
  }
  void TearDown() override { _set_invalid_parameter_handler(previous_); }
  // How many times the invalid-parameter handler ran since the test started.
  static int HandlerCalls() { return calls_; }

 private:
  static void CountCall(const wchar_t*, const wchar_t*, const wchar_t*, unsigned int, uintptr_t) { ++calls_; }
  static inline int calls_ = 0;
  _invalid_parameter_handler previous_ = nullptr;
};

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_CRT_CRT_FIXTURE_H_
