// CreateSemaphore(Ex), OpenSemaphore, ReleaseSemaphore.
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/semaphore.h"

namespace winipc::api {
namespace {

// `access`: none for CreateSemaphore (every right), the requested rights for CreateSemaphoreEx.
HANDLE CreateSemaphoreCommon(LONG initial, LONG maximum, const std::optional<std::u16string>& name, bool ansi,
                             const SECURITY_ATTRIBUTES* attributes, std::optional<uint32_t> access = std::nullopt) {
  // The counts are checked before the name (Windows validates them before it looks the name up).
  if (maximum <= 0 || initial < 0 || initial > maximum) return Fail(Status(ERROR_INVALID_PARAMETER), HANDLE(nullptr));
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  auto semaphore = CreateSemaphoreObject(parsed.value(), initial, maximum, &existed);
  if (!semaphore.ok()) return Fail(semaphore.status(), HANDLE(nullptr));
  if (access.has_value()) {
    return Inheritable(PublishCreate(std::move(semaphore).value(), ObjectType::kSemaphore, *access, existed),
                       attributes);
  }
  return Inheritable(
      Publish(std::move(semaphore).value(), SEMAPHORE_ALL_ACCESS, existed ? Outcome::kExisted : Outcome::kCreated),
      attributes);
}

HANDLE OpenSemaphoreCommon(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  return OpenByName(ObjectType::kSemaphore, access, name, ansi,
                    [](const ObjectName& n) { return OpenNamed<Semaphore>(n, ObjectType::kSemaphore); });
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES lpAttributes, LONG lInitialCount, LONG lMaximumCount,
                                          LPCSTR lpName) {
  return CreateSemaphoreCommon(lInitialCount, lMaximumCount, NameFromA(lpName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES lpAttributes, LONG lInitialCount, LONG lMaximumCount,
                                          LPCWSTR lpName) {
  return CreateSemaphoreCommon(lInitialCount, lMaximumCount, NameFromW(lpName), false, lpAttributes);
}

// dwFlags is reserved (Windows and Wine ignore it).
extern "C" HANDLE WINAPI CreateSemaphoreExA(LPSECURITY_ATTRIBUTES lpAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCSTR lpName, DWORD dwFlags, DWORD dwDesiredAccess) {
  (void)dwFlags;
  return CreateSemaphoreCommon(lInitialCount, lMaximumCount, NameFromA(lpName), true, lpAttributes, dwDesiredAccess);
}

extern "C" HANDLE WINAPI CreateSemaphoreExW(LPSECURITY_ATTRIBUTES lpAttributes, LONG lInitialCount,
                                            LONG lMaximumCount, LPCWSTR lpName, DWORD dwFlags, DWORD dwDesiredAccess) {
  (void)dwFlags;
  return CreateSemaphoreCommon(lInitialCount, lMaximumCount, NameFromW(lpName), false, lpAttributes,
                               dwDesiredAccess);
}

extern "C" HANDLE WINAPI OpenSemaphoreA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  return Inheritable(OpenSemaphoreCommon(dwDesiredAccess, NameFromA(lpName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenSemaphoreW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
  return Inheritable(OpenSemaphoreCommon(dwDesiredAccess, NameFromW(lpName), false), bInheritHandle);
}

extern "C" BOOL WINAPI ReleaseSemaphore(HANDLE hSemaphore, LONG lReleaseCount, LPLONG lpPreviousCount) {
  if (lReleaseCount <= 0) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  auto semaphore = ObjectWithRight<Semaphore>(hSemaphore, ObjectType::kSemaphore, SEMAPHORE_MODIFY_STATE);
  if (!semaphore.ok()) return Fail(semaphore.status(), FALSE);
  auto previous = semaphore.value()->Release(lReleaseCount);
  if (!previous.ok()) return Fail(previous.status(), FALSE);
  if (lpPreviousCount != nullptr) *lpPreviousCount = previous.value();
  return TRUE;
}
