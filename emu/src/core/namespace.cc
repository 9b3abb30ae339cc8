#include "core/namespace.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>
#include <windows.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <mutex>
#include <optional>

#include "core/name_table.h"
#include "core/security.h"
#include "core/utf.h"
#include "core/wait_queue.h"
#include "posix/process_sys.h"
#include "posix/sys.h"

namespace winipc {
namespace {

using posix::Fd;
using posix::LockKind;

constexpr uint64_t kNameLockBytes = 1u << 20;  // byte range of ".lock" that name hashes spread over
constexpr size_t kStripes = 64;
// Presence: every process that uses a Local directory holds this byte of its ".lock" shared, for as long as it
// does (the kernel drops it when the process dies, however it dies). A process that leaves drops it and then
// tries it exclusive: if that works, no other emu process uses the directory, and it removes dead files,
// ".lock" and the directory. An arriving process takes the byte shared (waiting for a leaver that holds it),
// then checks that the ".lock" it locked and the directory are still linked, and starts again if not.
constexpr uint64_t kPresenceByte = kNameLockBytes;

struct Directory {
  Fd dir;
  Fd lock;  // ".lock": bytes locked exclusively around create/open/last-close of a name, and presence
  uid_t owner;  // checked when the directory was opened: the user (Local) or root (Global)
  bool present;  // holds kPresenceByte shared (Local directories, until the process leaves)
  char name[32];  // its name in the root, for removing it
};

struct State {
  std::mutex mutex;  // guards the directory cache
  std::optional<Directory> dirs[2];
  std::array<std::mutex, kStripes> stripes;  // in-process half of the name lock
  std::mutex registry_mutex;  // guards `registry`; never taken while holding a stripe
  ObjectFile* registry = nullptr;  // every named object file open in this process
  uint64_t generation = 1;  // changes in a forked child, whose copies of the parent's files are not its own
  std::atomic<bool> let_go{false};  // LetGoOfEverything has run
  // The user's name table (Local names), attached on first use: the mapping and its file live as long as the
  // process. A table of another format is refused once, and then every time without another message.
  std::mutex table_mutex;
  std::atomic<NameTable*> table{nullptr};
  int table_fd = -1;
  Status table_refused = Status::Ok();
  uint64_t table_id = 0;  // the table file's inode
  // This process's slot in the table (slot 0: none; its records are then judged by pid and descriptor).
  NameHolder self = {};
};

std::atomic<State*> existing_state{nullptr};

State& GetState() {
  static State* state = [] {
    auto* s = new State();
    // A forked child must not share the parent's lock descriptions: it reopens the directories. The objects the
    // parent had open are not the child's to give up at its exit (it shares their locks): they leave its list.
    pthread_atfork(nullptr, nullptr, [] {
      State& st = GetState();
      new (&st.mutex) std::mutex();
      for (auto& m : st.stripes) new (&m) std::mutex();
      new (&st.registry_mutex) std::mutex();
      st.registry = nullptr;
      ++st.generation;
      st.let_go.store(false);
      st.dirs[0].reset();
      st.dirs[1].reset();
      // The child attaches again, through the directory where it makes itself present (rule 7 of
      // docs/design.md): the parent, leaving last, may remove the file its mapping shows.
      new (&st.table_mutex) std::mutex();
      st.table.store(nullptr);
      st.table_refused = Status::Ok();
      st.self = NameHolder{};
      st.table_id = 0;
      // The parent's slot lock is the parent's: the child's copy of the descriptor goes (the child takes a slot
      // of its own when it attaches), so that the lock ends with the parent.
      if (st.table_fd >= 0) close(st.table_fd);
      st.table_fd = -1;
    });
    existing_state.store(s);
    return s;
  }();
  return *state;
}

// How a lock is waited for: always, or (at process end) only for a while, since the holder may be the very thread
// a signal interrupted. In a signal handler the wait is shorter.
enum class Holding { kBlock, kAtExit, kInSignalHandler };

bool TakeMutex(std::mutex& m, Holding holding) {
  if (holding == Holding::kBlock) {
    m.lock();
    return true;
  }
  const unsigned attempts = holding == Holding::kInSignalHandler ? 200 : 4000;  // about 7 ms, 200 ms
  for (unsigned i = 0; i < attempts; ++i) {
    if (m.try_lock()) return true;
    posix::Backoff(i);
  }
  return false;
}

const char* DirectoryName(Scope scope, std::string* storage) {
  if (scope == Scope::kGlobal) return "winipc-global";
  *storage = "winipc-" + std::to_string(geteuid());
  return storage->c_str();
}

void Sweep(Directory* dir, size_t limit, Holding holding);

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
  if (fresh != nullptr) Sweep(fresh, kStartupSweepLimit, Holding::kBlock);
  return dir;
}

Result<Directory*> OpenDirectoryLocked(Scope scope, bool create, Directory*& swept) {
  State& st = GetState();
  auto& slot = st.dirs[scope == Scope::kGlobal];
  if (slot) return &*slot;
  std::string storage;
  const char* name = DirectoryName(scope, &storage);
  const bool global = scope == Scope::kGlobal;
  const uid_t owner = global ? 0 : geteuid();
  const mode_t mode = global ? 01777 : 0700;
  // The last process to leave a Local directory removes it: one that goes between two of these steps is looked
  // for (or made) again.
  constexpr int kAttempts = 16;
  for (int attempt = 1;; ++attempt) {
    const bool again = attempt < kAttempts;
    auto root = posix::OpenDirectory(Namespace::Root());
    if (!root.ok()) return root.status();
    auto dir = posix::OpenPrivateDirectory(root->get(), name, mode, owner, create && (!global || geteuid() == 0));
    if (!dir.ok()) {
      if (dir.status().code() == ERROR_FILE_NOT_FOUND && global && create) return Status(ERROR_ACCESS_DENIED);
      if (dir.status().code() == ERROR_FILE_NOT_FOUND && create && again) continue;  // removed after our mkdir
      return dir.status();
    }
    // Everyone who may use the directory must be able to take write locks on ".lock".
    auto lock = posix::OpenAt(dir->get(), ".lock", O_RDWR | O_CREAT, global ? 0666 : 0600);
    if (!lock.ok()) {
      if (lock.status().code() == ERROR_FILE_NOT_FOUND && again) continue;  // the directory was just removed
      return lock.status();
    }
    if (global) fchmod(lock->get(), 0666);  // umask may have narrowed it
    if (!global) {
      WINIPC_RETURN_IF_ERROR(posix::LockByte(lock->get(), kPresenceByte, LockKind::kShared, /*wait=*/true));
      // From now on no leaver can remove them; check that none did just before.
      if (!posix::IsLinkedAs(lock->get(), dir->get(), ".lock") || !posix::IsLinkedAs(dir->get(), root->get(), name)) {
        if (again) continue;
        return Status(ERROR_ACCESS_DENIED);  // removed under us again and again: someone outside emu is at work
      }
    }
    slot = Directory{std::move(dir).value(), std::move(lock).value(), owner, /*present=*/!global, {}};
    snprintf(slot->name, sizeof slot->name, "%s", name);
    swept = &*slot;
    return &*slot;
  }
}

// Holds the name lock of one name: the process stripe mutex plus the OFD lock byte.
class NameLock {
 public:
  NameLock(Directory* dir, uint64_t hash, Holding holding = Holding::kBlock)
      : dir_(dir), offset_(hash % kNameLockBytes) {
    std::mutex* stripe = &GetState().stripes[hash % kStripes];
    if (!TakeMutex(*stripe, holding)) return;
    mutex_ = stripe;
    locked_ = posix::LockByte(dir_->lock.get(), offset_, LockKind::kExclusive, /*wait=*/true).ok();
  }
  ~NameLock() {
    if (locked_) (void)posix::LockByte(dir_->lock.get(), offset_, LockKind::kUnlock, false);
    if (mutex_ != nullptr) mutex_->unlock();
  }
  bool ok() const { return locked_; }

