// What emu leaves on disk, which no Win32 test can see: the namespace directory's permissions, refusal of
// planted files and symlinks, and reclamation of a killed holder's object. Each test runs in a forked child
// with its own namespace root ($WINIPC_ROOT), so the directory cache starts empty.
#include "core/namespace.h"

#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "core/object.h"
#include "core/on_disk_test_util.h"
#include "posix/sys.h"

namespace winipc {
namespace {

class NamespaceOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-ns-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { (void)system(("rm -rf '" + root_ + "'").c_str()); }

  std::string LocalDir() const { return LocalDirectory(root_); }

  // Runs `body` in a forked child whose namespace root is root_; returns its exit code (or 128 + signal).
  int InChild(const std::function<int()>& body) const {
    pid_t pid = fork();
    if (pid == 0) {
      setenv("WINIPC_ROOT", root_.c_str(), 1);
      _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // The object files in the Local directory (everything but its own dotfiles): Local names are in its name table
  // now, so there are none.
  std::vector<std::string> Objects() const { return ObjectFiles(LocalDir()); }
  // The Local names: object files and the entries of the name table.
  size_t Names() const { return CountObjects(LocalDir()); }

  std::string root_;
};

// Tests that the per-user directory is created private (0700) and owned by the user.
TEST_F(NamespaceOnDisk, LocalDirectoryIsPrivate) {
  EXPECT_EQ(InChild([] { return CreateEventA(nullptr, TRUE, FALSE, "private") != nullptr ? 0 : 1; }), 0);
  struct stat st;
  ASSERT_EQ(stat(LocalDir().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0700u);
  EXPECT_EQ(st.st_uid, geteuid());
}

// Tests that closing the last handle removes the name at once (its entry in the name table), and leaves no file.
TEST_F(NamespaceOnDisk, LastCloseRemovesTheName) {
  EXPECT_EQ(InChild([this] {
              HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "gone");
              HANDLE e = CreateEventA(nullptr, TRUE, FALSE, "gone-too");
              if (h == nullptr || e == nullptr) return 1;
              if (Names() != 2 || !Objects().empty()) return 2;  // two names, in the table, no file
              if (!CloseHandle(h) || !CloseHandle(e)) return 3;
              return Names() == 0 ? 0 : 4;
            }),
            0);
  EXPECT_EQ(Names(), 0u);
}

// Tests that a view outliving the handle it was mapped through does not keep the name alive once the last handle
// (another open of the same name) is closed: on Windows a view keeps the memory, not the name. Found by
// fuzz/api_fuzz: the view kept the first open's descriptor, and with it its liveness lock.
TEST_F(NamespaceOnDisk, ViewOfAClosedOpenDoesNotKeepTheName) {
  EXPECT_EQ(InChild([this] {
              HANDLE a = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "viewed");
              if (a == nullptr) return 1;
              auto* view = static_cast<volatile char*>(MapViewOfFile(a, FILE_MAP_WRITE, 0, 0, 4096));
              HANDLE b = OpenFileMappingA(FILE_MAP_READ, FALSE, "viewed");
              if (view == nullptr || b == nullptr) return 2;
              view[0] = 42;
              if (!CloseHandle(a) || !CloseHandle(b)) return 3;
              if (Names() != 0) return 4;  // no handle left: the name is gone, the memory is not
              SetLastError(0xdeadbeef);
              if (OpenFileMappingA(FILE_MAP_READ, FALSE, "viewed") != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) {
                return 5;
              }
              if (view[0] != 42) return 6;
              return UnmapViewOfFile(const_cast<char*>(view)) ? 0 : 7;
            }),
            0);
  EXPECT_EQ(Names(), 0u);
}

// Tests that a holder that dies without closing (SIGKILL) leaves an entry in the name table (its memory went with
// it) that the next opener finds dead: the name is gone for it, and so is the entry.
TEST_F(NamespaceOnDisk, KilledHoldersNameIsReclaimedByTheNextOpener) {
  EXPECT_EQ(InChild([] {
              HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1 << 20, "orphan");
              if (h == nullptr) return 1;
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Names(), 1u);  // nobody has looked yet
  EXPECT_TRUE(Objects().empty());
  EXPECT_EQ(InChild([this] {
              SetLastError(0xdeadbeef);
              HANDLE h = OpenFileMappingA(FILE_MAP_READ, FALSE, "orphan");
              if (h != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) return 1;
              return Names() == 0 ? 0 : 2;
            }),
            0);
}

// Tests the memory half of the same: a SIGKILLed sole holder's 64 MiB section is given back by the kernel at
// once, with no other emu process running (a section's memory is a memfd only live holders keep open). Counted in
// the machine's shared memory (Shmem in /proc/meminfo), which the section's pages raise while it lives.
TEST_F(NamespaceOnDisk, KilledSoleHoldersSectionMemoryIsFreedAtOnce) {
  auto shmem_kib = [] {
    FILE* f = fopen("/proc/meminfo", "r");
    long long kib = -1;
    char line[256];
    while (f != nullptr && fgets(line, sizeof line, f) != nullptr) {
      if (sscanf(line, "Shmem: %lld kB", &kib) == 1) break;
    }
    if (f != nullptr) fclose(f);
    return kib;
  };
  constexpr long long kSectionKiB = 64 * 1024;
  const long long before = shmem_kib();
  ASSERT_GE(before, 0);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t holder = fork();
  if (holder == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionKiB * 1024, "big");
    auto* view = static_cast<char*>(MapViewOfFile(h, FILE_MAP_WRITE, 0, 0, 0));
    if (view != nullptr) memset(view, 1, kSectionKiB * 1024);
    const char ok = view != nullptr ? 'y' : 'n';
    (void)!write(ready[1], &ok, 1);
    pause();
    _exit(0);
  }
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  const long long held = shmem_kib();
  EXPECT_GE(held - before, kSectionKiB * 3 / 4) << "the section's pages do not show in Shmem: the test is blind";
  ASSERT_EQ(kill(holder, SIGKILL), 0);
  ASSERT_EQ(waitpid(holder, nullptr, 0), holder);
  const int64_t killed_at = posix::MonotonicNowNs();
  long long after = shmem_kib();
  while (after - before > kSectionKiB / 4 && posix::MonotonicNowNs() - killed_at < 2'000'000'000) {
    usleep(10 * 1000);
    after = shmem_kib();
  }
  EXPECT_LE(after - before, kSectionKiB / 4) << "Shmem before " << before << " KiB, holding " << held
                                              << " KiB, 2 s after the kill " << after << " KiB";
  printf("[ memory   ] 64 MiB section, holder killed: Shmem back to within %lld KiB of the baseline after %.0f ms\n",
         after - before, (posix::MonotonicNowNs() - killed_at) / 1e6);
  EXPECT_EQ(Names(), 1u) << "the entry stays until an emu process looks (at most a block of the table)";
  close(ready[0]);
  close(ready[1]);
}

// Tests that an opener waits out a killed remover's lock on the object file (Global names, which are files). A
// process killed while removing a name (last close, sweep) holds byte 0 of the object file exclusively; the kernel may drop its name lock on
// ".lock" first (it closes the highest descriptor first), so the next opener, holding the name lock, meets that
// lock for a moment. A stand-in process holds it for 200 ms: the opener must get a new object, not
// ERROR_SHARING_VIOLATION (what CrashTorture saw, rarely, before the wait).
TEST_F(NamespaceOnDisk, OpenerWaitsForADyingRemoversLock) {
  if (geteuid() != 0) GTEST_SKIP() << "Global names are files (this test's subject), and only root makes their directory";
  EXPECT_EQ(InChild([] {
              if (CreateEventA(nullptr, TRUE, FALSE, "Global\\dying") == nullptr) return 1;
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  const std::string global = root_ + "/winipc-global";
  const std::vector<std::string> files = ObjectFiles(global);
  ASSERT_EQ(files.size(), 1u);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t remover = fork();
  if (remover == 0) {
    int fd = open((global + "/" + files[0]).c_str(), O_RDWR);
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_len = 1;
    const char ok = fd >= 0 && fcntl(fd, F_OFD_SETLK, &fl) == 0 ? 'y' : 'n';
    (void)!write(ready[1], &ok, 1);
    usleep(200 * 1000);
    _exit(0);
  }
  char ok = 0;
  ASSERT_EQ(read(ready[0], &ok, 1), 1);
  ASSERT_EQ(ok, 'y');
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = CreateEventA(nullptr, TRUE, FALSE, "Global\\dying");
              if (h == nullptr) return 10 + static_cast<int>(GetLastError() % 100);
              return GetLastError() == 0 ? 0 : 3;  // the old object is dead: this one is new
            }),
            0);
  int status = 0;
  waitpid(remover, &status, 0);
  close(ready[0]);
  close(ready[1]);
}

// Tests that ReclaimStale sweeps every dead name, not only the names someone opens.
TEST_F(NamespaceOnDisk, ReclaimStaleSweepsDeadObjects) {
  EXPECT_EQ(InChild([] {
              CreateEventA(nullptr, TRUE, FALSE, "dead-1");
              CreateEventA(nullptr, TRUE, FALSE, "dead-2");
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Names(), 2u);
  EXPECT_EQ(InChild([this] {
              HANDLE live = CreateEventA(nullptr, TRUE, FALSE, "alive");
              Namespace::ReclaimStale(Scope::kLocal);
              return live != nullptr && Names() == 1 ? 0 : 1;  // "alive" stays; the two dead ones are gone
            }),
            0);
}

// Tests that the next emu process to start frees the names of a killed last holder, even if nobody asks for them
// again.
TEST_F(NamespaceOnDisk, NextProcessFreesDeadObjects) {
  EXPECT_EQ(InChild([] {
              CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1 << 20, "dead-section");
              CreateEventA(nullptr, TRUE, FALSE, "dead-event");
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Names(), 2u);
  EXPECT_EQ(InChild([this] {
              HANDLE other = CreateEventA(nullptr, TRUE, FALSE, "unrelated");
              if (other == nullptr || Names() != 1) return 1;
              return CloseHandle(other) && Names() == 0 ? 0 : 2;
            }),
            0);
  EXPECT_EQ(Names(), 0u);
}

// Tests that a symlink planted where the per-user directory should be is refused, not followed.
TEST_F(NamespaceOnDisk, SymlinkedDirectoryIsRefused) {
  const std::string elsewhere = root_ + "/elsewhere";
  ASSERT_EQ(mkdir(elsewhere.c_str(), 0700), 0);
  ASSERT_EQ(symlink(elsewhere.c_str(), LocalDir().c_str()), 0);
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = CreateEventA(nullptr, TRUE, FALSE, "x");
              return h == nullptr && GetLastError() == ERROR_ACCESS_DENIED ? 0 : 1;
            }),
            0);
  struct stat st;
  ASSERT_EQ(stat(elsewhere.c_str(), &st), 0);
  EXPECT_EQ(CountObjects(elsewhere), 0u);
}

// Tests that a per-user directory others can enter (wrong mode) is refused.
TEST_F(NamespaceOnDisk, DirectoryWithWrongModeIsRefused) {
  ASSERT_EQ(mkdir(LocalDir().c_str(), 0755), 0);
  ASSERT_EQ(chmod(LocalDir().c_str(), 0755), 0);
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "x");
              return h == nullptr && GetLastError() == ERROR_ACCESS_DENIED ? 0 : 1;
            }),
            0);
}

