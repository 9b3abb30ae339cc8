// CreateFileMapping, OpenFileMapping, MapViewOfFile(Ex), UnmapViewOfFile, FlushViewOfFile.
#include <windows.h>

#include "api/boundary.h"
#include "core/access.h"
#include "core/file.h"
#include "core/section.h"
#include "core/size_math.h"

namespace winipc::api {
namespace {

HANDLE CreateMapping(HANDLE file, DWORD protect, DWORD high, DWORD low, const std::optional<std::u16string>& name,
                     bool ansi, const SECURITY_ATTRIBUTES* attributes) {
  // NULL is taken like INVALID_HANDLE_VALUE: kernelbase passes both to the kernel as "no file".
  const bool file_backed = file != INVALID_HANDLE_VALUE && file != nullptr;
  auto flags = file_backed ? ParseFileSectionProtection(protect) : ParseSectionProtection(protect);
  if (!flags.ok()) return Fail(flags.status(), HANDLE(nullptr));
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  Result<std::shared_ptr<Section>> section = Status(ERROR_INVALID_HANDLE);
  if (file_backed) {
    auto entry = LookupHandle(file, ObjectType::kFile);
    if (!entry.ok()) return Fail(entry.status(), HANDLE(nullptr));
    section = CreateFileSection(parsed.value(), static_cast<const File&>(*entry->object), entry->access, protect,
                                MakeSize(high, low), &existed);
  } else {
    section = CreatePagefileSection(parsed.value(), protect, MakeSize(high, low), &existed);
  }
  if (!section.ok()) return Fail(section.status(), HANDLE(nullptr));
  return Inheritable(Publish(std::move(section).value(), SectionAccessForProtection(protect),
                             existed ? Outcome::kExisted : Outcome::kCreated),
                     attributes);
}

HANDLE OpenMapping(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  // FILE_MAP_COPY (== SECTION_QUERY) alone means "a handle to make copy-on-write views", which needs read.
  return OpenByName(ObjectType::kSection, access == FILE_MAP_COPY ? SECTION_MAP_READ : access, name, ansi,
                    [](const ObjectName& n) { return OpenSection(n); });
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateFileMappingA(HANDLE hFile, LPSECURITY_ATTRIBUTES lpAttributes, DWORD flProtect,
                                            DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCSTR lpName) {
  return CreateMapping(hFile, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, NameFromA(lpName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateFileMappingW(HANDLE hFile, LPSECURITY_ATTRIBUTES lpAttributes, DWORD flProtect,
                                            DWORD dwMaximumSizeHigh, DWORD dwMaximumSizeLow, LPCWSTR lpName) {
  return CreateMapping(hFile, flProtect, dwMaximumSizeHigh, dwMaximumSizeLow, NameFromW(lpName), false, lpAttributes);
}

extern "C" HANDLE WINAPI OpenFileMappingA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  return Inheritable(OpenMapping(dwDesiredAccess, NameFromA(lpName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenFileMappingW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
  return Inheritable(OpenMapping(dwDesiredAccess, NameFromW(lpName), false), bInheritHandle);
}

extern "C" LPVOID WINAPI MapViewOfFileEx(HANDLE hFileMappingObject, DWORD dwDesiredAccess, DWORD dwFileOffsetHigh,
                                         DWORD dwFileOffsetLow, SIZE_T dwNumberOfBytesToMap, LPVOID lpBaseAddress) {
  auto entry = LookupHandle(hFileMappingObject, ObjectType::kSection);
  if (!entry.ok()) return Fail(entry.status(), LPVOID(nullptr));
  const auto& section = static_cast<const Section&>(*entry->object);
  auto view = MapView(section, entry->access, dwDesiredAccess, MakeSize(dwFileOffsetHigh, dwFileOffsetLow),
                      dwNumberOfBytesToMap, lpBaseAddress);
  if (!view.ok()) return Fail(view.status(), LPVOID(nullptr));
  return view.value();
}

extern "C" LPVOID WINAPI MapViewOfFile(HANDLE hFileMappingObject, DWORD dwDesiredAccess, DWORD dwFileOffsetHigh,
                                       DWORD dwFileOffsetLow, SIZE_T dwNumberOfBytesToMap) {
  return MapViewOfFileEx(hFileMappingObject, dwDesiredAccess, dwFileOffsetHigh, dwFileOffsetLow,
                         dwNumberOfBytesToMap, nullptr);
}

extern "C" BOOL WINAPI UnmapViewOfFile(LPCVOID lpBaseAddress) {
  Status s = UnmapView(lpBaseAddress);
  return s.ok() ? TRUE : Fail(s, FALSE);
}

extern "C" BOOL WINAPI FlushViewOfFile(LPCVOID lpBaseAddress, SIZE_T dwNumberOfBytesToFlush) {
  Status s = FlushView(lpBaseAddress, dwNumberOfBytesToFlush);
  return s.ok() ? TRUE : Fail(s, FALSE);
}
