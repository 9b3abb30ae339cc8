// CreateFile, ReadFile, WriteFile (with or without an OVERLAPPED), ReadFileEx, WriteFileEx, SetFilePointer(Ex), SetEndOfFile,
// GetFileSize(Ex), FlushFileBuffers, DeleteFile, GetTempPath, GetTempFileName. Paths are Linux paths; A functions take UTF-8, W functions UTF-16.
#include <windows.h>

#include <atomic>
#include <optional>
#include <string>

#include "api/boundary.h"
#include "core/access.h"
#include "core/apc.h"
#include "core/event.h"
#include "core/file.h"
#include "core/nt_status.h"
#include "core/size_math.h"
#include "core/utf.h"
#include "posix/file_sys.h"

namespace winipc::api {
namespace {

HANDLE Create(const std::optional<std::string>& path, DWORD access, DWORD share, DWORD disposition, DWORD flags) {
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), INVALID_HANDLE_VALUE);
  if (access & ACCESS_SYSTEM_SECURITY) return Fail(Status(ERROR_PRIVILEGE_NOT_HELD), INVALID_HANDLE_VALUE);
  // kernelbase asks for DELETE with FILE_FLAG_DELETE_ON_CLOSE, and always for SYNCHRONIZE and FILE_READ_ATTRIBUTES.
  if (flags & FILE_FLAG_DELETE_ON_CLOSE) access |= DELETE;
  const uint32_t granted = MapGenericAccess(ObjectType::kFile, access) | SYNCHRONIZE | FILE_READ_ATTRIBUTES;
  bool existed = false;
  auto file = OpenFile(*path, granted, share, disposition, flags, &existed);
  if (!file.ok()) return Fail(file.status(), INVALID_HANDLE_VALUE);
  // Success sets last error: ERROR_ALREADY_EXISTS when CREATE_ALWAYS/OPEN_ALWAYS found the file, else 0.
  HANDLE handle = Publish(std::move(file).value(), granted, existed ? Outcome::kExisted : Outcome::kCreated);
  return handle == nullptr ? INVALID_HANDLE_VALUE : handle;
}

Result<HandleEntry> LookupFile(HANDLE handle) { return LookupHandle(handle, ObjectType::kFile); }
File& FileOf(const HandleEntry& entry) { return static_cast<File&>(*entry.object); }

// An I/O with an OVERLAPPED starts pending: a call that fails before any I/O (a bad handle, no access) leaves
// Internal STATUS_PENDING and the event as it was, as under Wine (FL-OVL-007).
void StartOverlapped(LPOVERLAPPED overlapped) {
  if (overlapped != nullptr) overlapped->Internal = kStatusPending;
}

// Sets the OVERLAPPED's event, if it names one this process may set; like Wine, anything else is ignored. The low
// bit (no completion packet) is ignored by the handle lookup, as the other low bit is.
void SignalEvent(HANDLE event) {
  if (event == nullptr) return;
  if (auto target = ObjectWithRight<Event>(event, ObjectType::kEvent, EVENT_MODIFY_STATE); target.ok()) {
    target.value()->Set();
  }
}

// Completes a ReadFile/WriteFile with an OVERLAPPED: the I/O has been done (emu's I/O is synchronous), with
// `transferred` bytes and `outcome`. Internal gets the status, InternalHigh the count, and the event is set
// (FL-OVL-001, -002). A synchronous handle returns as without an OVERLAPPED; an overlapped handle returns FALSE
// with ERROR_IO_PENDING, the I/O already complete, as Wine does for a disk file (Windows may also return TRUE:
// a program must handle both). The count goes to GetOverlappedResult, not to *count, then (FL-OVL-003).
// What a completed I/O leaves in its OVERLAPPED: the count, then the status (HasOverlappedIoCompleted reads it).
void RecordCompletion(LPOVERLAPPED overlapped, uint32_t transferred, const Status& outcome) {
  overlapped->InternalHigh = transferred;
  std::atomic_ref<ULONG_PTR>(overlapped->Internal).store(NtStatusFromWin32Error(outcome.code()));
}

BOOL FinishOverlapped(const File& file, LPOVERLAPPED overlapped, uint32_t transferred, Status outcome,
                      LPDWORD count) {
  RecordCompletion(overlapped, transferred, outcome);
  SignalEvent(overlapped->hEvent);
  if (file.overlapped()) return Fail(Status(ERROR_IO_PENDING), FALSE);
  if (!outcome.ok()) return Fail(outcome, FALSE);
  if (count != nullptr) *count = transferred;
  return TRUE;
}

