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

extern "C" size_t winipc_wcslen(const WCHAR* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

extern "C" int winipc_wputs(const WCHAR* s) { return puts(Narrow(s).c_str()); }

// printf for a UTF-16 format, with the Microsoft meaning of %s in wide functions: %s and %ls are WCHAR
// strings, %hs and %S are char strings; %c is a WCHAR. Everything else is formatted by vsnprintf, one
// conversion at a time.
extern "C" int winipc_wprintf(const WCHAR* format, ...) {
  const std::string fmt = Narrow(format);
  std::string out;
  va_list args;
  va_start(args, format);
  for (size_t i = 0; i < fmt.size();) {
    if (fmt[i] != '%') {
      out.push_back(fmt[i++]);
      continue;
    }
    size_t j = i + 1;
    if (j < fmt.size() && fmt[j] == '%') {
      out.push_back('%');
      i = j + 1;
      continue;
    }
    std::string spec = "%";
    while (j < fmt.size() && std::string("-+ #0").find(fmt[j]) != std::string::npos) spec.push_back(fmt[j++]);
    // Width, then precision: digits or '*' (taken from the arguments).
    for (int part = 0; part < 2; ++part) {
      if (part == 1) {
        if (j >= fmt.size() || fmt[j] != '.') break;
        spec.push_back(fmt[j++]);
      }
      if (j < fmt.size() && fmt[j] == '*') {
        spec += std::to_string(va_arg(args, int));
        ++j;
      }
      while (j < fmt.size() && isdigit(static_cast<unsigned char>(fmt[j]))) spec.push_back(fmt[j++]);
    }
    std::string length;
    while (j < fmt.size() && std::string("hlLqjzt").find(fmt[j]) != std::string::npos) length.push_back(fmt[j++]);
    if (j + 2 < fmt.size() && fmt.compare(j, 3, "I64") == 0) {
      length = "ll";
      j += 3;
    }
    if (j >= fmt.size()) break;
    const char conv = fmt[j++];
    i = j;  // the next literal text starts after this conversion
    char buf[512];
    int n = 0;
    switch (conv) {
      case 's':
      case 'S': {
        const bool narrow = (conv == 'S' && length != "l") || length == "h";
        std::string text =
            narrow ? std::string(va_arg(args, const char*) ?: "(null)") : Narrow(va_arg(args, const WCHAR*));
        n = snprintf(buf, sizeof buf, (spec + "s").c_str(), text.c_str());
        if (n >= static_cast<int>(sizeof buf)) {
          out += text;
          n = 0;
        }
        break;
      }
      case 'c':
      case 'C': {
        const WCHAR ch = static_cast<WCHAR>(va_arg(args, int));
        const WCHAR pair[2] = {ch, 0};
        n = snprintf(buf, sizeof buf, (spec + "s").c_str(), Narrow(pair).c_str());
        break;
      }
      case 'd': case 'i': case 'o': case 'u': case 'x': case 'X': {
        const std::string f = spec + length + conv;
        if (length == "ll" || length == "j" || length == "q" || length == "l" || length == "z" || length == "t") {
          n = snprintf(buf, sizeof buf, f.c_str(), va_arg(args, long long));
        } else {
          n = snprintf(buf, sizeof buf, f.c_str(), va_arg(args, int));
        }
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        n = snprintf(buf, sizeof buf, (spec + conv).c_str(), va_arg(args, double));
        break;
      case 'p':
        n = snprintf(buf, sizeof buf, (spec + "p").c_str(), va_arg(args, void*));
        break;
      default:
        out += spec + length + conv;
        continue;
    }
    if (n > 0) out.append(buf, std::min(static_cast<size_t>(n), sizeof buf - 1));
  }
  va_end(args);
  fputs(out.c_str(), stdout);
  return static_cast<int>(out.size());
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
