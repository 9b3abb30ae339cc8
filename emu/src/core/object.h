// The object model: what every kernel object has in common, and the layout of the shared file behind it.
#ifndef WINIPC_CORE_OBJECT_H_
#define WINIPC_CORE_OBJECT_H_

#include <cstdint>

#include "core/access.h"

namespace winipc {

// The first bytes of every object's file (named ones in the namespace directory, unnamed ones in a memfd).
// All processes that have the object open map it MAP_SHARED; the type-specific state is updated with atomics.
// The file is `header_size` bytes (a whole number of pages, holding this struct and the UTF-8 name), followed
// by the object's body (a section's memory).
struct SharedHeader {
  static constexpr uint32_t kMagic = 0x43504957;  // "WIPC"
  static constexpr uint16_t kVersion = 1;

  uint32_t magic;
  uint16_t version;
  uint16_t type;  // ObjectType
  uint32_t header_size;
  uint32_t name_length;  // bytes of the UTF-8 leaf name stored right after this struct
  union {
    struct {
      uint64_t size;        // page-rounded for pagefile-backed sections
      uint32_t protect;     // PAGE_*
      uint32_t attributes;  // SEC_*
    } section;
    struct {
      uint32_t signaled;  // futex word: 1 signalled, 0 not
      uint32_t waiters;   // threads (in any process) inside a wait, so SetEvent can skip the wake call
      uint32_t manual_reset;
    } event;
    struct {
      uint32_t count;  // futex word: units available
      uint32_t waiters;
      uint32_t maximum;
    } semaphore;
    unsigned char type_state[112];
  };
};
static_assert(sizeof(SharedHeader) == 128);

class Object {
 public:
  explicit Object(ObjectType type) : type_(type) {}
  virtual ~Object() = default;
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  ObjectType type() const { return type_; }

 private:
  const ObjectType type_;
};

}  // namespace winipc

#endif  // WINIPC_CORE_OBJECT_H_
