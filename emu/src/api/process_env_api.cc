// GetCommandLine and GetStartupInfo: the program's command line rebuilt from its arguments with Windows' quoting
// rules, and the startup information of a console program.
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getcommandlinea
#include <windows.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/utf.h"
#include "posix/file_sys.h"
#include "posix/process_sys.h"

using namespace winipc;  // NOLINT

namespace {

// One argument as CommandLineToArgvW and the C runtime read it back: quoted when it is empty or has a space, tab
// or quote; inside quotes a quote is escaped, and the backslashes before a quote (or the closing quote) doubled.
std::string QuoteArgument(const std::string& arg) {
  if (!arg.empty() && arg.find_first_of(" \t\"") == std::string::npos) return arg;
  std::string out = "\"";
  size_t backslashes = 0;
  for (char c : arg) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"') {
      out.append(2 * backslashes + 1, '\\');
    } else {
      out.append(backslashes, '\\');
    }
    backslashes = 0;
    out.push_back(c);
  }
  out.append(2 * backslashes, '\\');
  out.push_back('"');
  return out;
}

// The program's arguments, from /proc/self/cmdline.
std::vector<std::string> Arguments() {
  std::vector<std::string> args;
  FILE* f = std::fopen("/proc/self/cmdline", "rb");
  if (f == nullptr) return args;
  std::string current;
  int c;
  while ((c = std::fgetc(f)) != EOF) {
    if (c == 0) {
      args.push_back(current);
      current.clear();
    } else {
      current.push_back(static_cast<char>(c));
    }
  }
  std::fclose(f);
  return args;
}

const std::string& CommandLineUtf8() {
  static const std::string* line = [] {
    std::string out;
    for (const std::string& arg : Arguments()) {
      if (!out.empty()) out.push_back(' ');
      out += QuoteArgument(arg);
    }
    return new std::string(out);
  }();
  return *line;
}

}  // namespace

extern "C" LPSTR WINAPI GetCommandLineA(void) {
  static char* line = strdup(CommandLineUtf8().c_str());
  return line;
}

extern "C" LPWSTR WINAPI GetCommandLineW(void) {
  static std::u16string* line = new std::u16string(Utf8ToUtf16(CommandLineUtf8()));
  return reinterpret_cast<LPWSTR>(line->data());
}

// A console program's startup information: no window placement; the standard handles are the process's own
// (GetStdHandle), which are also what a child started with STARTF_USESTDHANDLES sees as its standard streams.
extern "C" void WINAPI GetStartupInfoA(LPSTARTUPINFOA lpStartupInfo) {
  static char empty[1] = "";
  static char* title = nullptr;
  if (title == nullptr) {
    auto exe = posix::ExecutablePath();
    title = strdup(exe.ok() ? exe->c_str() : "");
  }
  std::memset(lpStartupInfo, 0, sizeof *lpStartupInfo);
  lpStartupInfo->cb = sizeof *lpStartupInfo;
  lpStartupInfo->lpDesktop = empty;
  lpStartupInfo->lpTitle = title;
}

extern "C" void WINAPI GetStartupInfoW(LPSTARTUPINFOW lpStartupInfo) {
  static char16_t empty[1] = u"";
  static std::u16string* title = nullptr;
  if (title == nullptr) {
    auto exe = posix::ExecutablePath();
    title = new std::u16string(Utf8ToUtf16(exe.ok() ? exe.value() : std::string()));
  }
  std::memset(lpStartupInfo, 0, sizeof *lpStartupInfo);
  lpStartupInfo->cb = sizeof *lpStartupInfo;
  lpStartupInfo->lpDesktop = reinterpret_cast<LPWSTR>(empty);
  lpStartupInfo->lpTitle = reinterpret_cast<LPWSTR>(title->data());
}