 private:
  Directory* dir_;
  uint64_t offset_;
  std::mutex* mutex_ = nullptr;
  bool locked_ = false;
};

// Removes up to `limit` files whose every holder is gone. Each is examined under its name lock, so a file being
// created right now (its creator holds the lock) is never taken for dead.
void Sweep(Directory* dir, size_t limit, Holding holding) {
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
    NameLock lock(dir, HashName(file_name), holding);
    if (!lock.ok()) continue;
    auto fd = posix::OpenAt(dir->dir.get(), file_name, O_RDWR);
    if (!fd.ok()) continue;
    if (posix::LockByte(fd->get(), 0, LockKind::kExclusive, false).ok()) {
      (void)posix::UnlinkAt(dir->dir.get(), file_name);
    }
  }
  closedir(d);
}

// Takes an opener's shared hold (byte 0) on an object file, under the name lock. While that lock is held, a live
// emu process holds byte 0 exclusively only on a file it is removing under the same name lock (Sweep, a last
// close); a conflicting lock then belongs to a process that was killed in the middle and is being torn down. The
// kernel drops a dead process's locks one descriptor at a time, the highest-numbered first, so its name lock on
// ".lock" can go before its lock on the object file. Wait for the rest, briefly: a lock held longer is someone
// outside emu (ERROR_SHARING_VIOLATION). Seen in CrashTorture under ASan, once in about 30 runs.
constexpr uint32_t kDyingHolderMs = 2000;
Status TakeHold(int fd) { return posix::LockByteWithin(fd, 0, LockKind::kShared, kDyingHolderMs); }

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

// Whether a holder record of the name table is true. A record with a process slot: while that slot's life lives
// (no system call). Without one: a handle on its way to process `pid` while that process exists, a descriptor
// while process `pid` has it open on the object's memory (inode `ino`; a process that ended, or a pid and
// descriptor number that now mean something else, fail).
bool HolderAlive(const NameTable& table, const NameHolder& h, uint64_t ino) {
  if (h.slot != 0) return table.SlotLives(h);
  if (h.pid <= 0) return false;
  if (h.fd == NameHolder::kInTransit) return posix::ProcessExists(h.pid);
  if (h.fd < 0) return false;
  if (h.pid == posix::CurrentProcessId()) {
    struct stat st;
    return fstat(h.fd, &st) == 0 && static_cast<uint64_t>(st.st_ino) == ino;
  }
  return posix::DescriptorIsInode(h.pid, h.fd, ino);
}

// An entry none of whose holders is alive: every process that had the object open ended without closing it.
bool EntryDead(NameTable& table, const NameTable::Locked& locked, uint32_t entry) {
  const uint64_t ino = table.Entry(entry).ino;
  const uint32_t n = table.HolderCount(locked, entry);
  for (uint32_t i = 0; i < n; ++i) {
    if (HolderAlive(table, table.Holder(locked, entry, i), ino)) return false;
  }
  return true;
}

void SweepTable(NameTable* table, uint32_t limit) {
  table->CollectIfNeeded();
  table->SweepSome(limit, [](NameTable& t, const NameTable::Locked& locked, uint32_t entry) {
    return EntryDead(t, locked, entry);
  });
}

// This process's holder record for descriptor `fd` (or kNoDescriptor).
NameHolder OwnRecord(int fd) {
  NameHolder h = GetState().self;
  h.pid = posix::CurrentProcessId();
  h.fd = fd;
  return h;
}

constexpr char kTableFileName[] = ".names";
constexpr char kTableMemFdPrefix[] = "winipc-L-";  // + "<entry>-<serial>": a table object's memfd
constexpr char kTableFileNamePrefix[] = "table:";  // never an encoded file name (those have no ':')

