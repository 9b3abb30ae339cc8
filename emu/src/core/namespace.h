// The named-object namespace, no server. Local names are entries of the user's name table (core/name_table.h):
// a Local event, mutex, semaphore or waitable timer lives in its entry's arena slot, a Local section or job is a
// memfd the entry points at; holder records in the entry say which processes have it open (docs/design.md, "The
// namespace in shared memory"). Global names are one file each in the machine-wide directory:
//
// Liveness of a Global name: every process that has the object open holds a shared OFD lock on byte 0 of its
// file, for as long as it has a handle. The kernel drops that lock when the process dies, however it dies. So:
// - closing the last handle in a process tries to turn its lock exclusive; if that works, no other process has
//   the object and the name is removed (Windows: a name dies with its last handle);
// - an opener that finds a file nobody else locks knows every holder died, removes it, and carries on as if
//   the name did not exist (a SIGKILLed last holder leaves no object behind).
// Create, open and last-close of one name are serialised by an exclusive OFD lock on a byte of the directory's
// ".lock" file chosen by the name's hash (plus a mutex inside the process, since OFD locks taken through one
// descriptor do not exclude each other), so an opener can never see a half-initialised or dying object. (In the
// name table, the same rules hold with a record per open for the lock, and a stripe lock for the byte.)
//
// Process end: Windows closes every handle of a process however it ends. emu does the part that matters to
// others when the process ends normally (return from main, exit, ExitProcess, the last thread's ExitThread, a
// job termination): every named object this process still has open loses this process's hold, and the last
// holder removes its name (LetGoOfEverything). The last emu process to leave the Local directory also removes
// the dead files of killed processes and the name table, then `.lock` and the directory itself ("presence",
// namespace.cc).
#ifndef WINIPC_CORE_NAMESPACE_H_
#define WINIPC_CORE_NAMESPACE_H_

#include <sys/stat.h>
#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <string>

#include "core/name_table.h"
#include "core/names.h"
#include "core/object.h"
#include "core/status.h"
#include "posix/sys.h"

namespace winipc {

// One open of an object by this process: its file or memfd with its liveness lock or holder record and its header
// mapped, or its slot in the name table's arena with a holder record.
class ObjectFile {
 public:
  ~ObjectFile();
  ObjectFile(const ObjectFile&) = delete;
  ObjectFile& operator=(const ObjectFile&) = delete;

  int fd() const { return fd_; }
  // The header as shared memory, for types whose state changes (events); nullptr for sections.
  SharedHeader* header() const { return header_; }
  // The header as it was when this process opened the object: enough for what never changes.
  const SharedHeader& snapshot() const { return snapshot_; }
  uint64_t header_size() const { return header_size_; }
  // The bytes after the header (a job's member table), mapped with it; nullptr for sections.
  unsigned char* body() const {
    return header_ == nullptr ? nullptr : reinterpret_cast<unsigned char*>(header_) + header_size_;
  }
  // How many bytes of body() are mapped.
  uint64_t body_size() const { return header_ == nullptr ? 0 : mapped_size_ - header_size_; }
  bool named() const { return named_; }
  // A Local name kept in the name table (core/name_table.h): the object's memory is a memfd, and the name an entry.
  bool in_table() const { return entry_ != kNoEntry; }
  // A Local event, mutex, semaphore or waitable timer whose state is its entry's arena slot in the name table:
  // no descriptor (fd() is -1), and header() points into the table, which stays mapped for the process's life.
  bool in_arena() const { return arena_; }
  // The table entry and its serial (this lifetime of the name), for in_table() objects.
  uint32_t entry() const { return entry_; }
  uint64_t serial() const { return serial_; }
  // The name table the entry is in (the inode of its file: an entry means something only in its table), for
  // in_arena() objects.
  uint64_t table_id() const { return table_id_; }
  Scope scope() const { return scope_; }
  // Where the name lives, for another process (a parcel): the object's file name in its directory, or for a name
  // in the table "table:<entry>-<serial>", or for an object in the arena "arena:<entry>-<serial>-<table>".
  std::string file_name() const;
  // Gives up this open's hold on the name now (the name goes if it was the last anywhere), keeping the memory
  // mapped: for a mutex the calling thread still owns after its last handle closed (Windows keeps the object for
  // its owner, but not the name). The destructor then only unmaps.
  void ReleaseName();
  // Both are opens of one named object (one file), perhaps through two Create*/Open* calls of this process.
  bool SameObject(const ObjectFile& other) const {
    const auto id = Identity();
    return id != std::make_pair(uint64_t{0}, uint64_t{0}) && id == other.Identity();
  }
  // What SameObject compares, for sorting: {device, inode}; for an object in the arena {UINT64_MAX, serial}
  // (serials are never reused); {0, 0} when the object has no identity (unnamed).
  std::pair<uint64_t, uint64_t> Identity() const {
    if (arena_) return std::make_pair(UINT64_MAX, serial_);
    return ino_ != 0 ? std::make_pair(static_cast<uint64_t>(dev_), static_cast<uint64_t>(ino_))
                     : std::make_pair(uint64_t{0}, uint64_t{0});
  }

