// The name table: one user's Local names in memory that every process of that user maps (the file `.names` in the
// user's private namespace directory), so that naming an object costs memory operations instead of a file's
// create, lock and unlink. No server: processes change the table under robust locks that the kernel releases
// when their holder dies (posix/robust_list.h).
//
// What an entry says: a name (UTF-8, any length Windows allows), the object's type, a serial that tells this
// lifetime of the name from a later one, the inode of the object's memory (a memfd), and the object's
// **holders**: for each process that has it open, its pid and the descriptor number of its open there. A holder
// is checked by looking at that descriptor (/proc/<pid>/fd/<fd>) and comparing the inode: a holder that was
// killed fails the check, however it died and even if its pid was reused, so an entry whose every holder fails
// is a dead name. The table itself never decides who is alive; callers check holders and remove the dead ones.
//
// Layout (format kNameTableFormat; docs/design.md, "The namespace in shared memory"): a header page (magic,
// format, the locks), the process slots, the bucket heads, then 1 KiB blocks. A block is free, an entry's head (its fields, the first holders and
// the start of its name), or a continuation of an entry's name or holders. Buckets are chains of heads, guarded by
// 64 stripe locks (bucket % 64); the free blocks are a list under their own lock.
//
// Crash safety: every change that others can see is one store (a chain link, a count, a list head), made after the
// data it publishes is written, so a holder killed in the middle of a change leaves the chains valid. What it can
// leave is garbage: blocks taken off the free list and never linked, or unlinked and never freed. A lock found
// abandoned (kOwnerDied) marks the table for collection, and the next Collect (run when a process attaches, or
// when the blocks run out) takes every lock in order and rebuilds the free list from what the chains reach.
#ifndef WINIPC_CORE_NAME_TABLE_H_
#define WINIPC_CORE_NAME_TABLE_H_

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "posix/robust_list.h"

