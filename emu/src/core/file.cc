#include "core/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <windows.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <tuple>

#include "posix/file_sys.h"

namespace winipc {
namespace {

using posix::Fd;
using posix::LockKind;

constexpr uint32_t Bit(ShareByte b) { return uint32_t{1} << b; }

// The exclusive gate byte, taken where the description is writable (an exclusive OFD lock needs a writable
// description). Openers through read-only descriptions skip it: set-then-check still never lets two conflicting
// opens both succeed; at worst two concurrent ones both fail.
class Gate {
 public:
  explicit Gate(int fd) {
    if (posix::FdWritable(fd) && posix::LockByte(fd, kShareLockBase + kShareGate, LockKind::kExclusive, true).ok()) {
      fd_ = fd;
    }
  }
  ~Gate() {
    if (fd_ >= 0) (void)posix::LockByte(fd_, kShareLockBase + kShareGate, LockKind::kUnlock, false);
  }
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;

 private:
  int fd_ = -1;
};

Status HoldBytes(int fd, uint32_t mask) {
  for (uint32_t b = 0; b < kShareByteCount; ++b) {
    if (mask & (uint32_t{1} << b)) {
      WINIPC_RETURN_IF_ERROR(posix::LockByte(fd, kShareLockBase + b, LockKind::kShared, false));
    }
  }
  return Status::Ok();
}

// Whether another open description holds any of the bytes in `mask`.
Result<bool> AnyHeldByOthers(int fd, uint32_t mask) {
  for (uint32_t b = 0; b < kShareByteCount; ++b) {
    if (!(mask & (uint32_t{1} << b))) continue;
    auto held = posix::RangeLockedByOthers(fd, kShareLockBase + b, 1);
    if (!held.ok()) return held.status();
    if (held.value()) return true;
  }
  return false;
}

// open(2) with the first of `modes` the file's permissions allow (Windows grants by ACL, so emu asks for the
// widest description it may have: a read-write one can also take the exclusive gate lock).
Result<Fd> OpenWithModes(const std::string& path, std::initializer_list<int> modes, int flags, mode_t mode) {
  Result<Fd> last = Status(ERROR_ACCESS_DENIED);
  for (int m : modes) {
    if (m == -1) continue;
    if ((m & O_PATH) && (flags & O_CREAT)) continue;  // O_PATH ignores O_CREAT
    last = posix::OpenPath(path, m | flags, mode);
    if (last.ok()) return last;
    const uint32_t code = last.status().code();
    if (code != ERROR_ACCESS_DENIED && code != ERROR_SHARING_VIOLATION) return last;
  }
  return last;
}

// This process's live MappedFiles by (device, inode): a section opened by name in the process that already holds
// it shares that hold instead of re-opening the path, so it works even if the file was renamed or deleted since.
struct MappedRegistry {
  std::mutex mutex;
  std::map<std::tuple<uint64_t, uint64_t, bool>, std::weak_ptr<MappedFile>> files;  // (dev, ino, writable)
};

MappedRegistry& Registry() {
  static MappedRegistry* registry = new MappedRegistry();
  return *registry;
}

void Register(const std::shared_ptr<MappedFile>& mapped, bool writable) {
  MappedRegistry& r = Registry();
  std::lock_guard<std::mutex> guard(r.mutex);
  for (auto it = r.files.begin(); it != r.files.end();) it = it->second.expired() ? r.files.erase(it) : ++it;
  r.files[{mapped->dev(), mapped->ino(), writable}] = mapped;
}

std::shared_ptr<MappedFile> FindLive(uint64_t dev, uint64_t ino, bool writable) {
  MappedRegistry& r = Registry();
  std::lock_guard<std::mutex> guard(r.mutex);
  auto it = r.files.find({dev, ino, writable});
  return it == r.files.end() ? nullptr : it->second.lock();
}

}  // namespace

SharePlan PlanShare(uint32_t access, uint32_t share_mode) {
  SharePlan plan{0, 0};
  const bool read = access & (FILE_READ_DATA | FILE_EXECUTE);
  const bool write = access & (FILE_WRITE_DATA | FILE_APPEND_DATA);
  const bool del = access & DELETE;
  // A writable section counts as a writer for every open that does not share writing, whatever it asks for
  // (Windows' check of user-writable mapped sections; conformance FL-SHARE-*, catalogue entry 135).
  if (!(share_mode & FILE_SHARE_WRITE)) plan.must_be_free |= Bit(kMappedWritable);
  if (!read && !write && !del) return plan;  // no data access: neither conflicts nor denies
  if (read) plan.hold |= Bit(kHasRead), plan.must_be_free |= Bit(kDeniesRead);
  if (write) plan.hold |= Bit(kHasWrite), plan.must_be_free |= Bit(kDeniesWrite);
  if (del) plan.hold |= Bit(kHasDelete), plan.must_be_free |= Bit(kDeniesDelete);
  if (!(share_mode & FILE_SHARE_READ)) plan.hold |= Bit(kDeniesRead), plan.must_be_free |= Bit(kHasRead);
  if (!(share_mode & FILE_SHARE_WRITE)) plan.hold |= Bit(kDeniesWrite), plan.must_be_free |= Bit(kHasWrite);
  if (!(share_mode & FILE_SHARE_DELETE)) plan.hold |= Bit(kDeniesDelete), plan.must_be_free |= Bit(kHasDelete);
  return plan;
}

Status CheckPath(const std::string& path) {
  if (path.empty()) return Status(ERROR_PATH_NOT_FOUND);
  const bool drive = path.size() >= 2 && std::isalpha(static_cast<unsigned char>(path[0])) && path[1] == ':';
  const bool unc = path.size() >= 2 && path[0] == '\\' && path[1] == '\\';
  if (drive || unc) return Status(ERROR_PATH_NOT_FOUND);  // docs/porting.md: no drives on Linux
  // Characters Windows never allows in a file name, which Linux would take: the wildcards, <, >, |, the double
  // quote and control bytes (FL-CREATE-013). ':' is left alone: on Windows it names a stream, not an error.
  for (const unsigned char c : path) {
    if (c < 0x20 || c == '*' || c == '?' || c == '<' || c == '>' || c == '|' || c == '"') {
      return Status(ERROR_INVALID_NAME);
    }
  }
  return Status::Ok();
}

std::string WithSlashes(std::string path) {
  std::replace(path.begin(), path.end(), '\\', '/');
  return path;
}

Result<std::string> NativePath(const std::string& path) {
  WINIPC_RETURN_IF_ERROR(CheckPath(path));
  return WithSlashes(path);
}

File::File(Fd fd, std::string path, bool delete_on_close, bool overlapped)
    : Waitable(ObjectType::kFile),
      fd_(std::move(fd)),
      path_(std::move(path)),
      delete_on_close_(delete_on_close),
      overlapped_(overlapped) {
  auto st = posix::StatFd(fd_.get());
  if (st.ok()) dev_ = st->st_dev, ino_ = st->st_ino;
  stream_ = posix::IsStream(fd_.get());
  pipe_ = st.ok() && S_ISFIFO(st->st_mode);
}

File::~File() {
  if (!delete_on_close_ || path_.empty()) return;
  // Only the file this handle opened: never a file that took its name since.
  auto fd = posix::OpenPath(path_, O_PATH);
  if (!fd.ok()) return;
  auto st = posix::StatFd(fd->get());
  if (st.ok() && st->st_dev == dev_ && st->st_ino == ino_) (void)posix::UnlinkPath(path_);
}

Result<uint32_t> File::Read(void* buffer, uint32_t length, std::optional<uint64_t> offset) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (stream_) {
    auto n = posix::StreamRead(fd_.get(), buffer, length);
    if (!n.ok()) return n.status();
    // A pipe whose write ends are all closed, and that is empty, has ended: Windows fails the read with
    // ERROR_BROKEN_PIPE rather than returning 0 bytes (PP-ANON-002).
    if (n.value() == 0 && length > 0 && pipe_) return Status(ERROR_BROKEN_PIPE);
    return static_cast<uint32_t>(n.value());
  }
  const uint64_t at = offset ? *offset : position_;
  auto n = posix::ReadUpTo(fd_.get(), buffer, length, at);
  if (!n.ok()) return n.status();
  // With an OVERLAPPED on a synchronous handle the pointer moves too (ReadFile's documentation); an overlapped
  // handle has no pointer to move (FL-OVL-003).
  if (!overlapped_) position_ = at + n.value();
  return static_cast<uint32_t>(n.value());
}