// What a read or write that got as far as the I/O did: the handle's entry (which keeps the file alive), the
// count and the outcome. A call refused before any I/O (bad handle, no access) gives its status instead.
struct Io {
  HandleEntry entry;
  uint32_t transferred;
  Status outcome;
  const File& file() const { return static_cast<const File&>(*entry.object); }
};

Result<Io> Read(HANDLE handle, LPVOID buffer, DWORD size, LPOVERLAPPED overlapped) {
  auto entry = LookupFile(handle);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & FILE_READ_DATA)) return Status(ERROR_ACCESS_DENIED);
  File& file = FileOf(*entry);
  if (file.overlapped() && overlapped == nullptr) return Status(ERROR_INVALID_PARAMETER);
  std::optional<uint64_t> offset;
  if (overlapped != nullptr) offset = MakeSize(overlapped->OffsetHigh, overlapped->Offset);
  auto n = file.Read(buffer, size, offset);
  // A read at an explicit offset at or past the end reports the end of the file (ReadFile's documentation).
  Status outcome = overlapped != nullptr && n.ok() && n.value() == 0 && size != 0 ? Status(ERROR_HANDLE_EOF)
                                                                                   : n.status();
  return Io{std::move(entry).value(), n.ok() ? n.value() : 0, outcome};
}

Result<Io> Write(HANDLE handle, LPCVOID buffer, DWORD size, LPOVERLAPPED overlapped) {
  auto entry = LookupFile(handle);
  if (!entry.ok()) return entry.status();
  if (!(entry->access & (FILE_WRITE_DATA | FILE_APPEND_DATA))) return Status(ERROR_ACCESS_DENIED);
  File& file = FileOf(*entry);
  if (file.overlapped() && overlapped == nullptr) return Status(ERROR_INVALID_PARAMETER);
  bool append = !(entry->access & FILE_WRITE_DATA);  // FILE_APPEND_DATA alone always writes at the end
  std::optional<uint64_t> offset;
  if (overlapped != nullptr) {
    // Offset 0xFFFFFFFF:0xFFFFFFFF means "at the end of the file".
    if (overlapped->Offset == 0xFFFFFFFF && overlapped->OffsetHigh == 0xFFFFFFFF) {
      append = true;
    } else {
      offset = MakeSize(overlapped->OffsetHigh, overlapped->Offset);
    }
  }
  auto n = file.Write(buffer, size, offset, append);
  return Io{std::move(entry).value(), n.ok() ? n.value() : 0, n.status()};
}

// ReadFile and WriteFile from an Io.
BOOL Finish(Result<Io>&& io, LPOVERLAPPED overlapped, LPDWORD count) {
  if (!io.ok()) return Fail(io.status(), FALSE);
  if (overlapped != nullptr) return FinishOverlapped(io->file(), overlapped, io->transferred, io->outcome, count);
  if (!io->outcome.ok()) return Fail(io->outcome, FALSE);
  if (count != nullptr) *count = io->transferred;
  return TRUE;
}

// ReadFileEx and WriteFileEx: the I/O is done, and its completion routine is queued to the calling thread, which
// runs it in its next alertable wait (as an APC, core/apc.h) with the I/O's error code, count and OVERLAPPED. The
// OVERLAPPED gets the status and count; its hEvent is the program's own and is left alone. The I/O's own failure
// (a read at the end of the file) goes to the routine and the call succeeds; a call refused before any I/O
// queues nothing (FL-OVL-019..024).
// ReadFileEx and WriteFileEx need an OVERLAPPED (false without one); it starts pending, with no count.
bool StartWithRoutine(LPOVERLAPPED overlapped) {
  if (overlapped == nullptr) return false;
  StartOverlapped(overlapped);
  overlapped->InternalHigh = 0;
  return true;
}

BOOL FinishWithRoutine(Result<Io>&& io, LPOVERLAPPED overlapped, LPOVERLAPPED_COMPLETION_ROUTINE routine) {
  if (!io.ok()) return Fail(io.status(), FALSE);
  RecordCompletion(overlapped, io->transferred, io->outcome);
  const DWORD error = io->outcome.code();
  const DWORD transferred = io->transferred;
  CurrentThreadApcs().Queue([routine, error, transferred, overlapped] {
    if (routine != nullptr) routine(error, transferred, overlapped);
  });
  return TRUE;
}

BOOL DeletePathOrFail(const std::optional<std::string>& path) {
  if (!path) return Fail(Status(ERROR_PATH_NOT_FOUND), FALSE);
  Status s = DeletePath(*path);
  return s.ok() ? TRUE : Fail(s, FALSE);
}

