#include "api/console_text.h"

namespace winipc::api {
namespace {

// Windows' blue/green/red bits (1, 2, 4) as the ANSI colour number (red 1, green 2, blue 4).
int AnsiColour(unsigned windows_bits) {
  return ((windows_bits & 4u) ? 1 : 0) | ((windows_bits & 2u) ? 2 : 0) | ((windows_bits & 1u) ? 4 : 0);
}

constexpr uint16_t kIntensityForeground = 0x0008;
constexpr uint16_t kIntensityBackground = 0x0080;
constexpr uint16_t kReverseVideo = 0x4000;
constexpr uint16_t kUnderscore = 0x8000;

}  // namespace

std::string SgrForAttribute(uint16_t attribute) {
  const int foreground = AnsiColour(attribute & 7u) + ((attribute & kIntensityForeground) ? 90 : 30);
  const int background = AnsiColour((attribute >> 4) & 7u) + ((attribute & kIntensityBackground) ? 100 : 40);
  std::string out = "\x1b[0;" + std::to_string(foreground) + ";" + std::to_string(background);
  if (attribute & kReverseVideo) out += ";7";
  if (attribute & kUnderscore) out += ";4";
  out += "m";
  return out;
}

std::string CursorSequence(int16_t x, int16_t y) {
  return "\x1b[" + std::to_string(y + 1) + ";" + std::to_string(x + 1) + "H";
}

std::string TitleSequence(const std::string& utf8_title) {
  std::string out = "\x1b]0;";
  for (const char c : utf8_title) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7f) out.push_back(c);
  }
  out += "\x07";
  return out;
}

bool ValidConsoleMode(uint32_t mode, bool input) {
  // Input: ENABLE_PROCESSED_INPUT (0x1) .. ENABLE_VIRTUAL_TERMINAL_INPUT (0x200). Output: ENABLE_PROCESSED_OUTPUT
  // (0x1) .. ENABLE_LVB_GRID_WORLDWIDE (0x10).
  const uint32_t known = input ? 0x3ffu : 0x1fu;
  return (mode & ~known) == 0;
}

}  // namespace winipc::api
