// The fuzzers' sandbox: emu's namespace root and the working directory are fresh temporary directories, and the
// targets check that nothing appears outside the namespace directories (docs/reliability.md, "Fuzzing").
#ifndef WINIPC_FUZZ_SANDBOX_H_
#define WINIPC_FUZZ_SANDBOX_H_

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/name_table.h"

namespace winipc_fuzz {

inline std::string& RootDir() {
  static std::string dir;
  return dir;
}
inline std::string& WorkDir() {
  static std::string dir;
  return dir;
}

inline std::vector<std::string> Entries(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n != "." && n != "..") names.push_back(n);
    }
    closedir(d);
  }
  return names;
}

[[noreturn]] inline void Escaped(const std::string& what) {
  std::fprintf(stderr, "winipc fuzz: ESCAPED THE NAMESPACE: %s\n", what.c_str());
  std::abort();
}

// The working directory stays empty; the root holds only winipc-<euid> (and winipc-global, made by a root
// process for Global\ names); each of those holds only regular files (no directory, no symlink).
inline void CheckSandbox() {
  for (const std::string& n : Entries(WorkDir())) Escaped("created in the working directory: " + n);
  const std::string local = "winipc-" + std::to_string(geteuid());
  for (const std::string& n : Entries(RootDir())) {
    if (n != local && n != "winipc-global") Escaped("created in WINIPC_ROOT: " + n);
    const std::string sub = RootDir() + "/" + n;
    for (const std::string& f : Entries(sub)) {
      struct stat st;
      if (lstat((sub + "/" + f).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) Escaped("not a regular file: " + sub + "/" + f);
    }
  }
}

// The names in a directory's name table (Local names live there, not in files). An entry whose name is gone (a
// mutex the fuzzer's thread still owns, kept for it) is not a name.
inline unsigned TableNames(const std::string& path) {
  const winipc::NameTable::Counts counts = winipc::NameTable::CountsInFile(path);
  return counts.live - counts.nameless;
}

// Object files, or names in a name table, left after every handle and view of an iteration was closed: a leak.
inline std::vector<std::string> LeftObjects() {
  std::vector<std::string> left;
  for (const std::string& n : Entries(RootDir())) {
    for (const std::string& f : Entries(RootDir() + "/" + n)) {
      if (f == ".names") {
        const unsigned names = TableNames(RootDir() + "/" + n + "/" + f);
        if (names != 0) left.push_back(n + "/" + f + " (" + std::to_string(names) + " names)");
      } else if (f != ".lock" && f != ".waits") {
        left.push_back(n + "/" + f);
      }
    }
  }
  return left;
}

inline void CheckNothingLeft() {
  std::vector<std::string> left = LeftObjects();
  if (!left.empty()) {
    std::fprintf(stderr, "winipc fuzz: object file left after every handle was closed: %s\n", left[0].c_str());
    std::abort();
  }
}

// Called from LLVMFuzzerInitialize, before emu's first call: a fresh root and an empty working directory.
inline void EnterSandbox() {
  char root[] = "/tmp/winipc-fuzz-root.XXXXXX";
  char work[] = "/tmp/winipc-fuzz-cwd.XXXXXX";
  if (!mkdtemp(root) || !mkdtemp(work) || chdir(work) != 0) {
    std::perror("winipc fuzz: sandbox");
    std::abort();
  }
  RootDir() = root;
  WorkDir() = work;
  setenv("WINIPC_ROOT", root, 1);
  std::atexit([] {
    CheckSandbox();
    // Leave /tmp clean: the files are emu's and no handle is open any more.
    for (const std::string& n : Entries(RootDir())) {
      const std::string sub = RootDir() + "/" + n;
      for (const std::string& f : Entries(sub)) unlink((sub + "/" + f).c_str());
      rmdir(sub.c_str());
    }
    rmdir(RootDir().c_str());
    rmdir(WorkDir().c_str());
  });
}

}  // namespace winipc_fuzz

#endif  // WINIPC_FUZZ_SANDBOX_H_
