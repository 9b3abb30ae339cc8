// The console calls on a console handle: GetConsoleMode/SetConsoleMode, SetConsoleTextAttribute,
// GetConsoleScreenBufferInfo, SetConsoleCursorPosition, FlushConsoleInputBuffer. On a terminal, colours and the
// cursor become escape sequences (api/console_text.h) and input modes become the terminal's settings; on any other
// handle (redirected to a file or a pipe) they fail with ERROR_INVALID_HANDLE, as Windows does (CN-ATTR-*,
// CN-MODE-*).
// https://learn.microsoft.com/en-us/windows/console/setconsoletextattribute
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <windows.h>

#include <cerrno>
#include <string>

#include "api/boundary.h"
#include "api/console_state.h"
#include "api/console_text.h"

using winipc::Status;
using winipc::api::Console;
using winipc::api::ConsoleDescriptor;
using winipc::api::Fail;

namespace {

void WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

// The terminal's size in character cells; 80 x 25 (a Windows console's classic size) when it does not say.
COORD TerminalSize(int fd) {
  struct winsize size = {};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0) {
    return COORD{static_cast<SHORT>(size.ws_col > 0x7fff ? 0x7fff : size.ws_col),
                 static_cast<SHORT>(size.ws_row > 0x7fff ? 0x7fff : size.ws_row)};
  }
  return COORD{80, 25};
}

// The output calls need the screen buffer: an input handle, or no console handle at all, is ERROR_INVALID_HANDLE.
int OutputDescriptor(HANDLE handle) {
  bool input = false;
  const int fd = ConsoleDescriptor(handle, &input);
  return input ? -1 : fd;
}

// ENABLE_LINE_INPUT, ENABLE_ECHO_INPUT and ENABLE_PROCESSED_INPUT are the terminal's canonical mode, echo and
// signal characters (Ctrl-C).
void ApplyInputMode(int fd, DWORD mode) {
  struct termios settings;
  if (tcgetattr(fd, &settings) != 0) return;
  auto set = [&settings](tcflag_t flag, bool on) {
    settings.c_lflag = on ? (settings.c_lflag | flag) : (settings.c_lflag & ~flag);
  };
  set(ICANON, (mode & ENABLE_LINE_INPUT) != 0);
  set(ECHO, (mode & ENABLE_ECHO_INPUT) != 0);
  set(ISIG, (mode & ENABLE_PROCESSED_INPUT) != 0);
  if (!(mode & ENABLE_LINE_INPUT)) {
    settings.c_cc[VMIN] = 1;
    settings.c_cc[VTIME] = 0;
  }
  (void)tcsetattr(fd, TCSANOW, &settings);
}

}  // namespace

extern "C" BOOL WINAPI GetConsoleMode(HANDLE hConsoleHandle, LPDWORD lpMode) {
  bool input = false;
  if (ConsoleDescriptor(hConsoleHandle, &input) < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (lpMode == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  std::lock_guard<std::mutex> guard(Console().mutex);
  *lpMode = input ? Console().input_mode : Console().output_mode;
  return TRUE;
}

extern "C" BOOL WINAPI SetConsoleMode(HANDLE hConsoleHandle, DWORD dwMode) {
  bool input = false;
  const int fd = ConsoleDescriptor(hConsoleHandle, &input);
  if (fd < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (!winipc::api::ValidConsoleMode(dwMode, input)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  std::lock_guard<std::mutex> guard(Console().mutex);
  if (input) {
    ApplyInputMode(fd, dwMode);
    Console().input_mode = dwMode;
  } else {
    Console().output_mode = dwMode;
  }
  return TRUE;
}

extern "C" BOOL WINAPI SetConsoleTextAttribute(HANDLE hConsoleOutput, WORD wAttributes) {
  const int fd = OutputDescriptor(hConsoleOutput);
  if (fd < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  std::lock_guard<std::mutex> guard(Console().mutex);
  Console().attribute = wAttributes;
  fflush(stdout);  // text printf buffered before the call takes the old colour
  WriteAll(fd, winipc::api::SgrForAttribute(wAttributes));
  return TRUE;
}

extern "C" BOOL WINAPI GetConsoleScreenBufferInfo(HANDLE hConsoleOutput,
                                                  PCONSOLE_SCREEN_BUFFER_INFO lpConsoleScreenBufferInfo) {
  const int fd = OutputDescriptor(hConsoleOutput);
  if (fd < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (lpConsoleScreenBufferInfo == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  // The buffer is the visible window (a terminal keeps no addressable scrollback).
  const COORD size = TerminalSize(fd);
  std::lock_guard<std::mutex> guard(Console().mutex);
  CONSOLE_SCREEN_BUFFER_INFO& info = *lpConsoleScreenBufferInfo;
  info.dwSize = size;
  info.dwCursorPosition.X = Console().cursor_x < size.X ? Console().cursor_x : static_cast<SHORT>(size.X - 1);
  info.dwCursorPosition.Y = Console().cursor_y < size.Y ? Console().cursor_y : static_cast<SHORT>(size.Y - 1);
  info.wAttributes = Console().attribute;
  info.srWindow = SMALL_RECT{0, 0, static_cast<SHORT>(size.X - 1), static_cast<SHORT>(size.Y - 1)};
  info.dwMaximumWindowSize = size;
  return TRUE;
}

extern "C" BOOL WINAPI SetConsoleCursorPosition(HANDLE hConsoleOutput, COORD dwCursorPosition) {
  const int fd = OutputDescriptor(hConsoleOutput);
  if (fd < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  const COORD size = TerminalSize(fd);
  if (dwCursorPosition.X < 0 || dwCursorPosition.Y < 0 || dwCursorPosition.X >= size.X ||
      dwCursorPosition.Y >= size.Y) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  std::lock_guard<std::mutex> guard(Console().mutex);
  Console().cursor_x = dwCursorPosition.X;
  Console().cursor_y = dwCursorPosition.Y;
  fflush(stdout);
  WriteAll(fd, winipc::api::CursorSequence(dwCursorPosition.X, dwCursorPosition.Y));
  return TRUE;
}

extern "C" BOOL WINAPI FlushConsoleInputBuffer(HANDLE hConsoleInput) {
  bool input = false;
  const int fd = ConsoleDescriptor(hConsoleInput, &input);
  if (fd < 0 || !input) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  (void)tcflush(fd, TCIFLUSH);  // keys typed and not yet read
  return TRUE;
}
