#include "core/name_table.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <vector>

#include "posix/process_sys.h"
#include "posix/sys.h"

#ifndef WINIPC_VERSION_STRING
#define WINIPC_VERSION_STRING "unknown"
#endif

namespace winipc {
namespace {

// The format this build writes and accepts. WINIPC_NAME_TABLE_FORMAT overrides it for one test program only
// (emu/tests/other_format.sh: a build of another format must refuse the table, not corrupt it).
#ifdef WINIPC_NAME_TABLE_FORMAT
constexpr uint32_t kFormat = WINIPC_NAME_TABLE_FORMAT;
#else
constexpr uint32_t kFormat = kNameTableFormat;
#endif

// The byte of the table's file locked while a process checks or makes the header: past the table, so that no
// format's layout can need it.
constexpr uint64_t kInitLockByte = kNameTableBytes;
// The process slots' lock bytes follow it.
constexpr uint64_t kSlotLockBase = kNameTableBytes + 1;

std::atomic_ref<uint32_t> Word(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

// Takes a robust word as a lock; true if its last holder died holding it. With `attempts` (not 0) it gives up
// after that many looks, and at once if this thread holds it (a signal handler interrupted its holder): *got
// says whether it was taken.
//
// A waiter spins a little, then sleeps on the word with kWaitersBit set, as the kernel's robust futexes expect:
// the holder's release wakes one sleeper, and so does the kernel when the holder dies (it keeps kWaitersBit and
// adds kOwnerDied). With more processes than CPUs, a holder is often descheduled inside its few hundred
// instructions; sleeping gives it the CPU back, where yielding and short naps let the waiters take turns burning it
// (8 processes on 2 CPUs ran 180 times slower per CPU share than one).
// Spins before a taker sleeps: 32, 256 and 2,048 gave the same 8-process figures (bench/README.md).
constexpr unsigned kSpinsBeforeSleep = 32;

bool TakeRobust(posix::RobustWord* w, unsigned attempts = 0, bool* got = nullptr) {
  uint32_t waiters = 0;  // kWaitersBit once this thread has slept: others may sleep too, so the release must wake
  for (unsigned spins = 0;; ++spins) {
    uint32_t old = Word(w->word).load(std::memory_order_relaxed);
    if ((old & posix::kTidMask) == 0) {
      posix::AnnounceTake(w);
      if (Word(w->word).compare_exchange_strong(old, posix::ThreadId() | waiters | (old & posix::kWaitersBit),
                                                std::memory_order_acquire)) {
        posix::Link(w);
        if (got != nullptr) *got = true;
        return (old & posix::kOwnerDied) != 0;
      }
      posix::Forget();
      continue;
    }
    if (attempts != 0) {
      if (spins >= attempts || (old & posix::kTidMask) == posix::ThreadId()) {
        if (got != nullptr) *got = false;
        return false;
      }
      posix::Backoff(spins);
      continue;
    }
    if (spins < kSpinsBeforeSleep) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#elif defined(__aarch64__)
      __asm__ __volatile__("yield" ::: "memory");
#endif
      continue;
    }
    if (!(old & posix::kWaitersBit) &&
        !Word(w->word).compare_exchange_strong(old, old | posix::kWaitersBit, std::memory_order_relaxed)) {
      continue;
    }
    waiters = posix::kWaitersBit;
    (void)posix::FutexWait(&w->word, old | posix::kWaitersBit, nullptr);
  }
}

void GiveRobust(posix::RobustWord* w) {
  posix::Unlink(w);
  const uint32_t old = Word(w->word).exchange(0, std::memory_order_release);
  posix::Forget();
  if (old & posix::kWaitersBit) posix::FutexWakeOne(&w->word);
}

class AllocGuard {
 public:
  explicit AllocGuard(NameTableHeader* h) : h_(h) {
    if (TakeRobust(&h_->alloc_lock)) {
      // Its holder died between two of the free list's stores: the list may name a block that is not free.
      h_->free_head = 0;
      Word(h_->needs_collect).store(1);
    }
  }
  ~AllocGuard() { GiveRobust(&h_->alloc_lock); }