 private:
  friend class Namespace;
  ObjectFile() = default;
  int fd_ = -1;
  SharedHeader* header_ = nullptr;
  SharedHeader snapshot_ = {};
  uint64_t header_size_ = 0;
  uint64_t mapped_size_ = 0;
  bool named_ = false;
  Scope scope_ = Scope::kLocal;
  std::string file_name_;
  uint64_t hash_ = 0;
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  // In the name table: the entry, its serial (this lifetime of the name), and the pid whose holder record this open
  // is (a forked child shares the descriptor but not the record).
  static constexpr uint32_t kNoEntry = UINT32_MAX;
  uint32_t entry_ = kNoEntry;
  uint64_t serial_ = 0;
  int holder_pid_ = 0;
  uint32_t holder_slot_ = 0;  // the holder record's process slot + 1 and generation (NameHolder)
  uint32_t holder_generation_ = 0;
  int holder_fd_ = -1;  // the record's descriptor field: fd_, or NameHolder::kNoDescriptor / kMemoryOnly
  bool arena_ = false;
  uint64_t table_id_ = 0;
  // An object in the arena opened on the strength of another process's record: that record, and when it was
  // found alive (CLOCK_MONOTONIC ns). A close soon after trusts that look instead of making it again.
  NameHolder vouched_ = {};
  int64_t vouched_ns_ = 0;
  void SetHolder(const NameHolder& record) {
    holder_pid_ = record.pid;
    holder_slot_ = record.slot;
    holder_generation_ = record.generation;
    holder_fd_ = record.fd;
  }
  NameHolder Holder() const { return NameHolder{holder_slot_, holder_generation_, holder_pid_, holder_fd_}; }
  // The process's list of its open named objects, for process end (generation 0: not in the list).
  ObjectFile* registry_prev_ = nullptr;
  ObjectFile* registry_next_ = nullptr;
  uint64_t registry_generation_ = 0;
};

struct CreateSpec {
  ObjectType type;
  uint64_t body_size;  // bytes after the header (a section's memory); 0 for sync objects
  std::function<void(SharedHeader*)> init;  // fills the type-specific state of a new object
  bool needs_global_privilege = false;      // creating this type in Global\ needs root (sections)
  std::string body = {};                    // the body's first bytes (a file-backed section's path)
  // Refuse (ERROR_DISK_FULL) a body larger than the room left on the file system at creation: a SEC_COMMIT
  // pagefile section, which Windows charges in full when it is created. A check, not a reservation (docs/porting.md).
  bool check_room = false;
};

class Namespace {
 public:
  // Opens the named object, creating it from `create` if the name is free and `create` is given.
  // *existed tells which happened. ERROR_INVALID_HANDLE if the name holds another type.
  static Result<std::unique_ptr<ObjectFile>> Acquire(const ObjectName& name, ObjectType type,
                                                     const CreateSpec* create, bool* existed);
  static Result<std::unique_ptr<ObjectFile>> CreateUnnamed(const CreateSpec& create);

