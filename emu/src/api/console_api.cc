// Console stand-ins for what the seed programs use: _getch (<conio.h>), MessageBox (printed, since there is no
// desktop), and the UTF-16 text functions behind <tchar.h> in UNICODE builds.
#include <conio.h>
#include <tchar.h>
#include <termios.h>
#include <unistd.h>
#include <windows.h>

#include <cstdarg>
#include <cstdio>
#include <string>

#include "core/utf.h"

using winipc::Utf16ToUtf8;

namespace {

std::string Narrow(const WCHAR* s) {
  if (s == nullptr) return "(null)";
  return Utf16ToUtf8(reinterpret_cast<const char16_t*>(s));
}

int ReadKey(bool echo) {
  fflush(stdout);
  unsigned char c;
  struct termios saved;
  const bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    struct termios raw = saved;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
  }
  ssize_t n;
  do {
    n = read(STDIN_FILENO, &c, 1);
  } while (n < 0 && errno == EINTR);
  if (tty) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  if (n != 1) return EOF;
  if (echo) {
    putchar(c);
    fflush(stdout);
  }
  return c;
}

int PrintMessageBox(const std::string& text, const std::string& caption) {
  // One line a person (or a test) can read: "[caption] text".
  printf("[%s] %s\n", caption.c_str(), text.c_str());
  fflush(stdout);
  return IDOK;
}

}  // namespace

extern "C" int _getch(void) { return ReadKey(false); }
extern "C" int _getche(void) { return ReadKey(true); }
extern "C" int _kbhit(void) {
  fd_set set;
  FD_ZERO(&set);
  FD_SET(STDIN_FILENO, &set);
  struct timeval zero = {0, 0};
  return select(STDIN_FILENO + 1, &set, nullptr, nullptr, &zero) > 0;
}

extern "C" int WINAPI MessageBoxA(HWND, LPCSTR lpText, LPCSTR lpCaption, UINT) {
  return PrintMessageBox(lpText ? lpText : "", lpCaption ? lpCaption : "Error");
}

extern "C" int WINAPI MessageBoxW(HWND, LPCWSTR lpText, LPCWSTR lpCaption, UINT) {
  return PrintMessageBox(lpText ? Narrow(lpText) : "", lpCaption ? Narrow(lpCaption) : "Error");
}

// The first UTF-16 console helpers tchar.h named; the C runtime's UTF-16 functions (emu/src/crt) do the work, so
// a program built against an older tchar.h prints exactly what _tprintf prints now.
extern "C" size_t winipc_wcslen(const WCHAR* s) { return winipc_wcslen16(s); }

extern "C" int winipc_wputs(const WCHAR* s) { return _putws(s); }

extern "C" int winipc_wprintf(const WCHAR* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = winipc_vwprintf16(format, args);
  va_end(args);
  return n;
}

// A beep: the terminal bell when standard error is a terminal, otherwise nothing (there is no sound device a
// console program could ask for). Windows returns TRUE when it could play the sound.
extern "C" BOOL WINAPI MessageBeep(UINT) {
  if (isatty(STDERR_FILENO)) {
    const char bell = '\a';
    return write(STDERR_FILENO, &bell, 1) == 1;
  }
  return TRUE;
}
