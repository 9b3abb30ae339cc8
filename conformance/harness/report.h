// How the harness reports its own problems, and formats values for messages.
#ifndef WINIPC_CONFORMANCE_HARNESS_REPORT_H_
#define WINIPC_CONFORMANCE_HARNESS_REPORT_H_

#include <windows.h>

#include <cstdint>
#include <string>

namespace winipc::conformance {

// Inside a test: a non-fatal test failure. Elsewhere (a child main, static destruction): a line on stderr.
void ReportHarnessError(const std::string& message);

namespace internal {

// "NULL", "INVALID_HANDLE_VALUE" or "0x1c".
std::string FormatPointer(const void* pointer);
// "87", or "4294967295 (0xffffffff)" when hex says more.
std::string FormatUnsigned(std::uint64_t value);
std::string FormatSigned(std::int64_t value);

}  // namespace internal
}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_REPORT_H_