// GetTempPath's directory, with the trailing separator Windows always gives.
std::string TempPath() {
  std::string dir = posix::TempDirectory();
  if (dir.back() != '/') dir += '/';
  return dir;
}

// GetTempFileName on UTF-16 text: <path>/<first 3 characters of prefix><unique in hex>.tmp.
Result<std::pair<UINT, std::u16string>> TempFileName(const std::u16string& path, const std::u16string& prefix,
                                                     UINT unique) {
  std::u16string dir = path;
  if (dir.empty() || (dir.back() != u'/' && dir.back() != u'\\')) dir += u'/';
  const std::u16string pre = prefix.substr(0, 3);
  auto name_for = [&](UINT n) {
    char hex[16];
    snprintf(hex, sizeof hex, "%X", n);
    return dir + pre + Utf8ToUtf16(hex) + u".tmp";
  };
  // The directory must exist, even when nothing is to be created (kernelbase checks it first).
  auto native_dir = NativePath(Utf16ToUtf8(dir));
  if (!native_dir.ok() || !posix::IsDirectory(native_dir.value())) return Status(ERROR_DIRECTORY);
  unique &= 0xFFFF;
  if (unique != 0) {  // just the name: nothing is created
    std::u16string name = name_for(unique);
    if (name.size() >= MAX_PATH) return Status(ERROR_BUFFER_OVERFLOW);
    return std::make_pair(unique, name);
  }
  UINT n = posix::TickCount() & 0xFFFF;
  for (int tries = 0; tries < 0xFFFF; ++tries, n = (n + 1) & 0xFFFF) {
    if (n == 0) n = 1;
    std::u16string name = name_for(n);
    if (name.size() >= MAX_PATH) return Status(ERROR_BUFFER_OVERFLOW);
    bool existed = false;
    auto file = OpenFile(Utf16ToUtf8(name), FILE_GENERIC_WRITE, 0, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, &existed);
    if (file.ok()) return std::make_pair(n, name);
    if (file.status().code() != ERROR_FILE_EXISTS) return file.status();
  }
  return Status(ERROR_FILE_EXISTS);
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                     LPSECURITY_ATTRIBUTES, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                     HANDLE) {
  return Create(PathFromA(lpFileName), dwDesiredAccess, dwShareMode, dwCreationDisposition, dwFlagsAndAttributes);
}

extern "C" HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                     LPSECURITY_ATTRIBUTES, DWORD dwCreationDisposition, DWORD dwFlagsAndAttributes,
                                     HANDLE) {
  return Create(PathFromW(lpFileName), dwDesiredAccess, dwShareMode, dwCreationDisposition, dwFlagsAndAttributes);
}

extern "C" BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                                LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped) {
  if (lpNumberOfBytesRead != nullptr) *lpNumberOfBytesRead = 0;
  StartOverlapped(lpOverlapped);
  return Finish(Read(hFile, lpBuffer, nNumberOfBytesToRead, lpOverlapped), lpOverlapped, lpNumberOfBytesRead);
}

extern "C" BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                 LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped) {
  if (lpNumberOfBytesWritten != nullptr) *lpNumberOfBytesWritten = 0;
  StartOverlapped(lpOverlapped);
  return Finish(Write(hFile, lpBuffer, nNumberOfBytesToWrite, lpOverlapped), lpOverlapped, lpNumberOfBytesWritten);
}

extern "C" BOOL WINAPI ReadFileEx(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                                  LPOVERLAPPED lpOverlapped, LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  if (!StartWithRoutine(lpOverlapped)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return FinishWithRoutine(Read(hFile, lpBuffer, nNumberOfBytesToRead, lpOverlapped), lpOverlapped,
                           lpCompletionRoutine);
}

extern "C" BOOL WINAPI WriteFileEx(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                                   LPOVERLAPPED lpOverlapped, LPOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  if (!StartWithRoutine(lpOverlapped)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  return FinishWithRoutine(Write(hFile, lpBuffer, nNumberOfBytesToWrite, lpOverlapped), lpOverlapped,
                           lpCompletionRoutine);
}

extern "C" DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                                       DWORD dwMoveMethod) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), INVALID_SET_FILE_POINTER);
  const int64_t distance =
      lpDistanceToMoveHigh != nullptr
          ? static_cast<int64_t>(MakeSize(static_cast<uint32_t>(*lpDistanceToMoveHigh),
                                          static_cast<uint32_t>(lDistanceToMove)))
          : static_cast<int64_t>(lDistanceToMove);
  // Without a high part the new position must fit in 32 bits, else the call fails and the pointer stays.
  auto position = FileOf(*entry).Seek(distance, dwMoveMethod, lpDistanceToMoveHigh == nullptr);
  if (!position.ok()) return Fail(position.status(), INVALID_SET_FILE_POINTER);
  if (lpDistanceToMoveHigh != nullptr) *lpDistanceToMoveHigh = static_cast<LONG>(position.value() >> 32);
  const DWORD low = static_cast<DWORD>(position.value());
  // A real position whose low part is 0xFFFFFFFF: last error 0 tells it from a failure.
  if (low == INVALID_SET_FILE_POINTER) SetLastError(ERROR_SUCCESS);
  return low;
}