// Tests that a symlink planted where the name table should be is never followed: named calls fail with
// ERROR_ACCESS_DENIED and nothing is made through the link.
TEST_F(NamespaceOnDisk, PlantedSymlinkNameTableIsRefused) {
  ASSERT_EQ(mkdir(LocalDir().c_str(), 0700), 0);
  const std::string target = root_ + "/target";
  ASSERT_EQ(symlink(target.c_str(), (LocalDir() + "/.names").c_str()), 0);
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = CreateEventA(nullptr, TRUE, FALSE, "planted");
              return h == nullptr && GetLastError() == ERROR_ACCESS_DENIED ? 0 : 1;
            }),
            0);
  struct stat st;
  EXPECT_NE(lstat(target.c_str(), &st), 0);  // nothing was created through the link
}

constexpr uid_t kNobody = 65534;

// Tests that another user cannot reach your Local objects: the same name resolves in that user's own namespace.
TEST_F(NamespaceOnDisk, AnotherUserCannotOpenYourLocalObjects) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run a second user";
  ASSERT_EQ(chmod(root_.c_str(), 01777), 0);
  EXPECT_EQ(InChild([this] {
              HANDLE mine = CreateEventA(nullptr, TRUE, FALSE, "mine");
              if (mine == nullptr) return 1;
              pid_t pid = fork();
              if (pid == 0) {
                if (setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(3);
                SetLastError(0xdeadbeef);
                HANDLE theirs = OpenEventA(SYNCHRONIZE, FALSE, "mine");
                _exit(theirs == nullptr && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 4);
              }
              int status = 0;
              waitpid(pid, &status, 0);
              return WIFEXITED(status) ? WEXITSTATUS(status) : 5;
            }),
            0);
}

