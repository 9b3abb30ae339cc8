#include "core/environment.h"

#include <gtest/gtest.h>

#include <map>

namespace winipc {
namespace {

std::string Expand(const std::string& source) {
  const std::map<std::string, std::string> known = {{"HOME", "/home/u"}, {"X", "1"}, {"EMPTY", ""}};
  return ExpandReferences<char>(source, [&](const std::string& name) -> std::optional<std::string> {
    auto it = known.find(name);
    if (it == known.end()) return std::nullopt;
    return it->second;
  });
}

TEST(ExpandReferences, ReplacesKnownNames) {
  EXPECT_EQ(Expand("%HOME%/bin"), "/home/u/bin");
  EXPECT_EQ(Expand("a%X%b%X%c"), "a1b1c");
  EXPECT_EQ(Expand("[%EMPTY%]"), "[]");
}

TEST(ExpandReferences, LeavesUnknownNamesAsWritten) {
  EXPECT_EQ(Expand("%NOPE%"), "%NOPE%");
  EXPECT_EQ(Expand("100%"), "100%");
  EXPECT_EQ(Expand("%%"), "%%");
  EXPECT_EQ(Expand("%"), "%");
}

TEST(ExpandReferences, ClosingPercentOfUnknownNameOpensNothing) {
  EXPECT_EQ(Expand("%NOPE%X%"), "%NOPE%X%");
  EXPECT_EQ(Expand("%%X%"), "%%X%");
  EXPECT_EQ(Expand("%NOPE%%X%"), "%NOPE%1");
}

TEST(ExpandReferences, WorksOnUtf16) {
  const std::u16string out = ExpandReferences<char16_t>(
      u"<%A%>", [](const std::u16string& name) -> std::optional<std::u16string> {
        if (name == u"A") return std::u16string(u"\u00e9");
        return std::nullopt;
      });
  EXPECT_EQ(out, u"<\u00e9>");
}

TEST(FindVariable, PrefersExactNameThenIgnoresCase) {
  const std::vector<std::string> env = {"Path=a", "PATH=b", "=C:=C:\\x", "Other=c"};
  EXPECT_EQ(FindVariable(env, "PATH"), "b");
  EXPECT_EQ(FindVariable(env, "path"), "a");
  EXPECT_EQ(FindVariable(env, "OTHER"), "c");
  EXPECT_EQ(FindVariable(env, "=C:"), "C:\\x");
  EXPECT_EQ(FindVariable(env, "missing"), std::nullopt);
}

}  // namespace
}  // namespace winipc
