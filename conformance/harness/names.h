// Object names for tests: unique per run and process, and converted for the W entry points.
#ifndef WINIPC_CONFORMANCE_HARNESS_NAMES_H_
#define WINIPC_CONFORMANCE_HARNESS_NAMES_H_

#include <windows.h>

#include <string>

namespace winipc::conformance {

// Returns "winipc-<pid>-<counter>-<what>": a fresh name on every call, so tests never meet an object left by
// another test, another process or an earlier run. Add a namespace prefix ("Local\\") yourself if needed.
std::string UniqueName(const char* what);

// UTF-8 -> UTF-16 for the W entry points. WCHAR is 16 bits on both builds (wchar_t with mingw, char16_t with
// emu). Pure code, no OS calls; a malformed sequence becomes U+FFFD.
std::basic_string<WCHAR> Wide(const std::string& utf8);

// UTF-16 -> UTF-8, for printing names and comparing them. nullptr gives "". An unpaired surrogate becomes U+FFFD.
std::string Narrow(const WCHAR* utf16);
std::string Narrow(const std::basic_string<WCHAR>& utf16);

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_NAMES_H_