// Tests that creating a Global file mapping needs root (Windows: SeCreateGlobalPrivilege), while a Global event
// does not.
TEST_F(NamespaceOnDisk, GlobalMappingNeedsRoot) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root to run a second user";
  ASSERT_EQ(chmod(root_.c_str(), 01777), 0);
  EXPECT_EQ(InChild([] {
              // Root creates the Global directory on first use.
              HANDLE global = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "Global\\r");
              if (global == nullptr) return 1;
              pid_t pid = fork();
              if (pid == 0) {
                if (setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(3);
                SetLastError(0xdeadbeef);
                HANDLE map = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "Global\\m");
                if (map != nullptr || GetLastError() != ERROR_ACCESS_DENIED) _exit(4);
                SetLastError(0xdeadbeef);
                HANDLE event = CreateEventA(nullptr, TRUE, FALSE, "Global\\e");
                _exit(event != nullptr && GetLastError() == 0 ? 0 : 5);
              }
              int status = 0;
              waitpid(pid, &status, 0);
              return WIFEXITED(status) ? WEXITSTATUS(status) : 6;
            }),
            0);
  struct stat st;
  ASSERT_EQ(stat((root_ + "/winipc-global").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 01777u);
  EXPECT_EQ(st.st_uid, 0u);
}

// A child process running as nobody, alive until told to finish: `setup` runs first and its result is what
// Ready() returns; then the child waits for Finish(), runs `finish` and exits with its result. So a test can
// make nobody hold objects (or locks) while root acts, then check nobody's view afterwards.
class NobodyChild {
 public:
  explicit NobodyChild(const std::function<int()>& setup, const std::function<int()>& finish = [] { return 0; }) {
    int ready[2], go[2];
    if (pipe(ready) != 0 || pipe(go) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      close(ready[0]);
      close(go[1]);
      if (setgid(kNobody) != 0 || setuid(kNobody) != 0) _exit(99);
      const char result = static_cast<char>(setup());
      if (write(ready[1], &result, 1) != 1) _exit(98);
      char byte;
      if (read(go[0], &byte, 1) != 1) _exit(97);
      _exit(finish());
    }
    close(ready[1]);
    close(go[0]);
    ready_ = ready[0];
    go_ = go[1];
  }
  ~NobodyChild() { (void)Finish(); }

