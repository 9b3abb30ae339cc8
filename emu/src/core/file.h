// Files: the object behind CreateFile's handle, share modes between emu processes, and the file side of a
// file-backed section (its own open of the file, which keeps the section's effect on the file alive).
//
// Share modes and "this file is mapped" are recorded with open file description (OFD) locks on bytes of the file
// itself, far past any real data (kShareLockBase + ShareByte), so every emu process that opens the file sees them
// and the kernel drops them when the holder closes or dies; no server, no side file. Each open holds shared locks
// on "I have read/write/delete access" and "I deny read/write/delete" bytes; an opener first holds its own, then
// checks that no other open description holds a byte it must find free (set-then-check: of two concurrent
// conflicting opens at least one sees the other), all under an exclusive lock on the gate byte so that openers
// of one file are serialised and never both fail. A section's own open description holds kMapped (and
// kMappedWritable for a writable section) for as long as the section or any of its views lives.
#ifndef WINIPC_CORE_FILE_H_
#define WINIPC_CORE_FILE_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/object.h"
#include "core/status.h"
#include "core/sync.h"
#include "posix/sys.h"

namespace winipc {

inline constexpr uint64_t kShareLockBase = uint64_t{1} << 62;
enum ShareByte : uint32_t {
  kShareGate = 0,        // exclusive while an opener checks and records its share state
  kHasRead = 1,          // held by every open with FILE_READ_DATA or FILE_EXECUTE
  kHasWrite = 2,         // FILE_WRITE_DATA or FILE_APPEND_DATA
  kHasDelete = 3,        // DELETE
  kDeniesRead = 4,       // held by every open (with some data access) whose share mode lacks FILE_SHARE_READ
  kDeniesWrite = 5,      // ... FILE_SHARE_WRITE
  kDeniesDelete = 6,     // ... FILE_SHARE_DELETE
  kMapped = 7,           // a section or a view of it exists: no shrinking (ERROR_USER_MAPPED_FILE)
  kMappedWritable = 8,   // a writable section exists: it counts as a writer for opens without FILE_SHARE_WRITE
  kShareByteCount = 9,
};

// What an open holds and what it needs free, as bit masks over ShareByte (bit k = byte kShareLockBase + k).
struct SharePlan {
  uint32_t hold;
  uint32_t must_be_free;
};
// Pure: Windows' sharing rule (an open with FILE_READ_DATA/FILE_EXECUTE needs FILE_SHARE_READ from every other
// open, FILE_WRITE_DATA/FILE_APPEND_DATA needs FILE_SHARE_WRITE, DELETE needs FILE_SHARE_DELETE, both ways; an
// open with none of these rights neither conflicts nor denies), plus: a writable section refuses every open
// without FILE_SHARE_WRITE. `access` is already mapped (no GENERIC_* bits).
SharePlan PlanShare(uint32_t access, uint32_t share_mode);

// Paths: Linux paths, with '\' a separator as on Windows (Windows allows it in no name, so nothing is lost).
// A Windows drive or UNC path ("C:\x", "\\server\x") is ERROR_PATH_NOT_FOUND, as is ""; a character Windows
// reserves (* ? < > | " and control bytes) is ERROR_INVALID_NAME.
Status CheckPath(const std::string& path);
// CheckPath, then the path with every '\' made '/'.
Result<std::string> NativePath(const std::string& path);
// The path with every '\' made '/', unchecked: the one separator rule of the Win32 file functions and the C
// runtime's (crt/path.h).
std::string WithSlashes(std::string path);

// Waitable like on Windows, where a file object is signalled whenever no I/O is pending on it: emu's I/O is all
// synchronous, so a file handle is always signalled, and a wait never consumes it (FL-HANDLE-003).
class File : public Waitable {
 public:
  // `overlapped`: opened with FILE_FLAG_OVERLAPPED (ReadFile/WriteFile then need an OVERLAPPED, and leave the file
  // pointer alone).
  File(posix::Fd fd, std::string path, bool delete_on_close, bool overlapped = false);
  ~File() override;

  Take TryTake(WaitSlot&) override { return Take::kTaken; }
  uint32_t* FutexWord() override { return &signalled_; }
  Take Lock(WaitSlot&) override { return Take::kTaken; }
  bool LockedSignalled(WaitSlot&) override { return true; }
  void Commit(WaitSlot&) override {}
  void Unlock(WaitSlot&) override {}

