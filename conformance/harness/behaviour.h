// BEHAVIOUR("FM-CREATE-004"): names the behaviour a test is the primary test of.
//
// The ID is recorded as the GoogleTest property "behaviour", so it lands in the JUnit XML as
// <testcase ...><properties><property name="behaviour" value="FM-CREATE-004"/></properties></testcase>,
// where the runners join results to docs/spec and to the expectations files. A test
// cites at most one ID; a malformed ID or a second BEHAVIOUR in the same test fails the test.
#ifndef WINIPC_CONFORMANCE_HARNESS_BEHAVIOUR_H_
#define WINIPC_CONFORMANCE_HARNESS_BEHAVIOUR_H_

#include <string_view>

#define BEHAVIOUR(id) ::winipc::conformance::RecordBehaviour(id)

namespace winipc::conformance {

void RecordBehaviour(const char* id);

// IDs look like FM-CREATE-004: an area of two capitals, a topic of capitals, three digits.
bool IsValidBehaviourId(std::string_view id);

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_BEHAVIOUR_H_