  // setup's result, or 99 if the child could not become nobody.
  int Ready() {
    char result = 99;
    if (read(ready_, &result, 1) != 1) result = 99;
    return result;
  }
  // finish's result (the child's exit code), or 128 + signal.
  int Finish() {
    if (pid_ <= 0) return -1;
    const char byte = 0;
    (void)!write(go_, &byte, 1);
    close(go_);
    close(ready_);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int ready_ = -1;
  int go_ = -1;
};

// Runs `body` in a forked child that becomes nobody; returns its exit code.
int AsNobody(const std::function<int()>& body) {
  NobodyChild child(body);
  const int setup = child.Ready();
  return child.Finish() == 0 ? setup : 99;
}

// The path of a name's object file in a scope's directory under `root`.
std::string ObjectPath(const std::string& root, const std::string& scope_dir, const std::u16string& leaf) {
  return root + "/" + scope_dir + "/" + EncodeFileName(leaf);
}

// A descriptor of the given DACL kind, for SECURITY_ATTRIBUTES.
enum class Dacl { kNone, kNull, kEmpty };
struct Descriptor {
  explicit Descriptor(Dacl dacl) {
    InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION);
    InitializeAcl(&acl, sizeof acl, ACL_REVISION);
    if (dacl != Dacl::kNone) SetSecurityDescriptorDacl(&sd, TRUE, dacl == Dacl::kNull ? nullptr : &acl, FALSE);
    sa.lpSecurityDescriptor = &sd;
  }
  SECURITY_DESCRIPTOR sd;
  ACL acl;
  SECURITY_ATTRIBUTES sa = {sizeof(SECURITY_ATTRIBUTES), nullptr, FALSE};
};

