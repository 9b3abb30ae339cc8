// Which implementation of the Win32 API this binary runs on; printed first by main, so every report says what
// was measured.
#ifndef WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
#define WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_

#include <string>

namespace winipc::conformance {

// "windows 10.0.19045", "wine 8.0" or "emu 185830a". Defined in implementation_win.cc / implementation_posix.cc.
std::string ImplementationDescription();

// True when this binary runs under ThreadSanitizer (the tsan preset), whose runtime keeps a thread of its own, so
// a process whose own threads all end by ExitThread never ends. Defined beside ImplementationDescription.
bool UnderThreadSanitizer();

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
