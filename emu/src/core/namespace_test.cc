// What emu leaves on disk, which no Win32 test can see: the namespace directory's permissions, refusal of
// planted files and symlinks, and reclamation of a killed holder's object. Each test runs in a forked child
// with its own namespace root ($WINIPC_ROOT), so the directory cache starts empty.
#include "core/namespace.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <functional>
#include <string>
#include <vector>

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

  std::string LocalDir() const { return root_ + "/winipc-" + std::to_string(geteuid()); }

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

  // The object files in the Local directory (everything but ".lock").
  std::vector<std::string> Objects() const {
    std::vector<std::string> names;
    DIR* d = opendir(LocalDir().c_str());
    if (d == nullptr) return names;
    while (struct dirent* e = readdir(d)) {
      if (e->d_name[0] != '.') names.push_back(e->d_name);
    }
    closedir(d);
    return names;
  }

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

// Tests that closing the last handle leaves nothing behind.
TEST_F(NamespaceOnDisk, LastCloseRemovesTheFile) {
  EXPECT_EQ(InChild([] {
              HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, "gone");
              HANDLE e = CreateEventA(nullptr, TRUE, FALSE, "gone-too");
              return h != nullptr && e != nullptr && CloseHandle(h) && CloseHandle(e) ? 0 : 1;
            }),
            0);
  EXPECT_TRUE(Objects().empty());
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
              if (!Objects().empty()) return 4;  // no handle left: the name is gone, the memory is not
              SetLastError(0xdeadbeef);
              if (OpenFileMappingA(FILE_MAP_READ, FALSE, "viewed") != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) {
                return 5;
              }
              if (view[0] != 42) return 6;
              return UnmapViewOfFile(const_cast<char*>(view)) ? 0 : 7;
            }),
            0);
  EXPECT_TRUE(Objects().empty());
}

// Tests that a holder that dies without closing (SIGKILL) leaves a file that the next opener reclaims: the name
// is gone for it, and the file too.
TEST_F(NamespaceOnDisk, KilledHoldersObjectIsReclaimedByTheNextOpener) {
  EXPECT_EQ(InChild([] {
              HANDLE h = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1 << 20, "orphan");
              if (h == nullptr) return 1;
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Objects().size(), 1u);  // the kernel dropped the lock, but nobody has looked yet
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE h = OpenFileMappingA(FILE_MAP_READ, FALSE, "orphan");
              return h == nullptr && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 1;
            }),
            0);
  EXPECT_TRUE(Objects().empty());
}

// Tests that ReclaimStale sweeps every dead object, not only the names someone opens.
TEST_F(NamespaceOnDisk, ReclaimStaleSweepsDeadObjects) {
  EXPECT_EQ(InChild([] {
              CreateEventA(nullptr, TRUE, FALSE, "dead-1");
              CreateEventA(nullptr, TRUE, FALSE, "dead-2");
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Objects().size(), 2u);
  EXPECT_EQ(InChild([] {
              HANDLE live = CreateEventA(nullptr, TRUE, FALSE, "alive");
              Namespace::ReclaimStale(Scope::kLocal);
              return live != nullptr ? 0 : 1;  // exits holding "alive": the kernel drops it at exit
            }),
            0);
  EXPECT_EQ(Objects().size(), 1u);  // "alive" died with its process without closing; the two dead ones are gone
}

// Tests that the next emu process to start frees the objects of a killed last holder, even if nobody asks for
// their names again.
TEST_F(NamespaceOnDisk, NextProcessFreesDeadObjects) {
  EXPECT_EQ(InChild([] {
              CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 1 << 20, "dead-section");
              CreateEventA(nullptr, TRUE, FALSE, "dead-event");
              raise(SIGKILL);
              return 2;
            }),
            128 + SIGKILL);
  ASSERT_EQ(Objects().size(), 2u);
  EXPECT_EQ(InChild([] {
              HANDLE other = CreateEventA(nullptr, TRUE, FALSE, "unrelated");
              return other != nullptr && CloseHandle(other) ? 0 : 1;
            }),
            0);
  EXPECT_TRUE(Objects().empty());
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
  DIR* d = opendir(elsewhere.c_str());
  ASSERT_NE(d, nullptr);
  int entries = 0;
  while (struct dirent* e = readdir(d)) entries += e->d_name[0] != '.';
  closedir(d);
  EXPECT_EQ(entries, 0);
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

// Tests that a symlink planted under an object's file name is never followed.
TEST_F(NamespaceOnDisk, PlantedSymlinkObjectIsRefused) {
  ASSERT_EQ(mkdir(LocalDir().c_str(), 0700), 0);
  const std::string target = root_ + "/target";
  ASSERT_EQ(symlink(target.c_str(), (LocalDir() + "/planted").c_str()), 0);
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

// Tests that hostile names stay inside the directory, one regular file each.
TEST_F(NamespaceOnDisk, HostileNamesStayInside) {
  EXPECT_EQ(InChild([] {
              const char* names[] = {"..", ".", "a/b", "../../x", "%2E", "\x01\x7f"};
              for (const char* n : names) {
                SetLastError(0xdeadbeef);
                if (CreateEventA(nullptr, TRUE, FALSE, n) == nullptr || GetLastError() != 0) return 1;
              }
              return 0;  // exits holding them all, so their files stay for the parent to inspect
            }),
            0);
  const std::vector<std::string> objects = Objects();
  EXPECT_EQ(objects.size(), 6u);
  for (const std::string& name : objects) {
    struct stat st;
    ASSERT_EQ(lstat((LocalDir() + "/" + name).c_str(), &st), 0) << name;
    EXPECT_TRUE(S_ISREG(st.st_mode)) << name;
  }
  // Nothing appeared beside the namespace directory.
  DIR* d = opendir(root_.c_str());
  ASSERT_NE(d, nullptr);
  std::vector<std::string> top;
  while (struct dirent* e = readdir(d)) {
    if (e->d_name[0] != '.') top.push_back(e->d_name);
  }
  closedir(d);
  EXPECT_EQ(top, std::vector<std::string>{"winipc-" + std::to_string(geteuid())});
}

}  // namespace
}  // namespace winipc
