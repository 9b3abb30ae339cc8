// The Microsoft C runtime's descriptor I/O (<io.h>) and directory functions (<direct.h>) that Windows code calls
// with underscore names: _open/_read/_write/_close and their neighbours, _access, _mkdir/_rmdir/_chdir/_getcwd;
// and <malloc.h>'s _aligned_malloc.
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/open-wopen
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/close
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/access-waccess
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/mkdir-wmkdir
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/getcwd-wgetcwd
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/aligned-malloc
#include <windows.h>

#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <tchar.h>

#include <string>

#include "crt/crt_fixture.h"
#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using DescriptorIo = CrtTest;
using Directories = CrtTest;
using AlignedMalloc = CrtTest;
using files::TempDirectory;
using files::TempFile;

// Tests that a file written with _open(_O_CREAT | _O_WRONLY | _O_TRUNC) and _write reads back with _read, that
// _filelength, _lseek, _tell and _eof agree, and that _read at the end returns 0.
TEST_F(DescriptorIo, WriteThenReadBack) {
  BEHAVIOUR("CR-IO-001");
  TempFile temp;
  int fd = _open(temp.path().c_str(), _O_CREAT | _O_WRONLY | _O_TRUNC | _O_BINARY, _S_IREAD | _S_IWRITE);
  ASSERT_GE(fd, 0) << "errno " << errno;
  EXPECT_EQ(_write(fd, "hello", 5), 5);
  EXPECT_EQ(_close(fd), 0);

  fd = _open(temp.path().c_str(), _O_RDONLY | _O_BINARY);
  ASSERT_GE(fd, 0) << "errno " << errno;
  EXPECT_EQ(_filelength(fd), 5);
  char buffer[16] = {};
  EXPECT_EQ(_read(fd, buffer, sizeof buffer), 5);
  EXPECT_STREQ(buffer, "hello");
  EXPECT_EQ(_eof(fd), 1);
  EXPECT_EQ(_read(fd, buffer, sizeof buffer), 0);
  EXPECT_EQ(_lseek(fd, 1, SEEK_SET), 1);
  EXPECT_EQ(_tell(fd), 1);
  EXPECT_EQ(_eof(fd), 0);
  EXPECT_EQ(_read(fd, buffer, 2), 2);
  EXPECT_EQ(std::string(buffer, 2), "el");
  EXPECT_EQ(_close(fd), 0);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that _close, _read and _write of descriptor -1 call the invalid-parameter handler and return -1 with
// errno EBADF.
TEST_F(DescriptorIo, NegativeDescriptorIsEbadf) {
  BEHAVIOUR("CR-IO-002");
  char buffer[4];
  EXPECT_EQ(_close(-1), -1);
  EXPECT_EQ(errno, EBADF);
  errno = 0;
  EXPECT_EQ(_read(-1, buffer, sizeof buffer), -1);
  EXPECT_EQ(errno, EBADF);
  errno = 0;
  EXPECT_EQ(_write(-1, buffer, sizeof buffer), -1);
  EXPECT_EQ(errno, EBADF);
  EXPECT_EQ(HandlerCalls(), 3);
}

// Tests that _access answers 0 for an existing file (mode 0, and 4 for reading) and -1 with ENOENT for a missing
// one.
TEST_F(DescriptorIo, AccessTellsWhetherAFileExists) {
  BEHAVIOUR("CR-IO-003");
  TempFile temp;
  EXPECT_EQ(_access(temp.path().c_str(), 0), 0);
  EXPECT_EQ(_access(temp.path().c_str(), 4), 0);
  const std::string missing = temp.path() + ".missing";
  EXPECT_EQ(_access(missing.c_str(), 0), -1);
  EXPECT_EQ(errno, ENOENT);
}

// Tests that _dup gives a second descriptor sharing the file position, and _dup2 returns 0 (not the descriptor).
TEST_F(DescriptorIo, DupSharesThePosition) {
  BEHAVIOUR("CR-IO-004");
  TempFile temp;
  const int fd = _open(temp.path().c_str(), _O_WRONLY | _O_BINARY);
  ASSERT_GE(fd, 0);
  const int copy = _dup(fd);
  ASSERT_GE(copy, 0);
  EXPECT_NE(copy, fd);
  EXPECT_EQ(_write(fd, "ab", 2), 2);
  EXPECT_EQ(_write(copy, "cd", 2), 2);
  EXPECT_EQ(_tell(copy), 4);
  const int other = _open(temp.path().c_str(), _O_RDONLY | _O_BINARY);
  ASSERT_GE(other, 0);
  EXPECT_EQ(_dup2(other, copy), 0);
  EXPECT_EQ(_tell(copy), 0) << "copy is now the reading descriptor";
  char buffer[8] = {};
  EXPECT_EQ(_read(copy, buffer, sizeof buffer), 4);
  EXPECT_STREQ(buffer, "abcd");
  EXPECT_EQ(_close(other), 0);
  EXPECT_EQ(_close(copy), 0);
  EXPECT_EQ(_close(fd), 0);
}

// Tests that a '\\' in a C runtime path separates directories, as '/' does: _open, _access and _unlink of
// "dir\\file" reach the file in dir, and fopen_s and _tfopen find it too.
TEST_F(DescriptorIo, BackslashSeparatesDirectories) {
  BEHAVIOUR("CR-IO-005");
  const std::string dir = TempDirectory() + UniqueName("crt-backslash");
  ASSERT_EQ(_mkdir(dir.c_str()), 0);
  const std::string file = dir + "\\inside.txt";
  const int fd = _open(file.c_str(), _O_CREAT | _O_WRONLY | _O_BINARY, _S_IREAD | _S_IWRITE);
  ASSERT_GE(fd, 0) << "errno " << errno;
  EXPECT_EQ(_write(fd, "x", 1), 1);
  EXPECT_EQ(_close(fd), 0);
  EXPECT_EQ(_access((dir + "/inside.txt").c_str(), 0), 0) << "the file is inside the directory";
  FILE* stream = nullptr;
  EXPECT_EQ(fopen_s(&stream, file.c_str(), "rb"), 0);
  if (stream != nullptr) fclose(stream);
  stream = _tfopen(file.c_str(), "rt");
  EXPECT_NE(stream, nullptr) << "_tfopen of an ANSI build";
  if (stream != nullptr) fclose(stream);
  EXPECT_EQ(_rmdir(dir.c_str()), -1) << "not empty";
  EXPECT_EQ(_unlink(file.c_str()), 0);
  EXPECT_EQ(_rmdir(dir.c_str()), 0);
}

// Tests that the wide forms take UTF-16 names, non-ASCII included: _wmkdir, _wopen, _waccess, _wchdir, _wgetcwd,
// _wunlink, _wrmdir.
TEST_F(DescriptorIo, WideFormsTakeUtf16Names) {
  BEHAVIOUR("CR-IO-006");
  const std::basic_string<WCHAR> dir = Wide(TempDirectory() + UniqueName("crt-wide-\xc3\xa9t\xc3\xa9"));
  const std::basic_string<WCHAR> file = dir + Wide("\\caf\xc3\xa9.txt");
  ASSERT_EQ(_wmkdir(dir.c_str()), 0);
  const int fd = _wopen(file.c_str(), _O_CREAT | _O_WRONLY | _O_BINARY, _S_IREAD | _S_IWRITE);
  ASSERT_GE(fd, 0) << "errno " << errno;
  EXPECT_EQ(_close(fd), 0);
  EXPECT_EQ(_waccess(file.c_str(), 0), 0);
  WCHAR* before = _wgetcwd(nullptr, 0);
  ASSERT_NE(before, nullptr);
  EXPECT_EQ(_wchdir(dir.c_str()), 0);
  WCHAR here[1024];
  ASSERT_NE(_wgetcwd(here, 1024), nullptr);
  const std::basic_string<WCHAR> now(here);
  const std::basic_string<WCHAR> tail = Wide("t\xc3\xa9");
  EXPECT_EQ(now.substr(now.size() - tail.size()), tail);
  EXPECT_EQ(_wchdir(before), 0);
  free(before);
  EXPECT_EQ(_wunlink(file.c_str()), 0);
  EXPECT_EQ(_wrmdir(dir.c_str()), 0);
  EXPECT_EQ(_waccess(dir.c_str(), 0), -1);
  EXPECT_EQ(errno, ENOENT);
}

// Tests that _mkdir makes a directory (-1 with EEXIST the second time) and _rmdir removes it (-1 with ENOENT once
// gone).
TEST_F(Directories, MkdirAndRmdir) {
  BEHAVIOUR("CR-DIRECT-001");
  const std::string dir = TempDirectory() + UniqueName("crt-mkdir");
  EXPECT_EQ(_mkdir(dir.c_str()), 0);
  EXPECT_EQ(_mkdir(dir.c_str()), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(_access(dir.c_str(), 0), 0);
  EXPECT_EQ(_rmdir(dir.c_str()), 0);
  EXPECT_EQ(_rmdir(dir.c_str()), -1);
  EXPECT_EQ(errno, ENOENT);
}

// Tests that _chdir changes the directory _getcwd reports, that _getcwd(NULL, 0) returns a malloc'ed copy, and
// that a buffer too small is NULL with ERANGE.
TEST_F(Directories, ChdirAndGetcwd) {
  BEHAVIOUR("CR-DIRECT-002");
  char* before = _getcwd(nullptr, 0);
  ASSERT_NE(before, nullptr);
  const std::string name = UniqueName("crt-chdir");
  const std::string dir = TempDirectory() + name;
  ASSERT_EQ(_mkdir(dir.c_str()), 0);
  EXPECT_EQ(_chdir(dir.c_str()), 0);
  char here[1024];
  ASSERT_NE(_getcwd(here, sizeof here), nullptr);
  const std::string now(here);
  EXPECT_EQ(now.substr(now.size() - name.size()), name);
  char tiny[2];
  EXPECT_EQ(_getcwd(tiny, sizeof tiny), nullptr);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_EQ(_chdir(before), 0);
  EXPECT_EQ(_rmdir(dir.c_str()), 0);
  free(before);
}

// Tests that _aligned_malloc returns a block aligned as asked, and that an alignment not a power of two calls the
// invalid-parameter handler and returns NULL with EINVAL.
TEST_F(AlignedMalloc, AlignsAndChecksTheAlignment) {
  BEHAVIOUR("CR-ALIGN-001");
  for (size_t alignment : {size_t{2}, size_t{16}, size_t{64}, size_t{4096}}) {
    void* block = _aligned_malloc(100, alignment);
    ASSERT_NE(block, nullptr) << alignment;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % alignment, 0u) << alignment;
    memset(block, 0x5a, 100);
    _aligned_free(block);
  }
  EXPECT_EQ(HandlerCalls(), 0);
  EXPECT_EQ(_aligned_malloc(100, 3), nullptr);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(HandlerCalls(), 1);
  _aligned_free(nullptr);  // nothing
}

}  // namespace
}  // namespace winipc::conformance
