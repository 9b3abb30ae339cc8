// Anonymous pipes: CreatePipe, and PeekNamedPipe on a pipe's read end. A pipe end is a file handle on a Linux
// pipe, so ReadFile, WriteFile, CloseHandle and CreateProcess's STARTF_USESTDHANDLES work on it as on any file
// handle; reading a pipe whose write ends are all closed fails with ERROR_BROKEN_PIPE (core/file.cc), writing to
// one whose read ends are all closed fails with ERROR_NO_DATA.
// https://learn.microsoft.com/en-us/windows/win32/api/namedpipeapi/nf-namedpipeapi-createpipe
#include <windows.h>

#include <memory>

#include "api/boundary.h"
#include "core/file.h"
#include "posix/pipe_sys.h"

using winipc::File;
using winipc::ObjectType;
using winipc::Status;
using winipc::api::Fail;
using winipc::api::Inheritable;
using winipc::api::LookupHandle;
using winipc::api::Outcome;
using winipc::api::Publish;

namespace {

// The access Windows gives the two ends (what GetFileInformation and DuplicateHandle see): read or write, and
// the attributes of the pipe.
constexpr DWORD kReadEndAccess = FILE_GENERIC_READ | FILE_WRITE_ATTRIBUTES;
constexpr DWORD kWriteEndAccess = FILE_GENERIC_WRITE | FILE_READ_ATTRIBUTES;

}  // namespace

extern "C" BOOL WINAPI CreatePipe(PHANDLE hReadPipe, PHANDLE hWritePipe, LPSECURITY_ATTRIBUTES lpPipeAttributes,
                                  DWORD nSize) {
  if (hReadPipe == nullptr || hWritePipe == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  winipc::posix::IgnoreBrokenPipeSignal();
  auto pipe = winipc::posix::MakePipe(nSize);
  if (!pipe.ok()) return Fail(pipe.status(), FALSE);
  const DWORD saved = GetLastError();  // Publish sets the last error of an Open*, which CreatePipe does not
  HANDLE read_end = Inheritable(
      Publish(std::make_shared<File>(std::move(pipe->first), std::string(), false), kReadEndAccess, Outcome::kOpened),
      lpPipeAttributes);
  if (read_end == nullptr) return FALSE;
  HANDLE write_end = Inheritable(
      Publish(std::make_shared<File>(std::move(pipe->second), std::string(), false), kWriteEndAccess,
              Outcome::kOpened),
      lpPipeAttributes);
  if (write_end == nullptr) {
    const DWORD error = GetLastError();
    CloseHandle(read_end);
    return Fail(Status(error), FALSE);
  }
  SetLastError(saved);
  *hReadPipe = read_end;
  *hWritePipe = write_end;
  return TRUE;
}

// How many bytes wait in a pipe, and a copy of the first of them, without taking them. An anonymous pipe is a byte
// stream: nothing is left of a "message". A pipe that has ended (empty, no write end open) is ERROR_BROKEN_PIPE,
// as ReadFile would say; the write end is ERROR_ACCESS_DENIED (PP-PEEK-004). A file handle that is not a pipe is
// ERROR_INVALID_FUNCTION, what Windows' file systems answer a pipe request with (Wine says ERROR_NOT_SUPPORTED).
extern "C" BOOL WINAPI PeekNamedPipe(HANDLE hNamedPipe, LPVOID lpBuffer, DWORD nBufferSize, LPDWORD lpBytesRead,
                                     LPDWORD lpTotalBytesAvail, LPDWORD lpBytesLeftThisMessage) {
  auto entry = LookupHandle(hNamedPipe, ObjectType::kFile);
  if (!entry.ok()) return Fail(entry.status(), FALSE);
  if (!(entry->access & FILE_READ_DATA)) return Fail(Status(ERROR_ACCESS_DENIED), FALSE);  // the write end
  const File& file = static_cast<const File&>(*entry->object);
  if (!file.pipe()) return Fail(Status(ERROR_INVALID_FUNCTION), FALSE);
  auto level = winipc::posix::PipeLevelOf(file.fd());
  if (!level.ok()) return Fail(level.status(), FALSE);
  if (level->available == 0 && level->writers_gone) return Fail(Status(ERROR_BROKEN_PIPE), FALSE);
  DWORD copied = 0;
  if (lpBuffer != nullptr && nBufferSize > 0 && level->available > 0) {
    auto peeked = winipc::posix::PeekPipe(file.fd(), lpBuffer, nBufferSize);
    if (!peeked.ok()) return Fail(peeked.status(), FALSE);
    copied = static_cast<DWORD>(peeked.value());
  }
  if (lpBytesRead != nullptr) *lpBytesRead = copied;
  if (lpTotalBytesAvail != nullptr) *lpTotalBytesAvail = level->available;
  if (lpBytesLeftThisMessage != nullptr) *lpBytesLeftThisMessage = 0;
  return TRUE;
}
