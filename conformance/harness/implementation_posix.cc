#include "harness/implementation.h"

// Set by conformance/CMakeLists.txt from `git rev-parse --short HEAD`.
#ifndef WINIPC_GIT_SHA
#define WINIPC_GIT_SHA "unknown"
#endif

namespace winipc::conformance {

std::string ImplementationDescription() { return "emu " WINIPC_GIT_SHA; }

}  // namespace winipc::conformance