namespace winipc {

inline constexpr uint32_t kNameTableMagic = 0x4D4E5057;  // "WPNM"
// The table's format. A process that finds another format in the file fails its named calls with
// ERROR_REVISION_MISMATCH and says so on stderr, naming both (NameTable::Attach); it never writes to it.
// 2: process slots, whose life says whether a holder lives; 3: sync objects' state in the table (the arena).
inline constexpr uint32_t kNameTableFormat = 3;

inline constexpr uint32_t kNameTableBlockSize = 1024;
inline constexpr uint32_t kNameTableBlocks = 1u << 16;   // at most 65,536 blocks: 64 MiB, sparse
inline constexpr uint32_t kNameTableBuckets = 1u << 16;
inline constexpr uint32_t kNameTableStripes = 64;
inline constexpr uint32_t kInlineHolders = 32;
inline constexpr uint32_t kInlineNameBytes = 448;
// Blocks get storage in runs of this many (64 KiB) as the table first reaches them.
inline constexpr uint32_t kBlocksPerRun = 64;

// One process's hold on an entry. A process with a slot (NameTable::ClaimSlot) is alive while it holds its slot's
// lock and the slot has the record's generation. Without a slot (a child that has not run yet, or a handle on its
// way to another process) the pid says it.
struct NameHolder {
  uint32_t slot;        // the holder's process slot + 1; 0: judged by pid and fd
  uint32_t generation;  // the slot's generation when the record was made
  int32_t pid;
  int32_t fd;  // the holder's descriptor of the object's memory (a memfd), kInTransit, kNoDescriptor or kMemoryOnly
  // A handle sent to process `pid` that it has not taken in yet (the descriptor waits in its mailbox): true while
  // that process lives. Taking the handle in replaces it with the holder's own record.
  static constexpr int32_t kInTransit = -2;
  static constexpr int32_t kNoDescriptor = -3;  // an object whose memory is in the table: nothing to open
  // A hold on the memory of an object in the table but not on its name: a thread of that process owns a mutex
  // whose handles are all closed (Windows keeps the object for its owner, and the name goes with the last handle).
  static constexpr int32_t kMemoryOnly = -4;
  bool operator==(const NameHolder& o) const {
    return slot == o.slot && generation == o.generation && pid == o.pid && fd == o.fd;
  }
};
static_assert(sizeof(NameHolder) == 16);

// A process's slot. The process holds an open-file-description lock on the slot's byte of the table's file (past
// the table) for as long as it lives: the kernel drops it when the process ends, however it ends, and a forked
// child closes its copy of that descriptor, so the lock is the process's alone. Taking a slot raises its
// generation, so a record of an earlier process in the same slot is dead.
struct ProcessSlot {
  uint32_t generation;
  int32_t pid;  // the last taker's: a hint for the next taker (a slot of a pid that exists is tried last)
  uint32_t spare[14];
};
static_assert(sizeof(ProcessSlot) == 64);
inline constexpr uint32_t kMaxProcesses = 4096;

// A continuation of an entry's name or holders.
struct NameMore {
  uint32_t kind;  // kBlockMore
  uint32_t spare0;
  uint32_t next;  // the next continuation; block + 1
  uint32_t spare1;
  unsigned char data[kNameTableBlockSize - 16];
};
inline constexpr uint32_t kHoldersPerMore = sizeof(NameMore::data) / sizeof(NameHolder);

struct NameTableHeader {
  uint32_t magic;
  uint32_t format;
  uint64_t size;  // bytes of the file the table uses
  char version[48];  // the winipc version that made it, for the message when formats differ
  posix::RobustWord alloc_lock;
  uint32_t free_head;  // first free block + 1; 0: none
  uint32_t high;       // blocks [0, high) have been used; the rest have never been touched
  uint64_t next_serial;
  uint32_t sweep_cursor;  // where the next start-up sweep begins (NameTable::SweepSome)
  uint32_t live;          // entries in the table
  uint32_t needs_collect; // a lock was found abandoned: garbage may be left (Collect)
  uint32_t collections;   // how many times Collect ran (tests)
  uint32_t nameless;      // entries of `live` that are kNameless (their objects live on without a name)
  uint32_t spare;
  posix::RobustWord collect_lock;
  posix::RobustWord stripes[kNameTableStripes];
  // Which runs of kArenaSlotsPerRun arena slots have storage (NameTable::PrepareArena): bit r of word r / 64.
  uint64_t arena_runs[64];
};

// A head block: an entry.
struct NameEntry {
  uint32_t kind;      // NameBlockKind
  uint32_t flags;     // kDeniesOpen
  uint32_t next;      // the bucket chain (head blocks), the free list, or the next continuation; block + 1
  uint32_t type;      // ObjectType
  uint64_t hash;
  uint64_t serial;    // this lifetime of the name; never reused in the table's life
  uint64_t ino;       // the inode of the object's memory, to check a holder's descriptor
  uint32_t name_length;
  uint32_t name_more;     // first continuation of the name (block + 1)
  uint32_t holders;       // holder records in use (inline first, then continuations)
  uint32_t holders_more;  // first continuation of the holders (block + 1)
  uint32_t spare[2];
  NameHolder holder[kInlineHolders];
  char name[kInlineNameBytes];
};
static_assert(sizeof(NameEntry) == kNameTableBlockSize);

enum NameBlockKind : uint32_t { kBlockFree = 0, kBlockTaken = 1, kBlockEntry = 2, kBlockMore = 3 };
// NameEntry::flags: created with an empty DACL, so that no open by name succeeds (Windows: ERROR_ACCESS_DENIED).
inline constexpr uint32_t kDeniesOpen = 1;
// The object's state is the entry's arena slot (an event, mutex, semaphore or waitable timer): no memfd, no ino.
inline constexpr uint32_t kArenaObject = 2;
// The name is gone but the object lives on for kMemoryOnly holders: Find skips the entry, and the name may be
// created again (as a new entry) meanwhile.
inline constexpr uint32_t kNameless = 4;

// The arena: for every block, 4 KiB for the state of an object whose entry is that block (kArenaObject): the
// SharedHeader, then its wait queue (122 waiters in arrival order; more sleep on the object's word).
inline constexpr uint64_t kArenaSlotBytes = 4096;
inline constexpr uint32_t kArenaSlotsPerRun = 16;  // storage is given in runs of 64 KiB

// The region: header page, process slots, buckets, blocks, arena.
inline constexpr uint64_t kNameTableHeaderBytes = 4096;
inline constexpr uint64_t kNameTableSlotBytes = uint64_t{kMaxProcesses} * sizeof(ProcessSlot);
inline constexpr uint64_t kNameTableBucketBytes = uint64_t{kNameTableBuckets} * sizeof(uint32_t);
inline constexpr uint64_t kNameTableBlocksAt = kNameTableHeaderBytes + kNameTableSlotBytes + kNameTableBucketBytes;
inline constexpr uint64_t kNameTableArenaAt = kNameTableBlocksAt + uint64_t{kNameTableBlocks} * kNameTableBlockSize;
inline constexpr uint64_t kNameTableBytes = kNameTableArenaAt + uint64_t{kNameTableBlocks} * kArenaSlotBytes;
static_assert(sizeof(NameTableHeader) <= kNameTableHeaderBytes);
static_assert(kNameTableBlocks / kArenaSlotsPerRun <= sizeof(NameTableHeader::arena_runs) * 8);

class NameTable {
 public:
  // Maps the table in `fd` (grown to kNameTableBytes, sparse), making it if the file is new; `fd` stays open as
  // long as the table is used. Another format: ERROR_REVISION_MISMATCH, with a line on stderr naming both
  // versions. The header and buckets get their storage here, blocks as the table reaches them: a file system
  // that is full refuses a new block (ERROR_NOT_ENOUGH_MEMORY from Insert) instead of faulting a write.
  static Result<NameTable*> Attach(int fd);

