// Helpers shared by the directory, attribute, copy/move, search and lock tests (conformance/directories/): a
// fresh directory under GetTempPathA's directory, removed with everything in it when the owner goes, and the
// joining of names onto it. Written against the Win32 API only.
#ifndef WINIPC_CONFORMANCE_DIRECTORIES_SCRATCH_DIRECTORY_H_
#define WINIPC_CONFORMANCE_DIRECTORIES_SCRATCH_DIRECTORY_H_

#include <windows.h>

#include <string>
#include <vector>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance::directories {

// The separator the platform's own paths use (GetTempPathA's last character): '\' on Windows, '/' on emu, which
// also reads '\' as a separator.
inline char NativeSeparator() {
  const std::string temp = files::TempDirectory();
  return temp.empty() ? '\\' : temp.back();
}

// Removes a directory and everything under it (read-only files too); used only for cleaning up.
inline void RemoveTree(const std::string& path) {
  WIN32_FIND_DATAA found;
  HANDLE search = FindFirstFileA((path + "\\*").c_str(), &found);
  if (search != INVALID_HANDLE_VALUE) {
    std::vector<std::string> names;
    do {
      const std::string name = found.cFileName;
      if (name != "." && name != "..") names.push_back(name);
    } while (FindNextFileA(search, &found));
    FindClose(search);
    for (const std::string& name : names) {
      const std::string child = path + "\\" + name;
      const DWORD attributes = GetFileAttributesA(child.c_str());
      if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY)) {
        RemoveTree(child);
      } else {
        SetFileAttributesA(child.c_str(), FILE_ATTRIBUTE_NORMAL);
        DeleteFileA(child.c_str());
      }
    }
  }
  RemoveDirectoryA(path.c_str());
}

// A new empty directory in the temporary directory (named like a GetTempFileNameA file), removed with its
// contents on destruction. Declare it before the handles on files inside it.
class ScratchDirectory {
 public:
  ScratchDirectory() : path_(files::MissingPath()) {
    if (!CreateDirectoryA(path_.c_str(), nullptr)) {
      ADD_FAILURE() << "CreateDirectoryA(" << path_ << ") failed: " << DescribeError(GetLastError());
    }
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  ~ScratchDirectory() { RemoveTree(path_); }

  const std::string& path() const { return path_; }
  const char* c_str() const { return path_.c_str(); }
  // `name` inside this directory, joined with '\' (a separator on both platforms).
  std::string Join(const std::string& name) const { return path_ + "\\" + name; }
  // Creates the file `name` inside this directory holding `bytes`; its path, or "" after reporting why.
  std::string MakeFile(const std::string& name, const std::string& bytes = "") const {
    const std::string path = Join(name);
    ScopedHandle file = files::OpenFile(path, GENERIC_WRITE, 0, CREATE_NEW);
    if (!file) {
      ADD_FAILURE() << "CreateFileA(" << path << ") failed: " << DescribeError(GetLastError());
      return "";
    }
    if (!bytes.empty() && !files::WriteAll(file.get(), bytes)) return "";
    return path;
  }

 private:
  std::string path_;
};

}  // namespace winipc::conformance::directories

#endif  // WINIPC_CONFORMANCE_DIRECTORIES_SCRATCH_DIRECTORY_H_
