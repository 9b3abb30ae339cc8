// Helpers for the Win32 entry points: last error is set here and nowhere else in emu.
#ifndef WINIPC_API_BOUNDARY_H_
#define WINIPC_API_BOUNDARY_H_

#include <windows.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/access.h"
#include "core/handles.h"
#include "core/names.h"
#include "core/status.h"
#include "core/sync.h"

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

// A file-system path as passed to a file function, in UTF-8 (what NativePath, core/file.h, takes). NULL stays
// nullopt.
std::optional<std::string> PathFromA(LPCSTR path);
std::optional<std::string> PathFromW(LPCWSTR path);

// Create*: NULL or "" is an unnamed object (nullopt); otherwise the parsed name, or the error Windows gives.
// The name carries who may open the object if this call creates it: the DACL of `attributes`' security
// descriptor (core/security.h); a descriptor Windows would refuse is refused for unnamed objects too.
Result<std::optional<ObjectName>> NameForCreate(const std::optional<std::u16string>& name, bool ansi,
                                                const SECURITY_ATTRIBUTES* attributes);
// Open*: NULL is ERROR_INVALID_PARAMETER; "" names the session directory itself (ERROR_INVALID_HANDLE).
Result<ObjectName> NameForOpen(const std::optional<std::u16string>& name, bool ansi);

// The entry for a handle that must be of `type`; ERROR_INVALID_HANDLE otherwise.
Result<HandleEntry> LookupHandle(HANDLE handle, ObjectType type);

// The object of type T behind a handle that must be of `type` (ERROR_INVALID_HANDLE) and carry at least one of
// `rights` (ERROR_ACCESS_DENIED), with a reference for the length of the call, as Windows' kernel takes one: a
// thread woken by this call's signal may close its handle, the last one, before this call has finished with the
// object (SetEvent on a "done" event that the waiter then closes; found by ThreadSanitizer, IS-BEGIN-004).
template <typename T>
Result<std::shared_ptr<T>> ObjectWithRight(HANDLE handle, ObjectType type, uint32_t rights) {
  auto entry = LookupHandle(handle, type);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & rights)) return Status(ERROR_ACCESS_DENIED);
  return std::static_pointer_cast<T>(std::move(entry->object));
}

inline HANDLE ToHandle(uintptr_t value) { return reinterpret_cast<HANDLE>(value); }

// A FILETIME from its 64-bit count of 100 ns ticks, and back.
inline FILETIME ToFileTime(uint64_t ticks) {
  FILETIME time;
  time.dwLowDateTime = static_cast<DWORD>(ticks);
  time.dwHighDateTime = static_cast<DWORD>(ticks >> 32);
  return time;
}
inline uint64_t FromFileTime(const FILETIME& time) {
  return (uint64_t{time.dwHighDateTime} << 32) | time.dwLowDateTime;
}

// The Win32 convention for a string returned into a caller's buffer (GetCurrentDirectory, GetEnvironmentVariable,
// GetTempPath, GetFullPathName): the length without the terminator when it fits, else the size needed with it
// (and the buffer untouched).
template <typename Char>
DWORD CopyOut(const std::basic_string<Char>& text, Char* buffer, DWORD size) {
  if (buffer == nullptr || text.size() + 1 > size) return static_cast<DWORD>(text.size() + 1);
  std::copy(text.begin(), text.end(), buffer);
  buffer[text.size()] = 0;
  return static_cast<DWORD>(text.size());
}
inline uintptr_t FromHandle(HANDLE handle) { return reinterpret_cast<uintptr_t>(handle); }

// Puts a freshly opened object in the handle table and finishes a Create*/Open* call: last error 0 or
// ERROR_ALREADY_EXISTS for Create*, untouched for Open*.
enum class Outcome { kCreated, kExisted, kOpened };
HANDLE Publish(std::shared_ptr<Object> object, uint32_t access, Outcome outcome);

// Marks a handle just returned by a Create*/Open* inheritable if the caller asked (SECURITY_ATTRIBUTES'
// bInheritHandle, or Open*'s bInheritHandle). NULL passes through; last error is left as the call set it.
HANDLE Inheritable(HANDLE handle, const SECURITY_ATTRIBUTES* attributes);
HANDLE Inheritable(HANDLE handle, BOOL inherit);

// Create* of a sync object: the handle gets exactly `access` (even 0) when the object is new, or the access an
// Open* would give when the name existed (ERROR_ACCESS_DENIED for 0 or undefined bits).
HANDLE PublishCreate(std::shared_ptr<Object> object, ObjectType type, uint32_t access, bool existed);

// The object behind a handle to wait on: SYNCHRONIZE is needed (ERROR_ACCESS_DENIED), and objects that cannot
// be waited on (sections) give ERROR_INVALID_HANDLE. The current process and thread pseudo-handles are allowed
// when `allow_pseudo` (WaitForSingleObject), refused otherwise (WaitForMultipleObjects).
Result<std::shared_ptr<Waitable>> WaitableFor(HANDLE handle, bool allow_pseudo);

// Open*: parses the name, opens the object with `open` (ObjectName -> Result<shared_ptr<X>>), then checks the
// access asked for. The name is looked up first: a missing name wins over access 0, as on Windows.
template <typename OpenFn>
HANDLE OpenByName(ObjectType type, uint32_t access, const std::optional<std::u16string>& name, bool ansi,
                  OpenFn open) {
  auto parsed = NameForOpen(name, ansi);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  auto object = open(parsed.value());
  if (!object.ok()) return Fail(object.status(), HANDLE(nullptr));
  auto granted = AccessForOpen(type, access);
  if (!granted.ok()) return Fail(granted.status(), HANDLE(nullptr));
  return Publish(std::move(object).value(), granted.value(), Outcome::kOpened);
}

}  // namespace winipc::api

#endif  // WINIPC_API_BOUNDARY_H_
