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
//     emu process starts (which frees them, and leaves nothing when it ends);
//   - processes arriving while others leave (and remove the directory) never fail and never split a name.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cstdio>
#include <new>
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

// The ExitThread way cannot be checked under two sanitizers. ThreadSanitizer's runtime keeps a thread of its own,
// so a process whose own threads all end by ExitThread never ends. LeakSanitizer (with AddressSanitizer) reports
// the thread-local memory of a main thread that ended by ExitThread (seen: the list of the mutexes it owned, and
// the registration of that list's destructor), memory the process was giving back by ending anyway.
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
#define WINIPC_NO_EXIT_THREAD_WAY 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define WINIPC_NO_EXIT_THREAD_WAY 1
#endif
#endif

class NormalEnd : public ProcessEnd {};

// Tests that a program ending normally without closing any handle leaves nothing in the namespace root: no object
// file (so no section memory in /dev/shm), no ".lock", no directory.
TEST_P(NormalEnd, LeavesNothingInTheNamespaceRoot) {
#ifdef WINIPC_NO_EXIT_THREAD_WAY
  if (std::string(GetParam().argument) == "ExitThread") GTEST_SKIP() << "see WINIPC_NO_EXIT_THREAD_WAY";
#endif
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
// names' entries in the name table (their memory went with the process, and any opener finds them dead), and that
// the next emu process frees them and, ending normally, leaves nothing.
TEST_P(AbruptEnd, EntriesStayUntilTheNextEmuProcess) {
  EXPECT_EQ(RunChild(GetParam().argument), GetParam().exit_code);
  EXPECT_GT(CountObjects(LocalDirectory(root_)), 0u) << "no emu code ran: its entries are still there";
  EXPECT_EQ(RunChild("return"), 0);
  const std::vector<std::string> left = Tree();
  EXPECT_TRUE(left.empty()) << "left in " << root_ << ": " << Joined(left);
}

INSTANTIATE_TEST_SUITE_P(Ways, AbruptEnd,
                         ::testing::Values(EndingWay{"UnderscoreExit", "_exit", 0}, EndingWay{"Sigkill", "SIGKILL", -1},
                                           EndingWay{"ExecveOfANonEmuProgram", "execve", 0}),
                         [](const ::testing::TestParamInfo<EndingWay>& info) { return std::string(info.param.name); });

constexpr int kRacers = 6;
constexpr int kEndsPerRacer = 150;

// What the processes of ArrivalsAndDepartures share (MAP_SHARED | MAP_ANONYMOUS, made before any fork).
struct RaceCounts {
  // The token of the shared section each racer's current process holds, 0 when it holds none: set after it has
  // the section, cleared before it ends. Two set slots with different tokens are two objects alive under one name.
  std::atomic<uint64_t> holding[kRacers];
  std::atomic<int> failures;
  std::atomic<int> splits;
  std::atomic<int> stale;  // a section created anew whose memory was not zero
  std::atomic<int> ends;
};

// One short-lived emu process: creates or opens the shared section (its creator writes a token into it) and a
// section of its own, checks that every other process holding the shared name holds the same object, and ends
// normally without closing anything, so it leaves the directory (removing it if it is the last).
[[noreturn]] void ArriveAndLeave(RaceCounts* counts, const std::string& root, int racer, int id) {
  setenv("WINIPC_ROOT", root.c_str(), 1);
  SetLastError(0xdeadbeef);
  HANDLE shared = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "arrivals-shared");
  const DWORD error = GetLastError();
  const std::string own = "arrival-" + std::to_string(id);
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, own.c_str());
  auto* token = shared != nullptr ? static_cast<std::atomic<uint64_t>*>(MapViewOfFile(shared, FILE_MAP_WRITE, 0, 0, 0))
                                  : nullptr;
  if (token == nullptr || section == nullptr || (error != 0 && error != ERROR_ALREADY_EXISTS)) {
    fprintf(stderr, "arrival %d: shared %p, own %p, error %lu then %lu\n", id, shared, section,
            static_cast<unsigned long>(error), static_cast<unsigned long>(GetLastError()));
    counts->failures.fetch_add(1);
    exit(1);
  }
  uint64_t mine = static_cast<uint64_t>(id) + 1;
  if (error == 0) {
    if (token->load() != 0) counts->stale.fetch_add(1);
    token->store(mine);
  } else {
    // Its creator writes the token right after its Create returns.
    for (unsigned spins = 0; (mine = token->load()) == 0; ++spins) {
      if (spins == 10000000) {
        counts->failures.fetch_add(1);
        exit(1);
      }
      sched_yield();
    }
  }
  counts->holding[racer].store(mine);
  if (id % 3 == 0) sched_yield();
  for (const auto& other : counts->holding) {
    const uint64_t theirs = other.load();
    if (theirs != 0 && theirs != mine) counts->splits.fetch_add(1);
  }
  counts->holding[racer].store(0);
  exit(0);  // a normal end, handles and view open
}

// Tests that emu processes starting while others end (and the last of them removes the directory) never fail to
// create or open a name, never get a second object under a name someone holds nor an old object's memory in a new
// one, and that once the last has ended the root is empty. The test process does not use emu; each racer starts its processes one after the other.
TEST(ArrivalsAndDepartures, NeverFailNeverSplitAndLeaveNothing) {
  char made[] = "/tmp/winipc-arrivals-XXXXXX";
  ASSERT_NE(mkdtemp(made), nullptr);
  const std::string root = made;
  void* memory = mmap(nullptr, sizeof(RaceCounts), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(memory, MAP_FAILED);
  auto* counts = new (memory) RaceCounts();
  fflush(nullptr);  // the processes end by exit(), which flushes their copies of our buffers
  pid_t racers[kRacers];
  for (int r = 0; r < kRacers; ++r) {
    racers[r] = fork();
    if (racers[r] == 0) {
      for (int i = 0; i < kEndsPerRacer; ++i) {
        const pid_t pid = fork();
        if (pid == 0) ArriveAndLeave(counts, root, r, r * kEndsPerRacer + i);
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) counts->failures.fetch_add(1);
        counts->ends.fetch_add(1);
      }
      _exit(0);
    }
  }
  for (pid_t racer : racers) waitpid(racer, nullptr, 0);
  std::vector<std::string> left;
  ListTree(root, "", &left);
  EXPECT_EQ(counts->ends.load(), kRacers * kEndsPerRacer);
  EXPECT_EQ(counts->failures.load(), 0);
  EXPECT_EQ(counts->splits.load(), 0) << "two objects alive at once under one name";
  EXPECT_EQ(counts->stale.load(), 0) << "a new object with an old object's memory";
  EXPECT_TRUE(left.empty()) << "left in " << root << ": " << Joined(left);
  munmap(memory, sizeof(RaceCounts));
  (void)system(("rm -rf '" + root + "'").c_str());
}

}  // namespace
}  // namespace winipc
