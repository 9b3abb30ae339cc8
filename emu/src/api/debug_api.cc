// OutputDebugString: with no debugger to receive it, the text goes to standard error (unchanged, no newline
// added), so it is seen where a console program's diagnostics go.
#include <unistd.h>
#include <windows.h>

#include <string>

#include "core/utf.h"
#include "posix/system_sys.h"

namespace {

void WriteToStderr(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

extern "C" void WINAPI OutputDebugStringA(LPCSTR lpOutputString) {
  if (lpOutputString != nullptr) WriteToStderr(lpOutputString);
}

extern "C" void WINAPI OutputDebugStringW(LPCWSTR lpOutputString) {
  if (lpOutputString != nullptr) WriteToStderr(winipc::Utf16ToUtf8(reinterpret_cast<const char16_t*>(lpOutputString)));
}

// A debugger on Linux is a tracer (gdb, strace): TracerPid of /proc/self/status (ER-MODE-003).
extern "C" BOOL WINAPI IsDebuggerPresent(void) { return winipc::posix::BeingTraced() ? TRUE : FALSE; }
