// Tests of the UTF-16 printf behind _tprintf in UNICODE builds (Microsoft's meaning of %s in wide functions).
#include <gtest/gtest.h>
#include <tchar.h>
#include <windows.h>

#include <cstdio>
#include <string>

namespace {

template <typename... Args>
std::string Printed(const char16_t* format, Args... args) {
  ::testing::internal::CaptureStdout();
  winipc_wprintf(reinterpret_cast<const WCHAR*>(format), args...);
  fflush(stdout);
  return ::testing::internal::GetCapturedStdout();
}

// Tests that integer conversions, widths, flags and '*' are formatted as printf would.
TEST(WidePrintf, IntegersWidthsAndStars) {
  EXPECT_EQ(Printed(u"a %d b\n", 5), "a 5 b\n");
  EXPECT_EQ(Printed(u"[%-4d|%04x|%X]", 7, 255, 255), "[7   |00ff|FF]");
  EXPECT_EQ(Printed(u"[%*d]", 5, 42), "[   42]");
  EXPECT_EQ(Printed(u"%lld %I64d %u", 1LL << 40, -(1LL << 40), 4000000000u), "1099511627776 -1099511627776 4000000000");
}

// Tests that %s and %ls take UTF-16 strings, %hs and %S narrow ones, and %c a UTF-16 character.
TEST(WidePrintf, StringsFollowTheWideConvention) {
  EXPECT_EQ(Printed(u"%s|%ls", u"\u00e9t\u00e9", u"x"), "\xC3\xA9t\xC3\xA9|x");
  EXPECT_EQ(Printed(u"%hs|%S", "narrow", "also"), "narrow|also");
  EXPECT_EQ(Printed(u"%c%c", u'\u6771', u'!'), "\xE6\x9D\xB1!");
  EXPECT_EQ(Printed(u"[%5s]", u"ab"), "[   ab]");
}

// Tests floating point, pointers' presence, and a literal percent sign.
TEST(WidePrintf, FloatsAndPercent) {
  EXPECT_EQ(Printed(u"%.2f%%", 99.5), "99.50%");
  EXPECT_EQ(Printed(u"%e", 1.0), "1.000000e+00");
}

// Tests that _tcslen counts UTF-16 units.
TEST(WideStrlen, CountsUnits) {
  EXPECT_EQ(winipc_wcslen(reinterpret_cast<const WCHAR*>(u"\u00e9\U0001F600")), 3u);
}

}  // namespace
