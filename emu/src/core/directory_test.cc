#include "core/directory.h"

#include <gtest/gtest.h>
#include <windows.h>

#include <string>

namespace winipc {
namespace {

// Tests that '*' matches any run (also none), '?' exactly one character, and letters match without case.
TEST(MatchesWildcard, StarQuestionMarkAndCase) {
  EXPECT_TRUE(MatchesWildcard("*", "anything"));
  EXPECT_TRUE(MatchesWildcard("*.txt", "a.txt"));
  EXPECT_TRUE(MatchesWildcard("*.txt", ".txt"));
  EXPECT_FALSE(MatchesWildcard("*.txt", "a.txt.bak"));
  EXPECT_TRUE(MatchesWildcard("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(MatchesWildcard("a*b*c", "aXXbYY"));
  EXPECT_TRUE(MatchesWildcard("?.txt", "a.txt"));
  EXPECT_FALSE(MatchesWildcard("?.txt", "ab.txt"));
  EXPECT_TRUE(MatchesWildcard("*.TXT", "a.txt"));
  EXPECT_TRUE(MatchesWildcard("*.*", "no_dot"));
  EXPECT_FALSE(MatchesWildcard("abc", "abd"));
}

// Tests that FullPathOf joins a relative name to the directory, reads '\' as '/', folds "." and "..", and keeps a
// trailing separator; and FilePartOffset finds the last component.
TEST(FullPathOf, JoinsAndFolds) {
  EXPECT_EQ(FullPathOf("/home/u", "a.txt"), "/home/u/a.txt");
  EXPECT_EQ(FullPathOf("/home/u", "x\\.\\y\\..\\z"), "/home/u/x/z");
  EXPECT_EQ(FullPathOf("/home/u", "/etc//passwd"), "/etc/passwd");
  EXPECT_EQ(FullPathOf("/", "../../a"), "/a");
  EXPECT_EQ(FullPathOf("/home/u", "dir/"), "/home/u/dir/");
  EXPECT_EQ(FullPathOf("/home/u", ".."), "/home");
  EXPECT_EQ(FilePartOffset("/home/u/a.txt"), 8u);
  EXPECT_EQ(FilePartOffset("/home/u/"), std::string::npos);
}

// Tests that FILETIME and timespec convert both ways, 1970 being kUnixEpochAsFileTime.
TEST(FileTimeFromTimespec, RoundTrips) {
  struct timespec t = {1, 500};
  const uint64_t ticks = FileTimeFromTimespec(t);
  EXPECT_EQ(ticks, 116444736000000000ull + 10000000 + 5);
  const struct timespec back = TimespecFromFileTime(ticks);
  EXPECT_EQ(back.tv_sec, 1);
  EXPECT_EQ(back.tv_nsec, 500);
  const struct timespec before = TimespecFromFileTime(116444736000000000ull - 1);
  EXPECT_EQ(before.tv_sec, -1);
  EXPECT_EQ(before.tv_nsec, 999999900);
}

}  // namespace
}  // namespace winipc
