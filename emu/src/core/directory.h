// Path-level file-system calls behind CreateDirectory, RemoveDirectory, SetCurrentDirectory, Get/SetFileAttributes,
// GetFullPathName, CopyFile, MoveFile(Ex) and FindFirstFile: Windows paths in (checked and made native by
// NativePath, core/file.h), Status out. Attributes are emulated: FILE_ATTRIBUTE_READONLY is "no write permission
// bit set", FILE_ATTRIBUTE_DIRECTORY is a directory, a regular file is FILE_ATTRIBUTE_ARCHIVE; nothing else is kept.
#ifndef WINIPC_CORE_DIRECTORY_H_
#define WINIPC_CORE_DIRECTORY_H_

#include <sys/stat.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace winipc {

// What GetFileAttributesEx, GetFileInformationByHandle and FindFirstFile report; times are FILETIME ticks.
struct FileFacts {
  uint32_t attributes = 0;
  uint64_t creation = 0, last_access = 0, last_write = 0;
  uint64_t size = 0;
  uint64_t links = 0;
  uint64_t device = 0, index = 0;
};
// Pure: the facts of a stat(2) result. Linux keeps no creation time that stat reports: the last write time
// stands in for it.
FileFacts FactsFromStat(const struct stat& st);
uint64_t FileTimeFromTimespec(const struct timespec& t);
struct timespec TimespecFromFileTime(uint64_t ticks);

Status CreateDirectoryAt(const std::string& windows_path);
Status RemoveDirectoryAt(const std::string& windows_path);
Status SetCurrentDirectoryTo(const std::string& windows_path);
Result<FileFacts> FactsOfPath(const std::string& windows_path);
// FILE_ATTRIBUTE_READONLY clears every write permission bit of a file, its absence gives the owner write
// permission back; the other attributes Windows lets a program set are accepted and not kept.
Status SetAttributesAt(const std::string& windows_path, uint32_t attributes);

// Pure: GetFullPathName's result for `path` in the current directory `cwd` (absolute): '\' read as '/', "." and
// ".." and repeated separators folded, a trailing separator kept. Nothing is looked up.
std::string FullPathOf(const std::string& cwd, const std::string& path);
// The offset of the file part in a full path (after the last '/'), or npos when the path ends with '/'.
size_t FilePartOffset(const std::string& full_path);

Status CopyPath(const std::string& from, const std::string& to, bool fail_if_exists);
Status MovePath(const std::string& from, const std::string& to, bool replace_existing);

// Pure: whether `name` matches a FindFirstFile pattern: '*' any run of characters, '?' any one character, ASCII
// letters compared without case (as on Windows); "*.*" matches every name, dotted or not.
bool MatchesWildcard(const std::string& pattern, const std::string& name);

// FindFirstFile: the entries of the directory part of `windows_pattern` whose names match its last part, "." and
// ".." first when they match, then by name. No match is ERROR_FILE_NOT_FOUND; a missing directory
// ERROR_PATH_NOT_FOUND.
struct FoundEntry {
  std::string name;
  FileFacts facts;
};
Result<std::vector<FoundEntry>> FindEntries(const std::string& windows_pattern);

}  // namespace winipc

#endif  // WINIPC_CORE_DIRECTORY_H_