  // The stripe lock of one name, held for a whole lookup-and-change. Repairs what a dead holder left.
  class Locked {
   public:
    // `attempts` 0: waits for the lock; otherwise gives up after that many looks (process end, where the holder
    // may be the thread a signal interrupted), and ok() says whether it is held.
    Locked(NameTable& table, uint64_t hash, unsigned attempts = 0);
    ~Locked();
    bool ok() const { return ok_; }
    // Lets the lock go for a moment (a system call that needs no lock) and takes it again (waiting for it): what
    // was looked up before must be looked up again.
    void Release();
    void Retake();
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;
   private:
    friend class NameTable;
    NameTable& table_;
    uint32_t stripe_;
    bool ok_ = true;
  };

  // All of these need the name's stripe held (`Locked` for the same hash).
  // The entry for `name`, or UINT32_MAX.
  uint32_t Find(const Locked&, std::string_view name, uint64_t hash) const;
  // A new entry (no holders yet). ERROR_NOT_ENOUGH_MEMORY when the blocks run out (nothing is left behind).
  Result<uint32_t> Insert(const Locked&, std::string_view name, uint64_t hash, uint32_t type, uint64_t ino);
  // Unlinks the entry and frees its blocks.
  void Remove(const Locked&, uint32_t entry);
  // The name goes but the entry stays, for the kMemoryOnly holders of its object: Find no longer finds it.
  void Unname(const Locked&, uint32_t entry);
  NameEntry& Entry(uint32_t entry) const { return *BlockAt(entry); }
  uint32_t HolderCount(const Locked&, uint32_t entry) const { return BlockAt(entry)->holders; }
  NameHolder Holder(const Locked&, uint32_t entry, uint32_t i) const;
  Status AddHolder(const Locked&, uint32_t entry, NameHolder h);
  // Removes one record equal to `h`; returns the records left.
  uint32_t RemoveHolder(const Locked&, uint32_t entry, NameHolder h);
  // The entry's full name.
  std::string NameOf(const Locked&, uint32_t entry) const;
  // The arena slot of `entry` (kArenaSlotBytes): the object's state when the entry is kArenaObject.
  unsigned char* ArenaSlot(uint32_t entry) const { return arena_ + uint64_t{entry} * kArenaSlotBytes; }
  // Gives the slot storage before its first use (once per run of slots, ever): ERROR_NOT_ENOUGH_MEMORY when the
  // file system is full, instead of a fault on the first write.
  Status PrepareArena(const Locked&, uint32_t entry);

