#include "harness/implementation.h"

#include <windows.h>

namespace winipc::conformance {
namespace {

// Resolves an ntdll export; nullptr when it is absent. The detour through void* keeps
// -Wcast-function-type quiet about FARPROC.
template <typename Function>
Function NtdllExport(const char* name) {
  const HMODULE ntdll = GetModuleHandleA("ntdll.dll");
  if (ntdll == nullptr) return nullptr;
  return reinterpret_cast<Function>(reinterpret_cast<void*>(GetProcAddress(ntdll, name)));
}

}  // namespace

std::string ImplementationDescription() {
  // Only Wine's ntdll exports wine_get_version.
  using WineGetVersion = const char*(CDECL*)();
  if (const auto wine_get_version = NtdllExport<WineGetVersion>("wine_get_version")) {
    return std::string("wine ") + wine_get_version();
  }
  // RtlGetVersion tells the truth; GetVersionEx is capped at 6.2 for executables without a manifest.
  using RtlGetVersion = LONG(WINAPI*)(OSVERSIONINFOW*);
  OSVERSIONINFOW version = {};
  version.dwOSVersionInfoSize = sizeof version;
  const auto rtl_get_version = NtdllExport<RtlGetVersion>("RtlGetVersion");
  if (rtl_get_version == nullptr || rtl_get_version(&version) != 0) return "windows unknown";
  return "windows " + std::to_string(version.dwMajorVersion) + "." + std::to_string(version.dwMinorVersion) + "." +
         std::to_string(version.dwBuildNumber);
}

std::string SanitizerInUse() { return ""; }  // the Windows builds are never sanitized

}  // namespace winipc::conformance
