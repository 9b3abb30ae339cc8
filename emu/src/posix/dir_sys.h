// System calls for the directory, attribute, copy/move, search and byte-range lock calls (CreateDirectory,
// GetFileAttributes, CopyFile, FindFirstFile, LockFileEx, ...). Paths here are Linux paths already ('/' only).
// Returns Status; the errno -> Win32 table is errno_map.cc, refined below where Windows says more than errno.
#ifndef WINIPC_POSIX_DIR_SYS_H_
#define WINIPC_POSIX_DIR_SYS_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace winipc::posix {

// ENOENT is ERROR_PATH_NOT_FOUND when the directory part of `path` does not exist, else ERROR_FILE_NOT_FOUND.
Status MissingPathStatus(const std::string& path);

// mkdir(2): EEXIST -> ERROR_ALREADY_EXISTS, ENOENT -> ERROR_PATH_NOT_FOUND.
Status MakeDirectory(const std::string& path);
// rmdir(2): ENOTEMPTY -> ERROR_DIR_NOT_EMPTY, ENOTDIR on a file -> ERROR_DIRECTORY.
Status RemoveDirectoryPath(const std::string& path);
// chdir(2) (getcwd is CurrentDirectory in process_sys.h).
Status ChangeDirectory(const std::string& path);

// stat(2), symlinks followed (as Windows follows reparse points), with MissingPathStatus on ENOENT.
Result<struct stat> StatPath(const std::string& path);
Status ChangeMode(const std::string& path, mode_t mode);
// futimens(2): a null pointer leaves that time alone.
Status SetFdTimes(int fd, const struct timespec* access, const struct timespec* modification);

// rename(2); without `replace`, renameat2(RENAME_NOREPLACE): an existing target is ERROR_ALREADY_EXISTS.
Status RenamePath(const std::string& from, const std::string& to, bool replace);
// Copies the bytes, the permission bits and the modification time of `from` to `to` (created or truncated;
// with `fail_if_exists` an existing `to` is ERROR_FILE_EXISTS). A directory as `from` is ERROR_ACCESS_DENIED.
Status CopyFileContents(const std::string& from, const std::string& to, bool fail_if_exists);

// The names in a directory, "." and ".." included, in readdir order.
Result<std::vector<std::string>> ListDirectory(const std::string& path);

// Open file description locks on [offset, offset + length): F_OFD_SETLK (or F_OFD_SETLKW when `wait`); a
// conflict is ERROR_LOCK_VIOLATION. `length` must be > 0 and the range must fit in off_t.
Status OfdLock(int fd, bool exclusive, uint64_t offset, uint64_t length, bool wait);
Status OfdUnlock(int fd, uint64_t offset, uint64_t length);

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_DIR_SYS_H_
