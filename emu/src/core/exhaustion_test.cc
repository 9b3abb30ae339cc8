// Exhaustion (issue 8): running out of file descriptors (EMFILE) and out of room in the namespace file system
// (ENOSPC, /dev/shm full) must fail the Create* call with a Windows error and leave nothing half-created: the
// name that failed does not exist afterwards, and once every handle is closed the directory is empty.
//   - EMFILE -> ERROR_TOO_MANY_OPEN_FILES (4), Windows' own code for "no more handles/descriptors"
//     (posix/errno_map.cc). Windows itself has no small per-process handle limit, so this is the closest code.
//   - ENOSPC -> ERROR_DISK_FULL (112) for the sync objects, whose state is a file. For a pagefile-backed section
//     the name Windows gives "the pagefile is full" is ERROR_COMMITMENT_LIMIT (1455, "The paging file is too
//     small for this operation to complete"): what a CreateFileMapping(INVALID_HANDLE_VALUE) gets when commit
//     cannot be charged; emu returned ERROR_DISK_FULL there until core/section.cc translated it.
// Each test runs in a forked child with its own namespace root ($WINIPC_ROOT).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <functional>
#include <string>
#include <vector>

#include "core/on_disk_test_util.h"

// UndefinedBehaviorSanitizer checks a virtual call's object by asking the kernel whether its memory is readable,
// through a pipe it opens for the purpose; with every descriptor taken that fails, and it reports an "invalid
// vptr" on a sound object and stops the process. So the descriptor exhaustion tests do not run sanitized.
#if defined(__SANITIZE_ADDRESS__)
#define WINIPC_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WINIPC_SANITIZED 1
#endif
#endif

namespace winipc {
namespace {

enum class Kind { kEvent, kMutex, kSemaphore, kSection, kTimer, kJob };
constexpr Kind kKinds[] = {Kind::kEvent, Kind::kMutex, Kind::kSemaphore, Kind::kSection, Kind::kTimer, Kind::kJob};
constexpr int kMaxObjects = 4000;

HANDLE Create(Kind kind, const std::string& name, DWORD section_size = 4096) {
  const char* n = name.c_str();
  switch (kind) {
    case Kind::kEvent:
      return CreateEventA(nullptr, TRUE, FALSE, n);
    case Kind::kMutex:
      return CreateMutexA(nullptr, FALSE, n);
    case Kind::kSemaphore:
      return CreateSemaphoreA(nullptr, 1, 1, n);
    case Kind::kSection:
      return CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, section_size, n);
    case Kind::kTimer:
      return CreateWaitableTimerA(nullptr, TRUE, n);
    case Kind::kJob:
      return CreateJobObjectA(nullptr, n);
  }
  return nullptr;
}

HANDLE Open(Kind kind, const std::string& name) {
  const char* n = name.c_str();
  switch (kind) {
    case Kind::kEvent:
      return OpenEventA(SYNCHRONIZE, FALSE, n);
    case Kind::kMutex:
      return OpenMutexA(SYNCHRONIZE, FALSE, n);
    case Kind::kSemaphore:
      return OpenSemaphoreA(SYNCHRONIZE, FALSE, n);
    case Kind::kSection:
      return OpenFileMappingA(FILE_MAP_READ, FALSE, n);
    case Kind::kTimer:
      return OpenWaitableTimerA(SYNCHRONIZE, FALSE, n);
    case Kind::kJob:
      return OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, n);
  }
  return nullptr;
}

const char* KindName(Kind kind) {
  static const char* const kNames[] = {"Event", "Mutex", "Semaphore", "Section", "Timer", "Job"};
  return kNames[static_cast<int>(kind)];
}

// Results a child reports back through its exit code.
enum ChildResult {
  kOk = 0,
  kNeverFailed = 1,      // created kMaxObjects without running out
  kWrongError = 2,       // failed with another error than expected
  kFailedNameExists = 3, // the name that failed resolves afterwards
  kHalfCreatedFile = 4,  // the directory holds more files than live objects
  kLeftAfterClose = 5,   // files left after closing every handle
  kNothingCreated = 6,   // failed before the first object: the limit was too low to test anything
};

const char* ChildResultName(int r) {
  static const char* const kNames[] = {"ok", "never failed", "wrong error", "failed name exists",
                                       "half-created file", "files left after close", "nothing created"};
  return r >= 0 && r <= 6 ? kNames[r] : "crashed";
}

