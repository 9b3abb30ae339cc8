// Tests of the strict UTF-8 conversion behind MultiByteToWideChar / WideCharToMultiByte (CP_UTF8).
#include "core/code_page.h"

#include <gtest/gtest.h>

namespace winipc {
namespace {

std::u16string Decode(std::string_view in, bool strict = false) {
  std::u16string out;
  EXPECT_TRUE(DecodeUtf8Strict(in, strict, &out));
  return out;
}

// Tests that valid UTF-8 of every length decodes, with a supplementary character as a surrogate pair.
TEST(CodePage, DecodesValidUtf8) {
  EXPECT_EQ(Decode("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), u"a\u00e9\u20ac\U0001F600");
}

// Tests that each maximal ill-formed subsequence becomes one U+FFFD, and that strict mode refuses it.
TEST(CodePage, InvalidSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(Decode("\xff"), u"\uFFFD");
  EXPECT_EQ(Decode("a\xe2\x82z"), u"a\uFFFDz");           // truncated sequence: one U+FFFD
  EXPECT_EQ(Decode("\xed\xa0\x80"), u"\uFFFD\uFFFD\uFFFD");  // an encoded surrogate is three bad bytes
  EXPECT_EQ(Decode("\xc0\xaf"), u"\uFFFD\uFFFD");          // overlong
  EXPECT_EQ(Decode("\xf4\x90\x80\x80"), u"\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
  std::u16string out;
  EXPECT_FALSE(DecodeUtf8Strict("ok\xff", true, &out));
}

// Tests that encoding turns pairs into 4 bytes and an unpaired surrogate into U+FFFD, or fails when strict.
TEST(CodePage, EncodesAndReplacesUnpairedSurrogates) {
  std::string out;
  EXPECT_TRUE(EncodeUtf8Strict(u"\u00e9\U0001F600", false, &out));
  EXPECT_EQ(out, "\xc3\xa9\xf0\x9f\x98\x80");
  out.clear();
  const char16_t lone[] = {u'a', 0xD800, u'b', 0};
  EXPECT_TRUE(EncodeUtf8Strict(lone, false, &out));
  EXPECT_EQ(out, "a\xef\xbf\xbd" "b");
  out.clear();
  EXPECT_FALSE(EncodeUtf8Strict(lone, true, &out));
}

}  // namespace
}  // namespace winipc
