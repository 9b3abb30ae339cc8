// The standard handles (GetStdHandle, SetStdHandle) and the console functions over them (WriteConsole,
// GetConsoleMode, SetConsoleCtrlHandler). A standard handle is a file handle on a duplicate of descriptor 0, 1 or
// 2, so ReadFile/WriteFile/CloseHandle work on it as on Windows.
// https://learn.microsoft.com/en-us/windows/console/getstdhandle
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <windows.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/boundary.h"
#include "api/console_state.h"
#include "core/file.h"
#include "core/process.h"
#include "core/utf.h"
#include "posix/process_sys.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

namespace {

struct StdHandles {
  std::mutex mutex;
  bool made[3] = {false, false, false};
  HANDLE value[3] = {nullptr, nullptr, nullptr};
  HANDLE made_for_input = nullptr;  // the handle made on descriptor 0: the console's input when it is a terminal
};

StdHandles& Std() {
  static StdHandles* handles = new StdHandles();
  return *handles;
}

// 0, 1 or 2 for STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE; -1 otherwise.
int StdIndex(DWORD which) {
  switch (which) {
    case STD_INPUT_HANDLE:
      return 0;
    case STD_OUTPUT_HANDLE:
      return 1;
    case STD_ERROR_HANDLE:
      return 2;
    default:
      return -1;
  }
}

// A handle on a duplicate of descriptor `fd`; NULL when the descriptor is not open (a program started without it
// has no such standard handle, as on Windows).
HANDLE MakeStdHandle(int fd) {
  // Started by a CreateProcess that gave NULL for this handle (STARTF_USESTDHANDLES, PR-STDIO-003).
  const std::string variable(kNoStdHandlesVariable, sizeof kNoStdHandlesVariable - 2);  // without '='
  auto none = posix::GetEnv(variable);
  if (none && none->find(static_cast<char>('0' + fd)) != std::string::npos) return nullptr;
  auto dup = posix::DupDescriptor(fd);
  if (!dup.ok()) return nullptr;
  auto file = std::make_shared<File>(std::move(dup).value(), std::string(), false);
  const DWORD saved = GetLastError();
  HANDLE handle = Publish(std::move(file), FILE_GENERIC_READ | FILE_GENERIC_WRITE, Outcome::kOpened);
  SetLastError(saved);
  return handle;
}

}  // namespace

namespace winipc::api {

bool IsStandardInputHandle(HANDLE handle) {
  StdHandles& std_handles = Std();
  std::lock_guard<std::mutex> guard(std_handles.mutex);
  return handle != nullptr && handle == std_handles.made_for_input;
}

}  // namespace winipc::api

extern "C" HANDLE WINAPI GetStdHandle(DWORD nStdHandle) {
  const int index = StdIndex(nStdHandle);
  if (index < 0) return Fail(Status(ERROR_INVALID_HANDLE), INVALID_HANDLE_VALUE);
  StdHandles& std_handles = Std();
  std::lock_guard<std::mutex> guard(std_handles.mutex);
  if (!std_handles.made[index]) {
    std_handles.value[index] = MakeStdHandle(index);
    std_handles.made[index] = true;
    if (index == 0) std_handles.made_for_input = std_handles.value[index];
  }
  return std_handles.value[index];
}

