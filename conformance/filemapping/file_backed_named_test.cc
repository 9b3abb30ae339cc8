// A named file-backed section opened by name from another process: it keeps its file while any holder lives, after
// the creator closed its file handle or exited.
//
// https://learn.microsoft.com/en-us/windows/win32/memory/creating-named-shared-memory
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-openfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
#include <windows.h>

#include <string>

#include "filemapping/section_probe.h"
#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::ReadFresh;
using files::TempFile;
using files::WriteAll;

// args: section name. Opens the section by name, expects the file's bytes, stores its own.
CHILD_MAIN(FmFileOpensNamedSection) {
  ScopedHandle section(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, args.at(0).c_str()));
  CHILD_CHECK(section) << "OpenFileMappingA: " << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
  CHILD_CHECK_EQ(Load(view.get(), 0, 11), std::string("from parent"));
  Store(view.get(), 100, "from child");
  return 0;
}

// Tests that a named file-backed section whose creator closed its file handle is opened by name in another
// process, whose view reads the file's bytes and writes into the file.
TEST(FileBackedNamedSection, OpenedByNameAfterFileHandleClosed) {
  BEHAVIOUR("FM-FILE-023");
  TempFile temp;
  const std::string name = UniqueName("fm-file-named");
  ScopedHandle section;
  {
    ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
    ASSERT_TRUE(file && WriteAll(file.get(), "from parent"));
    SetLastError(kPoisonError);
    const auto created = Call(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 4096, name.c_str()));
    section.reset(created.value);
    ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  }
  Child child = SpawnChild("FmFileOpensNamedSection", {name});
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(ReadFresh(temp.path(), 110).substr(100), "from child");
}

// args: file path, section name, handshake "created", handshake "opened". Creates the named section on the file,
// stores bytes through a view, signals, waits until the parent has opened the section, then exits.
CHILD_MAIN(FmFileCreatesNamedSectionAndExits) {
  Handshake created = Handshake::Open(args.at(2));
  Handshake opened = Handshake::Open(args.at(3));
  CHILD_CHECK(created && opened);
  ScopedHandle file = OpenFile(args.at(0), GENERIC_READ | GENERIC_WRITE);
  CHILD_CHECK(file) << "CreateFileA: " << DescribeError(GetLastError());
  ScopedHandle section(CreateFileMappingA(file.get(), nullptr, PAGE_READWRITE, 0, 4096, args.at(1).c_str()));
  CHILD_CHECK(section) << "CreateFileMappingA: " << DescribeError(GetLastError());
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  CHILD_CHECK(view) << "MapViewOfFile: " << DescribeError(GetLastError());
  Store(view.get(), 0, "from creator");
  CHILD_CHECK(created.Signal());
  CHILD_CHECK(opened.Wait(kChildTimeoutMs)) << "the parent never opened the section";
  return 0;
}

// Tests that a named file-backed section outlives its creating process while another process holds it: the
// holder's view keeps the creator's bytes, and its writes still reach the file.
TEST(FileBackedNamedSection, OutlivesCreatorProcess) {
  BEHAVIOUR("FM-FILE-024");
  TempFile temp;
  const std::string name = UniqueName("fm-file-creator");
  Handshake created = Handshake::Create("fm-file-created");
  Handshake opened = Handshake::Create("fm-file-opened");
  Child child = SpawnChild("FmFileCreatesNamedSectionAndExits", {temp.path(), name, created.name(), opened.name()});
  ASSERT_TRUE(created.Wait(kChildTimeoutMs));
  SetLastError(kPoisonError);
  const auto open = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle section(open.value);
  ASSERT_THAT(open, SucceedsWith(kPoisonError));
  opened.Signal();
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);

  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  EXPECT_EQ(Load(view.get(), 0, 12), "from creator");
  Store(view.get(), 200, "from holder");
  EXPECT_EQ(ReadFresh(temp.path(), 211).substr(200), "from holder");
}

// Tests that CreateFileMappingW names a file-backed section that OpenFileMappingW finds, and a view through the
// opened handle shows the file's bytes.
TEST(FileBackedNamedSection, WideNameOpensFileSection) {
  BEHAVIOUR("FM-FILE-027");
  TempFile temp;
  const std::basic_string<WCHAR> name = Wide(UniqueName("fm-file-wide"));
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file && WriteAll(file.get(), "wide file bytes"));
  SetLastError(kPoisonError);
  const auto created = Call(CreateFileMappingW(file.get(), nullptr, PAGE_READONLY, 0, 0, name.c_str()));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(ERROR_SUCCESS));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingW(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle again(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError));
  ScopedView view(MapViewOfFile(again.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view) << DescribeError(GetLastError());
  EXPECT_EQ(Load(view.get(), 0, 15), "wide file bytes");
}

}  // namespace
}  // namespace winipc::conformance
