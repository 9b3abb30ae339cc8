// Helpers for the Win32 entry points: last error is set here and nowhere else in emu.
#ifndef WINIPC_API_BOUNDARY_H_
#define WINIPC_API_BOUNDARY_H_

#include <windows.h>

#include <optional>
#include <string>

#include "core/handles.h"
#include "core/names.h"
#include "core/status.h"

namespace winipc::api {

// Sets last error to the status's code and returns `value` (the function's failure value).
template <typename T>
T Fail(Status status, T value) {
  SetLastError(status.code());
  return value;
}

// A name as passed to a Create*/Open* function, converted to UTF-16. A-names are UTF-8 (emu behaves like a
// Windows process whose ANSI code page is UTF-8). NULL stays nullopt.
std::optional<std::u16string> NameFromA(LPCSTR name);
std::optional<std::u16string> NameFromW(LPCWSTR name);

// Create*: NULL or "" is an unnamed object (nullopt); otherwise the parsed name, or the error Windows gives.
Result<std::optional<ObjectName>> NameForCreate(const std::optional<std::u16string>& name, bool ansi);
// Open*: NULL is ERROR_INVALID_PARAMETER; "" names the session directory itself (ERROR_INVALID_HANDLE).
Result<ObjectName> NameForOpen(const std::optional<std::u16string>& name, bool ansi);

// The entry for a handle that must be of `type`; ERROR_INVALID_HANDLE otherwise.
Result<HandleEntry> LookupHandle(HANDLE handle, ObjectType type);

inline HANDLE ToHandle(uintptr_t value) { return reinterpret_cast<HANDLE>(value); }
inline uintptr_t FromHandle(HANDLE handle) { return reinterpret_cast<uintptr_t>(handle); }

// Puts a freshly opened object in the handle table and finishes a Create*/Open* call: last error 0 or
// ERROR_ALREADY_EXISTS for Create*, untouched for Open*.
enum class Outcome { kCreated, kExisted, kOpened };
HANDLE Publish(std::shared_ptr<Object> object, uint32_t access, Outcome outcome);

}  // namespace winipc::api

#endif  // WINIPC_API_BOUNDARY_H_
