// What the unit tests look at on disk: the Local namespace directory under a test's WINIPC_ROOT and the object
// files in it. Object file names never begin with '.' (EncodeFileName escapes a leading dot), so every other
// entry (".", "..", ".lock") is the directory's own.
#ifndef WINIPC_CORE_ON_DISK_TEST_UTIL_H_
#define WINIPC_CORE_ON_DISK_TEST_UTIL_H_

#include <dirent.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace winipc {

// The calling user's Local directory under the namespace root `root`.
inline std::string LocalDirectory(const std::string& root) { return root + "/winipc-" + std::to_string(geteuid()); }

// The object files in `dir` (none if it does not exist).
inline std::vector<std::string> ObjectFiles(const std::string& dir) {
  std::vector<std::string> names;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return names;
  while (struct dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') names.push_back(e->d_name);
  }
  closedir(d);
  return names;
}

inline size_t CountObjects(const std::string& dir) { return ObjectFiles(dir).size(); }

}  // namespace winipc

#endif  // WINIPC_CORE_ON_DISK_TEST_UTIL_H_
