#include "core/access.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc {
namespace {

// Tests the view protection chosen for each dwDesiredAccess (FILE_MAP_COPY counts only alone).
TEST(ViewProtectionFromAccess, FollowsWindowsTable) {
  EXPECT_EQ(ViewProtectionFromAccess(0), PAGE_NOACCESS);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_COPY), PAGE_WRITECOPY);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_READ), PAGE_READONLY);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_WRITE), PAGE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_ALL_ACCESS), PAGE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_READ | FILE_MAP_COPY), PAGE_READONLY);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_WRITE | FILE_MAP_COPY), PAGE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE), PAGE_NOACCESS);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | FILE_MAP_READ), PAGE_EXECUTE_READ);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | FILE_MAP_WRITE), PAGE_EXECUTE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | FILE_MAP_COPY), PAGE_EXECUTE_WRITECOPY);
  EXPECT_EQ(ViewProtectionFromAccess(SECTION_MAP_EXECUTE), PAGE_NOACCESS);
}

// Tests that SECTION_MAP_EXECUTE (8) is a bit like any other, not FILE_MAP_EXECUTE (0x20): beside FILE_MAP_COPY it
// makes the access no copy at all, a PAGE_NOACCESS view, and beside READ or WRITE it changes nothing (catalogue
// entry 41); so does any other bit beside FILE_MAP_COPY.
TEST(ViewProtectionFromAccess, SectionMapExecuteIsNotFileMapExecute) {
  EXPECT_EQ(ViewProtectionFromAccess(SECTION_MAP_EXECUTE | FILE_MAP_COPY), PAGE_NOACCESS);
  EXPECT_EQ(ViewProtectionFromAccess(SECTION_MAP_EXECUTE | FILE_MAP_READ), PAGE_READONLY);
  EXPECT_EQ(ViewProtectionFromAccess(SECTION_MAP_EXECUTE | FILE_MAP_READ | FILE_MAP_COPY), PAGE_READONLY);
  EXPECT_EQ(ViewProtectionFromAccess(SECTION_MAP_EXECUTE | FILE_MAP_WRITE), PAGE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE), PAGE_NOACCESS);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_COPY), PAGE_NOACCESS);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_EXECUTE | SECTION_MAP_EXECUTE | FILE_MAP_READ), PAGE_EXECUTE_READ);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_ALL_ACCESS | FILE_MAP_EXECUTE), PAGE_EXECUTE_READWRITE);
  EXPECT_EQ(ViewProtectionFromAccess(FILE_MAP_COPY | SECTION_EXTEND_SIZE), PAGE_NOACCESS);
}

// Tests which section protections CreateFileMapping accepts.
TEST(ParseSectionProtection, AcceptsTheSixSectionProtections) {
  for (uint32_t p : {PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, PAGE_EXECUTE_READ, PAGE_EXECUTE_READWRITE,
                     PAGE_EXECUTE_WRITECOPY}) {
    auto flags = ParseSectionProtection(p);
    ASSERT_TRUE(flags.ok()) << p;
    EXPECT_EQ(flags->attributes, static_cast<uint32_t>(SEC_COMMIT));
  }
  for (uint32_t p : {0u, 1u, 0x10u, 0x3u, 0x6u}) {
    EXPECT_EQ(ParseSectionProtection(p).status(), Status(ERROR_INVALID_PARAMETER)) << p;
  }
}

// Tests SEC_* validation for pagefile-backed sections.
TEST(ParseSectionProtection, ValidatesSecFlags) {
  EXPECT_TRUE(ParseSectionProtection(PAGE_READWRITE | SEC_RESERVE).ok());
  EXPECT_TRUE(ParseSectionProtection(PAGE_READWRITE | SEC_COMMIT | SEC_NOCACHE).ok());
  EXPECT_EQ(ParseSectionProtection(PAGE_READWRITE | SEC_COMMIT | SEC_RESERVE).status(),
            Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ParseSectionProtection(PAGE_READWRITE | SEC_NOCACHE).status(), Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ParseSectionProtection(PAGE_READWRITE | SEC_IMAGE).status(), Status(ERROR_BAD_EXE_FORMAT));
  EXPECT_EQ(ParseSectionProtection(PAGE_READWRITE | SEC_FILE).status(), Status(ERROR_INVALID_PARAMETER));
}

// Tests that a write-only handle can make write views but not read views, and a read handle not write views.
TEST(CheckViewAllowed, HandleAccessDecides) {
  EXPECT_TRUE(CheckViewAllowed(PAGE_READWRITE, PAGE_READWRITE, FILE_MAP_WRITE).ok());
  EXPECT_FALSE(CheckViewAllowed(PAGE_READONLY, PAGE_READWRITE, FILE_MAP_WRITE).ok());
  EXPECT_FALSE(CheckViewAllowed(PAGE_READWRITE, PAGE_READWRITE, FILE_MAP_READ).ok());
  EXPECT_TRUE(CheckViewAllowed(PAGE_WRITECOPY, PAGE_READONLY, FILE_MAP_READ).ok());
  EXPECT_FALSE(CheckViewAllowed(PAGE_NOACCESS, PAGE_READWRITE, 0).ok());
}

