#include "harness/report.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace winipc::conformance {

void ReportHarnessError(const std::string& message) {
  if (::testing::UnitTest::GetInstance()->current_test_info() != nullptr) {
    ADD_FAILURE() << message;
  } else {
    std::fprintf(stderr, "winipc harness: %s\n", message.c_str());
    std::fflush(stderr);
  }
}

namespace internal {

std::string FormatPointer(const void* pointer) {
  if (pointer == nullptr) return "NULL";
  if (pointer == INVALID_HANDLE_VALUE) return "INVALID_HANDLE_VALUE";
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx",
                static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(pointer)));
  return text;
}

std::string FormatUnsigned(std::uint64_t value) {
  char text[64];
  if (value < 10) {
    std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(value));
  } else {
    std::snprintf(text, sizeof text, "%llu (0x%llx)", static_cast<unsigned long long>(value),
                  static_cast<unsigned long long>(value));
  }
  return text;
}

std::string FormatSigned(std::int64_t value) {
  if (value >= 0) return FormatUnsigned(static_cast<std::uint64_t>(value));
  return std::to_string(value);
}

}  // namespace internal
}  // namespace winipc::conformance