class GlobalIsolation : public NamespaceOnDisk {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to run a second user";
    NamespaceOnDisk::SetUp();
    ASSERT_EQ(chmod(root_.c_str(), 01777), 0);  // like /dev/shm: every user may make a directory in it
  }
  std::string GlobalPath(const std::u16string& leaf) const { return ObjectPath(root_, "winipc-global", leaf); }
  mode_t ModeOf(const std::string& path) const {
    struct stat st;
    return lstat(path.c_str(), &st) == 0 ? st.st_mode & 07777 : 0;
  }
};

// Tests that a Global object created with the default security (no attributes, a descriptor without a DACL, or
// an empty DACL) is the creator's alone: another user can neither open it nor create the same name.
TEST_F(GlobalIsolation, GlobalDefaultDaclIsOwnerOnly) {
  for (Dacl dacl : {Dacl::kNone, Dacl::kEmpty}) {
    for (bool with_attributes : {false, true}) {
      if (!with_attributes && dacl != Dacl::kNone) continue;
      SCOPED_TRACE(std::string(with_attributes ? "descriptor " : "no attributes ") +
                   (dacl == Dacl::kEmpty ? "with an empty DACL" : "without a DACL"));
      EXPECT_EQ(InChild([&] {
                  Descriptor descriptor(dacl);
                  HANDLE mine = CreateEventA(with_attributes ? &descriptor.sa : nullptr, TRUE, FALSE, "Global\\x");
                  if (mine == nullptr) return 1;
                  if (ModeOf(GlobalPath(u"x")) != 0600) return 2;
                  return AsNobody([] {
                    SetLastError(0xdeadbeef);
                    if (OpenEventA(SYNCHRONIZE, FALSE, "Global\\x") != nullptr) return 3;
                    if (GetLastError() != ERROR_ACCESS_DENIED) return 4;
                    SetLastError(0xdeadbeef);
                    if (CreateEventA(nullptr, TRUE, FALSE, "Global\\x") != nullptr) return 5;
                    if (GetLastError() != ERROR_ACCESS_DENIED) return 6;
                    return 0;
                  });
                }),
                0);
    }
  }
}

// Tests that a NULL DACL lets every user in: another user opens a Global event and sets it, and maps a Global
// file mapping and writes to it, and the creator sees both.
TEST_F(GlobalIsolation, GlobalNullDaclLetsEveryoneIn) {
  EXPECT_EQ(InChild([this] {
              Descriptor everyone(Dacl::kNull);
              SetLastError(0xdeadbeef);
              HANDLE event = CreateEventA(&everyone.sa, TRUE, FALSE, "Global\\open-event");
              if (event == nullptr || GetLastError() != 0) return 1;
              HANDLE mapping =
                  CreateFileMappingA(INVALID_HANDLE_VALUE, &everyone.sa, PAGE_READWRITE, 0, 4096, "Global\\open-map");
              if (mapping == nullptr) return 2;
              // The umask (022 here) must not narrow what the DACL asked for.
              if (ModeOf(GlobalPath(u"open-event")) != 0666 || ModeOf(GlobalPath(u"open-map")) != 0666) return 3;
              const int nobody = AsNobody([] {
                HANDLE e = OpenEventA(EVENT_MODIFY_STATE, FALSE, "Global\\open-event");
                if (e == nullptr || !SetEvent(e)) return 10;
                HANDLE m = OpenFileMappingA(FILE_MAP_WRITE, FALSE, "Global\\open-map");
                if (m == nullptr) return 11;
                auto* view = static_cast<char*>(MapViewOfFile(m, FILE_MAP_WRITE, 0, 0, 4096));
                if (view == nullptr) return 12;
                std::memcpy(view, "from nobody", 12);
                return UnmapViewOfFile(view) && CloseHandle(m) && CloseHandle(e) ? 0 : 13;
              });
              if (nobody != 0) return nobody;
              if (WaitForSingleObject(event, 0) != WAIT_OBJECT_0) return 4;
              auto* view = static_cast<const char*>(MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 4096));
              return view != nullptr && std::strcmp(view, "from nobody") == 0 ? 0 : 5;
            }),
            0);
}