  // Entries in use (with a name or kNameless), and blocks not free (tests, and the sweep).
  uint32_t LiveEntries() const;
  // What the header of the table in the file at `path` counts, read without attaching (the tests' and the
  // fuzzers' leak checks): entries in use, and those of them without a name. Zeros when there is no table there.
  struct Counts {
    uint32_t live = 0;
    uint32_t nameless = 0;
  };
  static Counts CountsInFile(const std::string& path);
  uint32_t BlocksInUse() const;
  // Up to `limit` entries from where the last call stopped (all: UINT32_MAX), each under its stripe: calls
  // `dead(table, locked, entry)`, which returns true to have it removed.
  template <typename Dead>
  void SweepSome(uint32_t limit, Dead dead);
  // Frees what killed processes left half-changed, if a lock was abandoned since the last collection. Takes
  // every lock: never call it with a stripe held.
  void CollectIfNeeded();
  // Checks the table's invariants (every block is free, linked once, or a continuation of a linked entry; counts
  // agree); a description of the first fault, empty if none. Nobody may change the table meanwhile.
  std::string CheckInvariants() const;

  // Takes a free process slot for this process through the table's descriptor (which the process keeps for its
  // life, and a forked child closes): the record its holds carry (fd left kNoDescriptor).
  // ERROR_NO_SYSTEM_RESOURCES when kMaxProcesses processes of the user are running.
  Result<NameHolder> ClaimSlot();
  // Whether a slot record's process lives (false for a record without a slot). One system call (F_OFD_GETLK),
  // none for this process's own slot.
  bool SlotLives(const NameHolder& h) const;

  NameTableHeader* header() const { return header_; }

 private:
  NameTable(void* base, int fd);
  NameEntry* BlockAt(uint32_t i) const { return blocks_ + i; }
  uint32_t* Bucket(uint64_t hash) const { return buckets_ + (hash & (kNameTableBuckets - 1)); }
  static uint32_t StripeOf(uint64_t hash) { return (hash & (kNameTableBuckets - 1)) % kNameTableStripes; }
  NameMore* MoreAt(uint32_t i) const { return reinterpret_cast<NameMore*>(blocks_ + i); }
  // Takes a free block (kind kBlockTaken); UINT32_MAX when none is left.
  uint32_t TakeBlock();
  void FreeChain(uint32_t first_plus_one);
  void FreeBlock(uint32_t i);
  NameHolder* HolderSlot(uint32_t entry, uint32_t i) const;
  bool LockAbandoned() const;

  NameTableHeader* header_;
  int fd_;  // the table's file, to give blocks storage before they are first written, and for the slot locks
  NameHolder own_slot_ = {};
  ProcessSlot* slots_;
  uint32_t* buckets_;
  NameEntry* blocks_;
  unsigned char* arena_;
};

template <typename Dead>
void NameTable::SweepSome(uint32_t limit, Dead dead) {
  const uint32_t high = __atomic_load_n(&header_->high, __ATOMIC_ACQUIRE);
  if (high == 0) return;
  uint32_t at = __atomic_load_n(&header_->sweep_cursor, __ATOMIC_RELAXED) % high;
  const uint32_t count = limit < high ? limit : high;
  for (uint32_t n = 0; n < count; ++n, at = (at + 1) % high) {
    NameEntry* b = BlockAt(at);
    if (__atomic_load_n(&b->kind, __ATOMIC_ACQUIRE) != kBlockEntry) continue;
    const uint64_t hash = __atomic_load_n(&b->hash, __ATOMIC_RELAXED);
    Locked locked(*this, hash);
    if (b->kind != kBlockEntry || b->hash != hash) continue;  // changed before the lock was had
    if (dead(*this, locked, at)) Remove(locked, at);
  }
  __atomic_store_n(&header_->sweep_cursor, at, __ATOMIC_RELAXED);
}

}  // namespace winipc

#endif  // WINIPC_CORE_NAME_TABLE_H_
