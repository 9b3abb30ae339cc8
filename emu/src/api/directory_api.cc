// CreateDirectory, RemoveDirectory, SetCurrentDirectory, CopyFile, MoveFile(Ex), FindFirstFile, FindNextFile,
// FindClose. Paths are Linux paths with '\' read as '/'; A functions take UTF-8, W functions UTF-16.
#include <windows.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/boundary.h"
#include "core/directory.h"
#include "core/file.h"
#include "core/utf.h"

namespace winipc::api {
namespace {

BOOL Finish(Status status) { return status.ok() ? TRUE : Fail(status, FALSE); }

// A NULL path is ERROR_PATH_NOT_FOUND, as DeleteFile's (FL-DIR-011).
template <typename Fn>
BOOL OnPath(const std::optional<std::string>& path, Fn fn) {
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  return Finish(fn(*path));
}

BOOL Copy(const std::optional<std::string>& from, const std::optional<std::string>& to, BOOL fail_if_exists) {
  if (!from || !to) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  return Finish(CopyPath(*from, *to, fail_if_exists != FALSE));
}

BOOL Move(const std::optional<std::string>& from, const std::optional<std::string>& to, DWORD flags) {
  if (!from || !to) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  if (flags & MOVEFILE_DELAY_UNTIL_REBOOT) return Fail(Status(ERROR_NOT_SUPPORTED), FALSE);
  Status moved = MovePath(*from, *to, (flags & MOVEFILE_REPLACE_EXISTING) != 0);
  // Across file systems rename(2) cannot move: MOVEFILE_COPY_ALLOWED copies and deletes instead, as Windows does.
  if (moved.code() == ERROR_NOT_SAME_DEVICE && (flags & MOVEFILE_COPY_ALLOWED)) {
    moved = CopyPath(*from, *to, (flags & MOVEFILE_REPLACE_EXISTING) == 0);
    if (moved.code() == ERROR_FILE_EXISTS) moved = Status(ERROR_ALREADY_EXISTS);
    if (moved.ok()) moved = DeletePath(*from);
  }
  return Finish(moved);
}

// A search handle: not a kernel handle (CloseHandle does not take it), the address of one of these, known to the
// registry below so that FindNextFile/FindClose of anything else is ERROR_INVALID_HANDLE.
struct Search {
  std::vector<FoundEntry> entries;
  size_t next = 0;
};
std::mutex search_mutex;
std::unordered_map<HANDLE, std::unique_ptr<Search>>& Searches() {
  static auto* searches = new std::unordered_map<HANDLE, std::unique_ptr<Search>>();
  return *searches;
}

template <typename FindData>
void FillCommon(const FoundEntry& entry, FindData* out) {
  out->dwFileAttributes = entry.facts.attributes;
  out->ftCreationTime = ToFileTime(entry.facts.creation);
  out->ftLastAccessTime = ToFileTime(entry.facts.last_access);
  out->ftLastWriteTime = ToFileTime(entry.facts.last_write);
  out->nFileSizeHigh = static_cast<DWORD>(entry.facts.size >> 32);
  out->nFileSizeLow = static_cast<DWORD>(entry.facts.size);
  out->dwReserved0 = 0;
  out->dwReserved1 = 0;
  out->cAlternateFileName[0] = 0;
}

// A name longer than cFileName holds is cut (Linux allows 255 bytes, as Windows 255 characters: it fits in UTF-16;
// in UTF-8 a long multi-byte name may not).
void Fill(const FoundEntry& entry, WIN32_FIND_DATAA* out) {
  FillCommon(entry, out);
  const size_t n = std::min(entry.name.size(), static_cast<size_t>(MAX_PATH - 1));
  entry.name.copy(out->cFileName, n);
  out->cFileName[n] = 0;
}

void Fill(const FoundEntry& entry, WIN32_FIND_DATAW* out) {
  FillCommon(entry, out);
  const std::u16string name = Utf8ToUtf16(entry.name);
  const size_t n = std::min(name.size(), static_cast<size_t>(MAX_PATH - 1));
  std::copy(name.begin(), name.begin() + static_cast<std::ptrdiff_t>(n), out->cFileName);
  out->cFileName[n] = 0;
}

template <typename FindData>
HANDLE FindFirst(const std::optional<std::string>& pattern, FindData* data) {
  if (!pattern) return Fail(Status(ERROR_PATH_NOT_FOUND), INVALID_HANDLE_VALUE);
  if (pattern->empty()) return Fail(Status(ERROR_PATH_NOT_FOUND), INVALID_HANDLE_VALUE);
  if (data == nullptr) return Fail(Status(ERROR_NOACCESS), INVALID_HANDLE_VALUE);
  auto found = FindEntries(*pattern);
  if (!found.ok()) return Fail(found.status(), INVALID_HANDLE_VALUE);
  auto search = std::make_unique<Search>();
  search->entries = std::move(found).value();
  Fill(search->entries[0], data);
  search->next = 1;
  HANDLE handle = search.get();
  std::lock_guard<std::mutex> guard(search_mutex);
  Searches().emplace(handle, std::move(search));
  return handle;
}

template <typename FindData>
BOOL FindNext(HANDLE handle, FindData* data) {
  std::lock_guard<std::mutex> guard(search_mutex);
  auto it = Searches().find(handle);
  if (it == Searches().end()) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  Search& search = *it->second;
  if (search.next >= search.entries.size()) return Fail(Status(ERROR_NO_MORE_FILES), FALSE);
  if (data == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  Fill(search.entries[search.next++], data);
  return TRUE;
}

}  // namespace
}  // namespace winipc::api

using winipc::CreateDirectoryAt;
using winipc::DeletePath;
using winipc::RemoveDirectoryAt;
using winipc::SetCurrentDirectoryTo;
using winipc::Status;
using winipc::api::Copy;
using winipc::api::FindFirst;
using winipc::api::FindNext;
using winipc::api::Move;
using winipc::api::OnPath;
using winipc::api::PathFromA;
using winipc::api::PathFromW;

// Security attributes are not kept: the directory gets 0777 less the umask, as mkdir(2) gives.
extern "C" BOOL WINAPI CreateDirectoryA(LPCSTR lpPathName, LPSECURITY_ATTRIBUTES) {
  return OnPath(PathFromA(lpPathName), CreateDirectoryAt);
}

extern "C" BOOL WINAPI CreateDirectoryW(LPCWSTR lpPathName, LPSECURITY_ATTRIBUTES) {
  return OnPath(PathFromW(lpPathName), CreateDirectoryAt);
}

// A NULL path is ERROR_INVALID_NAME here, not ERROR_PATH_NOT_FOUND (FL-DIR-011).
extern "C" BOOL WINAPI RemoveDirectoryA(LPCSTR lpPathName) {
  if (lpPathName == nullptr) return winipc::api::Fail(Status(ERROR_INVALID_NAME), FALSE);
  return OnPath(PathFromA(lpPathName), RemoveDirectoryAt);
}

extern "C" BOOL WINAPI RemoveDirectoryW(LPCWSTR lpPathName) {
  if (lpPathName == nullptr) return winipc::api::Fail(Status(ERROR_INVALID_NAME), FALSE);
  return OnPath(PathFromW(lpPathName), RemoveDirectoryAt);
}

extern "C" BOOL WINAPI SetCurrentDirectoryA(LPCSTR lpPathName) {
  return OnPath(PathFromA(lpPathName), SetCurrentDirectoryTo);
}

extern "C" BOOL WINAPI SetCurrentDirectoryW(LPCWSTR lpPathName) {
  return OnPath(PathFromW(lpPathName), SetCurrentDirectoryTo);
}

extern "C" BOOL WINAPI CopyFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, BOOL bFailIfExists) {
  return Copy(PathFromA(lpExistingFileName), PathFromA(lpNewFileName), bFailIfExists);
}

