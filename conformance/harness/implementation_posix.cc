#include "harness/implementation.h"

// Set by conformance/CMakeLists.txt from `git rev-parse --short HEAD`.
#ifndef WINIPC_GIT_SHA
#define WINIPC_GIT_SHA "unknown"
#endif

namespace winipc::conformance {

std::string ImplementationDescription() { return "emu " WINIPC_GIT_SHA; }

bool UnderThreadSanitizer() {
#if defined(__SANITIZE_THREAD__)
  return true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return true;
#endif
#endif
  return false;
}

}  // namespace winipc::conformance
