// What the Win32 suite cannot see of files and file-backed sections: the share-mode plan (pure), the OFD lock
// bytes each open and each section holds in the file itself, and durability checked with plain POSIX reads
// after the writing process has exited. Each cross-process test forks children with their own namespace root.
#include "core/file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <cstring>
#include <functional>
#include <string>

#include "core/names.h"
#include "core/section.h"
#include "core/utf.h"
#include "posix/file_sys.h"

namespace winipc {
namespace {

constexpr uint32_t B(ShareByte b) { return uint32_t{1} << b; }

// Tests that a reader sharing only reads holds "has read" and "denies write/delete", and needs free the bytes of
// whoever denies reading or has write/delete access, and of a writable section.
TEST(PlanShare, ReaderSharingReadsOnly) {
  const SharePlan plan = PlanShare(FILE_READ_DATA | FILE_READ_ATTRIBUTES, FILE_SHARE_READ);
  EXPECT_EQ(plan.hold, B(kHasRead) | B(kDeniesWrite) | B(kDeniesDelete));
  EXPECT_EQ(plan.must_be_free, B(kDeniesRead) | B(kHasWrite) | B(kHasDelete) | B(kMappedWritable));
}

// Tests that an open without read, write or delete access holds nothing and conflicts only with a writable
// section (when it does not share writing).
TEST(PlanShare, NoDataAccessNeitherHoldsNorConflicts) {
  EXPECT_EQ(PlanShare(FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0).hold, 0u);
  EXPECT_EQ(PlanShare(FILE_READ_ATTRIBUTES | SYNCHRONIZE, 0).must_be_free, B(kMappedWritable));
  EXPECT_EQ(PlanShare(0, FILE_SHARE_WRITE).must_be_free, 0u);
}

// Tests that append access counts as write access and execute access as read access.
TEST(PlanShare, AppendIsWriteAndExecuteIsRead) {
  const uint32_t all = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
  EXPECT_EQ(PlanShare(FILE_APPEND_DATA, all).hold, B(kHasWrite));
  EXPECT_EQ(PlanShare(FILE_EXECUTE, all).hold, B(kHasRead));
  EXPECT_EQ(PlanShare(DELETE, all).must_be_free, B(kDeniesDelete));
}

// Tests that drive-letter and UNC paths, and the empty path, are refused with ERROR_PATH_NOT_FOUND.
TEST(CheckPath, WindowsStylePathsArePathNotFound) {
  EXPECT_EQ(CheckPath("C:\\temp\\x").code(), static_cast<uint32_t>(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(CheckPath("c:/x").code(), static_cast<uint32_t>(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(CheckPath("\\\\server\\share").code(), static_cast<uint32_t>(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(CheckPath("").code(), static_cast<uint32_t>(ERROR_PATH_NOT_FOUND));
  EXPECT_TRUE(CheckPath("/tmp/a:b").ok());
  EXPECT_TRUE(CheckPath("relative\\name").ok());
}

// Tests that a backslash is a separator, as on Windows (a relative "dir\\file" is dir/file, not a file named with a
// backslash), and that characters Windows reserves are ERROR_INVALID_NAME. Found by fuzz/api_fuzz, which saw
// "missing\\f.dat" and "f*.dat" made in its working directory.
TEST(CheckPath, BackslashIsASeparatorAndReservedCharactersAreInvalid) {
  EXPECT_EQ(NativePath("relative\\dir\\name").value(), "relative/dir/name");
  EXPECT_EQ(NativePath("/tmp\\x").value(), "/tmp/x");
  for (const char* name : {"a*b", "a?b", "a<b", "a>b", "a|b", "a\"b", "a\x01b", "dir*\\x"}) {
    EXPECT_EQ(NativePath(name).status().code(), static_cast<uint32_t>(ERROR_INVALID_NAME)) << name;
  }
}

class FileOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-file-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/data";
  }
  void TearDown() override { (void)system(("rm -rf '" + dir_ + "'").c_str()); }

  // Runs `body` in a forked child whose namespace root is dir_; returns its exit code (or 128 + signal).
  int InChild(const std::function<int()>& body) const {
    pid_t pid = fork();
    if (pid == 0) {
      setenv("WINIPC_ROOT", dir_.c_str(), 1);
      _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  // Whether any open description other than a fresh one of our own holds a lock on byte `b`.
  bool Held(ShareByte b) const {
    const int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    auto held = posix::RangeLockedByOthers(fd, kShareLockBase + b, 1);
    close(fd);
    return held.ok() && held.value();
  }

  std::shared_ptr<File> Open(uint32_t access, uint32_t share, uint32_t disposition = OPEN_ALWAYS) {
    bool existed = false;
    auto file = OpenFile(path_, access, share, disposition, FILE_ATTRIBUTE_NORMAL, &existed);
    EXPECT_TRUE(file.ok()) << file.status().code();
    return file.ok() ? file.value() : nullptr;
  }

  std::string dir_, path_;
};

// Tests that GetFileSizeEx with a NULL size pointer fails with ERROR_NOACCESS instead of writing through it (Windows
// faults there). Found by fuzz/api_fuzz in the sanitized CI stage (UBSan: member access within null pointer).
TEST_F(FileOnDisk, GetFileSizeExWithNullSizeIsNoAccess) {
  HANDLE file = CreateFileA(path_.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL,
                            nullptr);
  ASSERT_NE(file, INVALID_HANDLE_VALUE);
  SetLastError(0xdeadbeef);
  EXPECT_FALSE(GetFileSizeEx(file, nullptr));
  EXPECT_EQ(GetLastError(), static_cast<DWORD>(ERROR_NOACCESS));
  LARGE_INTEGER size;
  EXPECT_TRUE(GetFileSizeEx(file, &size));
  EXPECT_EQ(size.QuadPart, 0);
  CloseHandle(file);
}

// Tests that an open holds exactly the bytes of its plan while it lives, and none after it is released.
TEST_F(FileOnDisk, OpenHoldsItsShareBytesUntilReleased) {
  auto file = Open(FILE_GENERIC_READ, FILE_SHARE_READ);
  ASSERT_NE(file, nullptr);
  EXPECT_TRUE(Held(kHasRead));
  EXPECT_FALSE(Held(kHasWrite));
  EXPECT_TRUE(Held(kDeniesWrite));
  EXPECT_TRUE(Held(kDeniesDelete));
  EXPECT_FALSE(Held(kDeniesRead));
  EXPECT_FALSE(Held(kShareGate));  // taken only for the moment of an open
  file.reset();
  for (uint32_t b = 0; b < kShareByteCount; ++b) EXPECT_FALSE(Held(static_cast<ShareByte>(b))) << b;
}

// Tests that the share bytes sit far past the data: the file's size is what was written, not 2^62.
TEST_F(FileOnDisk, LockBytesDoNotGrowTheFile) {
  auto file = Open(FILE_GENERIC_READ | FILE_GENERIC_WRITE, 0);
  ASSERT_NE(file, nullptr);
  ASSERT_TRUE(file->Write("abc", 3, std::nullopt, false).ok());
  struct stat st;
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_size, 3);
}

// Tests that a writable section holds "mapped" and "mapped writable" on its own open description, after the file
// handle and the section are released, for as long as a view lives.
TEST_F(FileOnDisk, ViewKeepsTheMappedBytesAfterFileAndSectionGo) {
  auto file = Open(FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
  ASSERT_NE(file, nullptr);
  bool existed = false;
  auto section = CreateFileSection(std::nullopt, *file, FILE_READ_DATA | FILE_WRITE_DATA, PAGE_READWRITE, 4096,
                                   &existed);
  ASSERT_TRUE(section.ok()) << section.status().code();
  auto view = MapView(*section.value(), SECTION_MAP_READ | SECTION_MAP_WRITE, FILE_MAP_WRITE, 0, 0, nullptr);
  ASSERT_TRUE(view.ok()) << view.status().code();
  file.reset();
  section.value().reset();
  EXPECT_TRUE(Held(kMapped));
  EXPECT_TRUE(Held(kMappedWritable));
  EXPECT_FALSE(Held(kHasWrite));  // a section is not an open: it never denies, and a reader may still come
  ASSERT_TRUE(UnmapView(view.value()).ok());
  EXPECT_FALSE(Held(kMapped));
  EXPECT_FALSE(Held(kMappedWritable));
}

// Tests that a read-only section holds "mapped" but not "mapped writable".
TEST_F(FileOnDisk, ReadOnlySectionIsNotAWriter) {
  auto file = Open(FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE);
  ASSERT_NE(file, nullptr);
  ASSERT_TRUE(file->Write("0123456789", 10, std::nullopt, false).ok());
  bool existed = false;
  auto section = CreateFileSection(std::nullopt, *file, FILE_READ_DATA, PAGE_READONLY, 0, &existed);
  ASSERT_TRUE(section.ok()) << section.status().code();
  EXPECT_EQ(section.value()->size(), 10u);  // exact, not page-rounded
  EXPECT_TRUE(Held(kMapped));
  EXPECT_FALSE(Held(kMappedWritable));
}

// Tests that another process's open with share 0 makes ours fail with ERROR_SHARING_VIOLATION, and that its
// death frees the file at once (the kernel drops its locks).
TEST_F(FileOnDisk, OtherProcessShareModeIsEnforcedAndDiesWithIt) {
  int ready[2], done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  pid_t pid = fork();
  if (pid == 0) {
    bool existed = false;
    auto file = OpenFile(path_, FILE_GENERIC_READ, 0, OPEN_ALWAYS, 0, &existed);
    char c = file.ok() ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    (void)!read(done[0], &c, 1);
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  bool existed = false;
  auto denied = OpenFile(path_, FILE_GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, &existed);
  EXPECT_EQ(denied.status().code(), static_cast<uint32_t>(ERROR_SHARING_VIOLATION));
  auto no_access = OpenFile(path_, 0, FILE_SHARE_WRITE, OPEN_EXISTING, 0, &existed);
  EXPECT_TRUE(no_access.ok());  // no data access: never conflicts
  (void)!write(done[1], "x", 1);
  waitpid(pid, nullptr, 0);
  auto allowed = OpenFile(path_, FILE_GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING, 0, &existed);
  EXPECT_TRUE(allowed.ok());
  for (int fd : {ready[0], ready[1], done[0], done[1]}) close(fd);
}

// Tests that what a process wrote through a file-backed view and flushed is in the file, read with plain POSIX
// calls after that process exited; and that a copy-on-write view's writes never reach the file.
TEST_F(FileOnDisk, FlushedViewWritesAreInTheFileAfterTheWriterExits) {
  const int code = InChild([this] {
    bool existed = false;
    auto file = OpenFile(path_, FILE_GENERIC_READ | FILE_GENERIC_WRITE, 0, CREATE_NEW, 0, &existed);
    if (!file.ok()) return 1;
    auto section = CreateFileSection(std::nullopt, *file.value(), FILE_READ_DATA | FILE_WRITE_DATA, PAGE_READWRITE,
                                     8192, &existed);
    if (!section.ok()) return 2;
    auto view = MapView(*section.value(), SECTION_MAP_READ | SECTION_MAP_WRITE, FILE_MAP_WRITE, 0, 0, nullptr);
    auto copy = MapView(*section.value(), SECTION_MAP_READ | SECTION_MAP_WRITE, FILE_MAP_COPY, 0, 0, nullptr);
    if (!view.ok() || !copy.ok()) return 3;
    std::memcpy(static_cast<char*>(copy.value()) + 4096, "private", 7);
    std::memcpy(static_cast<char*>(view.value()) + 100, "durable", 7);
    if (!FlushView(view.value(), 0).ok() || !file.value()->Flush().ok()) return 4;
    return 0;
  });
  ASSERT_EQ(code, 0);
  const int fd = open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char buffer[7] = {};
  ASSERT_EQ(pread(fd, buffer, 7, 100), 7);
  EXPECT_EQ(std::string(buffer, 7), "durable");
  ASSERT_EQ(pread(fd, buffer, 7, 4096), 7);
  EXPECT_EQ(std::string(buffer, 7), std::string(7, '\0'));
  struct stat st;
  ASSERT_EQ(fstat(fd, &st), 0);
  EXPECT_EQ(st.st_size, 8192);  // grown to the section's size, and no further
  close(fd);
}

// Tests that a named file-backed section is re-attached by path in another process after its creator closed
// the file handle, and refused (ERROR_FILE_NOT_FOUND) once the path names another file.
TEST_F(FileOnDisk, NamedSectionReopensByPathAndChecksTheInode) {
  auto name = ParseObjectName(u"Local\\winipc-file-test-" + Utf8ToUtf16(std::to_string(getpid())));
  ASSERT_TRUE(name.ok());
  int ready[2], done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  pid_t creator = fork();
  if (creator == 0) {
    setenv("WINIPC_ROOT", dir_.c_str(), 1);
    bool existed = false;
    auto file = OpenFile(path_, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_NEW,
                         0, &existed);
    Result<std::shared_ptr<Section>> section = Status(ERROR_INVALID_HANDLE);
    if (file.ok()) {
      section = CreateFileSection(name.value(), *file.value(), FILE_READ_DATA | FILE_WRITE_DATA, PAGE_READWRITE, 64,
                                  &existed);
    }
    file = Status(ERROR_INVALID_HANDLE);  // the creator's file handle is closed; the section lives on
    char c = section.ok() ? 'y' : 'n';
    (void)!write(ready[1], &c, 1);
    (void)!read(done[0], &c, 1);
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  const int opened = InChild([&] {
    auto other = OpenSection(name.value());
    if (!other.ok()) return 10;
    return other.value()->size() == 64 && other.value()->backing() != nullptr ? 0 : 11;
  });
  EXPECT_EQ(opened, 0);
  ASSERT_EQ(rename(path_.c_str(), (path_ + ".moved").c_str()), 0);
  ASSERT_EQ(close(open(path_.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600)), 0);
  const int replaced = InChild([&] { return static_cast<int>(OpenSection(name.value()).status().code()); });
  EXPECT_EQ(replaced, ERROR_FILE_NOT_FOUND);
  (void)!write(done[1], "x", 1);
  waitpid(creator, nullptr, 0);
  for (int fd : {ready[0], ready[1], done[0], done[1]}) close(fd);
}

// Tests that in the process that holds a named file-backed section, opening it by name shares the live hold on
// the file, so it works even after the file was deleted.
TEST_F(FileOnDisk, NamedSectionOpensInItsOwnProcessAfterTheFileIsDeleted) {
  const int code = InChild([this] {
    auto name = ParseObjectName(u"winipc-file-own-" + Utf8ToUtf16(std::to_string(getpid())));
    if (!name.ok()) return 1;
    bool existed = false;
    auto file = OpenFile(path_, FILE_GENERIC_READ | FILE_GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE |
                         FILE_SHARE_DELETE, CREATE_NEW, 0, &existed);
    if (!file.ok()) return 2;
    auto section = CreateFileSection(name.value(), *file.value(), FILE_READ_DATA | FILE_WRITE_DATA, PAGE_READWRITE,
                                     4096, &existed);
    if (!section.ok()) return 3;
    if (!DeletePath(path_).ok()) return 4;
    auto again = OpenSection(name.value());
    if (!again.ok()) return 5;
    return again.value()->backing() == section.value()->backing() ? 0 : 6;
  });
  EXPECT_EQ(code, 0);
}

}  // namespace
}  // namespace winipc