extern "C" BOOL WINAPI CopyFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, BOOL bFailIfExists) {
  return Copy(PathFromW(lpExistingFileName), PathFromW(lpNewFileName), bFailIfExists);
}

extern "C" BOOL WINAPI MoveFileA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName) {
  return Move(PathFromA(lpExistingFileName), PathFromA(lpNewFileName), MOVEFILE_COPY_ALLOWED);
}

extern "C" BOOL WINAPI MoveFileW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName) {
  return Move(PathFromW(lpExistingFileName), PathFromW(lpNewFileName), MOVEFILE_COPY_ALLOWED);
}

extern "C" BOOL WINAPI MoveFileExA(LPCSTR lpExistingFileName, LPCSTR lpNewFileName, DWORD dwFlags) {
  return Move(PathFromA(lpExistingFileName), PathFromA(lpNewFileName), dwFlags);
}

extern "C" BOOL WINAPI MoveFileExW(LPCWSTR lpExistingFileName, LPCWSTR lpNewFileName, DWORD dwFlags) {
  return Move(PathFromW(lpExistingFileName), PathFromW(lpNewFileName), dwFlags);
}

extern "C" HANDLE WINAPI FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData) {
  return FindFirst(PathFromA(lpFileName), lpFindFileData);
}

extern "C" HANDLE WINAPI FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData) {
  return FindFirst(PathFromW(lpFileName), lpFindFileData);
}

extern "C" BOOL WINAPI FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData) {
  return FindNext(hFindFile, lpFindFileData);
}

extern "C" BOOL WINAPI FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData) {
  return FindNext(hFindFile, lpFindFileData);
}

extern "C" BOOL WINAPI FindClose(HANDLE hFindFile) {
  std::lock_guard<std::mutex> guard(winipc::api::search_mutex);
  if (winipc::api::Searches().erase(hFindFile) == 0) {
    return winipc::api::Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  }
  return TRUE;
}