extern "C" BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                                        DWORD dwMoveMethod) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  auto position = FileOf(*entry).Seek(liDistanceToMove.QuadPart, dwMoveMethod, false);
  if (!position.ok()) return Fail(position.status(), FALSE);
  if (lpNewFilePointer != nullptr) lpNewFilePointer->QuadPart = static_cast<LONGLONG>(position.value());
  return TRUE;
}

extern "C" BOOL WINAPI SetEndOfFile(HANDLE hFile) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  if (!(entry->access & FILE_WRITE_DATA)) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
  Status s = FileOf(*entry).SetEndOfFile();
  return s.ok() ? TRUE : Fail(s, FALSE);
}

extern "C" DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), INVALID_FILE_SIZE);
  auto size = FileOf(*entry).Size();
  if (!size.ok()) return Fail(size.status(), INVALID_FILE_SIZE);
  if (lpFileSizeHigh != nullptr) *lpFileSizeHigh = static_cast<DWORD>(size.value() >> 32);
  const DWORD low = static_cast<DWORD>(size.value());
  if (low == INVALID_FILE_SIZE) SetLastError(ERROR_SUCCESS);  // a real size, not a failure
  return low;
}

extern "C" BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  auto size = FileOf(*entry).Size();
  if (!size.ok()) return Fail(size.status(), FALSE);
  // Windows faults writing through a NULL pointer here; emu answers as for the other out-parameters it checks.
  if (lpFileSize == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  lpFileSize->QuadPart = static_cast<LONGLONG>(size.value());
  return TRUE;
}

extern "C" BOOL WINAPI FlushFileBuffers(HANDLE hFile) {
  auto entry = LookupFile(hFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  if (!(entry->access & (FILE_WRITE_DATA | FILE_APPEND_DATA))) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
  Status s = FileOf(*entry).Flush();
  return s.ok() ? TRUE : Fail(s, FALSE);
}

extern "C" BOOL WINAPI DeleteFileA(LPCSTR lpFileName) { return DeletePathOrFail(PathFromA(lpFileName)); }

extern "C" BOOL WINAPI DeleteFileW(LPCWSTR lpFileName) { return DeletePathOrFail(PathFromW(lpFileName)); }

extern "C" DWORD WINAPI GetTempPathA(DWORD nBufferLength, LPSTR lpBuffer) {
  return CopyOut(TempPath(), lpBuffer, nBufferLength);
}

extern "C" DWORD WINAPI GetTempPathW(DWORD nBufferLength, LPWSTR lpBuffer) {
  return CopyOut(Utf8ToUtf16(TempPath()), reinterpret_cast<char16_t*>(lpBuffer), nBufferLength);
}

extern "C" UINT WINAPI GetTempFileNameA(LPCSTR lpPathName, LPCSTR lpPrefixString, UINT uUnique,
                                        LPSTR lpTempFileName) {
  if (lpPathName == nullptr || lpTempFileName == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), 0u);
  auto made = TempFileName(Utf8ToUtf16(lpPathName), Utf8ToUtf16(lpPrefixString ? lpPrefixString : ""), uUnique);
  if (!made.ok()) return Fail(made.status(), 0u);
  const std::string name = Utf16ToUtf8(made->second);
  name.copy(lpTempFileName, name.size());
  lpTempFileName[name.size()] = '\0';
  return made->first;
}

extern "C" UINT WINAPI GetTempFileNameW(LPCWSTR lpPathName, LPCWSTR lpPrefixString, UINT uUnique,
                                        LPWSTR lpTempFileName) {
  if (lpPathName == nullptr || lpTempFileName == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), 0u);
  const auto* prefix = reinterpret_cast<const char16_t*>(lpPrefixString);
  auto made = TempFileName(reinterpret_cast<const char16_t*>(lpPathName), prefix ? prefix : u"", uUnique);
  if (!made.ok()) return Fail(made.status(), 0u);
  auto* out = reinterpret_cast<char16_t*>(lpTempFileName);
  made->second.copy(out, made->second.size());
  out[made->second.size()] = u'\0';
  return made->first;
}