  // For handing an object to another process (inheritance, DuplicateHandle): a new open file description of the
  // object's file holding its own liveness lock, so the object lives while the descriptor travels. An object in
  // the arena has none (an invalid Fd): its file_name() says where it is, and a holder record keeps it.
  static Result<posix::Fd> DescriptorForAnotherProcess(const ObjectFile& file);
  // The receiving side: the object's file from such a descriptor (its lock is already held). `file_name` and
  // `scope` say where a named object's name lives, so that the last close can remove it. Without a descriptor,
  // `file_name` must name an object in the arena ("arena:<entry>-<serial>-<table>").
  static Result<std::unique_ptr<ObjectFile>> Adopt(posix::Fd fd, ObjectType type, bool named, Scope scope,
                                                   const std::string& file_name);
  // This process becomes a holder of the object in entry `entry` of the arena, if that entry is still the object
  // of lifetime `serial` in the table `table` (table_id()): ERROR_INVALID_HANDLE if not (every handle to it closed).
  static Result<std::unique_ptr<ObjectFile>> AdoptFromArena(ObjectType type, uint32_t entry, uint64_t serial,
                                                            uint64_t table);
  // Process `pid` holds a Local name from now on, before it has run any code: a child started with `fd` (an
  // inherited handle's descriptor), or a process a handle was sent to (fd NameHolder::kInTransit, while the
  // descriptor waits in its mailbox). On Windows the handle exists in the other process at once, and keeps the
  // name even if this process closes its own handle the next moment.
  // `started_child`: a child just started (its record may be there already: it took its handles in first).
  static void HoldForProcess(const ObjectFile& file, int pid, int fd, bool started_child = false);
  // Undoes HoldForProcess (the handle could not be sent).
  static void ForgetHoldOf(const ObjectFile& file, int pid, int fd);
  // Where a path (as /proc/<pid>/fd shows it) lies in the namespace: a named object's scope and file name (for a
  // name in the table, "table:<entry>-<serial>"), or nullopt for anything else (an unnamed object's memfd).
  static std::optional<std::pair<Scope, std::string>> NameOfPath(const std::string& path);

  // Where the namespace directories live: $WINIPC_ROOT if set, else /dev/shm.
  static std::string Root();
  // A file of the namespace's own (a dotfile, never a name) in `uid`'s Local directory, opened read-write. With
  // `size` > 0 the directory and the file are made if missing (only for the calling user) and the file is grown to
  // `size`. ERROR_ACCESS_DENIED for anything but a regular file of that user with no other name.
  static Result<posix::Fd> OpenPrivateFile(uid_t uid, const char* name, uint64_t size);
  // Removes files whose every holder is gone (Acquire does this for the names it touches).
  static void ReclaimStale(Scope scope);

  // At process end: gives up this process's hold on every named object it still has open, removing the files
  // of those it was the last holder of, then leaves the Local directory (removing it, with `.lock` and any dead
  // files, when this was the last emu process there). Handles, mappings and descriptors stay as they are, so
  // threads still running cannot fault; only the first call does anything. Runs by itself when the process
  // exits normally. `in_signal_handler`: allocate nothing, never block on this process's own locks (a
  // termination signal may have interrupted any code), and leave dead files of others to a later process.
  static void LetGoOfEverything(bool in_signal_handler);

 private:
  friend class ObjectFile;
  static Result<std::unique_ptr<ObjectFile>> AcquireFile(const ObjectName& name, ObjectType type,
                                                         const CreateSpec* create, bool* existed);
  static Result<std::unique_ptr<ObjectFile>> AcquireInTable(const ObjectName& name, ObjectType type,
                                                            const CreateSpec* create, bool* existed);
  // Takes this open's holder record out of the table; with `may_free`, the name goes with its last record.
  // `attempts`: how long to try for the stripe lock at process end (0: wait). `keep_memory` (an object in the
  // arena): the record becomes a kMemoryOnly one, so the name may go but the object's state stays.
  static void LeaveTable(ObjectFile& file, unsigned attempts, bool may_free, bool keep_memory = false);
  static void BecomeArenaHolder(ObjectFile& file, NameTable& table, uint32_t entry, uint64_t serial,
                                const NameHolder& record);
  static void BecomeHolder(ObjectFile& file, uint32_t entry, uint64_t serial, const NameHolder& record,
                           const struct stat& st, posix::Fd fd);
  static void Release(ObjectFile& file);
  // The name half of Release: the liveness hold and the descriptor go, the mapping stays.
  static void ReleaseHold(ObjectFile& file);
  // Registration happens outside any name lock (the list's lock is never taken while holding one).
  static void Register(ObjectFile& file);
  static void Unregister(ObjectFile& file);
  static void LetGoOf(ObjectFile& file, bool in_signal_handler);
};

// Opens the existing named object of `type` as a T (an Object made from its ObjectFile).
template <typename T>
Result<std::shared_ptr<T>> OpenNamed(const ObjectName& name, ObjectType type) {
  bool existed = false;
  auto file = Namespace::Acquire(name, type, nullptr, &existed);
  if (!file.ok()) return file.status();
  return std::make_shared<T>(std::move(file).value());
}

}  // namespace winipc

#endif  // WINIPC_CORE_NAMESPACE_H_
