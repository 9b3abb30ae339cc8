// Names of Win32 error codes, so a failed check says ERROR_INVALID_PARAMETER instead of 87.
#ifndef WINIPC_CONFORMANCE_HARNESS_ERROR_NAMES_H_
#define WINIPC_CONFORMANCE_HARNESS_ERROR_NAMES_H_

#include <windows.h>

#include <string>

namespace winipc::conformance {

// The value tests put into the last error before a call, to see whether the call touched it.
inline constexpr DWORD kPoisonError = 0xdeadbeef;

// Returns the symbolic name of `error` ("ERROR_ALREADY_EXISTS"), or "unknown" when it is not in the table.
const char* ErrorName(DWORD error);

// Returns the number and the name: "183 ERROR_ALREADY_EXISTS", "4242 unknown", "0xdeadbeef poison (untouched)".
std::string DescribeError(DWORD error);

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_ERROR_NAMES_H_
