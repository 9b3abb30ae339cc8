// Which implementation of the Win32 API this binary runs on; printed first by main, so every report says what
// was measured.
#ifndef WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
#define WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_

#include <string>

namespace winipc::conformance {

// "windows 10.0.19045", "wine 8.0" or "emu 185830a". Defined in implementation_win.cc / implementation_posix.cc.
std::string ImplementationDescription();

// The sanitizer this binary was built with ("ThreadSanitizer", "AddressSanitizer"), or "" for none (the Windows
// builds, and the emu preset). Defined beside ImplementationDescription.
std::string SanitizerInUse();

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