 private:
  NameTableHeader* h_;
};

}  // namespace

NameTable::NameTable(void* base, int fd)
    : header_(static_cast<NameTableHeader*>(base)),
      fd_(fd),
      slots_(reinterpret_cast<ProcessSlot*>(static_cast<char*>(base) + kNameTableHeaderBytes)),
      buckets_(reinterpret_cast<uint32_t*>(static_cast<char*>(base) + kNameTableHeaderBytes + kNameTableSlotBytes)),
      blocks_(reinterpret_cast<NameEntry*>(static_cast<char*>(base) + kNameTableBlocksAt)),
      arena_(static_cast<unsigned char*>(base) + kNameTableArenaAt) {}

Result<NameTable*> NameTable::Attach(int fd) {
  static_assert(sizeof(NameTableHeader) <= kNameTableHeaderBytes);
  auto st = posix::StatFd(fd);
  if (!st.ok()) return st.status();
  if (static_cast<uint64_t>(st->st_size) < kNameTableBytes) WINIPC_RETURN_IF_ERROR(posix::Truncate(fd, kNameTableBytes));
  auto mapped = posix::Map(nullptr, kNameTableBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, fd, 0);
  if (!mapped.ok()) return mapped.status();
  auto* h = static_cast<NameTableHeader*>(mapped.value());
  Status status = posix::Allocate(fd, 0, kNameTableBlocksAt);
  if (!status.ok()) {
    (void)posix::Unmap(mapped.value(), kNameTableBytes);
    return Status(ERROR_NOT_ENOUGH_MEMORY);
  }
  WINIPC_RETURN_IF_ERROR(posix::LockByte(fd, kInitLockByte, posix::LockKind::kExclusive, /*wait=*/true));
  if (h->magic == 0) {
    // New (a maker killed before it wrote the magic left zeros, which is new too). The rest is zero already.
    h->format = kFormat;
    h->size = kNameTableBytes;
    snprintf(h->version, sizeof h->version, "%s", WINIPC_VERSION_STRING);
    h->next_serial = 1;
    Word(h->magic).store(kNameTableMagic, std::memory_order_release);
  } else if (h->magic != kNameTableMagic || h->format != kFormat || h->size != kNameTableBytes) {
    char theirs[sizeof h->version + 1] = {};
    if (h->magic == kNameTableMagic) std::memcpy(theirs, h->version, sizeof h->version);
    fprintf(stderr,
            "winipc: the name table of this user's Local namespace has format %u (made by winipc %s); this "
            "program's winipc %s uses format %u: its named objects fail with ERROR_REVISION_MISMATCH until every "
            "process of the other version has ended\n",
            h->magic == kNameTableMagic ? h->format : 0u, theirs[0] != '\0' ? theirs : "unknown",
            WINIPC_VERSION_STRING, kFormat);
    status = Status(ERROR_REVISION_MISMATCH);
  }
  (void)posix::LockByte(fd, kInitLockByte, posix::LockKind::kUnlock, false);
  if (!status.ok()) {
    (void)posix::Unmap(mapped.value(), kNameTableBytes);
    return status;
  }
  return new NameTable(mapped.value(), fd);
}

NameTable::Locked::Locked(NameTable& table, uint64_t hash, unsigned attempts)
    : table_(table), stripe_(StripeOf(hash)) {
  if (TakeRobust(&table_.header_->stripes[stripe_], attempts, &ok_)) Word(table_.header_->needs_collect).store(1);
}

void NameTable::Locked::Release() {
  if (ok_) GiveRobust(&table_.header_->stripes[stripe_]);
  ok_ = false;
}

void NameTable::Locked::Retake() {
  if (ok_) return;
  if (TakeRobust(&table_.header_->stripes[stripe_], 0, &ok_)) Word(table_.header_->needs_collect).store(1);
}

NameTable::Locked::~Locked() {
  if (ok_) GiveRobust(&table_.header_->stripes[stripe_]);
}

uint32_t NameTable::TakeBlock() {
  AllocGuard guard(header_);
  if (header_->free_head != 0) {
    const uint32_t i = header_->free_head - 1;
    NameEntry* b = i < kNameTableBlocks ? BlockAt(i) : nullptr;
    if (b != nullptr && b->kind == kBlockFree) {
      b->kind = kBlockTaken;  // first: a list whose holder dies next still never names a taken block as free
      header_->free_head = b->next;
      return i;
    }
    header_->free_head = 0;  // not a free block: the list is broken; Collect rebuilds it
    Word(header_->needs_collect).store(1);
  }
  const uint32_t high = header_->high;
  if (high >= kNameTableBlocks) return UINT32_MAX;
  if (high % kBlocksPerRun == 0) {
    // The first block of a run nobody has used: its storage first (a write to a page a full file system cannot
    // give is SIGBUS).
    const uint64_t at = kNameTableBlocksAt + uint64_t{high} * kNameTableBlockSize;
    if (!posix::Allocate(fd_, at, uint64_t{kBlocksPerRun} * kNameTableBlockSize).ok()) return UINT32_MAX;
  }
  BlockAt(high)->kind = kBlockTaken;
  __atomic_store_n(&header_->high, high + 1, __ATOMIC_RELEASE);
  return high;
}

void NameTable::FreeBlock(uint32_t i) {
  AllocGuard guard(header_);
  NameEntry* b = BlockAt(i);
  b->kind = kBlockFree;
  b->next = header_->free_head;
  header_->free_head = i + 1;
}

void NameTable::FreeChain(uint32_t first_plus_one) {
  uint32_t guard = 0;
  for (uint32_t at = first_plus_one; at != 0 && at <= kNameTableBlocks && guard++ < kNameTableBlocks;) {
    const uint32_t next = MoreAt(at - 1)->next;
    FreeBlock(at - 1);
    at = next;
  }
}

Status NameTable::PrepareArena(const Locked&, uint32_t entry) {
  const uint32_t run = entry / kArenaSlotsPerRun;
  uint64_t& word = header_->arena_runs[run / 64];
  const uint64_t bit = uint64_t{1} << (run % 64);
  if (__atomic_load_n(&word, __ATOMIC_ACQUIRE) & bit) return Status::Ok();
  // Two processes may give one run storage at once (they hold different stripes): fallocate twice is harmless.
  const uint64_t at = kNameTableArenaAt + uint64_t{run} * kArenaSlotsPerRun * kArenaSlotBytes;
  Status given = posix::Allocate(fd_, at, uint64_t{kArenaSlotsPerRun} * kArenaSlotBytes);
  if (!given.ok()) return Status(ERROR_NOT_ENOUGH_MEMORY);
  __atomic_fetch_or(&word, bit, __ATOMIC_RELEASE);
  return Status::Ok();
}

uint32_t NameTable::Find(const Locked&, std::string_view name, uint64_t hash) const {
  uint32_t steps = 0;
  for (uint32_t at = __atomic_load_n(Bucket(hash), __ATOMIC_ACQUIRE); at != 0 && steps++ < kNameTableBlocks;) {
    const NameEntry* e = BlockAt(at - 1);
    if (e->hash == hash && e->name_length == name.size() && !(e->flags & kNameless)) {
      const size_t inline_bytes = name.size() < kInlineNameBytes ? name.size() : kInlineNameBytes;
      bool same = std::memcmp(e->name, name.data(), inline_bytes) == 0;
      size_t done = inline_bytes;
      for (uint32_t more = e->name_more; same && done < name.size() && more != 0;) {
        const NameMore* m = MoreAt(more - 1);
        const size_t n = std::min(name.size() - done, sizeof m->data);
        same = std::memcmp(m->data, name.data() + done, n) == 0;
        done += n;
        more = m->next;
      }
      if (same && done == name.size()) return at - 1;
    }
    at = e->next;
  }
  return UINT32_MAX;
}

Result<uint32_t> NameTable::Insert(const Locked&, std::string_view name, uint64_t hash, uint32_t type, uint64_t ino) {
  if (name.size() > UINT32_MAX) return Status(ERROR_NOT_ENOUGH_MEMORY);
  const uint32_t head = TakeBlock();
  if (head == UINT32_MAX) return Status(ERROR_NOT_ENOUGH_MEMORY);
  NameEntry* e = BlockAt(head);
  e->next = 0;
  e->flags = 0;
  e->type = type;
  e->hash = hash;
  e->ino = ino;
  e->name_length = static_cast<uint32_t>(name.size());
  e->name_more = 0;
  e->holders = 0;
  e->holders_more = 0;
  std::memset(e->holder, 0, sizeof e->holder);
  const size_t inline_bytes = name.size() < kInlineNameBytes ? name.size() : kInlineNameBytes;
  std::memcpy(e->name, name.data(), inline_bytes);
  uint32_t* link = &e->name_more;
  for (size_t done = inline_bytes; done < name.size();) {
    const uint32_t more = TakeBlock();
    if (more == UINT32_MAX) {
      FreeChain(e->name_more);
      FreeBlock(head);
      return Status(ERROR_NOT_ENOUGH_MEMORY);
    }
    NameMore* m = MoreAt(more);
    m->next = 0;
    const size_t n = std::min(name.size() - done, sizeof m->data);
    std::memcpy(m->data, name.data() + done, n);
    m->kind = kBlockMore;
    *link = more + 1;
    link = &m->next;
    done += n;
  }
  e->serial = __atomic_fetch_add(&header_->next_serial, 1, __ATOMIC_RELAXED);
  e->kind = kBlockEntry;
  e->next = __atomic_load_n(Bucket(hash), __ATOMIC_RELAXED);
  __atomic_store_n(Bucket(hash), head + 1, __ATOMIC_RELEASE);  // published
  __atomic_fetch_add(&header_->live, 1, __ATOMIC_RELAXED);
  return head;
}

void NameTable::Unname(const Locked&, uint32_t entry) {
  NameEntry* e = BlockAt(entry);
  if (e->flags & kNameless) return;
  e->flags |= kNameless;
  __atomic_fetch_add(&header_->nameless, 1, __ATOMIC_RELAXED);
}

void NameTable::Remove(const Locked&, uint32_t entry) {
  NameEntry* e = BlockAt(entry);
  uint32_t* link = Bucket(e->hash);
  uint32_t steps = 0;
  while (*link != 0 && *link != entry + 1 && steps++ < kNameTableBlocks) link = &BlockAt(*link - 1)->next;
  if (*link != entry + 1) return;  // not linked (never happens while the stripe is held)
  __atomic_store_n(link, e->next, __ATOMIC_RELEASE);  // unpublished
  __atomic_fetch_sub(&header_->live, 1, __ATOMIC_RELAXED);
  if (e->flags & kNameless) __atomic_fetch_sub(&header_->nameless, 1, __ATOMIC_RELAXED);
  FreeChain(e->name_more);
  FreeChain(e->holders_more);
  FreeBlock(entry);
}

NameHolder* NameTable::HolderSlot(uint32_t entry, uint32_t i) const {
  NameEntry* e = BlockAt(entry);
  if (i < kInlineHolders) return &e->holder[i];
  i -= kInlineHolders;
  uint32_t at = e->holders_more;
  while (at != 0 && i >= kHoldersPerMore) {
    at = MoreAt(at - 1)->next;
    i -= kHoldersPerMore;
  }
  if (at == 0) return nullptr;
  return reinterpret_cast<NameHolder*>(MoreAt(at - 1)->data) + i;
}

NameHolder NameTable::Holder(const Locked&, uint32_t entry, uint32_t i) const {
  const NameHolder* h = HolderSlot(entry, i);
  return h != nullptr ? *h : NameHolder{};
}

Status NameTable::AddHolder(const Locked&, uint32_t entry, NameHolder h) {
  NameEntry* e = BlockAt(entry);
  const uint32_t n = e->holders;
  NameHolder* slot = HolderSlot(entry, n);
  if (slot == nullptr) {
    // The continuations are full (or there are none yet): one more at the end of the chain.
    const uint32_t more = TakeBlock();
    if (more == UINT32_MAX) return Status(ERROR_NOT_ENOUGH_MEMORY);
    NameMore* m = MoreAt(more);
    m->next = 0;
    std::memset(m->data, 0, sizeof m->data);
    m->kind = kBlockMore;
    uint32_t* link = &e->holders_more;
    while (*link != 0) link = &MoreAt(*link - 1)->next;
    __atomic_store_n(link, more + 1, __ATOMIC_RELEASE);
    slot = HolderSlot(entry, n);
    if (slot == nullptr) return Status(ERROR_NOT_ENOUGH_MEMORY);
  }
  *slot = h;
  __atomic_store_n(&e->holders, n + 1, __ATOMIC_RELEASE);  // published
  return Status::Ok();
}

uint32_t NameTable::RemoveHolder(const Locked&, uint32_t entry, NameHolder h) {
  NameEntry* e = BlockAt(entry);
  const uint32_t n = e->holders;
  for (uint32_t i = 0; i < n; ++i) {
    NameHolder* slot = HolderSlot(entry, i);
    if (slot == nullptr || !(*slot == h)) continue;
    // The last record moves into this one, then the count drops: a death in between leaves that record twice,
    // which costs its holder nothing (a record of a live holder is true; a dead one's are all removed).
    NameHolder* last = HolderSlot(entry, n - 1);
    *slot = *last;
    __atomic_store_n(&e->holders, n - 1, __ATOMIC_RELEASE);
    *last = NameHolder{};
    return n - 1;
  }
  return n;
}

std::string NameTable::NameOf(const Locked&, uint32_t entry) const {
  const NameEntry* e = BlockAt(entry);
  std::string name(e->name, e->name_length < kInlineNameBytes ? e->name_length : kInlineNameBytes);
  for (uint32_t more = e->name_more; more != 0 && name.size() < e->name_length;) {
    const NameMore* m = MoreAt(more - 1);
    const size_t n = std::min<size_t>(e->name_length - name.size(), sizeof m->data);
    name.append(reinterpret_cast<const char*>(m->data), n);
    more = m->next;
  }
  return name;
}

Result<NameHolder> NameTable::ClaimSlot() {
  const int pid = posix::CurrentProcessId();
  // Two passes: slots whose last taker is gone first (one lock attempt each), then the rest (a pid may be reused).
  for (int pass = 0; pass < 2; ++pass) {
    for (uint32_t i = 0; i < kMaxProcesses; ++i) {
      ProcessSlot& p = slots_[i];
      const int32_t last = __atomic_load_n(&p.pid, __ATOMIC_RELAXED);
      if (pass == 0 && last != 0 && posix::ProcessExists(last)) continue;
      if (!posix::LockByte(fd_, kSlotLockBase + i, posix::LockKind::kExclusive, /*wait=*/false).ok()) continue;
      const uint32_t generation = __atomic_add_fetch(&p.generation, 1, __ATOMIC_ACQ_REL);
      __atomic_store_n(&p.pid, pid, __ATOMIC_RELEASE);
      own_slot_ = NameHolder{i + 1, generation, pid, NameHolder::kNoDescriptor};
      return own_slot_;
    }
  }
  return Status(ERROR_NO_SYSTEM_RESOURCES);
}

bool NameTable::SlotLives(const NameHolder& h) const {
  if (h.slot == 0 || h.slot > kMaxProcesses) return false;
  if (h.slot == own_slot_.slot) return h.generation == own_slot_.generation;
  if (__atomic_load_n(&slots_[h.slot - 1].generation, __ATOMIC_ACQUIRE) != h.generation) return false;
  auto locked = posix::ByteLockedByOthers(fd_, kSlotLockBase + h.slot - 1);
  // A slot whose generation is the record's and whose lock is held: the same process, since a new taker must get
  // the lock before it raises the generation.
  return locked.ok() && locked.value();
}

NameTable::Counts NameTable::CountsInFile(const std::string& path) {
  Counts counts;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return counts;
  void* p = mmap(nullptr, kNameTableHeaderBytes, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (p == MAP_FAILED) return counts;
  const auto* h = static_cast<const NameTableHeader*>(p);
  if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) == kNameTableMagic) {
    counts.live = __atomic_load_n(&h->live, __ATOMIC_RELAXED);
    counts.nameless = __atomic_load_n(&h->nameless, __ATOMIC_RELAXED);
  }
  munmap(p, kNameTableHeaderBytes);
  return counts;
}