// The user's name table, attached (and made) on first use; the process is present in its Local directory first.
Result<NameTable*> LocalTable() {
  State& st = GetState();
  if (NameTable* t = st.table.load(std::memory_order_acquire)) return t;
  auto dir = GetDirectory(Scope::kLocal, /*create=*/true);
  if (!dir.ok()) return dir.status();
  std::lock_guard<std::mutex> guard(st.table_mutex);
  if (NameTable* t = st.table.load(std::memory_order_acquire)) return t;
  if (!st.table_refused.ok()) return st.table_refused;
  auto fd = Namespace::OpenPrivateFile(geteuid(), kTableFileName, kNameTableBytes);
  if (!fd.ok()) return fd.status();
  auto table = NameTable::Attach(fd->get());
  if (!table.ok()) {
    if (table.status().code() == ERROR_REVISION_MISMATCH) st.table_refused = table.status();
    return table.status();
  }
  auto table_st = posix::StatFd(fd->get());
  st.table_id = table_st.ok() ? static_cast<uint64_t>(table_st->st_ino) : 0;
  st.table_fd = fd->release();
  // This process's slot: its records are then judged by a lock, not by its descriptors (NameHolder).
  auto slot = table.value()->ClaimSlot();
  st.self = slot.ok() ? slot.value() : NameHolder{};
  // Entries every holder of which was killed are freed by the next process, a few at each start (their memory
  // went with their last holder already: only the entry is left).
  SweepTable(table.value(), kStartupSweepLimit);
  st.table.store(table.value(), std::memory_order_release);
  return table.value();
}

std::string TableFileName(uint32_t entry, uint64_t serial) {
  return kTableFileNamePrefix + std::to_string(entry) + "-" + std::to_string(serial);
}

// "<entry>-<serial>" at `text` (what follows is not read): the form both names of a table object use.
bool ParseEntryAndSerial(const char* text, uint32_t* entry, uint64_t* serial) {
  unsigned long e = 0;
  unsigned long long s = 0;
  if (sscanf(text, "%lu-%llu", &e, &s) != 2 || e >= kNameTableBlocks) return false;
  *entry = static_cast<uint32_t>(e);
  *serial = s;
  return true;
}

bool ParseTableFileName(const std::string& name, uint32_t* entry, uint64_t* serial) {
  const size_t n = sizeof kTableFileNamePrefix - 1;
  return name.compare(0, n, kTableFileNamePrefix) == 0 && ParseEntryAndSerial(name.c_str() + n, entry, serial);
}

// An object in the arena is known to other processes by "arena:<entry>-<serial>-<table>" (a parcel's file name).
constexpr char kArenaFileNamePrefix[] = "arena:";

std::string ArenaFileName(uint32_t entry, uint64_t serial, uint64_t table) {
  return kArenaFileNamePrefix + std::to_string(entry) + "-" + std::to_string(serial) + "-" + std::to_string(table);
}

bool ParseArenaFileName(const std::string& name, uint32_t* entry, uint64_t* serial, uint64_t* table) {
  const size_t n = sizeof kArenaFileNamePrefix - 1;
  if (name.compare(0, n, kArenaFileNamePrefix) != 0 || !ParseEntryAndSerial(name.c_str() + n, entry, serial)) {
    return false;
  }
  const size_t dash = name.rfind('-');  // the third field; the second dash, as <entry> and <serial> have none
  unsigned long long t = 0;
  if (dash == std::string::npos || dash <= name.find('-') || sscanf(name.c_str() + dash + 1, "%llu", &t) != 1) {
    return false;
  }
  *table = t;
  return true;
}

// The types whose whole state is a SharedHeader and a wait queue: kept in the arena when named Local.
bool ArenaType(ObjectType type) {
  return type == ObjectType::kEvent || type == ObjectType::kMutex || type == ObjectType::kSemaphore ||
         type == ObjectType::kWaitableTimer;
}

// What the records of an entry in the arena say: a live handle holds it somewhere (kNamed), only owners of a mutex
// whose handles are all closed do (kMemoryOnly), or nobody alive does. With `prune`, dead records are removed.
enum class ArenaLife { kNamed, kMemoryOnly, kDead };

bool IsMine(const NameHolder& h) {
  const NameHolder& self = GetState().self;
  return h.slot != 0 && h.slot == self.slot && h.generation == self.generation;
}

// A record of a handle (not kMemoryOnly) that this process has on the entry (alive: this process runs), or else
// the first such record of another process in *other; false for neither.
bool FindHandleRecord(NameTable& table, const NameTable::Locked& locked, uint32_t entry, NameHolder* other,
                      bool* mine) {
  bool found = false;
  *mine = false;
  for (uint32_t i = 0; i < table.HolderCount(locked, entry); ++i) {
    const NameHolder h = table.Holder(locked, entry, i);
    if (h.fd == NameHolder::kMemoryOnly) continue;
    if (IsMine(h)) {
      *mine = true;
      return true;
    }
    if (!found) *other = h;
    found = true;
  }
  return found;
}

bool HasRecord(NameTable& table, const NameTable::Locked& locked, uint32_t entry, const NameHolder& record) {
  for (uint32_t i = 0; i < table.HolderCount(locked, entry); ++i) {
    if (table.Holder(locked, entry, i) == record) return true;
  }
  return false;
}

ArenaLife ArenaHolders(NameTable& table, const NameTable::Locked& locked, uint32_t entry, bool prune) {
  bool memory = false;
  // This process's own records first: judging them costs no system call.
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < table.HolderCount(locked, entry);) {
      const NameHolder h = table.Holder(locked, entry, i);
      if (IsMine(h) != (pass == 0)) {
        ++i;
        continue;
      }
      if (HolderAlive(table, h, 0)) {
        if (h.fd != NameHolder::kMemoryOnly) return ArenaLife::kNamed;
        memory = true;
        ++i;
      } else if (prune) {
        (void)table.RemoveHolder(locked, entry, h);  // the last record moved into slot i: look at it next
      } else {
        ++i;
      }
    }
  }
  return memory ? ArenaLife::kMemoryOnly : ArenaLife::kDead;
}

// After a record left an entry in the arena (a close): the name goes if no live handle record is left, and the
// entry too if no live record at all is. A record of this process is alive at no cost; another process's costs a
// system call, made with the stripe lock let go when `may_wait` (see AcquireInTable): records found dead are then
// removed if they are still there, and what is left decides. A record that came meanwhile is taken as alive.
//
// `vouched`: a record of another process found alive less than kVouchNs ago (the open of the handle now closing),
// or nullptr. Taken as alive without a look: if that process died since, its entry waits for the next opener of
// the name (who judges every record) or the start-up sweep, instead of going now. An open and close of a name
// another process holds then costs one system call, not two.
constexpr int64_t kVouchNs = 1000000;

