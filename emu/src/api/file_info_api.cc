// GetFileAttributes(Ex), SetFileAttributes, GetFullPathName, GetFileType, GetFileTime, SetFileTime,
// GetFileInformationByHandle, LockFile(Ex), UnlockFile(Ex). Attributes are emulated (core/directory.h).
#include <windows.h>

#include <algorithm>
#include <optional>
#include <string>

#include "api/boundary.h"
#include "core/directory.h"
#include "core/file.h"
#include "core/size_math.h"
#include "core/utf.h"
#include "posix/dir_sys.h"
#include "posix/process_sys.h"
#include "posix/sys.h"

namespace winipc::api {
namespace {

DWORD Attributes(const std::optional<std::string>& path) {
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), INVALID_FILE_ATTRIBUTES);
  auto facts = FactsOfPath(*path);
  if (!facts.ok()) return Fail(facts.status(), INVALID_FILE_ATTRIBUTES);
  return facts->attributes;
}

BOOL AttributesEx(const std::optional<std::string>& path, GET_FILEEX_INFO_LEVELS level, LPVOID out) {
  if (level != GetFileExInfoStandard) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  auto facts = FactsOfPath(*path);
  if (!facts.ok()) return Fail(facts.status(), FALSE);
  if (out == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  auto* data = static_cast<WIN32_FILE_ATTRIBUTE_DATA*>(out);
  data->dwFileAttributes = facts->attributes;
  data->ftCreationTime = ToFileTime(facts->creation);
  data->ftLastAccessTime = ToFileTime(facts->last_access);
  data->ftLastWriteTime = ToFileTime(facts->last_write);
  data->nFileSizeHigh = static_cast<DWORD>(facts->size >> 32);
  data->nFileSizeLow = static_cast<DWORD>(facts->size);
  return TRUE;
}

BOOL SetAttributes(const std::optional<std::string>& path, DWORD attributes) {
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  Status set = SetAttributesAt(*path, attributes);
  return set.ok() ? TRUE : Fail(set, FALSE);
}

// GetFullPathName: CopyOut's rule, and the file part pointed into the buffer when the path fits.
template <typename Char>
DWORD FullPath(const std::basic_string<Char>& full, size_t part, DWORD size, Char* buffer, Char** file_part) {
  const DWORD copied = CopyOut(full, buffer, size);
  if (copied == full.size() && file_part != nullptr) {
    *file_part = part == std::string::npos ? nullptr : buffer + part;
  }
  return copied;
}

Result<HandleEntry> LookupFile(HANDLE handle) { return LookupHandle(handle, ObjectType::kFile); }
File& FileOf(const HandleEntry& entry) { return static_cast<File&>(*entry.object); }

Result<FileFacts> FactsOfHandle(HANDLE handle) {
  auto entry = LookupFile(handle);
  if (!entry.ok()) return entry.status();
  auto st = posix::StatFd(FileOf(*entry).fd());
  if (!st.ok()) return st.status();
  return FactsFromStat(st.value());
}

// LockFile(Ex)/UnlockFile(Ex) need a handle with read or write data access, as Windows' NtLockFile.
Result<HandleEntry> LockableFile(HANDLE handle) {
  auto entry = LookupFile(handle);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA))) return Status(ERROR_ACCESS_DENIED);
  return entry;
}

BOOL Lock(HANDLE handle, uint64_t offset, uint64_t length, bool exclusive, bool wait) {
  auto entry = LockableFile(handle);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  Status locked = FileOf(*entry).LockRange(offset, length, exclusive, wait);
  return locked.ok() ? TRUE : Fail(locked, FALSE);
}

BOOL Unlock(HANDLE handle, uint64_t offset, uint64_t length) {
  auto entry = LockableFile(handle);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  Status unlocked = FileOf(*entry).UnlockRange(offset, length);
  return unlocked.ok() ? TRUE : Fail(unlocked, FALSE);
}

}  // namespace
}  // namespace winipc::api

using winipc::FileFacts;
using winipc::FilePartOffset;
using winipc::FullPathOf;
using winipc::MakeSize;
using winipc::Status;
using winipc::api::Fail;
using winipc::api::PathFromA;
using winipc::api::PathFromW;

extern "C" DWORD WINAPI GetFileAttributesA(LPCSTR lpFileName) { return winipc::api::Attributes(PathFromA(lpFileName)); }

extern "C" DWORD WINAPI GetFileAttributesW(LPCWSTR lpFileName) { return winipc::api::Attributes(PathFromW(lpFileName)); }

