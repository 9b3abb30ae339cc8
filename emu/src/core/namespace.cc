#include "core/namespace.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <windows.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <mutex>
#include <optional>

#include "core/security.h"
#include "core/utf.h"
#include "posix/sys.h"

namespace winipc {
namespace {

using posix::Fd;
using posix::LockKind;

constexpr uint64_t kNameLockBytes = 1u << 20;  // byte range of ".lock" that name hashes spread over
constexpr size_t kStripes = 64;

struct Directory {
  Fd dir;
  Fd lock;  // ".lock": bytes locked exclusively around create/open/last-close of a name
  uid_t owner;  // checked when the directory was opened: the user (Local) or root (Global)
};

struct State {
  std::mutex mutex;  // guards the directory cache
  std::optional<Directory> dirs[2];
  std::array<std::mutex, kStripes> stripes;  // in-process half of the name lock
};

State& GetState() {
  static State* state = [] {
    auto* s = new State();
    // A forked child must not share the parent's lock descriptions: it reopens the directories.
    pthread_atfork(nullptr, nullptr, [] {
      State& st = GetState();
      new (&st.mutex) std::mutex();
      for (auto& m : st.stripes) new (&m) std::mutex();
      st.dirs[0].reset();
      st.dirs[1].reset();
    });
    return s;
  }();
  return *state;
}

const char* DirectoryName(Scope scope, std::string* storage) {
  if (scope == Scope::kGlobal) return "winipc-global";
  *storage = "winipc-" + std::to_string(geteuid());
  return storage->c_str();
}

void Sweep(Directory* dir, size_t limit);

// How many files a process examines when it first opens a directory: a holder killed by SIGKILL leaves a file
// that nobody may ask for again, and this frees it at the next emu process's start without making a start cost
// grow with the number of live names.
constexpr size_t kStartupSweepLimit = 256;

// Opens (creating if allowed) the directory for a scope. Local: 0700, owned by the user. Global: 01777 (like
// /tmp), owned by root; only root creates it.
Result<Directory*> OpenDirectoryLocked(Scope scope, bool create, Directory*& swept);

Result<Directory*> GetDirectory(Scope scope, bool create) {
  Directory* fresh = nullptr;
  Result<Directory*> dir = [&] {
    std::lock_guard<std::mutex> guard(GetState().mutex);
    return OpenDirectoryLocked(scope, create, fresh);
  }();
  if (fresh != nullptr) Sweep(fresh, kStartupSweepLimit);
  return dir;
}

Result<Directory*> OpenDirectoryLocked(Scope scope, bool create, Directory*& swept) {
  State& st = GetState();
  auto& slot = st.dirs[scope == Scope::kGlobal];
  if (slot) return &*slot;
  auto root = posix::OpenDirectory(Namespace::Root());
  if (!root.ok()) return root.status();
  std::string storage;
  const bool global = scope == Scope::kGlobal;
  const uid_t owner = global ? 0 : geteuid();
  const mode_t mode = global ? 01777 : 0700;
  auto dir = posix::OpenPrivateDirectory(root->get(), DirectoryName(scope, &storage), mode, owner,
                                         create && (!global || geteuid() == 0));
  if (!dir.ok()) {
    if (dir.status().code() == ERROR_FILE_NOT_FOUND && global && create) return Status(ERROR_ACCESS_DENIED);
    return dir.status();
  }
  // Everyone who may use the directory must be able to take write locks on ".lock".
  auto lock = posix::OpenAt(dir->get(), ".lock", O_RDWR | O_CREAT, global ? 0666 : 0600);
  if (!lock.ok()) return lock.status();
  if (global) fchmod(lock->get(), 0666);  // umask may have narrowed it
  slot = Directory{std::move(dir).value(), std::move(lock).value(), owner};
  swept = &*slot;
  return &*slot;
}

// Holds the name lock of one name: the process stripe mutex plus the OFD lock byte.
class NameLock {
 public:
  NameLock(Directory* dir, uint64_t hash) : dir_(dir), offset_(hash % kNameLockBytes) {
    mutex_ = &GetState().stripes[hash % kStripes];
    mutex_->lock();
    locked_ = posix::LockByte(dir_->lock.get(), offset_, LockKind::kExclusive, /*wait=*/true).ok();
  }
  ~NameLock() {
    if (locked_) (void)posix::LockByte(dir_->lock.get(), offset_, LockKind::kUnlock, false);
    mutex_->unlock();
  }
  bool ok() const { return locked_; }

