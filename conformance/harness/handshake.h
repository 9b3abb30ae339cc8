// A named manual-reset event one process signals and another waits for, with a timeout on every wait.
//
// Parent: Handshake ready = Handshake::Create("ready");  Child child = SpawnChild("Name", {ready.name()});
//         ASSERT_TRUE(ready.Wait(10000));
// Child:  Handshake ready = Handshake::Open(args.at(0));  CHILD_CHECK(ready.Signal());
//
// Built only from CreateEventA, OpenEventA, SetEvent, WaitForSingleObject and CloseHandle, so a cross-process
// test of another object type depends on nothing but events working.
#ifndef WINIPC_CONFORMANCE_HARNESS_HANDSHAKE_H_
#define WINIPC_CONFORMANCE_HARNESS_HANDSHAKE_H_

#include <windows.h>

#include <string>

#include "harness/scoped_handle.h"

namespace winipc::conformance {

class Handshake {
 public:
  // Creates a new non-signalled manual-reset event named UniqueName(what). A failure is reported (a test
  // failure in a test) and gives an invalid Handshake.
  static Handshake Create(const char* what);
  // Opens an event created by another process; on failure reports why and gives an invalid Handshake.
  static Handshake Open(const std::string& name);

  Handshake() = default;

  const std::string& name() const { return name_; }
  explicit operator bool() const { return static_cast<bool>(event_); }

  // Sets the event. Returns false (after reporting why) if that fails.
  bool Signal();
  // Waits up to timeout_ms for the event; true once it is set. Manual reset: stays true for later waits.
  bool Wait(DWORD timeout_ms);

 private:
  Handshake(std::string name, HANDLE event) : name_(std::move(name)), event_(event) {}

  std::string name_;
  ScopedHandle event_;
};

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_HANDSHAKE_H_
