#include "core/wait_block.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <iterator>
#include <map>
#include <mutex>
#include <string>

#include "core/namespace.h"
#include "posix/sys.h"

namespace winipc {
namespace {

constexpr uint64_t kFileSize = uint64_t{kWaitBlockCount} * sizeof(WaitBlock);
constexpr const char* kFileName = ".waits";

std::atomic_ref<uint32_t> Atomic(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }
posix::RobustWord* Robust(WaitBlock* b) { return reinterpret_cast<posix::RobustWord*>(b); }

// Maps the blocks file of `uid` (made if it is ours and missing); nullptr when it cannot be had. `fd` keeps the
// file open, so that a later look can tell whether it is still the one under the name.
WaitBlock* MapBlocks(uid_t uid, posix::Fd* fd_out) {
  const bool mine = uid == geteuid();
  auto fd = Namespace::OpenPrivateFile(uid, kFileName, mine ? kFileSize : 0);
  if (!fd.ok()) return nullptr;
  auto st = posix::StatFd(fd->get());
  if (!st.ok() || static_cast<uint64_t>(st->st_size) < kFileSize) return nullptr;  // never map past its end
  auto mapped = posix::Map(nullptr, kFileSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd->get(), 0);
  if (!mapped.ok()) return nullptr;
  *fd_out = std::move(fd).value();
  return static_cast<WaitBlock*>(mapped.value());
}

struct Registry {
  std::mutex mutex;
  std::map<uid_t, WaitBlocks*> by_uid;  // mappings live as long as the process
};

std::atomic<Registry*> registry{nullptr};
std::atomic<WaitBlocks*> mine{nullptr};  // every signaller with waiters asks: no lock after the first

Registry& GetRegistry() {
  static const bool ready = [] {
    registry.store(new Registry());
    // A forked child maps the file again, through the namespace directory, where it makes itself present: the
    // parent, leaving last, may remove the file its mapping shows (docs/design.md, rule 7).
    return pthread_atfork(nullptr, nullptr, [] {
      registry.store(new Registry());  // the parent's may have been locked by another thread at the fork
      mine.store(nullptr);
    }) == 0;
  }();
  (void)ready;
  return *registry.load(std::memory_order_acquire);
}

// The calling thread's block. Given back when the thread ends normally; a killed thread's block is marked by the
// kernel and taken by a later thread.
struct OwnBlock {
  WaitBlock* block = nullptr;
  uint32_t index = 0;
  uint32_t tid = 0;
  ~OwnBlock() {
    if (block == nullptr || tid != posix::ThreadId()) return;
    posix::Unlink(Robust(block));
    Atomic(block->word).store(0);
    posix::Forget();
    block = nullptr;  // a wait made later in the thread's exit (another thread_local's destructor) takes a new one
  }
};
thread_local OwnBlock own_block;

}  // namespace

WaitBlocks* WaitBlocks::Mine() {
  WaitBlocks* blocks = mine.load(std::memory_order_acquire);
  if (blocks != nullptr) return blocks;
  blocks = OfUser(geteuid());
  if (blocks != nullptr) mine.store(blocks, std::memory_order_release);
  return blocks;
}

WaitBlocks* WaitBlocks::OfUser(uid_t uid) {
  const uid_t me = geteuid();
  if (uid != me && me != 0) return nullptr;
  Registry& r = GetRegistry();
  std::lock_guard<std::mutex> guard(r.mutex);
  auto it = r.by_uid.find(uid);
  if (it != r.by_uid.end()) {
    // This process is present in its own directory, so its file stays. Another user's file goes when the last of
    // that user's processes leaves; one made after it is the one their waiters use now. The old mapping is kept
    // (a thread may be using it), unused from now on.
    if (uid == me) return it->second;
    auto st = posix::StatFd(it->second->fd_.get());
    if (st.ok() && st->st_nlink > 0) return it->second;
    r.by_uid.erase(it);
  }
  posix::Fd fd;
  WaitBlock* blocks = MapBlocks(uid, &fd);
  if (blocks == nullptr) return nullptr;  // not cached: the user may make the file later
  auto* made = new WaitBlocks(blocks, uid, std::move(fd));
  r.by_uid[uid] = made;
  return made;
}

uint32_t WaitBlocks::Allocate() {
  const uint32_t tid = posix::ThreadId();
  const uint32_t start = static_cast<uint32_t>((uint64_t{tid} * 2654435761u) % kWaitBlockCount);
  for (uint32_t n = 0; n < kWaitBlockCount; ++n) {
    const uint32_t i = (start + n) % kWaitBlockCount;
    WaitBlock* b = &blocks_[i];
    uint32_t word = Atomic(b->word).load();
    // Free, or its thread died (the kernel marked it and no thread holds it any more).
    if ((word & posix::kTidMask) != 0) continue;
    posix::AnnounceTake(Robust(b));
    if (Atomic(b->word).compare_exchange_strong(word, tid)) {
      posix::Link(Robust(b));
      // A wait left by a dead thread may still look waiting or granted: end it in its generation.
      uint32_t c = Atomic(b->claim).load();
      Atomic(b->claim).store(claim::Make(claim::Generation(c) + 1, claim::kIdle));
      return i;
    }
    posix::Forget();
  }
  return UINT32_MAX;
}

WaitBlock* MyWaitBlock(uint32_t* index) {
  OwnBlock& own = own_block;
  const uint32_t tid = posix::ThreadId();
  if (own.block == nullptr || own.tid != tid) {  // first use, or a forked child's copy of its parent's thread
    own.block = nullptr;
    WaitBlocks* blocks = WaitBlocks::Mine();
    if (blocks == nullptr) return nullptr;
    const uint32_t i = blocks->Allocate();
    if (i == UINT32_MAX) return nullptr;
    own.block = blocks->At(i);
    own.index = i;
    own.tid = tid;
  }
  *index = own.index;
  return own.block;
}

namespace {

struct PendingWakes {
  unsigned depth = 0;
  unsigned count = 0;
  uint32_t* words[64] = {};
};
// Constant-initialised: using it never runs this file's thread-local set-up, which would register own_block's
// destructor (an allocation) where a TerminateThread signal handler releases mutexes.
constinit thread_local PendingWakes pending_wakes;

// Wakes the thread sleeping on a claim word now, or when the outermost DeferWakes ends. The word stays mapped
// for the process's life, so a late wake can only be spurious.
void WakeClaim(uint32_t* word) {
  PendingWakes& p = pending_wakes;
  if (p.depth == 0 || p.count == std::size(p.words)) {
    posix::FutexWakeAll(word);
    return;
  }
  for (unsigned i = 0; i < p.count; ++i) {
    if (p.words[i] == word) return;
  }
  p.words[p.count++] = word;
}

}  // namespace

DeferWakes::DeferWakes() { ++pending_wakes.depth; }

DeferWakes::~DeferWakes() {
  PendingWakes& p = pending_wakes;
  if (--p.depth != 0) return;
  for (unsigned i = 0; i < p.count; ++i) posix::FutexWakeAll(p.words[i]);
  p.count = 0;
}

bool GrantClaim(WaitBlock* block, uint32_t generation, uint32_t index, bool abandoned) {
  uint32_t c = Atomic(block->claim).load();
  for (;;) {
    if (claim::State(c) != claim::kWaiting || claim::Generation(c) != (generation & claim::kGenerationMask)) {
      return false;
    }
    if (Atomic(block->claim).compare_exchange_weak(c, claim::Make(generation, claim::kGranted, index, abandoned))) {
      break;
    }
  }
  WakeClaim(&block->claim);
  return true;
}

bool PokeClaim(WaitBlock* block, uint32_t generation) {
  uint32_t c = Atomic(block->claim).load();
  for (;;) {
    if (claim::State(c) != claim::kWaiting || claim::Generation(c) != (generation & claim::kGenerationMask)) {
      return false;
    }
    if (c & claim::kPoked) return true;  // told already and not yet looked: one wake is enough
    if (Atomic(block->claim).compare_exchange_weak(c, c | claim::kPoked)) break;
  }
  WakeClaim(&block->claim);
  return true;
}

}  // namespace winipc
