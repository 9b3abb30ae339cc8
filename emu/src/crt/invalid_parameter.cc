#include "crt/invalid_parameter.h"

#include <stdlib.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

namespace {
std::atomic<_invalid_parameter_handler> process_handler{nullptr};
thread_local _invalid_parameter_handler thread_handler = nullptr;

// The Universal CRT's default: report and end the process with STATUS_INVALID_CRUNTIME_PARAMETER, without running
// atexit handlers (it is a fail-fast): GetExitCodeProcess gives 0xC0000417 to a parent on emu as on Windows.
[[noreturn]] void DefaultHandler() {
  static const char kMessage[] = "winipc: invalid parameter passed to a C runtime function\n";
  ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
  TerminateProcess(GetCurrentProcess(), 0xC0000417u);
  _exit(0x17);  // not reached: the exit status's low byte, should TerminateProcess fail
}
}  // namespace

namespace winipc::crt {
int InvalidParameter(int error) {
  _invalid_parameter_handler handler = thread_handler;
  if (handler == nullptr) handler = process_handler.load();
  if (handler == nullptr) DefaultHandler();
  handler(nullptr, nullptr, nullptr, 0, 0);
  errno = error;
  return error;
}
}  // namespace winipc::crt

extern "C" _invalid_parameter_handler _set_invalid_parameter_handler(_invalid_parameter_handler handler) {
  return process_handler.exchange(handler);
}
extern "C" _invalid_parameter_handler _get_invalid_parameter_handler(void) { return process_handler.load(); }
extern "C" _invalid_parameter_handler _set_thread_local_invalid_parameter_handler(
    _invalid_parameter_handler handler) {
  _invalid_parameter_handler old = thread_handler;
  thread_handler = handler;
  return old;
}
extern "C" _invalid_parameter_handler _get_thread_local_invalid_parameter_handler(void) { return thread_handler; }
extern "C" void _invalid_parameter_noinfo(void) { winipc::crt::InvalidParameter(EINVAL); }
