#include "core/size_math.h"

#include <windows.h>

namespace winipc {

Status ValidatePagefileSectionSize(uint64_t size, uint32_t attributes, uint64_t commit_limit) {
  // 0, and sizes that are negative as a 64-bit signed number once rounded to a page, are invalid.
  if (size == 0 || size > (UINT64_MAX >> 1) - 0xFFFF) return Status(ERROR_INVALID_PARAMETER);
  if ((attributes & SEC_COMMIT) && size > commit_limit) return Status(ERROR_NOT_ENOUGH_MEMORY);
  return Status::Ok();
}

Result<ViewRange> ComputeViewRange(uint64_t section_size, uint64_t offset, uint64_t bytes, uintptr_t base,
                                   uint64_t granularity, uint64_t page) {
  if (offset % granularity != 0 || base % granularity != 0) return Status(ERROR_MAPPED_ALIGNMENT);
  // A view starts inside the section, and must end inside it (Windows: STATUS_INVALID_VIEW_SIZE, reported as
  // access denied).
  if (offset >= section_size) return Status(ERROR_INVALID_PARAMETER);
  if (bytes == 0) bytes = section_size - offset;
  if (bytes > section_size - offset) return Status(ERROR_ACCESS_DENIED);
  return ViewRange{RoundUpToPage(bytes, page)};
}

}  // namespace winipc
