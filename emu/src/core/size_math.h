// Size and offset arithmetic for sections and views. Pure, unit-tested in size_math_test.cc.
#ifndef WINIPC_CORE_SIZE_MATH_H_
#define WINIPC_CORE_SIZE_MATH_H_

#include <cstdint>

#include "core/status.h"

namespace winipc {

inline uint64_t RoundUpToPage(uint64_t v, uint64_t page) { return v > UINT64_MAX - (page - 1) ? 0 : (v + page - 1) / page * page; }
inline uint64_t MakeSize(uint32_t high, uint32_t low) { return (static_cast<uint64_t>(high) << 32) | low; }

// A pagefile-backed section's size: 0 is ERROR_INVALID_PARAMETER; a committed section larger than the commit
// limit (RAM + swap) is ERROR_NOT_ENOUGH_MEMORY, as Windows charges the whole of it up front.
Status ValidatePagefileSectionSize(uint64_t size, uint32_t attributes, uint64_t commit_limit);

struct ViewRange {
  uint64_t length;  // bytes to map, page-rounded
};
// MapViewOfFile(Ex)'s offset, size and base against a section of `section_size` bytes.
Result<ViewRange> ComputeViewRange(uint64_t section_size, uint64_t offset, uint64_t bytes, uintptr_t base,
                                   uint64_t granularity, uint64_t page);

}  // namespace winipc

#endif  // WINIPC_CORE_SIZE_MATH_H_
