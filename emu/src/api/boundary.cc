#include "api/boundary.h"

#include "core/security.h"
#include "core/thread.h"
#include "core/utf.h"

namespace winipc::api {
namespace {
Status CheckLength(const std::u16string& name, bool ansi) {
  if (ansi && name.size() > kMaxAnsiNameLength) return Status(ERROR_FILENAME_EXCED_RANGE);
  return Status::Ok();
}
}  // namespace

std::optional<std::u16string> NameFromA(LPCSTR name) {
  if (name == nullptr) return std::nullopt;
  return Utf8ToUtf16(name);
}

std::optional<std::u16string> NameFromW(LPCWSTR name) {
  if (name == nullptr) return std::nullopt;
  auto* s = reinterpret_cast<const char16_t*>(name);
  size_t n = 0;
  while (n < kMaxWideNameLength && s[n] != 0) ++n;
  return std::u16string(s, n);
}

std::optional<std::string> PathFromA(LPCSTR path) {
  if (path == nullptr) return std::nullopt;
  return std::string(path);
}

std::optional<std::string> PathFromW(LPCWSTR path) {
  if (path == nullptr) return std::nullopt;
  return Utf16ToUtf8(reinterpret_cast<const char16_t*>(path));
}

Result<std::optional<ObjectName>> NameForCreate(const std::optional<std::u16string>& name, bool ansi,
                                                const SECURITY_ATTRIBUTES* attributes) {
  auto sharing = SharingOfDescriptor(attributes != nullptr ? attributes->lpSecurityDescriptor : nullptr);
  if (!sharing.ok()) return sharing.status();
  if (!name || name->empty()) return std::optional<ObjectName>();
  WINIPC_RETURN_IF_ERROR(CheckLength(*name, ansi));
  auto parsed = ParseObjectName(*name);
  if (!parsed.ok()) return parsed.status();
  parsed->sharing = sharing.value();
  return std::optional<ObjectName>(std::move(parsed).value());
}

Result<ObjectName> NameForOpen(const std::optional<std::u16string>& name, bool ansi) {
  if (!name) return Status(ERROR_INVALID_PARAMETER);
  if (name->empty()) return Status(ERROR_INVALID_HANDLE);
  WINIPC_RETURN_IF_ERROR(CheckLength(*name, ansi));
  return ParseObjectName(*name);
}

Result<HandleEntry> LookupHandle(HANDLE handle, ObjectType type) {
  auto entry = HandleTable::Get().Lookup(FromHandle(handle));
  if (!entry.ok()) return entry.status();
  if (entry->object->type() != type) return Status(ERROR_INVALID_HANDLE);
  return entry;
}

HANDLE Publish(std::shared_ptr<Object> object, uint32_t access, Outcome outcome) {
  auto value = HandleTable::Get().Insert(std::move(object), access);
  if (!value.ok()) return Fail(value.status(), HANDLE(nullptr));
  if (outcome == Outcome::kCreated) SetLastError(ERROR_SUCCESS);
  if (outcome == Outcome::kExisted) SetLastError(ERROR_ALREADY_EXISTS);
  return ToHandle(value.value());
}

HANDLE Inheritable(HANDLE handle, BOOL inherit) {
  if (handle != nullptr && inherit) {
    (void)HandleTable::Get().SetFlags(FromHandle(handle), kHandleFlagInherit, kHandleFlagInherit);
  }
  return handle;
}

HANDLE Inheritable(HANDLE handle, const SECURITY_ATTRIBUTES* attributes) {
  return Inheritable(handle, attributes != nullptr && attributes->bInheritHandle ? TRUE : FALSE);
}

HANDLE PublishCreate(std::shared_ptr<Object> object, ObjectType type, uint32_t access, bool existed) {
  uint32_t granted = MapGenericAccess(type, access);
  if (existed) {
    auto checked = AccessForOpen(type, access);
    if (!checked.ok()) return Fail(checked.status(), HANDLE(nullptr));
    granted = checked.value();
  }
  return Publish(std::move(object), granted, existed ? Outcome::kExisted : Outcome::kCreated);
}

Result<std::shared_ptr<Waitable>> WaitableFor(HANDLE handle, bool allow_pseudo) {
  const uintptr_t value = FromHandle(handle);
  if (value == kCurrentProcessPseudoHandle || value == kCurrentThreadPseudoHandle) {
    if (!allow_pseudo) return Status(ERROR_INVALID_HANDLE);
    // Waiting on yourself: never signalled while you run.
    static const auto self = std::make_shared<NeverSignalled>(ObjectType::kProcess);
    return std::static_pointer_cast<Waitable>(self);
  }
  auto entry = HandleTable::Get().Lookup(value);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & SYNCHRONIZE)) return Status(ERROR_ACCESS_DENIED);
  Waitable* waitable = entry->object->AsWaitable();
  if (waitable == nullptr) return Status(ERROR_INVALID_HANDLE);  // sections are not waitable
  // Held for the whole wait, even if the handle is closed meanwhile; the entry's reference is moved, not copied.
  return std::shared_ptr<Waitable>(std::move(entry->object), waitable);
}

}  // namespace winipc::api