Result<uint32_t> File::Write(const void* buffer, uint32_t length, std::optional<uint64_t> offset, bool append_only) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (stream_) {
    auto n = posix::StreamWrite(fd_.get(), buffer, length);
    if (!n.ok()) return n.status();
    return static_cast<uint32_t>(n.value());
  }
  uint64_t at = offset ? *offset : position_;
  if (append_only) {
    auto size = posix::FileSizeOf(fd_.get());
    if (!size.ok()) return size.status();
    at = size.value();
  }
  if (length == 0) return 0u;  // a null write: the file is neither cut nor extended
  auto n = posix::WriteFully(fd_.get(), buffer, length, at);
  if (!n.ok()) return n.status();
  if (!overlapped_) position_ = at + n.value();
  return static_cast<uint32_t>(n.value());
}

Result<uint64_t> File::Seek(int64_t distance, uint32_t method, bool fits_32_bits) {
  std::lock_guard<std::mutex> guard(mutex_);
  int64_t base;
  switch (method) {
    case FILE_BEGIN:
      base = 0;
      break;
    case FILE_CURRENT:
      base = static_cast<int64_t>(position_);
      break;
    case FILE_END: {
      auto size = posix::FileSizeOf(fd_.get());
      if (!size.ok()) return size.status();
      base = static_cast<int64_t>(size.value());
      break;
    }
    default:
      return Status(ERROR_INVALID_PARAMETER);
  }
  int64_t target;
  if (__builtin_add_overflow(base, distance, &target)) return Status(ERROR_INVALID_PARAMETER);
  if (target < 0) return Status(ERROR_NEGATIVE_SEEK);
  if (fits_32_bits && target > 0xFFFFFFFFll) return Status(ERROR_INVALID_PARAMETER);
  position_ = static_cast<uint64_t>(target);
  return position_;
}

