#include <limits.h>
#include <unistd.h>

#include "self_path.h"

namespace winipc::bench {

std::string SelfPath() {
  char path[PATH_MAX];
  const ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
  return length > 0 ? std::string(path, static_cast<size_t>(length)) : std::string();
}

}  // namespace winipc::bench
