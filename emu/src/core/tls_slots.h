// The pure part of TlsAlloc and friends (api/tls_api.cc): which index to hand out, and what a thread's cell holds.
#ifndef WINIPC_CORE_TLS_SLOTS_H_
#define WINIPC_CORE_TLS_SLOTS_H_

#include <cstddef>
#include <cstdint>
#include <optional>

namespace winipc {

// Windows guarantees TLS_MINIMUM_AVAILABLE (64) indexes and 1024 more ("expansion" slots).
inline constexpr uint32_t kTlsBaseSlots = 64;
inline constexpr uint32_t kTlsSlots = kTlsBaseSlots + 1024;

// A thread's value for one index, with the index's generation when it was set.
struct TlsCell {
  uint32_t generation = 0;
  void* value = nullptr;
};

// The lowest free index (Windows hands indexes out lowest first), or nullopt when all are taken.
inline std::optional<uint32_t> FirstFreeTlsSlot(const bool* allocated, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!allocated[i]) return static_cast<uint32_t>(i);
  }
  return std::nullopt;
}

// The value a thread reads: what it set in the index's current generation, else NULL (a new index reads zero in
// every thread, even where an earlier owner of the index had set a value).
inline void* TlsValue(const TlsCell* cell, uint32_t current_generation) {
  if (cell == nullptr || cell->generation != current_generation) return nullptr;
  return cell->value;
}

}  // namespace winipc

#endif  // WINIPC_CORE_TLS_SLOTS_H_
