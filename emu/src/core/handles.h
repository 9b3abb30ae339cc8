// The process's handle table. Values look like Windows' (multiples of 4, lowest free value first; the low two
// bits of a value are ignored on lookup). Pseudo-handles (GetCurrentProcess() == -1, GetCurrentThread() == -2)
// are not in the table.
#ifndef WINIPC_CORE_HANDLES_H_
#define WINIPC_CORE_HANDLES_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <atomic>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/object.h"
#include "core/status.h"

namespace winipc {

// HANDLE_FLAG_INHERIT and HANDLE_FLAG_PROTECT_FROM_CLOSE.
inline constexpr uint32_t kHandleFlagInherit = 0x1;
inline constexpr uint32_t kHandleFlagProtect = 0x2;

struct HandleEntry {
  std::shared_ptr<Object> object;
  uint32_t access = 0;
  uint32_t flags = 0;
};

// Values other processes give this one (DuplicateHandle into it) come from their own range, so that the sender
// can name the value before this process has seen the handle; the table takes them in when they are looked up.
inline constexpr uintptr_t kRemoteHandleBase = 0x40000000;

inline constexpr uintptr_t kCurrentProcessPseudoHandle = static_cast<uintptr_t>(-1);
inline constexpr uintptr_t kCurrentThreadPseudoHandle = static_cast<uintptr_t>(-2);
// Values from -1 down to -6 are pseudo-handles on Windows (process, thread, tokens); never table slots.
inline bool IsPseudoHandle(uintptr_t value) { return value >= static_cast<uintptr_t>(-6); }

// One handle as this process shows it to others (core/transfer.h), so they can take a duplicate out of it.
struct PublishedHandle {
  uint32_t used;
  uint32_t type;
  uint32_t access;
  uint32_t flags;
  int32_t fd;  // the object's file in this process (a process's or thread's: its process record), -1 if none,
              // kInArena for a Local sync object whose state is in the name table's arena
  uint32_t detail;  // a thread handle: the thread's slot in that record (core/process_record.h); kInArena: the entry
  uint64_t serial;  // kInArena: the entry's serial
  uint64_t table;   // kInArena: the table (Namespace::TableId)
  static constexpr int32_t kInArena = -2;
};

// The handle table's lock: held only for a few loads and stores (never across a system call), so one word taken
// with an exchange and given back with a plain store, inline. In a multi-threaded process std::mutex cost a fifth
// of an uncontended WaitForSingleObject + ReleaseMutex (two calls and two atomic read-modify-writes per lookup).
// A waiter yields, then sleeps a little, should the holder be descheduled.
class TableLock {
 public:
  void lock() {
    for (unsigned attempt = 0; held_.exchange(true, std::memory_order_acquire);) {
      while (held_.load(std::memory_order_relaxed)) WaitForHolder(attempt++);
    }
  }
  void unlock() { held_.store(false, std::memory_order_release); }

 private:
  static void WaitForHolder(unsigned attempt);
  std::atomic<bool> held_{false};
};

class HandleTable;
// In core/transfer.cc. When the table is first made: takes in the handles inherited from the parent, at their
// values, before anything else can take a value.
void AdoptInheritedHandles(HandleTable& table);
// When a value in the remote range is looked up and missing: takes in what other processes have sent.
void ReceiveSentHandles(HandleTable& table);

class HandleTable {
 public:
  static HandleTable& Get();

  Result<uintptr_t> Insert(std::shared_ptr<Object> object, uint32_t access, uint32_t flags = 0);
  // Puts an object at a given value (an inherited handle, or one another process sent); ERROR_INVALID_HANDLE if
  // the value is taken.
  Status InsertAt(uintptr_t value, std::shared_ptr<Object> object, uint32_t access, uint32_t flags);
  // Every entry, for CreateProcess (the inheritable ones go to the child).
  std::vector<std::pair<uintptr_t, HandleEntry>> Snapshot() const;
  Status SetFlags(uintptr_t value, uint32_t mask, uint32_t flags);

  // From now on every local handle is also written to `slots` (shared memory another process may read), and a
  // change of *pending (someone sent this process something) makes the next lookup take it in.
  void PublishTo(PublishedHandle* slots, size_t capacity, const uint32_t* pending);
  // Remembers that everything announced up to `pending` has been taken in.
  void MarkReceived(uint32_t pending) { seen_pending_.store(pending); }

  // ERROR_INVALID_HANDLE for NULL, pseudo, closed or forged values.
  Result<HandleEntry> Lookup(uintptr_t value) const;
  // Runs `use(const HandleEntry&)`, which returns a Status, with the table's lock held: the entry's object stays
  // alive without a reference being counted. For the hot paths (a wait that need not sleep, ReleaseMutex), where
  // counting the reference up and down cost as much as the work. `use` must be short, must not block and must not
  // call into the table. ERROR_INVALID_HANDLE like Lookup (then `use` is not called).
  template <typename Use>
  Status WithEntry(uintptr_t value, Use&& use) const {
    return WithEntry(value, [](const HandleEntry& entry, void* context) { return (*static_cast<Use*>(context))(entry); },
                     &use);
  }
  // Removes the entry and hands back its object, to be released outside the table's lock.
  Result<std::shared_ptr<Object>> Remove(uintptr_t value);
  // CloseHandle and everything that closes a handle for it (DUPLICATE_CLOSE_SOURCE, here or asked by another
  // process): removes the entry and releases the object, abandoning a mutex this thread owns if that was the
  // last handle to it (MakeMutex in core/mutex.h).
  Status Close(uintptr_t value);
  // Changes the access of an open handle in place: the value stays the same (DuplicateHandle with
  // DUPLICATE_CLOSE_SOURCE within one process). ERROR_INVALID_HANDLE like Lookup.
  Status SetAccess(uintptr_t value, uint32_t access);

 private:
  static constexpr size_t kMaxHandles = 1u << 24;
  static size_t IndexOf(uintptr_t value);
  Status WithEntry(uintptr_t value, Status (*use)(const HandleEntry&, void*), void* context) const;
  // Takes in what other processes have announced since the last look.
  void ReceiveIfPending() const;
  const HandleEntry* FindLocked(uintptr_t value) const;  // nullptr if the value has no entry
  void PublishSlot(size_t index);  // with mutex_ held
  mutable TableLock mutex_;
  std::vector<HandleEntry> slots_;  // slot i is handle value 4 * (i + 1)
  std::set<size_t> free_;           // freed slots, lowest reused first
  std::map<uintptr_t, HandleEntry> remote_;  // values at or above kRemoteHandleBase
  PublishedHandle* published_ = nullptr;
  size_t published_capacity_ = 0;
  std::atomic<const uint32_t*> pending_{nullptr};
  std::atomic<uint32_t> seen_pending_{0};
};

}  // namespace winipc

#endif  // WINIPC_CORE_HANDLES_H_