// Creates objects of `kind` named prefix-0, prefix-1, ... until a Create* fails; checks the failure is
// `expected`, that the failed name does not exist, that the directory holds exactly the live objects, and that
// closing them all empties it. Closing the first object frees a descriptor (or a page) for those checks.
int CreateUntilFailure(Kind kind, const std::string& dir, DWORD expected, DWORD section_size, DWORD* got,
                       int* created, const std::string& prefix = "ex-") {
  std::vector<HANDLE> handles;
  DWORD error = 0;
  for (int i = 0; i < kMaxObjects; ++i) {
    SetLastError(0xdeadbeef);
    HANDLE h = Create(kind, prefix + std::to_string(i), section_size);
    if (h == nullptr) {
      error = GetLastError();
      break;
    }
    handles.push_back(h);
  }
  *got = error;
  *created = static_cast<int>(handles.size());
  if (handles.size() == kMaxObjects) {
    for (HANDLE h : handles) CloseHandle(h);
    return CountObjects(dir) == 0 ? kNeverFailed : kLeftAfterClose;
  }
  if (handles.empty()) return kNothingCreated;
  if (error != expected) return kWrongError;
  // Free room (a descriptor, a page) by closing the first object, then look for the name that failed.
  CloseHandle(handles.front());
  handles.erase(handles.begin());
  const std::string failed = prefix + std::to_string(handles.size() + 1);
  SetLastError(0xdeadbeef);
  HANDLE ghost = Open(kind, failed);
  if (ghost != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) return kFailedNameExists;
  if (CountObjects(dir) != handles.size()) return kHalfCreatedFile;
  for (HANDLE h : handles) CloseHandle(h);
  if (CountObjects(dir) != 0) return kLeftAfterClose;
  return kOk;
}

struct Outcome {
  int result;
  DWORD error;
  int created;
};

// Runs `body` in a forked child with WINIPC_ROOT=root; the child sends its error and count back through a pipe.
Outcome InChild(const std::string& root, const std::function<int(DWORD*, int*)>& body) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, 0, 0};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    setenv("WINIPC_ROOT", root.c_str(), 1);
    DWORD error = 0;
    int created = 0;
    const int r = body(&error, &created);
    const long long msg[2] = {error, created};
    (void)!write(fds[1], msg, sizeof msg);
    _exit(r);
  }
  close(fds[1]);
  long long msg[2] = {0, 0};
  (void)!read(fds[0], msg, sizeof msg);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), static_cast<DWORD>(msg[0]),
          static_cast<int>(msg[1])};
}

class OutOfDescriptors : public ::testing::TestWithParam<Kind> {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-exhaust-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { (void)system(("rm -rf '" + root_ + "'").c_str()); }
  std::string root_;
};

// A Local event, mutex, semaphore or waitable timer lives in the name table's arena: it takes no descriptor.
bool NeedsDescriptor(Kind kind) { return kind == Kind::kSection || kind == Kind::kJob; }

// Tests that when the process runs out of descriptors (RLIMIT_NOFILE), Create* of a section or a job fails with
// ERROR_TOO_MANY_OPEN_FILES, the failed name does not exist, and nothing is left once everything is closed; and
// that named sync objects, which need no descriptor, are still created (kMaxObjects of them), as on Windows.
TEST_P(OutOfDescriptors, CreateFailsWithTooManyOpenFilesAndLeavesNothing) {
#ifdef WINIPC_SANITIZED
  GTEST_SKIP() << "the sanitizer runtime needs descriptors of its own (see WINIPC_SANITIZED)";
#endif
  const Kind kind = GetParam();
  const std::string dir = LocalDirectory(root_);
  const Outcome o = InChild(root_, [kind, &dir](DWORD* error, int* created) {
    // Make the namespace directory first (it takes a descriptor or two), then leave room for a few objects.
    HANDLE warm = CreateEventA(nullptr, TRUE, FALSE, "warm-up");
    if (warm == nullptr) return 9;
    CloseHandle(warm);
    // New descriptors take the lowest free numbers, so the limit is what is open now plus the room we leave
    // (descriptors inherited above the limit stay usable and do not count).
    int open_now = 0;
    for (int fd = 0; fd < 4096; ++fd) open_now += fcntl(fd, F_GETFD) != -1;
    const rlimit limit = {static_cast<rlim_t>(open_now + 24), static_cast<rlim_t>(open_now + 24)};
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) return 10;
    return CreateUntilFailure(kind, dir, ERROR_TOO_MANY_OPEN_FILES, 4096, error, created);
  });
  if (NeedsDescriptor(kind)) {
    EXPECT_EQ(o.result, kOk) << ChildResultName(o.result) << ": " << KindName(kind) << " failed after "
                             << o.created << " objects with error " << o.error;
  } else {
    EXPECT_EQ(o.result, kNeverFailed) << ChildResultName(o.result) << ": " << KindName(kind) << " failed after "
                                      << o.created << " objects with error " << o.error;
    EXPECT_EQ(o.created, kMaxObjects);
  }
  EXPECT_EQ(CountObjects(dir), 0u);
  printf("[ exhaust  ] EMFILE: %s: %d created, then error %u\n", KindName(kind), o.created, o.error);
}

INSTANTIATE_TEST_SUITE_P(AllTypes, OutOfDescriptors, ::testing::ValuesIn(kKinds),
                         [](const ::testing::TestParamInfo<Kind>& info) { return KindName(info.param); });

