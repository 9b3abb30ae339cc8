// System calls for the file API (CreateFile, ReadFile, ...) and file-backed sections. Like sys.h, returns Status
// instead of errno; the errno -> Win32 table is errno_map.cc, with the few file-specific refinements below.
#ifndef WINIPC_POSIX_FILE_SYS_H_
#define WINIPC_POSIX_FILE_SYS_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "core/status.h"
#include "posix/sys.h"

namespace winipc::posix {

// open(2) of a user's path (symlinks followed, as Windows follows reparse points), O_CLOEXEC always.
// ENOENT becomes ERROR_PATH_NOT_FOUND when the directory part does not exist, EISDIR ERROR_ACCESS_DENIED (a
// directory is not a file), EEXIST ERROR_FILE_EXISTS (CREATE_NEW).
Result<Fd> OpenPath(const std::string& path, int flags, mode_t mode = 0666);
// A second, independent open file description of the file behind `fd` (through /proc/self/fd), so that its
// locks live exactly as long as its owner: a section keeps the file this way after the file handle is closed.
Result<Fd> Reopen(int fd, int flags);
// The file's current absolute path ("" if it has none any more: deleted).
std::string PathOfFd(int fd);
// Whether `fd` was opened for reading / writing.
bool FdReadable(int fd);
bool FdWritable(int fd);
// Whether `fd` is an O_PATH descriptor (no I/O, no locks).
bool IsPathOnly(int fd);
void ClearNonBlocking(int fd);

// pread/pwrite until `length` bytes or end of file (EINTR retried); the count transferred.
Result<size_t> ReadUpTo(int fd, void* buffer, size_t length, uint64_t offset);
Result<size_t> WriteFully(int fd, const void* buffer, size_t length, uint64_t offset);
// The same for a stream (pipe, terminal, socket), which has no offsets: read(2) and write(2).
Result<size_t> StreamRead(int fd, void* buffer, size_t length);
Result<size_t> StreamWrite(int fd, const void* buffer, size_t length);
// Whether a descriptor is a stream rather than a file that has offsets.
bool IsStream(int fd);
Result<uint64_t> FileSizeOf(int fd);
Status SyncFile(int fd);  // fsync
Status UnlinkPath(const std::string& path);

// Whether another open file description holds a lock on any byte of [offset, offset + length).
Result<bool> RangeLockedByOthers(int fd, uint64_t offset, uint64_t length);

// The directory for temporary files: $TMPDIR if set and not empty, else /tmp.
std::string TempDirectory();
bool IsDirectory(const std::string& path);
uint32_t TickCount();  // milliseconds, for GetTempFileName's first unique number

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_FILE_SYS_H_
