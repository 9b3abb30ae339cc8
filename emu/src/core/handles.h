// The process's handle table. Values look like Windows' (multiples of 4, lowest free value first; the low two
// bits of a value are ignored on lookup). Pseudo-handles (GetCurrentProcess() == -1, GetCurrentThread() == -2)
// are not in the table.
#ifndef WINIPC_CORE_HANDLES_H_
#define WINIPC_CORE_HANDLES_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "core/object.h"
#include "core/status.h"

namespace winipc {

struct HandleEntry {
  std::shared_ptr<Object> object;
  uint32_t access = 0;
};

inline constexpr uintptr_t kCurrentProcessPseudoHandle = static_cast<uintptr_t>(-1);
inline constexpr uintptr_t kCurrentThreadPseudoHandle = static_cast<uintptr_t>(-2);
// Values from -1 down to -6 are pseudo-handles on Windows (process, thread, tokens); never table slots.
inline bool IsPseudoHandle(uintptr_t value) { return value >= static_cast<uintptr_t>(-6); }

class HandleTable {
 public:
  static HandleTable& Get();

  Result<uintptr_t> Insert(std::shared_ptr<Object> object, uint32_t access);
  // ERROR_INVALID_HANDLE for NULL, pseudo, closed or forged values.
  Result<HandleEntry> Lookup(uintptr_t value) const;
  // Removes the entry and hands back its object, to be released outside the table's lock.
  Result<std::shared_ptr<Object>> Remove(uintptr_t value);
  // Changes the access of an open handle in place: the value stays the same (DuplicateHandle with
  // DUPLICATE_CLOSE_SOURCE within one process). ERROR_INVALID_HANDLE like Lookup.
  Status SetAccess(uintptr_t value, uint32_t access);

 private:
  static constexpr size_t kMaxHandles = 1u << 24;
  static size_t IndexOf(uintptr_t value);
  mutable std::mutex mutex_;
  std::vector<HandleEntry> slots_;  // slot i is handle value 4 * (i + 1)
  std::set<size_t> free_;           // freed slots, lowest reused first
};

}  // namespace winipc

#endif  // WINIPC_CORE_HANDLES_H_
