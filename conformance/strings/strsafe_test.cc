// <strsafe.h>: StringCchCopy, StringCchCat, StringCchPrintf, StringCbCopy, StringCbPrintf, StringCchLength and their
// HRESULT results.
// https://learn.microsoft.com/en-us/windows/win32/api/strsafe/nf-strsafe-stringcchcopyw
// https://learn.microsoft.com/en-us/windows/win32/api/strsafe/nf-strsafe-stringcchprintfw
#define STRSAFE_NO_DEPRECATE
#include <windows.h>
#include <strsafe.h>

#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that StringCchCopy copies what fits with S_OK, and cuts a longer source (NUL-terminated) with
// STRSAFE_E_INSUFFICIENT_BUFFER; StringCbCopy counts bytes.
TEST(StringCchCopy, CopiesOrCutsWithInsufficientBuffer) {
  BEHAVIOUR("CP-STRSAFE-001");
  char narrow[4];
  EXPECT_EQ(StringCchCopyA(narrow, 4, "abc"), S_OK);
  EXPECT_STREQ(narrow, "abc");
  EXPECT_EQ(StringCchCopyA(narrow, 4, "abcd"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(narrow, "abc");
  EXPECT_TRUE(FAILED(StringCchCopyA(narrow, 4, "abcd")));
  WCHAR wide[3];
  EXPECT_EQ(StringCbCopyW(wide, sizeof wide, Wide("xy").c_str()), S_OK);
  EXPECT_EQ(Narrow(wide), "xy");
  EXPECT_EQ(StringCbCopyW(wide, sizeof wide, Wide("xyz").c_str()), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_EQ(Narrow(wide), "xy");
  EXPECT_EQ(StringCchCopyA(narrow, 0, "a"), STRSAFE_E_INVALID_PARAMETER);
}

// Tests that StringCchCat appends, cuts with STRSAFE_E_INSUFFICIENT_BUFFER, and refuses an unterminated destination
// with STRSAFE_E_INVALID_PARAMETER.
TEST(StringCchCat, AppendsCutsOrRefusesUnterminated) {
  BEHAVIOUR("CP-STRSAFE-002");
  char buffer[6] = "ab";
  EXPECT_EQ(StringCchCatA(buffer, 6, "cd"), S_OK);
  EXPECT_STREQ(buffer, "abcd");
  EXPECT_EQ(StringCchCatA(buffer, 6, "efg"), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(buffer, "abcde");
  char full[3] = {'x', 'y', 'z'};
  EXPECT_EQ(StringCchCatA(full, 3, "a"), STRSAFE_E_INVALID_PARAMETER);
}

// Tests that StringCchPrintf formats (wide %s is a WCHAR string) and cuts a text too long with
// STRSAFE_E_INSUFFICIENT_BUFFER, and that StringCchLength measures, refusing a string with no NUL within the limit.
TEST(StringCchPrintf, FormatsCutsAndMeasures) {
  BEHAVIOUR("CP-STRSAFE-003");
  char narrow[8];
  EXPECT_EQ(StringCchPrintfA(narrow, 8, "%s=%d", "n", 42), S_OK);
  EXPECT_STREQ(narrow, "n=42");
  EXPECT_EQ(StringCbPrintfA(narrow, 4, "%d", 12345), STRSAFE_E_INSUFFICIENT_BUFFER);
  EXPECT_STREQ(narrow, "123");
  WCHAR wide[16];
  EXPECT_EQ(StringCchPrintfW(wide, 16, Wide("%s:%d").c_str(), Wide("\xc3\xa9").c_str(), 7), S_OK);
  EXPECT_EQ(Narrow(wide), "\xc3\xa9:7");
  size_t length = 99;
  EXPECT_EQ(StringCchLengthA("abc", 10, &length), S_OK);
  EXPECT_EQ(length, 3u);
  EXPECT_EQ(StringCchLengthA("abc", 3, &length), STRSAFE_E_INVALID_PARAMETER);
  EXPECT_EQ(StringCchLengthW(Wide("xy").c_str(), 5, &length), S_OK);
  EXPECT_EQ(length, 2u);
}

}  // namespace
}  // namespace winipc::conformance
