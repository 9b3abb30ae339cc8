#include "core/utf.h"

#include <gtest/gtest.h>

namespace winipc {
namespace {

// Tests that valid UTF-8 and UTF-16 convert into each other.
TEST(Utf, RoundTripsValidText) {
  const std::string utf8 = "\xC3\xA9t\xC3\xA9-\xE6\x9D\xB1\xE4\xBA\xAC-\xF0\x9F\x98\x80";
  const std::u16string utf16 = u"\u00e9t\u00e9-\u6771\u4eac-\U0001F600";
  EXPECT_EQ(Utf8ToUtf16(utf8), utf16);
  EXPECT_EQ(Utf16ToUtf8(utf16), utf8);
}

// Tests that bytes that are not UTF-8 survive a round trip, so any A-name names exactly one object.
TEST(Utf, InvalidBytesRoundTrip) {
  const std::string bytes = "a\xFF\xC3z\x80";
  EXPECT_EQ(Utf16ToUtf8(Utf8ToUtf16(bytes)), bytes);
  EXPECT_NE(Utf8ToUtf16("\xFF"), Utf8ToUtf16("\xFE"));
}

// Tests that a lone surrogate in a W-name is kept (as WTF-8).
TEST(Utf, LoneSurrogateIsKept) {
  const std::u16string lone = u"a\xD800z";
  EXPECT_EQ(Utf8ToUtf16(Utf16ToUtf8(lone)), lone);
}

}  // namespace
}  // namespace winipc
