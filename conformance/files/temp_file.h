// Helpers shared by the file tests (conformance/files/*_test.cc) and the file-backed section tests
// (conformance/filemapping/file_backed_*_test.cc): temporary files named by GetTempPathA + GetTempFileNameA (never
// a hard-coded directory), and small read/write wrappers. Written against the Win32 API only.
#ifndef WINIPC_CONFORMANCE_FILES_TEMP_FILE_H_
#define WINIPC_CONFORMANCE_FILES_TEMP_FILE_H_

#include <windows.h>

#include <string>
#include <utility>

#include "harness/harness.h"

namespace winipc::conformance::files {

// GetTempPathA's directory (with its trailing separator); a failure is a test failure and gives "".
inline std::string TempDirectory() {
  char buffer[MAX_PATH + 1] = {};
  const DWORD length = GetTempPathA(sizeof buffer, buffer);
  if (length == 0 || length > sizeof buffer) {
    ADD_FAILURE() << "GetTempPathA failed: " << DescribeError(GetLastError());
    return "";
  }
  return std::string(buffer, length);
}

// A fresh empty file created by GetTempFileNameA(uUnique 0) in TempDirectory(), deleted (if it still exists) when
// the owner goes. Declare it before the handles and views on it, so that they are closed first.
class TempFile {
 public:
  TempFile() {
    char buffer[MAX_PATH + 1] = {};
    if (GetTempFileNameA(TempDirectory().c_str(), "wip", 0, buffer) == 0) {
      ADD_FAILURE() << "GetTempFileNameA failed: " << DescribeError(GetLastError());
      return;
    }
    path_ = buffer;
  }
  TempFile(TempFile&& other) noexcept : path_(std::exchange(other.path_, std::string())) {}
  TempFile& operator=(TempFile&&) = delete;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) DeleteFileA(path_.c_str());  // may already be gone: the test deleted it
  }

  const std::string& path() const { return path_; }
  const char* c_str() const { return path_.c_str(); }

 private:
  std::string path_;
};

// Whether a file of that name can be opened (access 0, sharing everything). Only the file API of the issue is used
// (no GetFileAttributes), so emu needs nothing else.
inline bool FileExists(const std::string& path) {
  HANDLE file = CreateFileA(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return false;
  CloseHandle(file);
  return true;
}

// A path in TempDirectory() that names no file: a TempFile's name, deleted at once.
inline std::string MissingPath() {
  std::string path = TempFile().path();
  if (FileExists(path)) ADD_FAILURE() << path << " was not deleted";
  return path;
}

// CreateFileA with no security attributes, flags or template; a failure gives an empty ScopedHandle.
inline ScopedHandle OpenFile(const std::string& path, DWORD access, DWORD share = FILE_SHARE_READ | FILE_SHARE_WRITE,
                             DWORD disposition = OPEN_EXISTING) {
  return ScopedHandle(CreateFileA(path.c_str(), access, share, nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr));
}

// Writes all of `bytes` at the file pointer; false (after reporting why) if that fails.
inline bool WriteAll(HANDLE file, const std::string& bytes) {
  DWORD written = 0;
  if (!WriteFile(file, bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr) || written != bytes.size()) {
    ADD_FAILURE() << "WriteFile of " << bytes.size() << " bytes wrote " << written << ": "
                  << DescribeError(GetLastError());
    return false;
  }
  return true;
}

// Reads up to `count` bytes at the file pointer; a failing ReadFile is a test failure and gives what was read.
inline std::string ReadSome(HANDLE file, DWORD count) {
  std::string bytes(count, '\0');
  DWORD read = 0;
  if (!ReadFile(file, bytes.data(), count, &read, nullptr)) {
    ADD_FAILURE() << "ReadFile failed: " << DescribeError(GetLastError());
  }
  bytes.resize(read);
  return bytes;
}

// Opens `path` afresh (read access, sharing everything) and reads up to `count` bytes from its start: what any
// other reader of the file would see. The reason for a failure is returned in place of the bytes.
inline std::string ReadFresh(const std::string& path, DWORD count) {
  HANDLE file = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return "<CreateFileA failed: " + DescribeError(GetLastError()) + ">";
  std::string bytes(count, '\0');
  DWORD read = 0;
  const BOOL ok = ReadFile(file, bytes.data(), count, &read, nullptr);
  const DWORD error = GetLastError();
  CloseHandle(file);
  if (!ok) return "<ReadFile failed: " + DescribeError(error) + ">";
  bytes.resize(read);
  return bytes;
}

// GetFileSizeEx, or -1 (after reporting why) if it fails.
inline LONGLONG FileSize(HANDLE file) {
  LARGE_INTEGER size;
  size.QuadPart = -1;
  if (!GetFileSizeEx(file, &size)) {
    ADD_FAILURE() << "GetFileSizeEx failed: " << DescribeError(GetLastError());
    return -1;
  }
  return size.QuadPart;
}

// The size of the file at `path` by a fresh open (sharing everything), or -1 if it cannot be opened.
inline LONGLONG FileSizeOf(const std::string& path) {
  ScopedHandle file(CreateFileA(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
  if (!file) return -1;
  return FileSize(file.get());
}

// Moves the file pointer to `offset` and cuts or extends the file there. The BOOL and last error of SetEndOfFile
// are returned as a CallResult, for the matchers; a failing SetFilePointerEx is a test failure.
inline CallResult<BOOL> SetSize(HANDLE file, LONGLONG size) {
  LARGE_INTEGER distance;
  distance.QuadPart = size;
  if (!SetFilePointerEx(file, distance, nullptr, FILE_BEGIN)) {
    ADD_FAILURE() << "SetFilePointerEx(" << size << ") failed: " << DescribeError(GetLastError());
  }
  SetLastError(kPoisonError);
  return Call(SetEndOfFile(file));
}

}  // namespace winipc::conformance::files

#endif  // WINIPC_CONFORMANCE_FILES_TEMP_FILE_H_
