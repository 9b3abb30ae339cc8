// ExpandEnvironmentStrings, GetEnvironmentStrings and FreeEnvironmentStrings: the process environment as a
// Windows program sees it (Get/SetEnvironmentVariable are in process_api.cc).
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-expandenvironmentstringsw
// https://learn.microsoft.com/en-us/windows/win32/api/processenv/nf-processenv-getenvironmentstringsw
#include <windows.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "core/environment.h"
#include "core/process.h"
#include "core/utf.h"
#include "posix/process_sys.h"

namespace winipc::api {
namespace {

// ExpandEnvironmentStrings' size rule: the count it returns includes the terminating NUL, both when the result
// fits and when it does not (then nothing is written) (PE-ENV-007, PE-ENV-008).
template <typename Char>
DWORD CopyExpanded(const std::basic_string<Char>& text, Char* buffer, DWORD size) {
  const DWORD needed = static_cast<DWORD>(text.size() + 1);
  if (buffer == nullptr || size < needed) return needed;
  std::memcpy(buffer, text.data(), text.size() * sizeof(Char));
  buffer[text.size()] = 0;
  return needed;
}

// The environment as one block of "NAME=value\0" entries closed by an empty one, allocated with malloc.
template <typename Char>
Char* EnvironmentBlock(const std::vector<std::basic_string<Char>>& entries) {
  size_t units = 1;
  for (const auto& entry : entries) units += entry.size() + 1;
  auto* block = static_cast<Char*>(std::malloc(units * sizeof(Char)));
  if (block == nullptr) return nullptr;
  Char* p = block;
  for (const auto& entry : entries) {
    std::memcpy(p, entry.data(), entry.size() * sizeof(Char));
    p += entry.size();
    *p++ = 0;
  }
  *p = 0;
  return block;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" DWORD WINAPI ExpandEnvironmentStringsA(LPCSTR lpSrc, LPSTR lpDst, DWORD nSize) {
  if (lpSrc == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD{0});
  const std::string expanded = ExpandReferences<char>(
      lpSrc, [](const std::string& name) { return EnvironmentVariable(name); });
  return CopyExpanded(expanded, lpDst, nSize);
}

extern "C" DWORD WINAPI ExpandEnvironmentStringsW(LPCWSTR lpSrc, LPWSTR lpDst, DWORD nSize) {
  if (lpSrc == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD{0});
  const std::u16string source(reinterpret_cast<const char16_t*>(lpSrc), Utf16Length(reinterpret_cast<const char16_t*>(lpSrc)));
  const std::u16string expanded =
      ExpandReferences<char16_t>(source, [](const std::u16string& name) -> std::optional<std::u16string> {
        auto value = EnvironmentVariable(Utf16ToUtf8(name));
        if (!value) return std::nullopt;
        return Utf8ToUtf16(*value);
      });
  return CopyExpanded(expanded, reinterpret_cast<char16_t*>(lpDst), nSize);
}

extern "C" LPCH WINAPI GetEnvironmentStringsA(void) {
  LPCH block = EnvironmentBlock(posix::CurrentEnvironment());
  if (block == nullptr) return Fail(Status(ERROR_NOT_ENOUGH_MEMORY), LPCH(nullptr));
  return block;
}

extern "C" LPCH WINAPI GetEnvironmentStrings(void) { return GetEnvironmentStringsA(); }

extern "C" LPWCH WINAPI GetEnvironmentStringsW(void) {
  std::vector<std::u16string> entries;
  for (const std::string& entry : posix::CurrentEnvironment()) entries.push_back(Utf8ToUtf16(entry));
  char16_t* block = EnvironmentBlock(entries);
  if (block == nullptr) return Fail(Status(ERROR_NOT_ENOUGH_MEMORY), LPWCH(nullptr));
  return reinterpret_cast<LPWCH>(block);
}

extern "C" BOOL WINAPI FreeEnvironmentStringsA(LPCH penv) {
  std::free(penv);
  return TRUE;
}

extern "C" BOOL WINAPI FreeEnvironmentStringsW(LPWCH penv) {
  std::free(penv);
  return TRUE;
}