extern "C" BOOL WINAPI GetFileAttributesExA(LPCSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                            LPVOID lpFileInformation) {
  return winipc::api::AttributesEx(PathFromA(lpFileName), fInfoLevelId, lpFileInformation);
}

extern "C" BOOL WINAPI GetFileAttributesExW(LPCWSTR lpFileName, GET_FILEEX_INFO_LEVELS fInfoLevelId,
                                            LPVOID lpFileInformation) {
  return winipc::api::AttributesEx(PathFromW(lpFileName), fInfoLevelId, lpFileInformation);
}

extern "C" BOOL WINAPI SetFileAttributesA(LPCSTR lpFileName, DWORD dwFileAttributes) {
  return winipc::api::SetAttributes(PathFromA(lpFileName), dwFileAttributes);
}

extern "C" BOOL WINAPI SetFileAttributesW(LPCWSTR lpFileName, DWORD dwFileAttributes) {
  return winipc::api::SetAttributes(PathFromW(lpFileName), dwFileAttributes);
}

extern "C" DWORD WINAPI GetFullPathNameA(LPCSTR lpFileName, DWORD nBufferLength, LPSTR lpBuffer, LPSTR* lpFilePart) {
  if (lpFileName == nullptr || *lpFileName == 0) return Fail(Status(ERROR_INVALID_NAME), DWORD{0});
  const std::string full = FullPathOf(winipc::posix::CurrentDirectory(), lpFileName);
  return winipc::api::FullPath(full, FilePartOffset(full), nBufferLength, lpBuffer, lpFilePart);
}

extern "C" DWORD WINAPI GetFullPathNameW(LPCWSTR lpFileName, DWORD nBufferLength, LPWSTR lpBuffer,
                                         LPWSTR* lpFilePart) {
  if (lpFileName == nullptr || *lpFileName == 0) return Fail(Status(ERROR_INVALID_NAME), DWORD{0});
  const std::string full = FullPathOf(winipc::posix::CurrentDirectory(), *PathFromW(lpFileName));
  const size_t part = FilePartOffset(full);
  // The file part's offset in UTF-16 units: the length of the UTF-16 form of what precedes it.
  const size_t wide_part = part == std::string::npos ? part : winipc::Utf8ToUtf16(full.substr(0, part)).size();
  const std::u16string wide = winipc::Utf8ToUtf16(full);
  return winipc::api::FullPath(std::basic_string<WCHAR>(wide.begin(), wide.end()), wide_part, nBufferLength,
                               lpBuffer, lpFilePart);
}

extern "C" DWORD WINAPI GetFileType(HANDLE hFile) {
  auto entry = winipc::api::LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), static_cast<DWORD>(FILE_TYPE_UNKNOWN));
  auto st = winipc::posix::StatFd(winipc::api::FileOf(*entry).fd());
  if (!st.ok()) return Fail(st.status(), static_cast<DWORD>(FILE_TYPE_UNKNOWN));
  // A success leaves last error alone, as Wine does (FL-TYPE-001).
  if (S_ISCHR(st->st_mode)) return FILE_TYPE_CHAR;
  if (S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode)) return FILE_TYPE_PIPE;
  return FILE_TYPE_DISK;
}

extern "C" BOOL WINAPI GetFileTime(HANDLE hFile, LPFILETIME lpCreationTime, LPFILETIME lpLastAccessTime,
                                   LPFILETIME lpLastWriteTime) {
  auto facts = winipc::api::FactsOfHandle(hFile);
  if (!facts.ok()) return Fail(facts.status(), FALSE);
  if (lpCreationTime != nullptr) *lpCreationTime = winipc::api::ToFileTime(facts->creation);
  if (lpLastAccessTime != nullptr) *lpLastAccessTime = winipc::api::ToFileTime(facts->last_access);
  if (lpLastWriteTime != nullptr) *lpLastWriteTime = winipc::api::ToFileTime(facts->last_write);
  return TRUE;
}

