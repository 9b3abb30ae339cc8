// Pure helpers for the console calls on a terminal: the escape sequences that stand for a Windows character
// attribute (SetConsoleTextAttribute), a cursor position (SetConsoleCursorPosition) and a title (SetConsoleTitle),
// and the console modes SetConsoleMode accepts.
#ifndef WINIPC_API_CONSOLE_TEXT_H_
#define WINIPC_API_CONSOLE_TEXT_H_

#include <cstdint>
#include <string>

namespace winipc::api {

// "ESC[0;<fg>;<bg>[;7][;4]m": the attribute's foreground (FOREGROUND_* bits, 30-37 or with FOREGROUND_INTENSITY
// 90-97) and background (BACKGROUND_* bits, 40-47 or 100-107), then reverse video and underline
// (COMMON_LVB_REVERSE_VIDEO, COMMON_LVB_UNDERSCORE). Windows orders the colour bits blue, green, red from bit 0;
// ANSI orders them red, green, blue, so the bits are swapped. Starting with 0 clears what an earlier attribute set.
std::string SgrForAttribute(uint16_t attribute);

// "ESC[<row>;<column>H" for a zero-based console position (ANSI counts from 1).
std::string CursorSequence(int16_t x, int16_t y);

// "ESC]0;<title>BEL": the terminal's window title (xterm's sequence). Control characters in the title are dropped,
// so a title cannot end the sequence early or start another.
std::string TitleSequence(const std::string& utf8_title);

// Whether SetConsoleMode takes `mode` for an input or an output handle: no bits Windows does not define for that
// kind of handle.
bool ValidConsoleMode(uint32_t mode, bool input);

}  // namespace winipc::api

#endif  // WINIPC_API_CONSOLE_TEXT_H_