// A tiny tmpfs mounted for the test (needs root, or CAP_SYS_ADMIN); skipped where mounting is not allowed. Local
// names live in the name table there (its header, process slots and buckets take 516 KiB: the file system leaves
// room for them, one run of 64 blocks and one run of 16 arena slots); Global names are still one file each.
class NamespaceFull : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root";
    char tmpl[] = "/tmp/winipc-full-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    if (mount("tmpfs", root_.c_str(), "tmpfs", 0, "size=704k,mode=0755") != 0) {
      const int e = errno;
      rmdir(root_.c_str());
      root_.clear();
      GTEST_SKIP() << "mount -t tmpfs failed: " << strerror(e);
    }
    mounted_ = true;
    global_ = root_ + "/winipc-global";
    // Global objects: the room left after the Local table's start, as small as the old 64 KiB file system.
    ASSERT_EQ(mkdir(global_.c_str(), 01777), 0);
    ASSERT_EQ(chmod(global_.c_str(), 01777), 0);
  }
  void TearDown() override {
    if (mounted_) umount2(root_.c_str(), MNT_DETACH);
    if (!root_.empty()) rmdir(root_.c_str());
  }
  std::string root_;
  std::string global_;
  bool mounted_ = false;
};

// Tests that when the file system under the name table is full, creating more Local sync objects fails with
// ERROR_NOT_ENOUGH_MEMORY (the table cannot grow: no name is created half) and leaves nothing behind.
TEST_F(NamespaceFull, LocalNamesRunOutWithNotEnoughMemoryAndLeaveNothing) {
  const std::string dir = LocalDirectory(root_);
  const Outcome o = InChild(root_, [&dir](DWORD* error, int* created) {
    return CreateUntilFailure(Kind::kEvent, dir, ERROR_NOT_ENOUGH_MEMORY, 0, error, created);
  });
  EXPECT_EQ(o.result, kOk) << ChildResultName(o.result) << ": failed after " << o.created << " events with error "
                           << o.error;
  EXPECT_EQ(CountObjects(dir), 0u);
  printf("[ exhaust  ] name table on a full tmpfs: %d events created, then error %u\n", o.created, o.error);
}

// Tests that when the Global namespace's file system is full (ENOSPC), creating more sync objects fails with
// ERROR_DISK_FULL and leaves no half-created file.
TEST_F(NamespaceFull, CreateEventFailsWithDiskFullAndLeavesNothing) {
  const Outcome o = InChild(root_, [this](DWORD* error, int* created) {
    return CreateUntilFailure(Kind::kEvent, global_, ERROR_DISK_FULL, 0, error, created, "Global\\ex-");
  });
  EXPECT_EQ(o.result, kOk) << ChildResultName(o.result) << ": failed after " << o.created << " events with error "
                           << o.error;
  EXPECT_EQ(CountObjects(global_), 0u);
  printf("[ exhaust  ] ENOSPC (tmpfs): %d Global events created, then error %u\n", o.created, o.error);
}

// Tests that when the Global namespace's file system is full, creating more pagefile-backed sections fails with
// the pagefile-full error and leaves no half-created file.
TEST_F(NamespaceFull, CreateSectionFailsWithCommitmentLimitAndLeavesNothing) {
  const Outcome o = InChild(root_, [this](DWORD* error, int* created) {
    return CreateUntilFailure(Kind::kSection, global_, ERROR_COMMITMENT_LIMIT, 4096, error, created, "Global\\ex-");
  });
  EXPECT_EQ(o.result, kOk) << ChildResultName(o.result) << ": failed after " << o.created
                           << " sections with error " << o.error;
  EXPECT_EQ(CountObjects(global_), 0u);
  printf("[ exhaust  ] ENOSPC (tmpfs): %d 4 KiB Global sections created, then error %u\n", o.created, o.error);
}

// Tests that a SEC_COMMIT Global section larger than the room left is refused by CreateFileMapping itself, with
// ERROR_COMMITMENT_LIMIT and no file left (Windows charges the whole section at creation), instead of being
// created sparse and faulting (SIGBUS) at the first write past the room; and that a SEC_RESERVE section of the
// same size, which Windows does not charge, is still created.
TEST_F(NamespaceFull, SectionLargerThanTheRoomLeftFailsAtCreation) {
  const Outcome o = InChild(root_, [](DWORD* error, int* created) {
    constexpr DWORD kSize = 1u << 20;  // larger than the whole file system
    SetLastError(0xdeadbeef);
    HANDLE committed = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSize, "Global\\big");
    *error = GetLastError();
    if (committed != nullptr) {
      *created = 1;
      return kNeverFailed;
    }
    if (*error != ERROR_COMMITMENT_LIMIT) return kWrongError;
    HANDLE reserved = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE | SEC_RESERVE, 0, kSize,
                                         "Global\\reserved");
    if (reserved == nullptr) return kNothingCreated;
    CloseHandle(reserved);
    return kOk;
  });
  EXPECT_EQ(o.result, kOk) << ChildResultName(o.result) << ", error " << o.error;
  EXPECT_EQ(CountObjects(global_), 0u);
}

}  // namespace
}  // namespace winipc
