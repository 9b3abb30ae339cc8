#include "api/console_state.h"

#include <unistd.h>

#include "api/boundary.h"
#include "core/file.h"

namespace winipc::api {

ConsoleState& Console() {
  static ConsoleState* state = new ConsoleState();
  return *state;
}

int ConsoleDescriptor(HANDLE handle, bool* input) {
  *input = false;
  auto entry = LookupHandle(handle, ObjectType::kFile);
  if (!entry.ok()) return -1;
  const int fd = static_cast<File&>(*entry->object).fd();
  if (!isatty(fd)) return -1;
  {
    std::lock_guard<std::mutex> guard(Console().mutex);
    if (!Console().attached) return -1;
  }
  *input = IsStandardInputHandle(handle);
  return fd;
}

}  // namespace winipc::api
