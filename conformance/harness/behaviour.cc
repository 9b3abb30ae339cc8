#include "harness/behaviour.h"

#include <gtest/gtest.h>

#include <string_view>

namespace winipc::conformance {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidBehaviourId(std::string_view id) {
  // AA-TOPIC-000
  const size_t first_dash = id.find('-');
  const size_t last_dash = id.rfind('-');
  if (first_dash != 2 || last_dash == first_dash || last_dash + 4 != id.size()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = i == first_dash || i == last_dash ? c == '-' : i > last_dash ? IsDigit(c) : IsUpper(c);
    if (!ok) return false;
  }
  return last_dash > first_dash + 1;
}

void RecordBehaviour(const char* id) {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  if (test == nullptr) {
    ADD_FAILURE() << "BEHAVIOUR(\"" << id << "\") used outside a test";
    return;
  }
  if (!IsValidBehaviourId(id)) {
    ADD_FAILURE() << "BEHAVIOUR(\"" << id << "\"): IDs look like FM-CREATE-004";
    return;
  }
  // The test's own result holds the properties recorded so far in this run (and is cleared on --gtest_repeat).
  const ::testing::TestResult* result = test->result();
  for (int i = 0; i < result->test_property_count(); ++i) {
    const ::testing::TestProperty& property = result->GetTestProperty(i);
    if (std::string_view(property.key()) == "behaviour") {
      ADD_FAILURE() << "BEHAVIOUR(\"" << id << "\"): this test already cites " << property.value()
                    << "; one behaviour, one primary test";
      return;
    }
  }
  ::testing::Test::RecordProperty("behaviour", id);
}

}  // namespace winipc::conformance