 private:
  Directory* dir_;
  uint64_t offset_;
  std::mutex* mutex_;
  bool locked_ = false;
};

// Removes up to `limit` files whose every holder is gone. Each is examined under its name lock, so a file being
// created right now (its creator holds the lock) is never taken for dead.
void Sweep(Directory* dir, size_t limit) {
  int dfd = dup(dir->dir.get());
  if (dfd < 0) return;
  DIR* d = fdopendir(dfd);
  if (d == nullptr) {
    close(dfd);
    return;
  }
  rewinddir(d);  // a dup shares the read position with the directory's other descriptors
  size_t examined = 0;
  while (struct dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    if (examined++ == limit) break;
    const std::string file_name = e->d_name;
    NameLock lock(dir, HashName(file_name));
    auto fd = posix::OpenAt(dir->dir.get(), file_name, O_RDWR);
    if (!fd.ok()) continue;
    if (posix::LockByte(fd->get(), 0, LockKind::kExclusive, false).ok()) {
      (void)posix::UnlinkAt(dir->dir.get(), file_name);
    }
  }
  closedir(d);
}

uint64_t RoundUp(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }

Result<SharedHeader*> MapHeader(int fd, uint64_t size) {
  auto p = posix::Map(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (!p.ok()) return p.status();
  return static_cast<SharedHeader*>(p.value());
}

// Only objects whose state changes after creation (events, futex words) keep their header mapped; a section's
// header never changes, so a copy read once is enough and opening one costs no mapping.
bool NeedsLiveHeader(ObjectType type) { return type != ObjectType::kSection; }

// Checks an existing file's header and name (read, not through a mapping), then maps the header if the type needs
// it. Reading through the mapping instead would save the pread but fault the page in, and a page fault, plus the
// heavier munmap of a touched page at close, cost more than the call (EventOpenExisting 4.9 -> 8.4 µs here).
// ERROR_INVALID_HANDLE for another type, or a file that is not an emu object of this version.
Status LoadExisting(int fd, const struct stat& st, ObjectType type, std::string_view leaf_utf8,
                    SharedHeader* snapshot, uint64_t* header_size, SharedHeader** live, uint64_t* mapped_size) {
  // The header and the name this open expects, in one read (a stored name of another length fails below anyway).
  const size_t wanted = sizeof(SharedHeader) + leaf_utf8.size();
  if (static_cast<uint64_t>(st.st_size) < wanted) return Status(ERROR_INVALID_HANDLE);
  std::string bytes(wanted, '\0');
  WINIPC_RETURN_IF_ERROR(posix::ReadAt(fd, bytes.data(), bytes.size(), 0));
  SharedHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (h.magic != SharedHeader::kMagic || h.version != SharedHeader::kVersion ||
      h.header_size < sizeof(SharedHeader) + h.name_length || h.header_size > static_cast<uint64_t>(st.st_size)) {
    return Status(ERROR_INVALID_HANDLE);
  }
  if (h.type != static_cast<uint16_t>(type)) return Status(ERROR_INVALID_HANDLE);  // one namespace, many types
  // Two long names with the same hashed file name: vanishingly rare, and never confused.
  if (h.name_length != leaf_utf8.size()) return Status(ERROR_INVALID_HANDLE);
  if (std::string_view(bytes).substr(sizeof h) != leaf_utf8) return Status(ERROR_INVALID_HANDLE);
  if (NeedsLiveHeader(type)) {
    // The whole file: the header and the body of a sync object that has one (a job's member table).
    auto mapped = MapHeader(fd, static_cast<uint64_t>(st.st_size));
    if (!mapped.ok()) return mapped.status();
    *live = mapped.value();
    *mapped_size = static_cast<uint64_t>(st.st_size);
  }
  *snapshot = h;
  *header_size = h.header_size;
  return Status::Ok();
}

// Refuses what an object file of this scope can never be (a symlink never gets this far: O_NOFOLLOW): anything
// but a regular file (a device or FIFO planted there), a file with other names (a hard link to a file elsewhere,
// which opening would let us lock, map and remove), or, in the private Local directory, a file someone else
// owns (only root could have put it there).
Status CheckPlanted(const struct stat& st, Scope scope, const Directory& dir) {
  if (!S_ISREG(st.st_mode) || st.st_nlink != 1) return Status(ERROR_ACCESS_DENIED);
  // The private directory's owner is the user (checked when it was opened): no geteuid call per open.
  if (scope == Scope::kLocal && st.st_uid != dir.owner) return Status(ERROR_ACCESS_DENIED);
  return Status::Ok();
}

// Sizes a new object's file and writes its header (with its name) and body with pwrite, then maps the header if
// the type needs it. Not through the mapping: the page fault costs more than the call (see LoadExisting), and a
// write through a mapping on a full file system is SIGBUS where pwrite says ENOSPC.
Status InitNew(int fd, const CreateSpec& spec, std::string_view leaf_utf8, SharedHeader* snapshot,
               uint64_t* header_size, SharedHeader** live, uint64_t* mapped_size) {
  const uint64_t hsize = RoundUp(sizeof(SharedHeader) + leaf_utf8.size(), posix::PageSize());
  if (spec.body_size > UINT64_MAX - hsize) return Status(ERROR_NOT_ENOUGH_MEMORY);
  if (spec.body.size() > spec.body_size) return Status(ERROR_INVALID_PARAMETER);
  const uint64_t total = hsize + spec.body_size;
  if (spec.check_room) {
    auto room = posix::RoomLeft(fd);
    if (!room.ok()) return room.status();
    if (room.value() && total > *room.value()) return Status(ERROR_DISK_FULL);
  }
  WINIPC_RETURN_IF_ERROR(posix::Truncate(fd, total));
  std::string bytes(sizeof(SharedHeader) + leaf_utf8.size(), '\0');
  auto* h = reinterpret_cast<SharedHeader*>(bytes.data());
  h->magic = SharedHeader::kMagic;
  h->version = SharedHeader::kVersion;
  h->type = static_cast<uint16_t>(spec.type);
  h->header_size = static_cast<uint32_t>(hsize);
  h->name_length = static_cast<uint32_t>(leaf_utf8.size());
  std::memcpy(h + 1, leaf_utf8.data(), leaf_utf8.size());
  if (spec.init) spec.init(h);
  WINIPC_RETURN_IF_ERROR(posix::WriteAt(fd, bytes.data(), bytes.size(), 0));
  if (!spec.body.empty()) WINIPC_RETURN_IF_ERROR(posix::WriteAt(fd, spec.body.data(), spec.body.size(), hsize));
  if (NeedsLiveHeader(spec.type)) {
    auto mapped = MapHeader(fd, total);
    if (!mapped.ok()) return mapped.status();
    *live = mapped.value();
    *mapped_size = total;
  }
  *snapshot = *h;
  *header_size = hsize;
  return Status::Ok();
}

}  // namespace

std::string Namespace::Root() {
  const char* root = std::getenv("WINIPC_ROOT");
  return root != nullptr && root[0] != '\0' ? root : "/dev/shm";
}

Result<std::unique_ptr<ObjectFile>> Namespace::Acquire(const ObjectName& name, ObjectType type,
                                                       const CreateSpec* create, bool* existed) {
  auto dir = GetDirectory(name.scope, create != nullptr);
  if (!dir.ok()) {
    // No directory: nothing was ever created in that scope.
    if (create == nullptr && dir.status().code() == ERROR_FILE_NOT_FOUND) return Status(ERROR_FILE_NOT_FOUND);
    return dir.status();
  }
  const std::string leaf = Utf16ToUtf8(name.leaf);
  const std::string file_name = EncodeFileName(name.leaf);
  const uint64_t hash = HashName(file_name);
  NameLock lock(dir.value(), hash);
  if (!lock.ok()) return Status(ERROR_ACCESS_DENIED);
  const int dfd = dir.value()->dir.get();

  std::unique_ptr<ObjectFile> file(new ObjectFile());
  file->named_ = true;
  file->scope_ = name.scope;
  file->file_name_ = file_name;
  file->hash_ = hash;
  // Makes `created`, an empty file this call has just made under the name lock, the new object; `st` is its
  // status. Never leaves a half-made object behind.
  const mode_t mode = FileModeFor(name.sharing);  // who else may open it (SECURITY_ATTRIBUTES' DACL)
  auto make_new = [&](posix::Fd created, const struct stat& st) -> Result<std::unique_ptr<ObjectFile>> {
    // The umask may have narrowed a NULL DACL's 0666.
    Status init = mode == 0600 ? Status::Ok() : posix::ChangeMode(created.get(), mode);
    if (init.ok()) {
      init = InitNew(created.get(), *create, leaf, &file->snapshot_, &file->header_size_, &file->header_,
                     &file->mapped_size_);
    }
    if (init.ok()) init = posix::LockByte(created.get(), 0, LockKind::kShared, false);
    if (!init.ok()) {
      (void)posix::UnlinkAt(dfd, file_name);
      if (file->header_ != nullptr) (void)posix::Unmap(file->header_, file->mapped_size_);
      file->header_ = nullptr;
      return init;
    }
    file->dev_ = st.st_dev;
    file->ino_ = st.st_ino;
    file->fd_ = created.release();
    *existed = false;
    return std::move(file);
  };
  // A Local name to create is opened with O_CREAT (without O_EXCL) in one call, new or not: under the name lock
  // no emu process is making it at the same time, so an empty file is one this call made, or one whose creator
  // died before writing its header (a dead object, taken over). Global names are opened first and created with
  // O_EXCL: in the shared sticky directory the kernel's fs.protected_regular refuses O_CREAT on an existing file
  // of another user, even one the caller may open.
  const bool create_in_one_call = create != nullptr && name.scope == Scope::kLocal;
  for (int attempt = 0; attempt < 4; ++attempt) {
    auto fd = posix::OpenAt(dfd, file_name, O_RDWR | (create_in_one_call ? O_CREAT : 0), mode);
    if (fd.ok()) {
      auto st = posix::StatFd(fd->get());
      if (!st.ok()) return st.status();
      WINIPC_RETURN_IF_ERROR(CheckPlanted(st.value(), name.scope, *dir.value()));
      if (create_in_one_call && st->st_size == 0) return make_new(std::move(fd).value(), st.value());
      WINIPC_RETURN_IF_ERROR(posix::LockByte(fd->get(), 0, LockKind::kShared, false));
      auto others = posix::ByteLockedByOthers(fd->get(), 0);
      if (!others.ok()) return others.status();
      if (!others.value()) {
        // Every holder is gone (killed before it could close): the object no longer exists. Its bytes are never
        // read, so a file planted by someone who holds no lock on it is replaced the same way. Another user's
        // file in the sticky Global directory cannot be removed by us: the name stays taken (ACCESS_DENIED).
        Status removed = posix::UnlinkAt(dfd, file_name);
        if (!removed.ok() && removed.code() != ERROR_FILE_NOT_FOUND) return removed;
        continue;
      }
      WINIPC_RETURN_IF_ERROR(
          LoadExisting(fd->get(), st.value(), type, leaf, &file->snapshot_, &file->header_size_, &file->header_,
                       &file->mapped_size_));
      file->dev_ = st->st_dev;
      file->ino_ = st->st_ino;
      file->fd_ = fd->release();
      *existed = true;
      return file;
    }
    if (fd.status().code() != ERROR_FILE_NOT_FOUND) return fd.status();
    if (create == nullptr) return Status(ERROR_FILE_NOT_FOUND);
    if (create->needs_global_privilege && name.scope == Scope::kGlobal && geteuid() != 0) {
      return Status(ERROR_ACCESS_DENIED);  // Windows: SeCreateGlobalPrivilege
    }
    auto created = posix::OpenAt(dfd, file_name, O_RDWR | O_CREAT | O_EXCL, mode);
    if (!created.ok()) {
      if (created.status().code() == ERROR_ALREADY_EXISTS) continue;  // a non-emu writer; look again
      return created.status();
    }
    auto st = posix::StatFd(created->get());
    if (!st.ok()) {
      (void)posix::UnlinkAt(dfd, file_name);
      return st.status();
    }
    return make_new(std::move(created).value(), st.value());
  }
  return Status(ERROR_ACCESS_DENIED);  // the name keeps changing under us: someone outside emu is writing there
}

Result<std::unique_ptr<ObjectFile>> Namespace::CreateUnnamed(const CreateSpec& create) {
  auto fd = posix::MemFd("winipc-object");
  if (!fd.ok()) return fd.status();
  std::unique_ptr<ObjectFile> file(new ObjectFile());
  // A memfd lives in the kernel's internal mount, which has no size to check against (RAM + swap is checked by
  // the caller).
  CreateSpec spec = create;
  spec.check_room = false;
  WINIPC_RETURN_IF_ERROR(InitNew(fd->get(), spec, "", &file->snapshot_, &file->header_size_, &file->header_,
                                 &file->mapped_size_));
  file->fd_ = fd->release();
  return file;
}

void Namespace::Release(ObjectFile& file) {
  if (file.header_ != nullptr) (void)posix::Unmap(file.header_, file.mapped_size_);
  file.header_ = nullptr;
  ReleaseHold(file);
}

void Namespace::ReleaseHold(ObjectFile& file) {
  if (file.fd_ < 0) return;
  if (file.named_) {
    auto dir = GetDirectory(file.scope_, false);
    if (dir.ok()) {
      NameLock lock(dir.value(), file.hash_);
      // If no other process holds the object, this was the last handle anywhere: the name goes.
      if (lock.ok() && posix::LockByte(file.fd_, 0, LockKind::kExclusive, false).ok()) {
        auto st = posix::StatAt(dir.value()->dir.get(), file.file_name_);
        if (st.ok() && st->st_dev == file.dev_ && st->st_ino == file.ino_) {
          (void)posix::UnlinkAt(dir.value()->dir.get(), file.file_name_);
        }
      } else if (file.snapshot_.type == static_cast<uint16_t>(ObjectType::kSection) || file.header_ != nullptr) {
        // Give the hold back explicitly: a mapping made through this descriptor (a view, or a header kept for a
        // mutex's owner) keeps its open file description, and so the lock, alive after close(), and the last
        // handle (another open of the name) could never remove the name. On Windows a view keeps the memory, not
        // the name. Otherwise the header mapping is gone already: close() ends the description and its lock (one
        // call fewer).
        (void)posix::LockByte(file.fd_, 0, LockKind::kUnlock, false);
      }
      close(file.fd_);
      file.fd_ = -1;
      return;
    }
  }
  close(file.fd_);
  file.fd_ = -1;
}

void ObjectFile::ReleaseName() { Namespace::ReleaseHold(*this); }

Result<posix::Fd> Namespace::OpenPrivateFile(uid_t uid, const char* name, uint64_t size) {
  const bool make = size > 0 && uid == geteuid();
  Fd dir_storage;
  int dfd = -1;
  if (uid == geteuid()) {
    auto dir = GetDirectory(Scope::kLocal, make);
    if (!dir.ok()) return dir.status();
    dfd = dir.value()->dir.get();
  } else {
    auto root = posix::OpenDirectory(Root());
    if (!root.ok()) return root.status();
    const std::string dir_name = "winipc-" + std::to_string(uid);
    auto dir = posix::OpenPrivateDirectory(root->get(), dir_name.c_str(), 0700, uid, false);
    if (!dir.ok()) return dir.status();
    dir_storage = std::move(dir).value();
    dfd = dir_storage.get();
  }
  auto fd = posix::OpenAt(dfd, name, O_RDWR | (make ? O_CREAT : 0), 0600);
  if (!fd.ok()) return fd.status();
  auto st = posix::StatFd(fd->get());
  if (!st.ok()) return st.status();
  if (!S_ISREG(st->st_mode) || st->st_nlink != 1 || st->st_uid != uid) return Status(ERROR_ACCESS_DENIED);
  if (make && static_cast<uint64_t>(st->st_size) < size) WINIPC_RETURN_IF_ERROR(posix::Truncate(fd->get(), size));
  if (!make && size == 0 && st->st_size == 0) return Status(ERROR_FILE_NOT_FOUND);
  return fd;
}

void Namespace::ReclaimStale(Scope scope) {
  auto dir = GetDirectory(scope, false);
  if (dir.ok()) Sweep(dir.value(), SIZE_MAX);
}

Result<posix::Fd> Namespace::DescriptorForAnotherProcess(const ObjectFile& file) {
  auto fd = posix::ReopenOwn(file.fd_);
  if (!fd.ok()) return fd.status();
  WINIPC_RETURN_IF_ERROR(posix::LockByte(fd->get(), 0, LockKind::kShared, false));
  return fd;
}

Result<std::unique_ptr<ObjectFile>> Namespace::Adopt(posix::Fd fd, ObjectType type, bool named, Scope scope,
                                                     const std::string& file_name) {
  auto st = posix::StatFd(fd.get());
  if (!st.ok()) return st.status();
  SharedHeader h;
  WINIPC_RETURN_IF_ERROR(posix::ReadAt(fd.get(), &h, sizeof h, 0));
  if (h.magic != SharedHeader::kMagic || h.version != SharedHeader::kVersion ||
      h.type != static_cast<uint16_t>(type) || h.header_size > static_cast<uint64_t>(st->st_size)) {
    return Status(ERROR_INVALID_HANDLE);
  }
  std::unique_ptr<ObjectFile> file(new ObjectFile());
  if (NeedsLiveHeader(type)) {
    auto mapped = MapHeader(fd.get(), static_cast<uint64_t>(st->st_size));
    if (!mapped.ok()) return mapped.status();
    file->header_ = mapped.value();
    file->mapped_size_ = static_cast<uint64_t>(st->st_size);
  }
  file->snapshot_ = h;
  file->header_size_ = h.header_size;
  file->named_ = named;
  file->scope_ = scope;
  file->file_name_ = file_name;
  file->hash_ = HashName(file_name);
  file->dev_ = st->st_dev;
  file->ino_ = st->st_ino;
  file->fd_ = fd.release();
  return file;
}

std::optional<std::pair<Scope, std::string>> Namespace::NameOfPath(const std::string& path) {
  for (Scope scope : {Scope::kLocal, Scope::kGlobal}) {
    std::string storage;
    const std::string dir = Root() + "/" + DirectoryName(scope, &storage) + "/";
    if (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
        path.find('/', dir.size()) == std::string::npos) {
      return std::make_pair(scope, path.substr(dir.size()));
    }
  }
  return std::nullopt;
}

ObjectFile::~ObjectFile() { Namespace::Release(*this); }

}  // namespace winipc
