// Sharing bytes through views: several views in one process, and views of a named section in a parent and a
// child process.
// https://learn.microsoft.com/en-us/windows/win32/memory/creating-named-shared-memory
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-mapviewoffile
#include <windows.h>

#include <cstring>
#include <string>

#include "harness/harness.h"
#include "views/view_test_util.h"

namespace winipc::conformance {
namespace {

using views::CreateSection;
using views::kGranule;
using views::kPage;
using views::MapOrFail;

constexpr DWORD kSharingSectionSize = 2 * kGranule;
constexpr DWORD kParentValue = 0x1a2b3c4d;
constexpr DWORD kChildValue = 0xdeadbeef;
constexpr SIZE_T kFarOffset = kGranule + 5 * kPage + 12;  // a second place, in another granule

// Reads through a volatile pointer, so that the compiler really reads memory another view or process writes.
DWORD ReadDword(const void* view, SIZE_T offset) {
  return *reinterpret_cast<const volatile DWORD*>(static_cast<const char*>(view) + offset);
}

void WriteDword(void* view, SIZE_T offset, DWORD value) {
  *reinterpret_cast<volatile DWORD*>(static_cast<char*>(view) + offset) = value;
}

// Opens the named section with `open_access` and maps it with `map_access`; a failure ends the child.
struct ChildView {
  ScopedHandle section;
  ScopedView view;
};

ChildView OpenAndMap(const std::string& name, DWORD open_access, DWORD map_access) {
  ChildView child;
  child.section.reset(OpenFileMappingA(open_access, FALSE, name.c_str()));
  CHILD_CHECK(child.section) << "OpenFileMappingA(" << name << "): " << DescribeError(GetLastError());
  child.view.reset(MapViewOfFile(child.section.get(), map_access, 0, 0, 0));
  CHILD_CHECK(child.view) << "MapViewOfFile(access 0x" << std::hex << map_access
                          << "): " << DescribeError(GetLastError());
  return child;
}

// ---------------------------------------------------------------------------------------------------------------
// Child mains. args: section name, then handshake names.

CHILD_MAIN(ShViewReadsParentBytes) {
  ChildView child = OpenAndMap(args.at(0), FILE_MAP_READ, FILE_MAP_READ);
  CHILD_CHECK_EQ(ReadDword(child.view.get(), 0), kParentValue);
  CHILD_CHECK_EQ(ReadDword(child.view.get(), kFarOffset), kParentValue + 1);
  return 0;
}

// Writes through a view made with the access in args[1] (as a number), checks that it reads its own write, then
// signals args[2] and waits for args[3] before unmapping.
CHILD_MAIN(ShViewWritesThenWaits) {
  const DWORD access = static_cast<DWORD>(std::stoul(args.at(1)));
  ChildView child = OpenAndMap(args.at(0), FILE_MAP_ALL_ACCESS, access);
  Handshake written = Handshake::Open(args.at(2));
  Handshake checked = Handshake::Open(args.at(3));
  CHILD_CHECK(written && checked);
  WriteDword(child.view.get(), 0, kChildValue);
  WriteDword(child.view.get(), kFarOffset, kChildValue + 1);
  CHILD_CHECK_EQ(ReadDword(child.view.get(), 0), kChildValue);
  CHILD_CHECK(written.Signal());
  CHILD_CHECK(checked.Wait(kChildTimeoutMs)) << "the parent never finished checking";
  return 0;
}

// Maps a read view, signals args[1], waits for args[2], then expects the parent's later write.
CHILD_MAIN(ShViewSeesLaterParentWrite) {
  ChildView child = OpenAndMap(args.at(0), FILE_MAP_READ, FILE_MAP_READ);
  Handshake mapped = Handshake::Open(args.at(1));
  Handshake wrote = Handshake::Open(args.at(2));
  CHILD_CHECK(mapped && wrote);
  CHILD_CHECK_EQ(ReadDword(child.view.get(), kFarOffset), 0u);
  CHILD_CHECK(mapped.Signal());
  CHILD_CHECK(wrote.Wait(kChildTimeoutMs)) << "the parent never wrote";
  CHILD_CHECK_EQ(ReadDword(child.view.get(), kFarOffset), kParentValue);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------
// One process.

// Tests that two views of one section in one process show each other's writes at once, both ways.
TEST(SharedViews, ViewsInOneProcessAreCoherent) {
  BEHAVIOUR("SH-VIEW-001");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize);
  ASSERT_TRUE(section);
  ScopedView first = MapOrFail(section.get(), FILE_MAP_WRITE);
  ScopedView second = MapOrFail(section.get(), FILE_MAP_WRITE);
  ScopedView reader = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(first && second && reader);
  WriteDword(first.get(), kFarOffset, kParentValue);
  EXPECT_EQ(ReadDword(second.get(), kFarOffset), kParentValue);
  EXPECT_EQ(ReadDword(reader.get(), kFarOffset), kParentValue);
  WriteDword(second.get(), 0, kChildValue);
  EXPECT_EQ(ReadDword(first.get(), 0), kChildValue);
  EXPECT_EQ(ReadDword(reader.get(), 0), kChildValue);
}

// Tests that two unnamed sections are separate memory: a write to one is not seen in the other.
TEST(SharedViews, UnnamedSectionsDoNotShare) {
  BEHAVIOUR("SH-VIEW-002");
  ScopedHandle a = CreateSection(PAGE_READWRITE, kSharingSectionSize);
  ScopedHandle b = CreateSection(PAGE_READWRITE, kSharingSectionSize);
  ASSERT_TRUE(a && b);
  ScopedView view_a = MapOrFail(a.get(), FILE_MAP_WRITE);
  ScopedView view_b = MapOrFail(b.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view_a && view_b);
  WriteDword(view_a.get(), 0, kParentValue);
  EXPECT_EQ(ReadDword(view_b.get(), 0), 0u);
}

// Tests that a new pagefile-backed section reads as zeros in every byte.
TEST(SharedViews, NewSectionIsZeroFilled) {
  BEHAVIOUR("SH-VIEW-003");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize);
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(view);
  const unsigned char* bytes = view.as<unsigned char>();
  SIZE_T nonzero = 0;
  for (SIZE_T i = 0; i < kSharingSectionSize; ++i) nonzero += bytes[i] != 0;
  EXPECT_EQ(nonzero, 0u);
}

// Tests that a section keeps its bytes while no view is mapped: a new view shows what an unmapped one wrote.
TEST(SharedViews, BytesOutliveTheirViews) {
  BEHAVIOUR("SH-VIEW-004");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize);
  ASSERT_TRUE(section);
  {
    ScopedView writer = MapOrFail(section.get(), FILE_MAP_WRITE);
    ASSERT_TRUE(writer);
    WriteDword(writer.get(), kFarOffset, kParentValue);
  }
  ScopedView reader = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(reader);
  EXPECT_EQ(ReadDword(reader.get(), kFarOffset), kParentValue);
}

