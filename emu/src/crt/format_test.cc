// Tests of the Microsoft printf rules (crt/format.h), without any I/O.
#include "crt/format.h"

#include <gtest/gtest.h>

#include <cstdarg>
#include <cstdint>

namespace winipc::crt {
namespace {

std::string F(bool wide, const char* format, ...) {
  va_list args;
  va_start(args, format);
  std::string out = FormatMs(format, wide, args);
  va_end(args);
  return out;
}

// Tests that %s is the function's own character type and %S the other one; h and l fix the width either way.
TEST(FormatMs, StringConversionsFollowTheFunctionsWidth) {
  EXPECT_EQ(F(false, "[%s|%S|%hs|%ls|%ws]", "a", u"b\u00e9", "c", u"d", u"e"), "[a|b\u00e9|c|d|e]");
  EXPECT_EQ(F(true, "[%s|%S|%hs|%ls|%hS]", u"a", "b", "c", u"d", "e"), "[a|b|c|d|e]");
}

// Tests that a string's precision and width count UTF-16 units in a wide function and bytes in a narrow one.
TEST(FormatMs, StringWidthCountsTheOutputsUnits) {
  EXPECT_EQ(F(true, "[%4s|%-4s|%.1s]", u"\u00e9", u"\u00e9", u"\u00e9x"), "[   \u00e9|\u00e9   |\u00e9]");
  EXPECT_EQ(F(false, "[%4s|%.2s]", "\u00e9", "\u00e9x"), "[  \u00e9|\u00e9]");
}

// Tests that a NULL string prints "(null)" in both widths.
TEST(FormatMs, NullStringPrintsNull) {
  EXPECT_EQ(F(false, "%s", static_cast<const char*>(nullptr)), "(null)");
  EXPECT_EQ(F(true, "%s", static_cast<const char16_t*>(nullptr)), "(null)");
}

// Tests that %ld is 32 bits, %I64d and %lld 64 bits, %Iu pointer-sized, and %I32d 32 bits.
TEST(FormatMs, IntegerSizesAreWindowsSizes) {
  EXPECT_EQ(F(false, "%ld %lu %lx", -1, 4294967295u, 0xabcdu), "-1 4294967295 abcd");
  EXPECT_EQ(F(false, "%I64d %lld %I64X", -5000000000LL, 5000000000LL, 0x1234567890ULL), "-5000000000 5000000000 1234567890");
  EXPECT_EQ(F(false, "%Iu %zu %I32d", static_cast<size_t>(1) << 40, static_cast<size_t>(7), -3), "1099511627776 7 -3");
  EXPECT_EQ(F(false, "%hd %hhu %05d %-4d| %+d", 70000, 257, 42, 7, 3), "4464 1 00042 7   | +3");
}

// Tests that %p is 16 upper-case hex digits without 0x, and that * takes width and precision from the arguments.
TEST(FormatMs, PointerAndStarArguments) {
  EXPECT_EQ(F(false, "%p", reinterpret_cast<void*>(static_cast<uintptr_t>(0xabc))), "0000000000000ABC");
  EXPECT_EQ(F(false, "[%*d|%-*d|%.*f]", 4, 1, 3, 2, 2, 3.14159), "[   1|2  |3.14]");
  EXPECT_EQ(F(false, "[%*d]", -3, 5), "[5  ]");
}

// Tests that %c is the function's width, %C the other, and that %% and unknown conversions print as text.
TEST(FormatMs, CharactersPercentAndUnknown) {
  EXPECT_EQ(F(false, "%c%C%%%y", 'a', u'\u00e9'), "a\u00e9%y");
  EXPECT_EQ(F(true, "%c%C%3c", u'\u20ac', 'b', u'x'), "\u20acb  x");
}

// Tests that floating conversions reach the C library unchanged.
TEST(FormatMs, FloatingPoint) { EXPECT_EQ(F(false, "%.2f %e %g", 1.005, 1e10, 0.5), "1.00 1.000000e+10 0.5"); }

}  // namespace
}  // namespace winipc::crt