void SettleArenaEntry(NameTable& table, NameTable::Locked& locked, uint32_t entry, uint64_t serial,
                      bool may_wait, const NameHolder* vouched) {
  constexpr uint32_t kMaxLooks = 64;
  NameHolder records[kMaxLooks];
  const uint32_t count = table.HolderCount(locked, entry);
  if (!may_wait || count > kMaxLooks) {
    const ArenaLife life = ArenaHolders(table, locked, entry, /*prune=*/true);
    if (life == ArenaLife::kDead) table.Remove(locked, entry);
    if (life == ArenaLife::kMemoryOnly) table.Unname(locked, entry);
    return;
  }
  for (uint32_t i = 0; i < count; ++i) {
    records[i] = table.Holder(locked, entry, i);
    if (records[i].fd != NameHolder::kMemoryOnly && IsMine(records[i])) return;  // a handle here: it lives
    if (vouched != nullptr && records[i] == *vouched) return;
  }
  locked.Release();
  bool dead[kMaxLooks] = {};
  // Handle records first: one that lives ends the look.
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < count; ++i) {
      if ((records[i].fd == NameHolder::kMemoryOnly) != (pass == 1)) continue;
      // A record judged by pid alone (a handle in transit) is judged again under the lock: its pid may be reused.
      dead[i] = records[i].slot != 0 && !HolderAlive(table, records[i], 0);
      if (!dead[i] && records[i].slot != 0 && pass == 0) {
        locked.Retake();
        return;
      }
    }
  }
  locked.Retake();
  const NameEntry& e = table.Entry(entry);
  if (e.kind != kBlockEntry || e.serial != serial) return;  // gone meanwhile (another closer settled it)
  for (uint32_t i = 0; i < count; ++i) {
    if (dead[i]) (void)table.RemoveHolder(locked, entry, records[i]);
  }
  bool handles = false, memory = false;
  for (uint32_t i = 0; i < table.HolderCount(locked, entry);) {
    const NameHolder h = table.Holder(locked, entry, i);
    if (h.slot == 0 && !HolderAlive(table, h, 0)) {
      (void)table.RemoveHolder(locked, entry, h);  // the last record moved into slot i: look at it next
      continue;
    }
    (h.fd == NameHolder::kMemoryOnly ? memory : handles) = true;
    ++i;
  }
  if (!handles && !memory) {
    table.Remove(locked, entry);
  } else if (!handles) {
    table.Unname(locked, entry);  // the last handle closed; an owner keeps the object
  }
}

}  // namespace

std::string Namespace::Root() {
  const char* root = std::getenv("WINIPC_ROOT");
  return root != nullptr && root[0] != '\0' ? root : "/dev/shm";
}

Result<std::unique_ptr<ObjectFile>> Namespace::Acquire(const ObjectName& name, ObjectType type,
                                                       const CreateSpec* create, bool* existed) {
  auto file = name.scope == Scope::kLocal ? AcquireInTable(name, type, create, existed)
                                          : AcquireFile(name, type, create, existed);
  if (file.ok()) Register(*file.value());
  return file;
}