// Tests that another user who creates a name first does not take it from you: Local names (prefixed or not) live
// in each user's own directory, so your Create* makes your own object, independent of theirs.
TEST_F(GlobalIsolation, AnotherUserCannotSquatYourLocalNames) {
  EXPECT_EQ(InChild([] {
              HANDLE theirs[2] = {};
              NobodyChild squatter(
                  [&] {
                    theirs[0] = CreateEventA(nullptr, TRUE, FALSE, "Local\\n");
                    theirs[1] = CreateEventA(nullptr, TRUE, FALSE, "plain");
                    return theirs[0] != nullptr && theirs[1] != nullptr ? 0 : 1;
                  },
                  [&] {
                    // Root set its own objects: the squatter's stay unsignalled.
                    return WaitForSingleObject(theirs[0], 0) == WAIT_TIMEOUT &&
                                   WaitForSingleObject(theirs[1], 0) == WAIT_TIMEOUT
                               ? 0
                               : 2;
                  });
              if (squatter.Ready() != 0) return 1;
              for (const char* name : {"Local\\n", "plain"}) {
                SetLastError(0xdeadbeef);
                HANDLE mine = CreateEventA(nullptr, TRUE, FALSE, name);
                if (mine == nullptr || GetLastError() != 0) return 3;  // not ERROR_ALREADY_EXISTS: a fresh object
                if (!SetEvent(mine)) return 4;
              }
              return squatter.Finish();
            }),
            0);
}

// Tests that files another user plants where a Global object would live are never used: one holding junk and
// one with a plausible header of another version, nobody holding them, are taken for a dead holder's files and
// replaced (their bytes never read); one the planter keeps locked is refused as a name held by an object of
// another type (ERROR_INVALID_HANDLE), and left as it was.
TEST_F(GlobalIsolation, PlantedGlobalObjectFileIsRefused) {
  EXPECT_EQ(InChild([this] {
              // Root makes the Global directory, as the first Global user on a machine does.
              HANDLE first = CreateEventA(nullptr, TRUE, FALSE, "Global\\first");
              if (first == nullptr) return 1;
              const std::string junk = GlobalPath(u"junk"), old = GlobalPath(u"old"), held = GlobalPath(u"held");
              const auto plant = [](const std::string& path, const void* bytes, size_t size) {
                int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL, 0666);
                if (fd < 0) return -1;
                if (write(fd, bytes, size) != static_cast<ssize_t>(size)) {
                  close(fd);
                  return -1;
                }
                return fd;
              };
              const char garbage[] = "not an emu object, not even close to one; lots of junk follows.....";
              int held_fd = -1;
              NobodyChild planter(
                  [&] {
                    int fd = plant(junk, garbage, sizeof garbage);
                    if (fd < 0) return 1;
                    close(fd);
                    std::string header(4096, '\0');
                    SharedHeader h = {};
                    h.magic = SharedHeader::kMagic;
                    h.version = SharedHeader::kVersion + 1;
                    h.type = static_cast<uint16_t>(ObjectType::kEvent);
                    h.header_size = 4096;
                    h.name_length = 3;
                    h.sync.state = 1;  // "signalled": a new object must not inherit it
                    std::memcpy(header.data(), &h, sizeof h);
                    std::memcpy(header.data() + sizeof h, "old", 3);
                    fd = plant(old, header.data(), header.size());
                    if (fd < 0) return 2;
                    close(fd);
                    held_fd = plant(held, garbage, sizeof garbage);
                    if (held_fd < 0) return 3;
                    struct flock lock = {};
                    lock.l_type = F_RDLCK;
                    lock.l_len = 1;
                    return fcntl(held_fd, F_OFD_SETLK, &lock) == 0 ? 0 : 4;
                  },
                  [] { return 0; });
              if (const int r = planter.Ready(); r != 0) return 10 + r;

              SetLastError(0xdeadbeef);
              if (OpenEventA(SYNCHRONIZE, FALSE, "Global\\junk") != nullptr) return 20;
              if (GetLastError() != ERROR_FILE_NOT_FOUND) return 21;
              SetLastError(0xdeadbeef);
              HANDLE fresh = CreateEventA(nullptr, TRUE, FALSE, "Global\\old");
              if (fresh == nullptr || GetLastError() != 0) return 22;
              if (WaitForSingleObject(fresh, 0) != WAIT_TIMEOUT) return 23;  // its own state, not the planted one
              struct stat st;
              if (lstat(old.c_str(), &st) != 0 || st.st_uid != 0 || (st.st_mode & 07777) != 0600) return 24;

              SetLastError(0xdeadbeef);
              if (CreateEventA(nullptr, TRUE, FALSE, "Global\\held") != nullptr) return 25;
              if (GetLastError() != ERROR_INVALID_HANDLE) return 26;
              SetLastError(0xdeadbeef);
              if (OpenEventA(SYNCHRONIZE, FALSE, "Global\\held") != nullptr) return 27;
              if (GetLastError() != ERROR_INVALID_HANDLE) return 28;
              if (lstat(held.c_str(), &st) != 0 || st.st_uid != kNobody ||
                  st.st_size != static_cast<off_t>(sizeof garbage)) {
                return 29;
              }
              return planter.Finish();
            }),
            0);
}

