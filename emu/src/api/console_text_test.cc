// Tests of the escape sequences that stand for console attributes, cursor positions and titles on a terminal.
#include "api/console_text.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc::api {
namespace {

// Tests that the default attribute (grey on black) is white-ish 37 on 40, after a reset.
TEST(SgrForAttribute, DefaultGreyOnBlack) {
  EXPECT_EQ(SgrForAttribute(FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE), "\x1b[0;37;40m");
}

// Tests that each Windows colour bit becomes the ANSI colour with red and blue swapped.
TEST(SgrForAttribute, ColourBitsAreSwappedToAnsiOrder) {
  EXPECT_EQ(SgrForAttribute(FOREGROUND_RED), "\x1b[0;31;40m");
  EXPECT_EQ(SgrForAttribute(FOREGROUND_GREEN), "\x1b[0;32;40m");
  EXPECT_EQ(SgrForAttribute(FOREGROUND_BLUE), "\x1b[0;34;40m");
  EXPECT_EQ(SgrForAttribute(FOREGROUND_RED | FOREGROUND_GREEN), "\x1b[0;33;40m");  // yellow
  EXPECT_EQ(SgrForAttribute(FOREGROUND_GREEN | FOREGROUND_BLUE), "\x1b[0;36;40m");  // cyan
  EXPECT_EQ(SgrForAttribute(BACKGROUND_RED), "\x1b[0;30;41m");
  EXPECT_EQ(SgrForAttribute(BACKGROUND_BLUE | BACKGROUND_RED), "\x1b[0;30;45m");  // magenta
}

// Tests that the intensity bits choose the bright colours, foreground and background apart.
TEST(SgrForAttribute, IntensityChoosesBrightColours) {
  EXPECT_EQ(SgrForAttribute(FOREGROUND_RED | FOREGROUND_INTENSITY), "\x1b[0;91;40m");
  EXPECT_EQ(SgrForAttribute(BACKGROUND_GREEN | BACKGROUND_INTENSITY), "\x1b[0;30;102m");
  EXPECT_EQ(SgrForAttribute(0xff), "\x1b[0;97;107m");
}

// Tests that reverse video and underline are added, and other COMMON_LVB bits ignored.
TEST(SgrForAttribute, ReverseAndUnderline) {
  EXPECT_EQ(SgrForAttribute(COMMON_LVB_REVERSE_VIDEO | 7), "\x1b[0;37;40;7m");
  EXPECT_EQ(SgrForAttribute(COMMON_LVB_UNDERSCORE | 7), "\x1b[0;37;40;4m");
  EXPECT_EQ(SgrForAttribute(COMMON_LVB_GRID_HORIZONTAL | 7), "\x1b[0;37;40m");
}

// Tests that a zero-based position becomes ANSI's one-based row;column.
TEST(CursorSequence, IsOneBasedRowThenColumn) {
  EXPECT_EQ(CursorSequence(0, 0), "\x1b[1;1H");
  EXPECT_EQ(CursorSequence(9, 4), "\x1b[5;10H");
}

// Tests that a title is framed by OSC 0 and BEL, with control characters dropped.
TEST(TitleSequence, DropsControlCharacters) {
  EXPECT_EQ(TitleSequence("job queue"), "\x1b]0;job queue\x07");
  EXPECT_EQ(TitleSequence("a\x07" "b\x1b]c\n"), "\x1b]0;ab]c\x07");
  EXPECT_EQ(TitleSequence("\xC3\xA9t\xC3\xA9"), "\x1b]0;\xC3\xA9t\xC3\xA9\x07");
}

// Tests which mode bits SetConsoleMode accepts for input and for output handles.
TEST(ValidConsoleMode, KnownBitsPerKind) {
  EXPECT_TRUE(ValidConsoleMode(0, true));
  EXPECT_TRUE(ValidConsoleMode(ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT |
                                   ENABLE_EXTENDED_FLAGS | ENABLE_VIRTUAL_TERMINAL_INPUT,
                               true));
  EXPECT_FALSE(ValidConsoleMode(0x400, true));
  EXPECT_TRUE(ValidConsoleMode(ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING |
                                   DISABLE_NEWLINE_AUTO_RETURN | ENABLE_LVB_GRID_WORLDWIDE,
                               false));
  EXPECT_FALSE(ValidConsoleMode(0x20, false));
}

}  // namespace
}  // namespace winipc::api