uint32_t NameTable::LiveEntries() const { return __atomic_load_n(&header_->live, __ATOMIC_RELAXED); }

uint32_t NameTable::BlocksInUse() const {
  const uint32_t high = __atomic_load_n(&header_->high, __ATOMIC_ACQUIRE);
  uint32_t used = 0;
  for (uint32_t i = 0; i < high; ++i) used += __atomic_load_n(&BlockAt(i)->kind, __ATOMIC_RELAXED) != kBlockFree;
  return used;
}

bool NameTable::LockAbandoned() const {
  auto abandoned = [](posix::RobustWord& w) { return (Word(w.word).load() & posix::kOwnerDied) != 0; };
  if (abandoned(header_->alloc_lock)) return true;
  for (auto& stripe : header_->stripes) {
    if (abandoned(stripe)) return true;
  }
  return false;
}

void NameTable::CollectIfNeeded() {
  // A lock whose holder died and that nobody took since still says so (the next taker would ask for this).
  if (Word(header_->needs_collect).load() == 0 && !LockAbandoned()) return;
  (void)TakeRobust(&header_->collect_lock);  // its holder's death left nothing: collection only reads and rebuilds
  if (Word(header_->needs_collect).load() != 0 || LockAbandoned()) {
    // Every stripe in order, then the allocator: nobody else ever holds two stripes, so this cannot deadlock.
    for (auto& stripe : header_->stripes) (void)TakeRobust(&stripe);
    (void)TakeRobust(&header_->alloc_lock);
    Word(header_->needs_collect).store(0);
    const uint32_t high = header_->high;
    std::vector<bool> reached(high, false);
    uint32_t live = 0, nameless = 0;
    auto mark_chain = [&](uint32_t at) {
      for (uint32_t steps = 0; at != 0 && at <= high && !reached[at - 1] && steps++ < high; at = MoreAt(at - 1)->next) {
        reached[at - 1] = true;
      }
    };
    for (uint32_t b = 0; b < kNameTableBuckets; ++b) {
      for (uint32_t at = buckets_[b], steps = 0; at != 0 && at <= high && !reached[at - 1] && steps++ < high;
           at = BlockAt(at - 1)->next) {
        reached[at - 1] = true;
        ++live;
        nameless += (BlockAt(at - 1)->flags & kNameless) != 0;
        mark_chain(BlockAt(at - 1)->name_more);
        mark_chain(BlockAt(at - 1)->holders_more);
      }
    }
    header_->free_head = 0;
    for (uint32_t i = high; i-- > 0;) {
      if (reached[i]) continue;
      NameEntry* b = BlockAt(i);
      b->kind = kBlockFree;
      b->next = header_->free_head;
      header_->free_head = i + 1;
    }
    header_->live = live;
    header_->nameless = nameless;
    ++header_->collections;
    GiveRobust(&header_->alloc_lock);
    for (uint32_t s = kNameTableStripes; s-- > 0;) GiveRobust(&header_->stripes[s]);
  }
  GiveRobust(&header_->collect_lock);
}