Result<std::unique_ptr<ObjectFile>> Namespace::AcquireFile(const ObjectName& name, ObjectType type,
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
    if (init.ok()) init = TakeHold(created.get());
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
      WINIPC_RETURN_IF_ERROR(TakeHold(fd->get()));
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

// Makes `file` this process's open of table entry `entry` (lifetime `serial`) through `fd`, recorded as `record`.
void Namespace::BecomeHolder(ObjectFile& file, uint32_t entry, uint64_t serial, const NameHolder& record,
                             const struct stat& st, posix::Fd fd) {
  file.entry_ = entry;
  file.serial_ = serial;
  file.SetHolder(record);
  file.dev_ = st.st_dev;
  file.ino_ = st.st_ino;
  file.file_name_ = TableFileName(entry, serial);
  file.fd_ = fd.release();
}

Result<std::unique_ptr<ObjectFile>> Namespace::AcquireInTable(const ObjectName& name, ObjectType type,
                                                              const CreateSpec* create, bool* existed) {
  auto table_or = LocalTable();
  if (!table_or.ok()) return table_or.status();
  NameTable& table = *table_or.value();
  table.CollectIfNeeded();
  const std::string leaf = Utf16ToUtf8(name.leaf);
  const uint64_t hash = HashName(leaf);
  std::unique_ptr<ObjectFile> file(new ObjectFile());
  file->named_ = true;
  file->scope_ = Scope::kLocal;
  file->hash_ = hash;
  // Create, open and last close of one name are one critical section of its stripe, system calls included (a
  // killed holder's lock is released by the kernel, and what it half did is collected).
  NameTable::Locked locked(table, hash);
  uint32_t entry = table.Find(locked, leaf, hash);
  for (int round = 0; entry != UINT32_MAX && (table.Entry(entry).flags & kArenaObject); ++round) {
    // An object in the arena: it lives while a live record holds it; nothing to open. A handle of this process
    // proves it at no cost. Another process's record is judged by a system call, first made without the stripe
    // lock (a process descheduled inside a system call under the lock stalls every process of that stripe); if
    // that record is still there afterwards, the name lived when it was looked at. Otherwise every record is
    // judged under the lock, and the dead ones removed.
    ArenaLife life = ArenaLife::kDead;
    NameHolder other = {};
    bool mine = false;
    const bool any = FindHandleRecord(table, locked, entry, &other, &mine);
    if (mine) {
      life = ArenaLife::kNamed;
    } else if (round == 0 && any) {
      const uint64_t serial = table.Entry(entry).serial;
      locked.Release();
      const bool alive = HolderAlive(table, other, 0);
      locked.Retake();
      entry = table.Find(locked, leaf, hash);
      if (entry == UINT32_MAX) break;
      if (!alive || table.Entry(entry).serial != serial || !HasRecord(table, locked, entry, other)) continue;
      life = ArenaLife::kNamed;
      file->vouched_ = other;
      file->vouched_ns_ = posix::MonotonicNowNs();
    } else {
      life = ArenaHolders(table, locked, entry, /*prune=*/true);
    }
    if (life == ArenaLife::kNamed) {
      if (table.Entry(entry).type != static_cast<uint32_t>(type)) return Status(ERROR_INVALID_HANDLE);
      if (table.Entry(entry).flags & kDeniesOpen) return Status(ERROR_ACCESS_DENIED);  // an empty DACL
      const NameHolder me = OwnRecord(NameHolder::kNoDescriptor);
      if (me.slot == 0) return Status(ERROR_NO_SYSTEM_RESOURCES);  // no process slot: cannot hold it
      WINIPC_RETURN_IF_ERROR(table.AddHolder(locked, entry, me));
      BecomeArenaHolder(*file, table, entry, table.Entry(entry).serial, me);
      *existed = true;
      return file;
    }
    // Every handle is closed (the object may live on for a mutex's owner, without its name), or every holder died.
    if (life == ArenaLife::kMemoryOnly) {
      table.Unname(locked, entry);
    } else {
      table.Remove(locked, entry);
    }
    entry = UINT32_MAX;
    break;
  }
  if (entry != UINT32_MAX) {
    // Open the object through a live holder's descriptor; a holder that fails the check is gone, and an entry
    // with no live holder is a dead name (every process that had it was killed): removed, and the name is free.
    const uint64_t ino = table.Entry(entry).ino;
    posix::Fd fd;
    bool in_transit = false;  // a handle on its way to a live process: the object lives, but has no descriptor here
    bool unreachable = false;  // a live holder whose descriptor cannot be opened from here
    struct stat st = {};
    for (uint32_t i = 0; i < table.HolderCount(locked, entry);) {
      const NameHolder h = table.Holder(locked, entry, i);
      if (h.fd < 0) {
        // A handle on its way to a process: it holds the object while that process lives.
        if (HolderAlive(table, h, ino)) {
          in_transit = true;
          ++i;
        } else {
          (void)table.RemoveHolder(locked, entry, h);  // the last record moved into slot i: look at it next
        }
        continue;
      }
      // Opening the holder's descriptor is the test of the record: it works only while that process has the
      // object open under that number (the inode is checked).
      auto reopened = posix::ReopenDescriptorOfInode(h.pid, h.fd, ino, &st);
      if (reopened.ok()) {
        fd = std::move(reopened).value();
        break;
      }
      if (reopened.status().code() == ERROR_ACCESS_DENIED && HolderAlive(table, h, ino)) {
        unreachable = true;  // alive, but not ours to open (a process that made itself undumpable)
        ++i;
        continue;
      }
      // Gone, or being torn down (the kernel closes a dead process's descriptors one by one): its hold is over.
      (void)table.RemoveHolder(locked, entry, h);
    }
    if (!fd.valid() && (in_transit || unreachable)) {
      // Only a handle on its way to another process, or a process whose descriptors this one may not open, holds
      // the object: nothing here can open its memory, and the name must not be reused while it lives.
      return Status(ERROR_ACCESS_DENIED);
    }
    if (!fd.valid()) {
      table.Remove(locked, entry);
      entry = UINT32_MAX;
    } else {
      if (table.Entry(entry).type != static_cast<uint32_t>(type)) return Status(ERROR_INVALID_HANDLE);
      if (table.Entry(entry).flags & kDeniesOpen) return Status(ERROR_ACCESS_DENIED);  // an empty DACL
      WINIPC_RETURN_IF_ERROR(LoadExisting(fd.get(), st, type, "", &file->snapshot_, &file->header_size_,
                                          &file->header_, &file->mapped_size_));
      const NameHolder me = OwnRecord(fd.get());
      Status held = table.AddHolder(locked, entry, me);
      if (!held.ok()) {
        if (file->header_ != nullptr) (void)posix::Unmap(file->header_, file->mapped_size_);
        file->header_ = nullptr;
        return held;
      }
      BecomeHolder(*file, entry, table.Entry(entry).serial, me, st, std::move(fd));
      *existed = true;
      return file;
    }
  }
  if (create == nullptr) return Status(ERROR_FILE_NOT_FOUND);
  auto inserted = table.Insert(locked, leaf, hash, static_cast<uint32_t>(type), 0);
  if (!inserted.ok()) return inserted.status();
  entry = inserted.value();
  const uint64_t serial = table.Entry(entry).serial;
  const NameHolder me = OwnRecord(NameHolder::kNoDescriptor);
  if (ArenaType(type) && me.slot != 0) {
    // The object's state goes in the entry's arena slot: no system call (but the first use of a run of slots).
    // Its queue is what the slot leaves after the header (the body a memfd would have had is not made).
    Status made = table.PrepareArena(locked, entry);
    if (made.ok()) {
      auto* h = reinterpret_cast<SharedHeader*>(table.ArenaSlot(entry));
      // The header and the queue's header; queue entries past the queue's `high` are never read.
      std::memset(static_cast<void*>(h), 0, sizeof(SharedHeader) + sizeof(QueueHeader));
      h->magic = SharedHeader::kMagic;
      h->version = SharedHeader::kVersion;
      h->type = static_cast<uint16_t>(type);
      h->header_size = sizeof(SharedHeader);
      if (create->init) create->init(h);
      table.Entry(entry).flags |= kArenaObject | (name.sharing == Sharing::kNobody ? kDeniesOpen : 0);
      made = table.AddHolder(locked, entry, me);
    }
    if (!made.ok()) {
      table.Remove(locked, entry);  // nothing half-made stays
      return made;
    }
    BecomeArenaHolder(*file, table, entry, serial, me);
    *existed = false;
    return file;
  }
  // The memfd's name says which entry it is, for a process that finds it through /proc (NameOfPath).
  char memfd_name[64];
  snprintf(memfd_name, sizeof memfd_name, "%s%u-%llu", kTableMemFdPrefix, entry,
           static_cast<unsigned long long>(serial));
  Status made = Status::Ok();
  auto fd = posix::MemFd(memfd_name);
  Result<struct stat> st = Status(ERROR_INVALID_HANDLE);
  if (!fd.ok()) made = fd.status();
  CreateSpec spec = *create;
  spec.check_room = false;  // a memfd has no file system to fill; the caller checks RAM + swap
  if (made.ok()) {
    made = InitNew(fd->get(), spec, "", &file->snapshot_, &file->header_size_, &file->header_, &file->mapped_size_);
  }
  if (made.ok()) {
    st = posix::StatFd(fd->get());
    if (!st.ok()) made = st.status();
  }
  if (made.ok()) {
    table.Entry(entry).ino = static_cast<uint64_t>(st->st_ino);
    if (name.sharing == Sharing::kNobody) table.Entry(entry).flags |= kDeniesOpen;
    made = table.AddHolder(locked, entry, OwnRecord(fd->get()));
  }
  if (!made.ok()) {
    table.Remove(locked, entry);  // nothing half-made stays
    if (file->header_ != nullptr) (void)posix::Unmap(file->header_, file->mapped_size_);
    file->header_ = nullptr;
    return made;
  }
  const NameHolder record = OwnRecord(fd->get());  // before the descriptor moves (argument order is unspecified)
  BecomeHolder(*file, entry, serial, record, st.value(), std::move(fd).value());
  *existed = false;
  return file;
}

void Namespace::BecomeArenaHolder(ObjectFile& file, NameTable& table, uint32_t entry, uint64_t serial,
                                  const NameHolder& record) {
  file.arena_ = true;
  file.entry_ = entry;
  file.serial_ = serial;
  file.SetHolder(record);
  file.header_ = reinterpret_cast<SharedHeader*>(table.ArenaSlot(entry));
  file.header_size_ = sizeof(SharedHeader);
  file.mapped_size_ = kArenaSlotBytes;
  // What never changes (the state is read through header() alone: a copy would race with its atomic updates).
  file.snapshot_.magic = SharedHeader::kMagic;
  file.snapshot_.version = SharedHeader::kVersion;
  file.snapshot_.type = static_cast<uint16_t>(table.Entry(entry).type);
  file.snapshot_.header_size = sizeof(SharedHeader);
  file.table_id_ = GetState().table_id;  // file_name() makes its name when asked (not under the stripe lock)
}

void Namespace::LeaveTable(ObjectFile& file, unsigned attempts, bool may_free, bool keep_memory) {
  if (file.entry_ == ObjectFile::kNoEntry || file.holder_pid_ != posix::CurrentProcessId()) return;
  NameTable* table = GetState().table.load(std::memory_order_acquire);
  if (table == nullptr) return;
  NameTable::Locked locked(*table, file.hash_, attempts);
  if (!locked.ok()) return;
  const NameEntry& e = table->Entry(file.entry_);
  if (e.kind != kBlockEntry || e.serial != file.serial_) return;  // removed as dead meanwhile (cannot be: it held)
  if (keep_memory && file.arena_) {
    // The handle's hold becomes a hold on the memory; the name goes if no handle anywhere holds it any more.
    NameHolder memory = file.Holder();
    memory.fd = NameHolder::kMemoryOnly;
    if (!table->AddHolder(locked, file.entry_, memory).ok()) return;  // no room: the name lives while it is owned
    (void)table->RemoveHolder(locked, file.entry_, file.Holder());
    file.holder_fd_ = NameHolder::kMemoryOnly;
    SettleArenaEntry(*table, locked, file.entry_, file.serial_, attempts == 0, nullptr);
    return;
  }
  const uint32_t left = table->RemoveHolder(locked, file.entry_, file.Holder());
  // The last holder's close removes the name (Windows: a name dies with its last handle). The records left may
  // all be of processes that were killed holding it: then this was the last handle too (one look per record
  // until a live one is found; none while this process is the only holder). In a signal handler the entry stays
  // for the next opener, who finds no live holder: removing frees blocks, under a lock this very thread may hold.
  file.holder_pid_ = 0;
  if (!may_free) return;
  if (left == 0) {
    table->Remove(locked, file.entry_);
  } else if (file.arena_) {
    const bool vouched = file.vouched_ns_ != 0 && posix::MonotonicNowNs() - file.vouched_ns_ < kVouchNs;
    SettleArenaEntry(*table, locked, file.entry_, file.serial_, attempts == 0, vouched ? &file.vouched_ : nullptr);
  } else if (EntryDead(*table, locked, file.entry_)) {
    table->Remove(locked, file.entry_);
  }
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
  if (file.arena_) {
    LeaveTable(file, /*attempts=*/0, /*may_free=*/true);
    file.header_ = nullptr;  // the table stays mapped; the slot is another object's once the entry goes
    return;
  }
  if (file.header_ != nullptr) (void)posix::Unmap(file.header_, file.mapped_size_);
  file.header_ = nullptr;
  ReleaseHold(file);
}

void Namespace::ReleaseHold(ObjectFile& file) {
  if (file.fd_ < 0) return;
  if (file.in_table()) {
    LeaveTable(file, /*attempts=*/0, /*may_free=*/true);
    close(file.fd_);  // a view or a mapped header keeps the memory, not the name
    file.fd_ = -1;
    return;
  }
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

std::string ObjectFile::file_name() const {
  return arena_ ? ArenaFileName(entry_, serial_, table_id_) : file_name_;
}

void ObjectFile::ReleaseName() {
  if (arena_) {
    Namespace::LeaveTable(*this, /*attempts=*/0, /*may_free=*/true, /*keep_memory=*/true);
    return;
  }
  Namespace::ReleaseHold(*this);
}

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
  if (dir.ok()) Sweep(dir.value(), SIZE_MAX, Holding::kBlock);
  if (scope == Scope::kLocal && dir.ok()) {
    auto table = LocalTable();
    if (table.ok()) SweepTable(table.value(), UINT32_MAX);
  }
}

void Namespace::Register(ObjectFile& file) {
  State& st = GetState();
  std::lock_guard<std::mutex> guard(st.registry_mutex);
  file.registry_generation_ = st.generation;
  file.registry_prev_ = nullptr;
  file.registry_next_ = st.registry;
  if (st.registry != nullptr) st.registry->registry_prev_ = &file;
  st.registry = &file;
}

void Namespace::Unregister(ObjectFile& file) {
  if (file.registry_generation_ == 0) return;
  State& st = GetState();
  std::lock_guard<std::mutex> guard(st.registry_mutex);
  if (file.registry_generation_ == st.generation) {  // not a copy of the parent's list in a forked child
    if (file.registry_prev_ != nullptr) {
      file.registry_prev_->registry_next_ = file.registry_next_;
    } else {
      st.registry = file.registry_next_;
    }
    if (file.registry_next_ != nullptr) file.registry_next_->registry_prev_ = file.registry_prev_;
  }
  file.registry_generation_ = 0;
}

namespace {

// The directory of a scope at process end: the one this process has open, else (outside a signal handler) opened
// now, for a process that holds only objects it received from others.
Directory* DirectoryAtExit(Scope scope, Holding holding) {
  State& st = GetState();
  if (!TakeMutex(st.mutex, holding)) return nullptr;
  auto& slot = st.dirs[scope == Scope::kGlobal];
  Directory* dir = slot ? &*slot : nullptr;
  if (dir == nullptr && holding != Holding::kInSignalHandler) {
    Directory* fresh = nullptr;  // not swept now: leaving sweeps if this is the last process
    auto opened = OpenDirectoryLocked(scope, /*create=*/false, fresh);
    if (opened.ok()) dir = opened.value();
  }
  st.mutex.unlock();
  return dir;  // cached slots live as long as the process (a fork resets them, in the child)
}

// Leaves the Local directory (see kPresenceByte); the last process to leave removes it, with the dead files of
// processes that were killed (not in a signal handler: sweeping allocates) and ".lock".
void LeaveLocalDirectory(Holding holding) {
  State& st = GetState();
  if (!TakeMutex(st.mutex, holding)) return;
  Directory* dir = st.dirs[0] ? &*st.dirs[0] : nullptr;
  st.mutex.unlock();
  if (dir == nullptr || !dir->present) return;
  dir->present = false;
  const int lock = dir->lock.get();
  (void)posix::LockByte(lock, kPresenceByte, LockKind::kUnlock, false);
  // Fails while anyone else is present, or while another leaver holds it: that one does the rest.
  if (!posix::LockByte(lock, kPresenceByte, LockKind::kExclusive, false).ok()) return;
  if (posix::IsLinkedAs(lock, dir->dir.get(), ".lock")) {  // an earlier leaver may have removed it already
    if (holding != Holding::kInSignalHandler) Sweep(dir, SIZE_MAX, holding);
    // The wait blocks (core/wait_block.h) are used only by processes present here: none is.
    (void)posix::UnlinkAt(dir->dir.get(), ".waits");
    // Nor the name table: an entry left in it is a name every holder of which was killed.
    (void)posix::UnlinkAt(dir->dir.get(), kTableFileName);
    // Anything else left is an object someone still holds without using the directory (a handle received from
    // another process): the directory stays for it, and its last holder leaves it later.
    if (posix::DirectoryHoldsOnly(dir->dir.get(), ".lock") && posix::UnlinkAt(dir->dir.get(), ".lock").ok()) {
      (void)posix::RemoveSubdirectory(dir->dir.get(), dir->name);
    }
  }
  (void)posix::LockByte(lock, kPresenceByte, LockKind::kUnlock, false);
}

// Runs when the process exits normally: main returned, exit() or ExitProcess was called, or the last thread
// ended (glibc then calls exit). As a destructor of the library it runs after the program's atexit handlers and
// static destructors, which may still use their handles.
__attribute__((destructor)) void LetGoAtExit() { Namespace::LetGoOfEverything(false); }

}  // namespace

void Namespace::LetGoOf(ObjectFile& file, bool in_signal_handler) {
  if (!file.named_) return;
  if (file.in_table()) {
    LeaveTable(file, in_signal_handler ? 200 : 4000, /*may_free=*/!in_signal_handler);
    return;
  }
  if (file.fd_ < 0) return;
  const Holding holding = in_signal_handler ? Holding::kInSignalHandler : Holding::kAtExit;
  if (Directory* dir = DirectoryAtExit(file.scope_, holding)) {
    NameLock lock(dir, file.hash_, holding);
    // As at a last close (Release): if no other process holds the object, its name goes.
    if (lock.ok() && posix::LockByte(file.fd_, 0, LockKind::kExclusive, false).ok()) {
      if (posix::IsLinkedAs(file.fd_, dir->dir.get(), file.file_name_.c_str())) {
        (void)posix::UnlinkAt(dir->dir.get(), file.file_name_);
      }
      return;
    }
  }
  // Others hold it (or its name lock could not be had): only this process's hold goes, so that the last of them
  // can remove it, even if it is leaving at this very moment.
  (void)posix::LockByte(file.fd_, 0, LockKind::kUnlock, false);
}

void Namespace::LetGoOfEverything(bool in_signal_handler) {
  State* st = existing_state.load();
  if (st == nullptr || st->let_go.exchange(true)) return;  // never used the namespace, or already done
  const Holding holding = in_signal_handler ? Holding::kInSignalHandler : Holding::kAtExit;
  // The list stays locked: an object closed meanwhile by another thread waits (its release then finds its work
  // done), and none is added.
  if (TakeMutex(st->registry_mutex, holding)) {
    for (ObjectFile* file = st->registry; file != nullptr; file = file->registry_next_) {
      LetGoOf(*file, in_signal_handler);
    }
    st->registry_mutex.unlock();
  }
  LeaveLocalDirectory(holding);
}

Result<posix::Fd> Namespace::DescriptorForAnotherProcess(const ObjectFile& file) {
  if (file.arena_) return posix::Fd();  // nothing to carry: the receiver finds it by its file name
  auto fd = posix::ReopenOwn(file.fd_);
  if (!fd.ok()) return fd.status();
  if (file.in_table()) return fd;  // the receiver's holder record keeps the name (Adopt, HoldForProcess)
  WINIPC_RETURN_IF_ERROR(posix::LockByte(fd->get(), 0, LockKind::kShared, false));
  return fd;
}

Result<std::unique_ptr<ObjectFile>> Namespace::AdoptFromArena(ObjectType type, uint32_t entry, uint64_t serial,
                                                              uint64_t table_id) {
  auto table_or = LocalTable();
  if (!table_or.ok()) return table_or.status();
  NameTable& table = *table_or.value();
  // Another user's table, or no entry at all: not an object this process can have.
  if (table_id != GetState().table_id || entry >= kNameTableBlocks) return Status(ERROR_INVALID_HANDLE);
  const uint64_t hash = __atomic_load_n(&table.Entry(entry).hash, __ATOMIC_RELAXED);
  NameTable::Locked locked(table, hash);
  const NameEntry& e = table.Entry(entry);
  if (e.kind != kBlockEntry || e.serial != serial || !(e.flags & kArenaObject) ||
      e.type != static_cast<uint32_t>(type)) {
    return Status(ERROR_INVALID_HANDLE);  // every handle to it was closed meanwhile
  }
  const NameHolder me = OwnRecord(NameHolder::kNoDescriptor);
  if (me.slot == 0) return Status(ERROR_NO_SYSTEM_RESOURCES);
  WINIPC_RETURN_IF_ERROR(table.AddHolder(locked, entry, me));
  // What the sender or the parent recorded for this process until it took the handle in (HoldForProcess).
  (void)table.RemoveHolder(locked, entry, NameHolder{0, 0, me.pid, NameHolder::kInTransit});
  std::unique_ptr<ObjectFile> file(new ObjectFile());
  file->named_ = true;
  file->scope_ = Scope::kLocal;
  file->hash_ = hash;
  BecomeArenaHolder(*file, table, entry, serial, me);
  Register(*file);
  return file;
}

Result<std::unique_ptr<ObjectFile>> Namespace::Adopt(posix::Fd fd, ObjectType type, bool named, Scope scope,
                                                     const std::string& file_name) {
  if (!fd.valid()) {
    uint32_t entry = 0;
    uint64_t serial = 0, table = 0;
    if (!named || scope != Scope::kLocal || !ParseArenaFileName(file_name, &entry, &serial, &table)) {
      return Status(ERROR_INVALID_HANDLE);
    }
    return AdoptFromArena(type, entry, serial, table);
  }
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
  uint32_t entry = 0;
  uint64_t serial = 0;
  if (named && scope == Scope::kLocal && ParseTableFileName(file_name, &entry, &serial)) {
    // A Local name in the table: this process becomes one of its holders (it may be one already: a parent that
    // started it recorded the inherited descriptor, HoldForProcess). If the name died meanwhile, the object is
    // nameless here.
    file->named_ = false;
    auto table = LocalTable();
    if (table.ok()) {
      NameTable& t = *table.value();
      const uint64_t hash = __atomic_load_n(&t.Entry(entry).hash, __ATOMIC_RELAXED);
      NameTable::Locked locked(t, hash);
      const NameEntry& e = t.Entry(entry);
      if (e.kind == kBlockEntry && e.serial == serial && e.ino == file->ino_) {
        const NameHolder me = OwnRecord(file->fd_);
        bool recorded = false;
        for (uint32_t i = 0; i < t.HolderCount(locked, entry) && !recorded; ++i) recorded = t.Holder(locked, entry, i) == me;
        if (recorded || t.AddHolder(locked, entry, me).ok()) {
          // What the sender or the parent recorded for this process until it took the handle in (HoldForProcess)
          // is now this record.
          (void)t.RemoveHolder(locked, entry, NameHolder{0, 0, me.pid, NameHolder::kInTransit});
          (void)t.RemoveHolder(locked, entry, NameHolder{0, 0, me.pid, me.fd});
          file->named_ = true;
          file->hash_ = hash;
          file->entry_ = entry;
          file->serial_ = serial;
          file->SetHolder(me);
        }
      }
    }
  }
  if (file->named_) Register(*file);
  return file;
}

namespace {

// Runs `change(table, locked, entry)` under the stripe lock of a table object's entry, if the entry is still this
// object's (the same serial): the prelude of every change a process makes to an entry it holds.
template <typename Change>
void ChangeOwnEntry(uint32_t entry, uint64_t serial, uint64_t hash, Change change) {
  NameTable* table = GetState().table.load(std::memory_order_acquire);
  if (table == nullptr) return;
  NameTable::Locked locked(*table, hash);
  const NameEntry& e = table->Entry(entry);
  if (e.kind == kBlockEntry && e.serial == serial) change(*table, locked, entry);
}

}  // namespace

void Namespace::HoldForProcess(const ObjectFile& file, int pid, int fd, bool started_child) {
  if (!file.in_table()) return;
  ChangeOwnEntry(file.entry_, file.serial_, file.hash_,
                 [&](NameTable& table, const NameTable::Locked& locked, uint32_t entry) {
                   if (started_child && file.arena_) {
                     // A child holds an object in the arena through its own record once it took its handles in.
                     for (uint32_t i = 0; i < table.HolderCount(locked, entry); ++i) {
                       const NameHolder h = table.Holder(locked, entry, i);
                       if (h.pid == pid && h.slot != 0) return;  // the child was quicker (AdoptFromArena)
                     }
                   } else if (fd != NameHolder::kInTransit) {
                     for (uint32_t i = 0; i < table.HolderCount(locked, entry); ++i) {
                       const NameHolder h = table.Holder(locked, entry, i);
                       if (h.pid == pid && h.fd == fd) return;  // the child was quicker (Adopt)
                     }
                   }
                   (void)table.AddHolder(locked, entry, NameHolder{0, 0, pid, fd});
                 });
}

void Namespace::ForgetHoldOf(const ObjectFile& file, int pid, int fd) {
  if (!file.in_table()) return;
  ChangeOwnEntry(file.entry_, file.serial_, file.hash_,
                 [&](NameTable& table, const NameTable::Locked& locked, uint32_t entry) {
                   (void)table.RemoveHolder(locked, entry, NameHolder{0, 0, pid, fd});
                 });
}

std::optional<std::pair<Scope, std::string>> Namespace::NameOfPath(const std::string& path) {
  // A table object's memfd: "/memfd:winipc-L-<entry>-<serial> (deleted)".
  static const std::string memfd = std::string("/memfd:") + kTableMemFdPrefix;
  if (path.compare(0, memfd.size(), memfd) == 0) {
    uint32_t entry = 0;
    uint64_t serial = 0;
    if (!ParseEntryAndSerial(path.c_str() + memfd.size(), &entry, &serial)) return std::nullopt;
    return std::make_pair(Scope::kLocal, TableFileName(entry, serial));
  }
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

ObjectFile::~ObjectFile() {
  Namespace::Unregister(*this);
  Namespace::Release(*this);
}

}  // namespace winipc
