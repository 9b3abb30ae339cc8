// Tests that the system message table covers every error code <winerror.h> defines.
#include "api/system_messages.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

namespace winipc::api {
namespace {

// Tests that each ERROR_* code in emu's <winerror.h> has a text ending in CR LF (a new code needs its row in
// system_messages.cc), and that the table is sorted.
TEST(SystemMessages, EveryWinerrorCodeHasText) {
  std::ifstream header(WINIPC_SOURCE_DIR "/emu/include/winerror.h");
  ASSERT_TRUE(header.good());
  const std::regex define(R"(^#define (ERROR_[A-Z0-9_]+|NO_ERROR) ([0-9]+)\s*$)");
  std::string line;
  int codes = 0;
  while (std::getline(header, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, define)) continue;
    ++codes;
    const char* text = SystemMessageText(static_cast<uint32_t>(std::stoul(m[2])));
    ASSERT_NE(text, nullptr) << m[1];
    const std::string s(text);
    EXPECT_GE(s.size(), 3u) << m[1];
    EXPECT_EQ(s.substr(s.size() - 2), "\r\n") << m[1];
  }
  EXPECT_GT(codes, 40);
  for (int i = 1; i < SystemMessageCount(); ++i) EXPECT_LT(SystemMessageCode(i - 1), SystemMessageCode(i));
}

}  // namespace
}  // namespace winipc::api