// Linux keeps no settable creation time: a creation time given is accepted and not kept (docs/porting.md). A
// time of 0 or NULL leaves that time alone, as does 0xFFFFFFFF:0xFFFFFFFF.
extern "C" BOOL WINAPI SetFileTime(HANDLE hFile, const FILETIME* lpCreationTime, const FILETIME* lpLastAccessTime,
                                   const FILETIME* lpLastWriteTime) {
  auto entry = winipc::api::LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  if (!(entry->access & FILE_WRITE_ATTRIBUTES)) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
  auto wanted = [](const FILETIME* t) -> std::optional<struct timespec> {
    if (t == nullptr) return std::nullopt;
    const uint64_t ticks = winipc::api::FromFileTime(*t);
    if (ticks == 0 || ticks == UINT64_MAX) return std::nullopt;
    return winipc::TimespecFromFileTime(ticks);
  };
  const auto access = wanted(lpLastAccessTime);
  const auto write = wanted(lpLastWriteTime);
  if (!access && !write) return TRUE;
  Status set = winipc::posix::SetFdTimes(winipc::api::FileOf(*entry).fd(), access ? &*access : nullptr,
                                         write ? &*write : nullptr);
  return set.ok() ? TRUE : Fail(set, FALSE);
}

extern "C" BOOL WINAPI GetFileInformationByHandle(HANDLE hFile, LPBY_HANDLE_FILE_INFORMATION lpFileInformation) {
  auto facts = winipc::api::FactsOfHandle(hFile);
  if (!facts.ok()) return Fail(facts.status(), FALSE);
  if (lpFileInformation == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  const FileFacts& f = facts.value();
  lpFileInformation->dwFileAttributes = f.attributes;
  lpFileInformation->ftCreationTime = winipc::api::ToFileTime(f.creation);
  lpFileInformation->ftLastAccessTime = winipc::api::ToFileTime(f.last_access);
  lpFileInformation->ftLastWriteTime = winipc::api::ToFileTime(f.last_write);
  lpFileInformation->dwVolumeSerialNumber = static_cast<DWORD>(f.device);
  lpFileInformation->nFileSizeHigh = static_cast<DWORD>(f.size >> 32);
  lpFileInformation->nFileSizeLow = static_cast<DWORD>(f.size);
  lpFileInformation->nNumberOfLinks = static_cast<DWORD>(f.links);
  lpFileInformation->nFileIndexHigh = static_cast<DWORD>(f.index >> 32);
  lpFileInformation->nFileIndexLow = static_cast<DWORD>(f.index);
  return TRUE;
}

extern "C" BOOL WINAPI LockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh,
                                DWORD nNumberOfBytesToLockLow, DWORD nNumberOfBytesToLockHigh) {
  return winipc::api::Lock(hFile, MakeSize(dwFileOffsetHigh, dwFileOffsetLow),
                           MakeSize(nNumberOfBytesToLockHigh, nNumberOfBytesToLockLow), true, false);
}

extern "C" BOOL WINAPI UnlockFile(HANDLE hFile, DWORD dwFileOffsetLow, DWORD dwFileOffsetHigh,
                                  DWORD nNumberOfBytesToUnlockLow, DWORD nNumberOfBytesToUnlockHigh) {
  return winipc::api::Unlock(hFile, MakeSize(dwFileOffsetHigh, dwFileOffsetLow),
                             MakeSize(nNumberOfBytesToUnlockHigh, nNumberOfBytesToUnlockLow));
}

// The lock is taken in the call (emu's I/O is synchronous): an overlapped handle still gets TRUE, and the
// OVERLAPPED's event is left alone.
extern "C" BOOL WINAPI LockFileEx(HANDLE hFile, DWORD dwFlags, DWORD dwReserved, DWORD nNumberOfBytesToLockLow,
                                  DWORD nNumberOfBytesToLockHigh, LPOVERLAPPED lpOverlapped) {
  if (dwReserved != 0 || lpOverlapped == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return winipc::api::Lock(hFile, MakeSize(lpOverlapped->OffsetHigh, lpOverlapped->Offset),
                           MakeSize(nNumberOfBytesToLockHigh, nNumberOfBytesToLockLow),
                           (dwFlags & LOCKFILE_EXCLUSIVE_LOCK) != 0, (dwFlags & LOCKFILE_FAIL_IMMEDIATELY) == 0);
}

extern "C" BOOL WINAPI UnlockFileEx(HANDLE hFile, DWORD dwReserved, DWORD nNumberOfBytesToUnlockLow,
                                    DWORD nNumberOfBytesToUnlockHigh, LPOVERLAPPED lpOverlapped) {
  if (dwReserved != 0 || lpOverlapped == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return winipc::api::Unlock(hFile, MakeSize(lpOverlapped->OffsetHigh, lpOverlapped->Offset),
                             MakeSize(nNumberOfBytesToUnlockHigh, nNumberOfBytesToUnlockLow));
}
