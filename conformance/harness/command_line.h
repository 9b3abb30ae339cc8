// Building a Windows command line from an argument vector. Pure code, no OS calls, so it is unit-tested on
// both builds; only child_process_win.cc uses it.
#ifndef WINIPC_CONFORMANCE_HARNESS_COMMAND_LINE_H_
#define WINIPC_CONFORMANCE_HARNESS_COMMAND_LINE_H_

#include <string>
#include <vector>

namespace winipc::conformance {

// Quotes one argument so that the C runtime's parser (CommandLineToArgvW rules) gives it back unchanged:
// quotes only when needed, doubles the backslashes that precede a quote, escapes embedded quotes.
std::string QuoteWindowsArgument(const std::string& argument);

// The arguments, each quoted, joined by spaces.
std::string BuildWindowsCommandLine(const std::vector<std::string>& arguments);

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_COMMAND_LINE_H_