  int fd() const { return fd_.get(); }
  bool overlapped() const { return overlapped_; }
  bool pipe() const { return pipe_; }
  // ReadFile/WriteFile: at `offset` if given (an OVERLAPPED), else at the file pointer. On a synchronous handle the
  // pointer then moves past the bytes transferred, even after an explicit offset; an overlapped handle's pointer
  // never moves. An append-only handle always writes at the end.
  Result<uint32_t> Read(void* buffer, uint32_t length, std::optional<uint64_t> offset);
  Result<uint32_t> Write(const void* buffer, uint32_t length, std::optional<uint64_t> offset, bool append_only);
  // SetFilePointerEx: the new position, or ERROR_NEGATIVE_SEEK / ERROR_INVALID_PARAMETER. With `fits_32_bits`
  // (SetFilePointer without a high part) a position past 4 GiB - 1 is refused and the pointer stays.
  Result<uint64_t> Seek(int64_t distance, uint32_t method, bool fits_32_bits);
  // SetEndOfFile: cuts or extends the file at the pointer; a shrink while a section or view of the file exists
  // anywhere is ERROR_USER_MAPPED_FILE.
  Status SetEndOfFile();
  Result<uint64_t> Size() const;
  Status Flush();

  // LockFile(Ex)/UnlockFile(Ex): byte-range locks as open file description locks on the file, so that they stop
  // every other handle, in this process or another, as on Windows. A lock that overlaps one of this handle's own
  // locks is refused unless both are shared; a conflict is ERROR_LOCK_VIOLATION (or, with `wait`, waited for).
  // Unlocking needs the exact range of a lock this handle holds (ERROR_NOT_LOCKED otherwise). The part of a range
  // at or past kShareLockBase (where the share-mode bytes live) is kept in this handle's own list only.
  Status LockRange(uint64_t offset, uint64_t length, bool exclusive, bool wait);
  Status UnlockRange(uint64_t offset, uint64_t length);

 private:
  posix::Fd fd_;
  std::string path_;  // for FILE_FLAG_DELETE_ON_CLOSE
  bool delete_on_close_;
  bool overlapped_;
  bool stream_ = false;  // a pipe, terminal or socket (the standard handles): no offsets, no pointer
  bool pipe_ = false;    // a pipe (CreatePipe, or a standard handle in a pipeline): its end is ERROR_BROKEN_PIPE
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  std::mutex mutex_;  // the pointer, and each read/write at it
  uint64_t position_ = 0;
  uint32_t signalled_ = 1;
  struct RangeLock {
    uint64_t offset, length;
    bool exclusive;
  };
  std::mutex range_mutex_;  // range_locks_
  std::vector<RangeLock> range_locks_;
};

// CreateFile: `access` is already mapped (no GENERIC_* bits); `disposition` one of CREATE_NEW..TRUNCATE_EXISTING.
// *existed tells whether CREATE_ALWAYS/OPEN_ALWAYS found the file.
Result<std::shared_ptr<File>> OpenFile(const std::string& path, uint32_t access, uint32_t share_mode,
                                       uint32_t disposition, uint32_t flags_and_attributes, bool* existed);
// DeleteFile: opens nothing that lasts; ERROR_SHARING_VIOLATION if an open refuses FILE_SHARE_DELETE.
Status DeletePath(const std::string& path);

// A file-backed section's own open of its file (never the caller's handle): its locks say "mapped" (and
// "mapped writable") for as long as the section or any of its views holds this object.
class MappedFile {
 public:
  // From the file handle given to CreateFileMapping: sizes the section (0: the file's size; ERROR_FILE_INVALID
  // for an empty file; a writable section larger than the file grows it, a read-only one gets
  // ERROR_NOT_ENOUGH_MEMORY) and returns the exact section size in *size.
  static Result<std::shared_ptr<MappedFile>> ForSection(const File& file, bool writable, uint64_t requested,
                                                        uint64_t* size);
  // For OpenFileMapping in another process: the file at `path`, if it is still the same file (device and inode).
  static Result<std::shared_ptr<MappedFile>> Reattach(const std::string& path, uint64_t dev, uint64_t ino,
                                                      bool writable);
  int fd() const { return fd_.get(); }
  uint64_t dev() const { return dev_; }
  uint64_t ino() const { return ino_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile() = default;
  Status Hold(bool writable);
  posix::Fd fd_;
  uint64_t dev_ = 0, ino_ = 0;
  std::string path_;
};

}  // namespace winipc

#endif  // WINIPC_CORE_FILE_H_
