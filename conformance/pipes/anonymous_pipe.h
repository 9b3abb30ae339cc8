// Helpers shared by the pipe tests (conformance/pipes/*_test.cc): an anonymous pipe with owned ends, and reading
// and writing whole strings. Written against the Win32 API only.
#ifndef WINIPC_CONFORMANCE_PIPES_ANONYMOUS_PIPE_H_
#define WINIPC_CONFORMANCE_PIPES_ANONYMOUS_PIPE_H_

#include <windows.h>

#include <string>

#include "harness/harness.h"

namespace winipc::conformance::pipes {

struct AnonymousPipe {
  ScopedHandle read_end;
  ScopedHandle write_end;
};

// CreatePipe with `attributes` (NULL: neither end inheritable); a failure is a test failure.
inline AnonymousPipe MakeAnonymousPipe(SECURITY_ATTRIBUTES* attributes = nullptr) {
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  EXPECT_TRUE(CreatePipe(&read_end, &write_end, attributes, 0)) << DescribeError(GetLastError());
  return AnonymousPipe{ScopedHandle(read_end), ScopedHandle(write_end)};
}

// Writes all of `text`; true if every byte was written.
inline bool WriteText(HANDLE handle, const std::string& text) {
  DWORD written = 0;
  return WriteFile(handle, text.data(), static_cast<DWORD>(text.size()), &written, nullptr) &&
         written == text.size();
}

// Reads until ReadFile fails (the end of a pipe: ERROR_BROKEN_PIPE) or reads nothing; `*error` gets the last
// error of the read that stopped.
inline std::string ReadToEnd(HANDLE handle, DWORD* error) {
  std::string out;
  char buffer[256];
  for (;;) {
    DWORD read = 0;
    SetLastError(0);
    if (!ReadFile(handle, buffer, sizeof buffer, &read, nullptr)) {
      *error = GetLastError();
      return out;
    }
    if (read == 0) {
      *error = ERROR_SUCCESS;
      return out;
    }
    out.append(buffer, read);
  }
}

}  // namespace winipc::conformance::pipes

#endif  // WINIPC_CONFORMANCE_PIPES_ANONYMOUS_PIPE_H_
