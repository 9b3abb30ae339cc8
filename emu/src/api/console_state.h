// What emu keeps of "the console" for the console calls (console_buffer_api.cc, console_session_api.cc): emu's
// console is the terminal. A handle is a console handle when it is a file handle on a terminal and the process has
// not left its console (FreeConsole); the handle made for standard input (descriptor 0) is the console's input,
// any other terminal handle its screen buffer. Everything else (files, pipes, /dev/null: a redirected handle)
// fails the console calls with ERROR_INVALID_HANDLE, as on Windows.
#ifndef WINIPC_API_CONSOLE_STATE_H_
#define WINIPC_API_CONSOLE_STATE_H_

#include <windows.h>

#include <cstdint>
#include <mutex>
#include <string>

namespace winipc::api {

struct ConsoleState {
  std::mutex mutex;
  bool attached = true;  // a console program starts with a console; FreeConsole leaves it
  uint16_t attribute = 0x07;  // FOREGROUND_RED | FOREGROUND_GREEN | FOREGROUND_BLUE, Windows' default
  int16_t cursor_x = 0;  // the last SetConsoleCursorPosition; emu does not read the terminal's cursor
  int16_t cursor_y = 0;
  // What a terminal does by default: cooked input with echo and Ctrl-C; output processed, wrapped, escape
  // sequences understood.
  uint32_t input_mode = ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT;
  uint32_t output_mode = ENABLE_PROCESSED_OUTPUT | ENABLE_WRAP_AT_EOL_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING;
  uint32_t input_code_page = CP_UTF8;
  uint32_t output_code_page = CP_UTF8;
  bool title_set = false;
  std::u16string title;
};

ConsoleState& Console();

// The terminal descriptor behind a console handle, and whether it is the console's input; -1 for a handle that
// is not a console handle (ERROR_INVALID_HANDLE).
int ConsoleDescriptor(HANDLE handle, bool* input);

// Whether `handle` is the handle GetStdHandle made for descriptor 0 (std_handle_api.cc).
bool IsStandardInputHandle(HANDLE handle);

}  // namespace winipc::api

#endif  // WINIPC_API_CONSOLE_STATE_H_