std::string NameTable::CheckInvariants() const {
  const uint32_t high = header_->high;
  if (high > kNameTableBlocks) return "high beyond the blocks";
  std::vector<int> seen(high, 0);  // 1: free list, 2: entry, 3: continuation
  char text[160];
  uint32_t steps = 0;
  for (uint32_t at = header_->free_head; at != 0; at = BlockAt(at - 1)->next) {
    if (at > high || seen[at - 1] != 0 || steps++ > high) return "free list broken";
    if (BlockAt(at - 1)->kind != kBlockFree) return "free list names a block that is not free";
    seen[at - 1] = 1;
  }
  uint32_t live = 0;
  auto chain = [&](uint32_t at, const char* what) -> std::string {
    for (uint32_t n = 0; at != 0; at = MoreAt(at - 1)->next) {
      if (at > high || seen[at - 1] != 0 || n++ > high) return std::string(what) + " chain broken";
      if (MoreAt(at - 1)->kind != kBlockMore) return std::string(what) + " chain holds a block of another kind";
      seen[at - 1] = 3;
    }
    return "";
  };
  for (uint32_t b = 0; b < kNameTableBuckets; ++b) {
    for (uint32_t at = buckets_[b]; at != 0; at = BlockAt(at - 1)->next) {
      if (at > high || seen[at - 1] != 0) return "bucket chain broken";
      const NameEntry* e = BlockAt(at - 1);
      if (e->kind != kBlockEntry) return "bucket chain holds a block that is not an entry";
      if ((e->hash & (kNameTableBuckets - 1)) != b) return "entry in the wrong bucket";
      seen[at - 1] = 2;
      ++live;
      std::string fault = chain(e->name_more, "name");
      if (fault.empty()) fault = chain(e->holders_more, "holder");
      if (!fault.empty()) return fault;
      uint32_t capacity = kInlineHolders;
      for (uint32_t m = e->holders_more; m != 0; m = MoreAt(m - 1)->next) capacity += kHoldersPerMore;
      if (e->holders > capacity) return "more holders than records";
    }
  }
  for (uint32_t i = 0; i < high; ++i) {
    if (seen[i] == 0) {
      snprintf(text, sizeof text, "block %u (kind %u) is neither free nor reachable", i, BlockAt(i)->kind);
      return text;
    }
  }
  if (live != header_->live) {
    snprintf(text, sizeof text, "%u entries linked, the header counts %u", live, header_->live);
    return text;
  }
  return "";
}

}  // namespace winipc
