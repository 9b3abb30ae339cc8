// The console as a whole: its title (Get/SetConsoleTitle), code pages (Get/SetConsoleCP, Get/SetConsoleOutputCP),
// its window (GetConsoleWindow), leaving and getting one (FreeConsole, AllocConsole, AttachConsole), and Beep.
//
// emu's console is the terminal, kept per process: a title set here is sent to the terminal (when standard output
// is one) and remembered, but not seen by other processes on the same terminal. emu speaks UTF-8, so the only code
// page a console takes is CP_UTF8 (65001): any other is refused with ERROR_INVALID_PARAMETER, as Windows refuses
// a code page it does not have installed (CN-CP-003). After FreeConsole the process has no console, and every
// console call fails with ERROR_INVALID_HANDLE, as on Windows (CN-CP-004, CN-TITLE-004, CN-MISC-001).
// https://learn.microsoft.com/en-us/windows/console/setconsoleoutputcp
#include <signal.h>
#include <unistd.h>
#include <windows.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>

#include "api/boundary.h"
#include "api/console_state.h"
#include "api/console_text.h"
#include "core/utf.h"

using winipc::Status;
using winipc::Utf16ToUtf8;
using winipc::Utf8ToUtf16;
using winipc::api::Console;
using winipc::api::ConsoleState;
using winipc::api::Fail;

namespace {

bool Attached() {
  std::lock_guard<std::mutex> guard(Console().mutex);
  return Console().attached;
}

// A new console (AllocConsole, AttachConsole): Windows' defaults, with emu's code page.
void Attach() {
  std::lock_guard<std::mutex> guard(Console().mutex);
  ConsoleState& console = Console();
  console.attached = true;
  console.attribute = 0x07;
  console.cursor_x = console.cursor_y = 0;
  console.input_code_page = console.output_code_page = CP_UTF8;
  console.title.clear();
  console.title_set = false;
}

BOOL SetCodePage(UINT code_page, bool output) {
  std::lock_guard<std::mutex> guard(Console().mutex);
  if (!Console().attached) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  if (code_page != CP_UTF8) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  (output ? Console().output_code_page : Console().input_code_page) = code_page;
  return TRUE;
}

UINT GetCodePage(bool output) {
  std::lock_guard<std::mutex> guard(Console().mutex);
  if (!Console().attached) return Fail(Status(ERROR_INVALID_HANDLE), UINT{0});
  return output ? Console().output_code_page : Console().input_code_page;
}

BOOL SetTitle(const std::u16string& title) {
  {
    std::lock_guard<std::mutex> guard(Console().mutex);
    if (!Console().attached) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
    Console().title = title;
    Console().title_set = true;
  }
  if (isatty(STDOUT_FILENO)) {
    fflush(stdout);
    const std::string sequence = winipc::api::TitleSequence(Utf16ToUtf8(title));
    (void)!write(STDOUT_FILENO, sequence.data(), sequence.size());
  }
  return TRUE;
}

// GetConsoleTitle: as much of the title as fits with its terminator, and the title's whole length (0 when
// nothing fits: a zero-sized buffer). A UTF-8 title is cut at a character boundary.
template <typename Char>
DWORD CopyTitle(const std::basic_string<Char>& title, Char* buffer, DWORD size) {
  if (buffer == nullptr || size == 0) return 0;
  size_t n = std::min<size_t>(title.size(), size - 1);
  if (sizeof(Char) == 1) {
    while (n > 0 && n < title.size() && (static_cast<unsigned char>(title[n]) & 0xC0) == 0x80) --n;
  }
  std::copy(title.begin(), title.begin() + static_cast<std::ptrdiff_t>(n), buffer);
  buffer[n] = 0;
  return static_cast<DWORD>(title.size());
}

bool Titled(std::u16string* title) {
  std::lock_guard<std::mutex> guard(Console().mutex);
  if (!Console().attached) return false;
  *title = Console().title;
  return true;
}

}  // namespace

extern "C" BOOL WINAPI SetConsoleTitleA(LPCSTR lpConsoleTitle) {
  if (lpConsoleTitle == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return SetTitle(Utf8ToUtf16(lpConsoleTitle));
}

extern "C" BOOL WINAPI SetConsoleTitleW(LPCWSTR lpConsoleTitle) {
  if (lpConsoleTitle == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return SetTitle(reinterpret_cast<const char16_t*>(lpConsoleTitle));
}

extern "C" DWORD WINAPI GetConsoleTitleA(LPSTR lpConsoleTitle, DWORD nSize) {
  std::u16string title;
  if (!Titled(&title)) return Fail(Status(ERROR_INVALID_HANDLE), DWORD{0});
  return CopyTitle(Utf16ToUtf8(title), lpConsoleTitle, nSize);
}

extern "C" DWORD WINAPI GetConsoleTitleW(LPWSTR lpConsoleTitle, DWORD nSize) {
  std::u16string title;
  if (!Titled(&title)) return Fail(Status(ERROR_INVALID_HANDLE), DWORD{0});
  return CopyTitle(std::basic_string<WCHAR>(title.begin(), title.end()), lpConsoleTitle, nSize);
}

extern "C" UINT WINAPI GetConsoleCP(void) { return GetCodePage(false); }
extern "C" UINT WINAPI GetConsoleOutputCP(void) { return GetCodePage(true); }
extern "C" BOOL WINAPI SetConsoleCP(UINT wCodePageID) { return SetCodePage(wCodePageID, false); }
extern "C" BOOL WINAPI SetConsoleOutputCP(UINT wCodePageID) { return SetCodePage(wCodePageID, true); }

// A terminal has no window a program could move or hide: NULL, as for a process without a console.
extern "C" HWND WINAPI GetConsoleWindow(void) { return nullptr; }

extern "C" BOOL WINAPI FreeConsole(void) {
  std::lock_guard<std::mutex> guard(Console().mutex);
  Console().attached = false;
  return TRUE;
}

// emu cannot open a console window: the new console is the terminal the process was started from (if any), and
// output goes where it went before.
extern "C" BOOL WINAPI AllocConsole(void) {
  if (Attached()) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
  Attach();
  return TRUE;
}

// The parent's console, or another process's, is the same terminal: attaching succeeds when the process named
// exists; the calling process has no console to attach to (ERROR_INVALID_HANDLE).
extern "C" BOOL WINAPI AttachConsole(DWORD dwProcessId) {
  if (Attached()) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
  if (dwProcessId != ATTACH_PARENT_PROCESS) {
    if (dwProcessId == static_cast<DWORD>(getpid())) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
    if (dwProcessId == 0 || dwProcessId > 0x7fffffffu ||
        (kill(static_cast<pid_t>(dwProcessId), 0) != 0 && errno == ESRCH)) {
      return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
    }
  }
  Attach();
  return TRUE;
}

// No sound device: the terminal bell when standard error is a terminal. Beep is synchronous on Windows, so the
// call takes dwDuration milliseconds.
extern "C" BOOL WINAPI Beep(DWORD, DWORD dwDuration) {
  if (isatty(STDERR_FILENO)) {
    const char bell = '\a';
    (void)!write(STDERR_FILENO, &bell, 1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(dwDuration));
  return TRUE;
}