// Tests that, through a handle with every right, a read-only section refuses shared write views with
// ERROR_INVALID_PARAMETER but allows copy-on-write views.
TEST(CheckViewAllowed, SectionProtectionDecides) {
  EXPECT_EQ(CheckViewAllowed(PAGE_READWRITE, PAGE_READONLY, SECTION_ALL_ACCESS), Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(CheckViewAllowed(PAGE_READWRITE, PAGE_WRITECOPY, SECTION_ALL_ACCESS), Status(ERROR_INVALID_PARAMETER));
  EXPECT_TRUE(CheckViewAllowed(PAGE_WRITECOPY, PAGE_READONLY, SECTION_ALL_ACCESS).ok());
  EXPECT_EQ(CheckViewAllowed(PAGE_EXECUTE_READ, PAGE_READWRITE, SECTION_ALL_ACCESS), Status(ERROR_INVALID_PARAMETER));
}

// Tests that the handle is checked before the section: a missing right wins with ERROR_ACCESS_DENIED.
TEST(CheckViewAllowed, HandleIsCheckedFirst) {
  EXPECT_EQ(CheckViewAllowed(PAGE_READWRITE, PAGE_READONLY, FILE_MAP_READ), Status(ERROR_ACCESS_DENIED));
}

// Tests generic rights mapping and the rules for opening: 0 and undefined bits are refused.
TEST(AccessForOpen, MapsGenericRightsAndRefusesNothing) {
  EXPECT_EQ(AccessForOpen(ObjectType::kSection, GENERIC_READ).value(),
            static_cast<uint32_t>(READ_CONTROL | SECTION_QUERY | SECTION_MAP_READ));
  EXPECT_EQ(AccessForOpen(ObjectType::kEvent, GENERIC_WRITE).value(),
            static_cast<uint32_t>(READ_CONTROL | EVENT_MODIFY_STATE));
  EXPECT_EQ(AccessForOpen(ObjectType::kEvent, 0).status(), Status(ERROR_ACCESS_DENIED));
  EXPECT_EQ(AccessForOpen(ObjectType::kEvent, 0x4).status(), Status(ERROR_ACCESS_DENIED));
  EXPECT_EQ(AccessForOpen(ObjectType::kEvent, ACCESS_SYSTEM_SECURITY).status(), Status(ERROR_PRIVILEGE_NOT_HELD));
}

// Tests that a file-backed section records SEC_FILE whatever of SEC_COMMIT / SEC_RESERVE was asked, keeps the cache
// flags, and refuses what a pagefile-backed section refuses (catalogue entries 19, 20).
TEST(ParseFileSectionProtection, CollapsesToSecFile) {
  EXPECT_EQ(ParseFileSectionProtection(PAGE_READWRITE).value().attributes, static_cast<uint32_t>(SEC_FILE));
  EXPECT_EQ(ParseFileSectionProtection(PAGE_READWRITE | SEC_RESERVE).value().attributes,
            static_cast<uint32_t>(SEC_FILE));
  EXPECT_EQ(ParseFileSectionProtection(PAGE_READONLY | SEC_COMMIT | SEC_NOCACHE).value().attributes,
            static_cast<uint32_t>(SEC_FILE | SEC_NOCACHE));
  EXPECT_EQ(ParseFileSectionProtection(PAGE_READWRITE | SEC_FILE).status(), Status(ERROR_INVALID_PARAMETER));
  EXPECT_EQ(ParseFileSectionProtection(PAGE_READWRITE | SEC_IMAGE).status(), Status(ERROR_BAD_EXE_FORMAT));
  EXPECT_EQ(ParseFileSectionProtection(PAGE_NOACCESS).status(), Status(ERROR_INVALID_PARAMETER));
}

// Tests the file access each section protection needs: copy-on-write needs only read access (entry 23).
TEST(FileAccessForSectionProtection, FollowsTheProtection) {
  EXPECT_EQ(FileAccessForSectionProtection(PAGE_READONLY), static_cast<uint32_t>(FILE_READ_DATA));
  EXPECT_EQ(FileAccessForSectionProtection(PAGE_WRITECOPY), static_cast<uint32_t>(FILE_READ_DATA));
  EXPECT_EQ(FileAccessForSectionProtection(PAGE_READWRITE), static_cast<uint32_t>(FILE_READ_DATA | FILE_WRITE_DATA));
  EXPECT_EQ(FileAccessForSectionProtection(PAGE_EXECUTE_READWRITE),
            static_cast<uint32_t>(FILE_READ_DATA | FILE_WRITE_DATA | FILE_EXECUTE));
  EXPECT_TRUE(IsWritableSection(PAGE_EXECUTE_READWRITE));
  EXPECT_FALSE(IsWritableSection(PAGE_WRITECOPY));
}

// Tests that GENERIC_* on a file maps to the FILE_GENERIC_* sets.
TEST(MapGenericAccess, FileRights) {
  EXPECT_EQ(MapGenericAccess(ObjectType::kFile, GENERIC_READ), static_cast<uint32_t>(FILE_GENERIC_READ));
  EXPECT_EQ(MapGenericAccess(ObjectType::kFile, GENERIC_WRITE | GENERIC_READ),
            static_cast<uint32_t>(FILE_GENERIC_READ | FILE_GENERIC_WRITE));
  EXPECT_EQ(MapGenericAccess(ObjectType::kFile, GENERIC_ALL), static_cast<uint32_t>(FILE_ALL_ACCESS));
}

}  // namespace
}  // namespace winipc
