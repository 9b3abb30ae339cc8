#include "harness/handshake.h"

#include <utility>

#include "harness/error_names.h"
#include "harness/names.h"
#include "harness/report.h"

namespace winipc::conformance {

Handshake Handshake::Create(const char* what) {
  std::string name = UniqueName(what);
  const HANDLE event = CreateEventA(nullptr, /*bManualReset=*/TRUE, /*bInitialState=*/FALSE, name.c_str());
  const DWORD error = GetLastError();
  if (event == nullptr) {
    ReportHarnessError("Handshake: CreateEventA(\"" + name + "\") failed with " + DescribeError(error));
  } else if (error == ERROR_ALREADY_EXISTS) {
    ReportHarnessError("Handshake: event \"" + name + "\" already exists; names are meant to be unique");
  }
  return Handshake(std::move(name), event);
}

Handshake Handshake::Open(const std::string& name) {
  const HANDLE event = OpenEventA(SYNCHRONIZE | EVENT_MODIFY_STATE, /*bInheritHandle=*/FALSE, name.c_str());
  if (event == nullptr) {
    ReportHarnessError("Handshake: OpenEventA(\"" + name + "\") failed with " + DescribeError(GetLastError()));
  }
  return Handshake(name, event);
}

bool Handshake::Signal() {
  if (!event_) return false;
  if (SetEvent(event_.get())) return true;
  ReportHarnessError("Handshake: SetEvent(\"" + name_ + "\") failed with " + DescribeError(GetLastError()));
  return false;
}

bool Handshake::Wait(DWORD timeout_ms) {
  if (!event_) return false;
  const DWORD waited = WaitForSingleObject(event_.get(), timeout_ms);
  if (waited == WAIT_OBJECT_0) return true;
  if (waited != WAIT_TIMEOUT) {
    ReportHarnessError("Handshake: WaitForSingleObject(\"" + name_ + "\") returned " +
                       internal::FormatUnsigned(waited) + ", last error " + DescribeError(GetLastError()));
  }
  return false;
}

}  // namespace winipc::conformance