Status File::SetEndOfFile() {
  std::lock_guard<std::mutex> guard(mutex_);
  Gate gate(fd_.get());  // no section can be sized while we cut
  auto size = posix::FileSizeOf(fd_.get());
  if (!size.ok()) return size.status();
  if (position_ < size.value()) {
    // Any shrink, even one that keeps every mapped byte, is refused while a section or view exists (entry 130).
    auto mapped = AnyHeldByOthers(fd_.get(), Bit(kMapped));
    if (!mapped.ok()) return mapped.status();
    if (mapped.value()) return Status(ERROR_USER_MAPPED_FILE);
  }
  if (position_ == size.value()) return Status::Ok();
  if (position_ >= kShareLockBase) return Status(ERROR_INVALID_PARAMETER);
  return posix::Truncate(fd_.get(), position_);
}

Result<uint64_t> File::Size() const { return posix::FileSizeOf(fd_.get()); }

Status File::Flush() { return posix::SyncFile(fd_.get()); }

Result<std::shared_ptr<File>> OpenFile(const std::string& windows_path, uint32_t access, uint32_t share_mode,
                                       uint32_t disposition, uint32_t flags_and_attributes, bool* existed) {
  *existed = false;
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  const std::string& path = native.value();
  if (share_mode & ~static_cast<uint32_t>(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)) {
    return Status(ERROR_INVALID_PARAMETER);
  }
  if (disposition < CREATE_NEW || disposition > TRUNCATE_EXISTING) return Status(ERROR_INVALID_PARAMETER);
  const bool reads = access & (FILE_READ_DATA | FILE_EXECUTE);
  const bool writes = access & (FILE_WRITE_DATA | FILE_APPEND_DATA);
  if (disposition == TRUNCATE_EXISTING && !(access & FILE_WRITE_DATA)) return Status(ERROR_INVALID_PARAMETER);

  const int exact = reads && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
  // An open without data access may find a file it can neither read nor write (Windows grants it anyway).
  const int fallback = reads || writes ? -1 : O_PATH;
  const int extra = (flags_and_attributes & FILE_FLAG_WRITE_THROUGH) ? O_DSYNC : 0;
  const mode_t mode = (flags_and_attributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0666;
  auto open = [&](int create_flags) {
    return OpenWithModes(path, {O_RDWR, exact, fallback}, create_flags | extra | O_NOCTTY | O_NONBLOCK, mode);
  };

  Result<Fd> fd = Status(ERROR_FILE_NOT_FOUND);
  bool created = false;
  switch (disposition) {
    case CREATE_NEW:
      fd = open(O_CREAT | O_EXCL);
      created = fd.ok();
      break;
    case OPEN_EXISTING:
    case TRUNCATE_EXISTING:
      fd = open(0);
      break;
    default:  // CREATE_ALWAYS, OPEN_ALWAYS: open, else create, and look again if someone else created it meanwhile
      for (int attempt = 0; attempt < 8; ++attempt) {
        fd = open(0);
        if (fd.ok()) {
          *existed = true;
          break;
        }
        if (fd.status().code() != ERROR_FILE_NOT_FOUND) return fd.status();
        fd = open(O_CREAT | O_EXCL);
        if (fd.ok()) {
          created = true;
          break;
        }
        if (fd.status().code() != ERROR_FILE_EXISTS) return fd.status();
      }
      break;
  }
  if (!fd.ok()) return fd.status();
  const int f = fd->get();
  // Clear O_NONBLOCK (it only kept open(2) from waiting on a FIFO).
  if (!posix::IsPathOnly(f)) posix::ClearNonBlocking(f);
  auto st = posix::StatFd(f);
  if (!st.ok()) return st.status();
  if (S_ISDIR(st->st_mode)) return Status(ERROR_ACCESS_DENIED);  // a directory is not a file
  // A read-only file (FILE_ATTRIBUTE_READONLY: no write permission bit, core/directory.h) refuses every open that
  // would write, root's too, as Windows refuses administrators (FL-ATTR-003); its creator may still write it.
  if (!created && S_ISREG(st->st_mode) && !(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) &&
      ((access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) || disposition == TRUNCATE_EXISTING ||
       disposition == CREATE_ALWAYS)) {
    return Status(ERROR_ACCESS_DENIED);
  }

  if (!posix::IsPathOnly(f)) {
    Gate gate(f);
    const SharePlan plan = PlanShare(access, share_mode);
    // Shared locks need a readable description; a file emu may only write takes part by checking alone.
    if (posix::FdReadable(f)) WINIPC_RETURN_IF_ERROR(HoldBytes(f, plan.hold));
    auto conflict = AnyHeldByOthers(f, plan.must_be_free);
    if (!conflict.ok()) return conflict.status();
    if (conflict.value()) {
      if (created) (void)posix::UnlinkPath(path);
      return Status(ERROR_SHARING_VIOLATION);  // closing `fd` drops what we held
    }
    if ((disposition == CREATE_ALWAYS && *existed) || disposition == TRUNCATE_EXISTING) {
      auto mapped = AnyHeldByOthers(f, Bit(kMapped));
      if (!mapped.ok()) return mapped.status();
      if (mapped.value()) return Status(ERROR_USER_MAPPED_FILE);  // entry 136
      if (!posix::FdWritable(f)) return Status(ERROR_ACCESS_DENIED);
      if (st->st_size != 0) WINIPC_RETURN_IF_ERROR(posix::Truncate(f, 0));
    }
  }
  const bool delete_on_close = flags_and_attributes & FILE_FLAG_DELETE_ON_CLOSE;
  std::string absolute = delete_on_close ? posix::PathOfFd(f) : std::string();
  return std::make_shared<File>(std::move(fd).value(), std::move(absolute), delete_on_close,
                                (flags_and_attributes & FILE_FLAG_OVERLAPPED) != 0);
}

Status DeletePath(const std::string& windows_path) {
  auto native = NativePath(windows_path);
  if (!native.ok()) return native.status();
  const std::string& path = native.value();
  auto fd = OpenWithModes(path, {O_RDONLY, O_WRONLY, O_PATH}, O_NOCTTY | O_NONBLOCK, 0);
  if (!fd.ok()) return fd.status();
  auto st = posix::StatFd(fd->get());
  if (!st.ok()) return st.status();
  if (S_ISDIR(st->st_mode)) return Status(ERROR_ACCESS_DENIED);  // RemoveDirectory's job
  if (!posix::IsPathOnly(fd->get())) {
    // DeleteFile opens with DELETE and shares everything: only an open that denies deleting stops it.
    auto denied = AnyHeldByOthers(fd->get(), PlanShare(DELETE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
                                                 .must_be_free);
    if (!denied.ok()) return denied.status();
    if (denied.value()) return Status(ERROR_SHARING_VIOLATION);
  }
  return posix::UnlinkPath(path);
}

Result<std::shared_ptr<MappedFile>> MappedFile::ForSection(const File& file, bool writable, uint64_t requested,
                                                           uint64_t* size) {
  std::shared_ptr<MappedFile> mapped(new MappedFile());
  // A description of our own: the caller may close its file handle, and our locks must outlive it.
  auto fd = posix::Reopen(file.fd(), O_RDWR);
  if (!fd.ok() && !writable) fd = posix::Reopen(file.fd(), O_RDONLY);
  if (!fd.ok()) return fd.status();
  mapped->fd_ = std::move(fd).value();
  const int f = mapped->fd_.get();
  auto st = posix::StatFd(f);
  if (!st.ok()) return st.status();
  mapped->dev_ = st->st_dev;
  mapped->ino_ = st->st_ino;
  {
    Gate gate(f);  // SetEndOfFile cannot cut between the size check and our "mapped" lock
    auto current = posix::FileSizeOf(f);
    if (!current.ok()) return current.status();
    if (requested == 0) {
      if (current.value() == 0) return Status(ERROR_FILE_INVALID);  // STATUS_MAPPED_FILE_SIZE_ZERO (entry 9)
      *size = current.value();
    } else {
      if (requested > current.value()) {
        // Only a section that may write the file may extend it (entries 7, 8).
        if (!writable) return Status(ERROR_NOT_ENOUGH_MEMORY);
        if (requested >= kShareLockBase) return Status(ERROR_NOT_ENOUGH_MEMORY);
        Status grown = posix::Truncate(f, requested);
        if (!grown.ok()) {
          return grown.code() == ERROR_INVALID_PARAMETER || grown.code() == ERROR_DISK_FULL
                     ? Status(ERROR_NOT_ENOUGH_MEMORY)
                     : grown;
        }
      }
      *size = requested;  // exact: file-backed sections are not rounded (entry 5)
    }
    WINIPC_RETURN_IF_ERROR(mapped->Hold(writable));
  }
  mapped->path_ = posix::PathOfFd(f);
  Register(mapped, writable);
  return mapped;
}

Result<std::shared_ptr<MappedFile>> MappedFile::Reattach(const std::string& path, uint64_t dev, uint64_t ino,
                                                         bool writable) {
  if (auto live = FindLive(dev, ino, writable)) return live;
  if (path.empty()) return Status(ERROR_FILE_NOT_FOUND);
  std::shared_ptr<MappedFile> mapped(new MappedFile());
  auto fd = posix::OpenPath(path, writable ? O_RDWR : O_RDONLY);
  if (!fd.ok()) {
    const uint32_t code = fd.status().code();
    return code == ERROR_PATH_NOT_FOUND ? Status(ERROR_FILE_NOT_FOUND) : fd.status();
  }
  auto st = posix::StatFd(fd->get());
  if (!st.ok()) return st.status();
  // The path now names another file: the section's file was renamed or deleted (docs/porting.md).
  if (static_cast<uint64_t>(st->st_dev) != dev || static_cast<uint64_t>(st->st_ino) != ino) {
    return Status(ERROR_FILE_NOT_FOUND);
  }
  mapped->fd_ = std::move(fd).value();
  mapped->dev_ = dev;
  mapped->ino_ = ino;
  mapped->path_ = path;
  WINIPC_RETURN_IF_ERROR(mapped->Hold(writable));
  Register(mapped, writable);
  return mapped;
}

Status MappedFile::Hold(bool writable) {
  return HoldBytes(fd_.get(), Bit(kMapped) | (writable ? Bit(kMappedWritable) : 0u));
}

}  // namespace winipc