// ---------------------------------------------------------------------------------------------------------------
// Parent and child.

// Tests that a child that opens a named section by name sees the bytes the parent wrote.
TEST(SharedViewsAcrossProcesses, ChildSeesParentBytes) {
  BEHAVIOUR("SH-VIEW-005");
  const std::string name = UniqueName("sh-parent-bytes");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize, name.c_str());
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  WriteDword(view.get(), 0, kParentValue);
  WriteDword(view.get(), kFarOffset, kParentValue + 1);
  Child child = SpawnChild("ShViewReadsParentBytes", {name});
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a write by the child through a FILE_MAP_WRITE view is seen by the parent's live view.
TEST(SharedViewsAcrossProcesses, ParentSeesChildWrite) {
  BEHAVIOUR("SH-VIEW-006");
  const std::string name = UniqueName("sh-child-write");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize, name.c_str());
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(view);
  Handshake written = Handshake::Create("sh-written");
  Handshake checked = Handshake::Create("sh-checked");
  ASSERT_TRUE(written && checked);
  Child child =
      SpawnChild("ShViewWritesThenWaits", {name, std::to_string(FILE_MAP_WRITE), written.name(), checked.name()});
  ASSERT_TRUE(written.Wait(kChildTimeoutMs)) << "the child never wrote";
  EXPECT_EQ(ReadDword(view.get(), 0), kChildValue);
  EXPECT_EQ(ReadDword(view.get(), kFarOffset), kChildValue + 1);
  EXPECT_TRUE(checked.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

// Tests that a write by the child through a FILE_MAP_COPY view stays in the child: the parent does not see it.
TEST(SharedViewsAcrossProcesses, ChildCopyViewWriteIsNotSeen) {
  BEHAVIOUR("SH-VIEW-007");
  const std::string name = UniqueName("sh-child-copy");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize, name.c_str());
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_READ);
  ASSERT_TRUE(view);
  Handshake written = Handshake::Create("sh-copy-written");
  Handshake checked = Handshake::Create("sh-copy-checked");
  ASSERT_TRUE(written && checked);
  Child child =
      SpawnChild("ShViewWritesThenWaits", {name, std::to_string(FILE_MAP_COPY), written.name(), checked.name()});
  ASSERT_TRUE(written.Wait(kChildTimeoutMs)) << "the child never wrote";
  EXPECT_EQ(ReadDword(view.get(), 0), 0u);  // catalogue entry 86
  EXPECT_EQ(ReadDword(view.get(), kFarOffset), 0u);
  EXPECT_TRUE(checked.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
  EXPECT_EQ(ReadDword(view.get(), 0), 0u);
}

// Tests that a write the parent makes after the child mapped the section is seen by the child's live view.
TEST(SharedViewsAcrossProcesses, ChildSeesLaterParentWrite) {
  BEHAVIOUR("SH-VIEW-008");
  const std::string name = UniqueName("sh-later-write");
  ScopedHandle section = CreateSection(PAGE_READWRITE, kSharingSectionSize, name.c_str());
  ASSERT_TRUE(section);
  ScopedView view = MapOrFail(section.get(), FILE_MAP_WRITE);
  ASSERT_TRUE(view);
  Handshake mapped = Handshake::Create("sh-mapped");
  Handshake wrote = Handshake::Create("sh-wrote");
  ASSERT_TRUE(mapped && wrote);
  Child child = SpawnChild("ShViewSeesLaterParentWrite", {name, mapped.name(), wrote.name()});
  ASSERT_TRUE(mapped.Wait(kChildTimeoutMs)) << "the child never mapped the section";
  WriteDword(view.get(), kFarOffset, kParentValue);
  EXPECT_TRUE(wrote.Signal());
  EXPECT_EQ(child.Wait(kChildTimeoutMs), 0);
}

}  // namespace
}  // namespace winipc::conformance
