// The object model: what every kernel object has in common, and the layout of the shared file behind it.
#ifndef WINIPC_CORE_OBJECT_H_
#define WINIPC_CORE_OBJECT_H_

#include <cstddef>
#include <cstdint>

#include "core/access.h"

namespace winipc {

// The shared state of every waitable object, at the start of the header's type-specific part.
//
// `gate` is a robust lock word (posix/robust_list.h): the thread id of whoever holds the object for a moment
// (a WaitForMultipleObjects that must take several objects at once, a signaller handing the signal to queued
// waiters, a timer being fired or set), or, for a mutex, the owner's thread id. Its kWaitersBit says the queue
// (core/wait_queue.h, in the file's body) has entries. `state` is the futex word waiters sleep on; `gate` and `state` are also updated
// together as one 64-bit word (`pair`), so a consumer takes a signal only while no wait-all holds the gate.
// Bytes 24-39 are the robust-list links of `gate` and must not be used for anything else.
struct SyncState {
  union {
    struct {
      uint32_t gate;   // robust word: holder's (or mutex owner's) thread id | kOwnerDied | kWaitersBit
      uint32_t state;  // event/timer: bit 0 signalled, bits 1-31 a generation; semaphore: the count
    };
    uint64_t pair;
  };
  uint32_t waiters;  // threads (any process) asleep on the object's own word instead of in its queue
  uint32_t a;        // event/timer: manual reset; semaphore: maximum; mutex: recursion count
  uint32_t b;        // timer: armed
  uint32_t c;        // timer: settings so far; mutex: wait block + 1 of the waiter it is being handed to
  uint64_t link_prev, link_next;  // robust list links of `gate` (glibc's layout)
  int64_t due_ns;                 // timer: CLOCK_MONOTONIC time of the next expiry
  int64_t period_ns;              // timer: 0 for a one-shot timer
};
static_assert(offsetof(SyncState, state) == 4 && offsetof(SyncState, link_prev) == 24 &&
              offsetof(SyncState, link_next) == 32);

// The first bytes of every object's file (named ones in the namespace directory, unnamed ones in a memfd).
// All processes that have the object open map it MAP_SHARED; the type-specific state is updated with atomics.
// The file is `header_size` bytes (a whole number of pages, holding this struct and the UTF-8 name), followed
// by the object's body (a section's memory).
struct SharedHeader {
  static constexpr uint32_t kMagic = 0x43504957;  // "WIPC"
  static constexpr uint16_t kVersion = 4;  // 3: file-backed sections; 4: sync objects queue their waiters

  uint32_t magic;
  uint16_t version;
  uint16_t type;  // ObjectType
  uint32_t header_size;
  uint32_t name_length;  // bytes of the UTF-8 leaf name stored right after this struct
  union {
    struct {
      uint64_t size;        // page-rounded for pagefile-backed sections; exact for file-backed ones
      uint32_t protect;     // PAGE_*
      uint32_t attributes;  // SEC_*; SEC_FILE: file-backed, the body holds the file's path (core/section.cc)
      uint64_t file_dev, file_ino;  // SEC_FILE: the file, so that a re-open by path finds the same one
      uint32_t path_length;         // SEC_FILE: bytes of the path at the start of the body
    } section;
    SyncState sync;  // events, mutexes, semaphores, waitable timers, jobs
    unsigned char type_state[112];
  };
};
static_assert(sizeof(SharedHeader) == 128);

class ObjectFile;
class Waitable;

class Object {
 public:
  explicit Object(ObjectType type) : type_(type) {}
  virtual ~Object() = default;
  // The shared file behind the object, for objects another process can be given (nullptr: threads, processes).
  virtual const ObjectFile* file() const { return nullptr; }
  // For a process or thread object, which has no file: the descriptor of its process record here
  // (core/process_record.h) and, through *detail, a thread's slot in it; -1 if another process cannot take it.
  virtual int RecordDescriptor(uint32_t* detail) { return -1; }
  // This object as a Waitable (core/sync.h), or nullptr: what dynamic_cast<Waitable*> answers, without the
  // type_info string comparisons that made it a tenth of an uncontended WaitForSingleObject.
  virtual Waitable* AsWaitable() { return nullptr; }
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  ObjectType type() const { return type_; }

 private:
  const ObjectType type_;
};

}  // namespace winipc

#endif  // WINIPC_CORE_OBJECT_H_
