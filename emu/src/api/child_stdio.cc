#include "api/child_stdio.h"

#include "api/boundary.h"
#include "core/file.h"

namespace winipc::api {
namespace {

int DescriptorOfFileHandle(HANDLE handle) {
  auto entry = LookupHandle(handle, ObjectType::kFile);
  if (!entry.ok()) return -1;
  return static_cast<File&>(*entry->object).fd();
}

}  // namespace

// Windows asks for inheritable handles here; emu passes any file handle (the child gets a descriptor, not the
// handle), so a program that forgot SetHandleInformation still works: docs/porting.md.
std::optional<std::array<int, 3>> ChildStdDescriptors(DWORD startup_flags, HANDLE input, HANDLE output,
                                                      HANDLE error, bool inherit_handles) {
  if (!(startup_flags & STARTF_USESTDHANDLES) || !inherit_handles) return std::nullopt;
  return std::array<int, 3>{DescriptorOfFileHandle(input), DescriptorOfFileHandle(output),
                            DescriptorOfFileHandle(error)};
}

}  // namespace winipc::api
