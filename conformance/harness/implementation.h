// Which implementation of the Win32 API this binary runs on; printed first by main, so every report says what
// was measured.
#ifndef WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
#define WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_

#include <string>

namespace winipc::conformance {

// "windows 10.0.19045", "wine 8.0" or "emu 185830a". Defined in implementation_win.cc / implementation_posix.cc.
std::string ImplementationDescription();

// True when the Windows build runs under Wine rather than Windows. For the rare test that cannot run there at
// all (it would hang the whole run); a test that merely fails under Wine belongs in expectations/wine.txt.
inline bool RunningUnderWine() { return ImplementationDescription().rfind("wine ", 0) == 0; }

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_IMPLEMENTATION_H_