// Tests that a Global object's file replaced by a symlink (planted by another user) or a hard link (to a file
// elsewhere) is refused, never followed, and the file it leads to is unchanged.
TEST_F(GlobalIsolation, LinkedGlobalObjectFileIsRefused) {
  const std::string target = root_ + "/root-owned";
  const std::string contents = "root's own file";
  EXPECT_EQ(InChild([&] {
              HANDLE first = CreateEventA(nullptr, TRUE, FALSE, "Global\\first");
              if (first == nullptr) return 1;
              int fd = open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
              if (fd < 0 || write(fd, contents.data(), contents.size()) != static_cast<ssize_t>(contents.size())) {
                return 2;
              }
              close(fd);
              const std::string sym = GlobalPath(u"sym"), hard = GlobalPath(u"hard");
              if (AsNobody([&] { return symlink(target.c_str(), sym.c_str()) == 0 ? 0 : 1; }) != 0) return 3;
              if (link(target.c_str(), hard.c_str()) != 0) return 4;  // what protected_hardlinks stops others doing
              for (const char* name : {"Global\\sym", "Global\\hard"}) {
                SetLastError(0xdeadbeef);
                if (CreateEventA(nullptr, TRUE, FALSE, name) != nullptr) return 5;
                if (GetLastError() != ERROR_ACCESS_DENIED) return 6;
                SetLastError(0xdeadbeef);
                if (OpenEventA(SYNCHRONIZE, FALSE, name) != nullptr) return 7;
                if (GetLastError() != ERROR_ACCESS_DENIED) return 8;
                SetLastError(0xdeadbeef);
                if (CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name) != nullptr) {
                  return 9;
                }
                if (GetLastError() != ERROR_ACCESS_DENIED) return 10;
              }
              return 0;
            }),
            0);
  struct stat st;
  ASSERT_EQ(lstat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, static_cast<off_t>(contents.size()));
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  char buffer[64] = {};
  int fd = open(target.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read(fd, buffer, sizeof buffer), static_cast<ssize_t>(contents.size()));
  close(fd);
  EXPECT_EQ(std::string(buffer), contents);
}

// Tests that a Global directory made by another user (who could plant or remove files in it at will) is refused.
TEST_F(GlobalIsolation, GlobalDirectoryPlantedByAnotherUserIsRefused) {
  const std::string dir = root_ + "/winipc-global";
  ASSERT_EQ(AsNobody([&] { return mkdir(dir.c_str(), 01777) == 0 && chmod(dir.c_str(), 01777) == 0 ? 0 : 1; }),
            0);
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = CreateEventA(nullptr, TRUE, FALSE, "Global\\x");
              return h == nullptr && GetLastError() == ERROR_ACCESS_DENIED ? 0 : 1;
            }),
            0);
}

// Tests that hostile names stay names: each is an entry of the name table, no file appears in the directory or
// beside it, and each is found again by its exact name.
TEST_F(NamespaceOnDisk, HostileNamesStayInside) {
  EXPECT_EQ(InChild([this] {
              const char* names[] = {"..", ".", "a/b", "../../x", "%2E", "\x01\x7f"};
              for (const char* n : names) {
                SetLastError(0xdeadbeef);
                if (CreateEventA(nullptr, TRUE, FALSE, n) == nullptr || GetLastError() != 0) return 1;
              }
              for (const char* n : names) {
                HANDLE again = OpenEventA(SYNCHRONIZE, FALSE, n);
                if (again == nullptr) return 2;
                CloseHandle(again);
              }
              if (Names() != 6 || !Objects().empty()) return 3;
              // Nothing appeared beside the namespace directory.
              DIR* d = opendir(root_.c_str());
              if (d == nullptr) return 4;
              std::vector<std::string> top;
              while (struct dirent* e = readdir(d)) {
                if (e->d_name[0] != '.') top.push_back(e->d_name);
              }
              closedir(d);
              return top == std::vector<std::string>{"winipc-" + std::to_string(geteuid())} ? 0 : 5;
            }),
            0);
}

}  // namespace
}  // namespace winipc
