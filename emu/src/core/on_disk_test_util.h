// What the unit tests look at on disk: the Local namespace directory under a test's WINIPC_ROOT and the object
// files in it. Object file names never begin with '.' (EncodeFileName escapes a leading dot), so every other
// entry (".", "..", ".lock") is the directory's own.
#ifndef WINIPC_CORE_ON_DISK_TEST_UTIL_H_
#define WINIPC_CORE_ON_DISK_TEST_UTIL_H_

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstddef>
#include <string>
#include <vector>

#include "core/name_table.h"

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

// The names in the name table of the Local directory `dir` (an entry whose name is gone, kept for a mutex's owner,
// is not one): 0 when it has none.
inline size_t TableNames(const std::string& dir) {
  const NameTable::Counts counts = NameTable::CountsInFile(dir + "/.names");
  return counts.live - counts.nameless;
}

// The table's entries, those without a name included.
inline size_t TableEntries(const std::string& dir) { return NameTable::CountsInFile(dir + "/.names").live; }

// The named objects of a directory: its object files, and the names of its name table.
inline size_t CountObjects(const std::string& dir) { return ObjectFiles(dir).size() + TableNames(dir); }

// Runs `body` in a forked child and returns its exit code, or 128 + the signal that ended it. A test whose own
// process calls emu leaves that process's namespace directory cached (as any program's is, for its lifetime): a
// later test in the same binary, with another root, would still find the first one. Such bodies run here.
template <typename Body>
int InChild(Body body) {
  pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// A test with a namespace root of its own: a fresh directory in /tmp, set as WINIPC_ROOT for this process (and the
// children it forks), removed afterwards.
class TempRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-unit-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    ASSERT_EQ(setenv("WINIPC_ROOT", root_.c_str(), 1), 0);
  }
  void TearDown() override {
    unsetenv("WINIPC_ROOT");
    (void)system(("rm -rf '" + root_ + "'").c_str());
  }
  // Object files left in the Local directory.
  size_t ObjectCount() const { return CountObjects(LocalDirectory(root_)); }
  std::string root_;
};

}  // namespace winipc

#endif  // WINIPC_CORE_ON_DISK_TEST_UTIL_H_
