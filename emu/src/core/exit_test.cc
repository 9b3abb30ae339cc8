// Process end, seen from outside (issue 13): Windows closes every handle of a process however it ends, so a
// program that never calls CloseHandle leaves nothing behind. A program (emu/tests/exit_child.cc) makes objects of
// every type, named and unnamed (a 1 MiB section with every page written, a file-backed section, a mutex owned by
// a thread still waiting, views only, a duplicated and an inherited handle), leaves them all open and ends in one
// way. This test never uses emu: it runs the program with a fresh namespace root and then looks at that root with
// plain POSIX calls, with no emu process after the program.
//   - a normal end (return from main, exit, ExitProcess, the last thread's ExitThread, TerminateProcess or
//     TerminateJobObject of itself, or of a child it started) leaves the root empty: no object file, no `.lock`,
//     no directory;
//   - an abrupt end (_exit, SIGKILL, execve of a non-emu program) runs no emu code: its files stay until the next
//     emu process starts (which frees them, and leaves nothing when it ends).
#include <dirent.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ostream>
#include <string>
#include <vector>

#include "core/on_disk_test_util.h"

extern char** environ;

namespace winipc {
namespace {

struct EndingWay {
  const char* name;      // the test's name
  const char* argument;  // exit_child's way
  int exit_code;         // -1: killed by a signal
};
void PrintTo(const EndingWay& way, std::ostream* os) { *os << way.argument; }

// Everything under `path` (paths relative to it), directories included.
void ListTree(const std::string& path, const std::string& prefix, std::vector<std::string>* out) {
  DIR* d = opendir(path.c_str());
  if (d == nullptr) return;
  while (struct dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    out->push_back(prefix + name);
    if (e->d_type == DT_DIR) ListTree(path + "/" + name, prefix + name + "/", out);
  }
  closedir(d);
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : " ") + n;
  return out.empty() ? "(nothing)" : out;
}

class ProcessEnd : public ::testing::TestWithParam<EndingWay> {
 protected:
  void SetUp() override {
    // The default root's file system, where a section's memory would stay; /tmp if /dev/shm is not there.
    char root[] = "/dev/shm/winipc-exit-XXXXXX";
    char fallback[] = "/tmp/winipc-exit-XXXXXX";
    const char* made = mkdtemp(root);
    if (made == nullptr) made = mkdtemp(fallback);
    ASSERT_NE(made, nullptr);
    root_ = made;
    char data[] = "/tmp/winipc-exit-data-XXXXXX";
    ASSERT_NE(mkdtemp(data), nullptr);
    data_dir_ = data;
  }
  void TearDown() override {
    (void)system(("rm -rf '" + root_ + "' '" + data_dir_ + "'").c_str());
  }

  // Runs exit_child with `way` and this test's namespace root; returns its exit code, or -1 if a signal ended it.
  int RunChild(const char* way) const {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      if (std::string(*e).rfind("WINIPC_ROOT=", 0) != 0) env.push_back(*e);
    }
    env.push_back("WINIPC_ROOT=" + root_);
    std::vector<char*> envp;
    for (std::string& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string program = WINIPC_EXIT_CHILD;
    std::string way_arg = way;
    std::string data = data_dir_ + "/data";
    char* argv[] = {program.data(), way_arg.data(), data.data(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, envp.data()) != 0) return -2;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -3;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::vector<std::string> Tree() const {
    std::vector<std::string> names;
    ListTree(root_, "", &names);
    return names;
  }

  std::string root_;
  std::string data_dir_;
};

class NormalEnd : public ProcessEnd {};

// Tests that a program ending normally without closing any handle leaves nothing in the namespace root: no object
// file (so no section memory in /dev/shm), no ".lock", no directory.
TEST_P(NormalEnd, LeavesNothingInTheNamespaceRoot) {
  EXPECT_EQ(RunChild(GetParam().argument), GetParam().exit_code);
  const std::vector<std::string> left = Tree();
  EXPECT_TRUE(left.empty()) << "left in " << root_ << ": " << Joined(left);
}

INSTANTIATE_TEST_SUITE_P(
    Ways, NormalEnd,
    ::testing::Values(EndingWay{"ReturnFromMain", "return", 0}, EndingWay{"Exit", "exit", 0},
                      EndingWay{"ExitProcess", "ExitProcess", 0},
                      EndingWay{"LastThreadExitThread", "ExitThread", 0},
                      EndingWay{"TerminateProcessOfItself", "TerminateProcess", 0},
                      EndingWay{"TerminateJobObjectOfItsOwnJob", "TerminateJobObject", 0},
                      // The member's objects are gone before the program ends (it checks, exit code 3 if not).
                      EndingWay{"ChildEndedByTerminateJobObject", "job-member", 0},
                      // A killed child's files stay until the last emu process leaves: the program, here.
                      EndingWay{"ChildEndedByTerminateProcess", "terminated-child", 0}),
    [](const ::testing::TestParamInfo<EndingWay>& info) { return std::string(info.param.name); });

class AbruptEnd : public ProcessEnd {};

// Tests that a program ending without running emu code (_exit, SIGKILL, execve of another program) leaves its
// object files (the kernel has dropped its locks, so its names are gone already), and that the next emu process
// frees them and, ending normally, leaves nothing.
TEST_P(AbruptEnd, FilesStayUntilTheNextEmuProcess) {
  EXPECT_EQ(RunChild(GetParam().argument), GetParam().exit_code);
  EXPECT_FALSE(ObjectFiles(LocalDirectory(root_)).empty()) << "no emu code ran: its files are still there";
  EXPECT_EQ(RunChild("return"), 0);
  const std::vector<std::string> left = Tree();
  EXPECT_TRUE(left.empty()) << "left in " << root_ << ": " << Joined(left);
}

INSTANTIATE_TEST_SUITE_P(Ways, AbruptEnd,
                         ::testing::Values(EndingWay{"UnderscoreExit", "_exit", 0}, EndingWay{"Sigkill", "SIGKILL", -1},
                                           EndingWay{"ExecveOfANonEmuProgram", "execve", 0}),
                         [](const ::testing::TestParamInfo<EndingWay>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace winipc
