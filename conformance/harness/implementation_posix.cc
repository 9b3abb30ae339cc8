#include "harness/implementation.h"

// Set by conformance/CMakeLists.txt from `git rev-parse --short HEAD`.
#ifndef WINIPC_GIT_SHA
#define WINIPC_GIT_SHA "unknown"
#endif

namespace winipc::conformance {

std::string ImplementationDescription() { return "emu " WINIPC_GIT_SHA; }

std::string SanitizerInUse() {
#if defined(__SANITIZE_THREAD__)
  return "ThreadSanitizer";
#elif defined(__SANITIZE_ADDRESS__)
  return "AddressSanitizer";
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
  return "ThreadSanitizer";
#elif __has_feature(address_sanitizer)
  return "AddressSanitizer";
#endif
#endif
  return "";
}

}  // namespace winipc::conformance