extern "C" BOOL WINAPI SetStdHandle(DWORD nStdHandle, HANDLE hHandle) {
  const int index = StdIndex(nStdHandle);
  if (index < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  StdHandles& std_handles = Std();
  std::lock_guard<std::mutex> guard(std_handles.mutex);
  std_handles.value[index] = hHandle;
  std_handles.made[index] = true;
  return TRUE;
}

namespace {

// WriteConsole writes only to a console: a handle redirected to a file or a pipe fails with ERROR_INVALID_HANDLE,
// as on Windows (programs then fall back to WriteFile). A terminal is emu's console.
BOOL WriteToConsole(HANDLE handle, const std::string& utf8, DWORD chars, LPDWORD written) {
  bool input = false;
  if (ConsoleDescriptor(handle, &input) < 0) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  DWORD bytes = 0;
  if (!WriteFile(handle, utf8.data(), static_cast<DWORD>(utf8.size()), &bytes, nullptr)) return FALSE;
  if (written != nullptr) *written = chars;
  return TRUE;
}

}  // namespace

extern "C" BOOL WINAPI WriteConsoleA(HANDLE hConsoleOutput, const void* lpBuffer, DWORD nNumberOfCharsToWrite,
                                     LPDWORD lpNumberOfCharsWritten, LPVOID) {
  if (lpNumberOfCharsWritten != nullptr) *lpNumberOfCharsWritten = 0;
  const std::string text(static_cast<const char*>(lpBuffer), nNumberOfCharsToWrite);
  return WriteToConsole(hConsoleOutput, text, nNumberOfCharsToWrite, lpNumberOfCharsWritten);
}

extern "C" BOOL WINAPI WriteConsoleW(HANDLE hConsoleOutput, const void* lpBuffer, DWORD nNumberOfCharsToWrite,
                                     LPDWORD lpNumberOfCharsWritten, LPVOID) {
  if (lpNumberOfCharsWritten != nullptr) *lpNumberOfCharsWritten = 0;
  const std::u16string text(static_cast<const char16_t*>(lpBuffer), nNumberOfCharsToWrite);
  return WriteToConsole(hConsoleOutput, Utf16ToUtf8(text), nNumberOfCharsToWrite, lpNumberOfCharsWritten);
}

// ---- Ctrl-C: SIGINT is turned into CTRL_C_EVENT for the registered handlers, which run (last registered first)
// in a thread of their own, as Windows runs them; when none returns TRUE the process ends with
// STATUS_CONTROL_C_EXIT. SetConsoleCtrlHandler(NULL, TRUE) makes the process ignore Ctrl-C.

namespace {

constexpr DWORD kStatusControlCExit = 0xC000013A;

struct CtrlHandlers {
  std::mutex mutex;
  std::vector<PHANDLER_ROUTINE> routines;
  bool ignore_ctrl_c = false;
  int pipe[2] = {-1, -1};
};

CtrlHandlers& Ctrl() {
  static CtrlHandlers* handlers = new CtrlHandlers();
  return *handlers;
}

void OnSigint(int) {
  const char event = CTRL_C_EVENT;
  (void)!write(Ctrl().pipe[1], &event, 1);
}

void Dispatch() {
  for (;;) {
    char event;
    const ssize_t n = read(Ctrl().pipe[0], &event, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) return;
    std::vector<PHANDLER_ROUTINE> routines;
    {
      std::lock_guard<std::mutex> guard(Ctrl().mutex);
      if (Ctrl().ignore_ctrl_c) continue;
      routines = Ctrl().routines;
    }
    bool handled = false;
    for (auto it = routines.rbegin(); it != routines.rend() && !handled; ++it) handled = (*it)(CTRL_C_EVENT);
    if (!handled) ExitProcess(kStatusControlCExit);
  }
}

// Installs the SIGINT handler and the thread that runs the handlers, once.
void InstallCtrlC() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (pipe2(Ctrl().pipe, O_CLOEXEC) != 0) return;
    std::thread(Dispatch).detach();
    struct sigaction action = {};
    action.sa_handler = OnSigint;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
  });
}

}  // namespace

extern "C" BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add) {
  CtrlHandlers& ctrl = Ctrl();
  {
    std::lock_guard<std::mutex> guard(ctrl.mutex);
    if (HandlerRoutine == nullptr) {
      ctrl.ignore_ctrl_c = Add != FALSE;
    } else if (Add) {
      ctrl.routines.push_back(HandlerRoutine);
    } else {
      auto it = std::find(ctrl.routines.rbegin(), ctrl.routines.rend(), HandlerRoutine);
      if (it == ctrl.routines.rend()) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
      ctrl.routines.erase(std::next(it).base());
      return TRUE;
    }
  }
  InstallCtrlC();
  return TRUE;
}
