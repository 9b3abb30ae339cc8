// MultiByteToWideChar and WideCharToMultiByte with CP_UTF8: conversion, size queries, too-small buffers, invalid
// input and the arguments UTF-8 refuses.
// https://learn.microsoft.com/en-us/windows/win32/api/stringapiset/nf-stringapiset-multibytetowidechar
// https://learn.microsoft.com/en-us/windows/win32/api/stringapiset/nf-stringapiset-widechartomultibyte
#include <windows.h>

#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// a, e-acute, euro sign, U+1F600 (a surrogate pair in UTF-16).
constexpr char kText[] = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80";

// Tests that a NUL-terminated UTF-8 string (length -1) converts to UTF-16, its NUL counted and written.
TEST(MultiByteToWideChar, ConvertsUtf8WithTerminator) {
  BEHAVIOUR("CP-MBTOWC-001");
  WCHAR out[16];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, kText, -1, out, 16)), Returns(6));
  EXPECT_EQ(out[0], 'a');
  EXPECT_EQ(out[1], 0x00e9);
  EXPECT_EQ(out[2], 0x20ac);
  EXPECT_EQ(out[3], 0xd83d);
  EXPECT_EQ(out[4], 0xde00);
  EXPECT_EQ(out[5], 0);
}

// Tests that a destination size of 0 asks for the size: with -1 the NUL is counted, with a length it is not.
TEST(MultiByteToWideChar, ZeroSizeReturnsTheSizeNeeded) {
  BEHAVIOUR("CP-MBTOWC-002");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, kText, -1, nullptr, 0)), Returns(6));
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, kText, 3, nullptr, 0)), Returns(2));
}

// Tests that a destination too small fails with ERROR_INSUFFICIENT_BUFFER.
TEST(MultiByteToWideChar, TooSmallFailsInsufficientBuffer) {
  BEHAVIOUR("CP-MBTOWC-003");
  WCHAR out[5];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, kText, -1, out, 5)), FailsWith(ERROR_INSUFFICIENT_BUFFER));
}

// Tests that invalid UTF-8 becomes U+FFFD, and with MB_ERR_INVALID_CHARS fails with ERROR_NO_UNICODE_TRANSLATION.
TEST(MultiByteToWideChar, InvalidInputIsReplacedOrRefused) {
  BEHAVIOUR("CP-MBTOWC-004");
  WCHAR out[8];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, "a\xff" "b", 3, out, 8)), Returns(3));
  EXPECT_EQ(out[1], 0xfffd);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, "a\xff" "b", 3, out, 8)),
              FailsWith(ERROR_NO_UNICODE_TRANSLATION));
}

// Tests that a NULL source, a zero length, or a NULL destination with a size fail with ERROR_INVALID_PARAMETER.
TEST(MultiByteToWideChar, BadArgumentsFailInvalidParameter) {
  BEHAVIOUR("CP-MBTOWC-005");
  WCHAR out[8];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, nullptr, -1, out, 8)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, "a", 0, out, 8)), FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, 0, "a", -1, nullptr, 8)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that CP_UTF8 takes no flag but MB_ERR_INVALID_CHARS: MB_PRECOMPOSED fails with ERROR_INVALID_FLAGS.
TEST(MultiByteToWideChar, Utf8RefusesOtherFlags) {
  BEHAVIOUR("CP-MBTOWC-006");
  WCHAR out[8];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MultiByteToWideChar(CP_UTF8, MB_PRECOMPOSED, "a", -1, out, 8)), FailsWith(ERROR_INVALID_FLAGS));
}

// Tests that UTF-16 converts back to the same UTF-8, the NUL included with length -1.
TEST(WideCharToMultiByte, ConvertsUtf16WithTerminator) {
  BEHAVIOUR("CP-WCTOMB-001");
  const std::basic_string<WCHAR> wide = Wide(kText);
  char out[32];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), -1, out, sizeof out, nullptr, nullptr)),
              Returns(11));
  EXPECT_STREQ(out, kText);
}

// Tests that a destination size of 0 asks for the size, and a destination too small fails (ERROR_INSUFFICIENT_BUFFER).
TEST(WideCharToMultiByte, SizeQueryAndTooSmall) {
  BEHAVIOUR("CP-WCTOMB-002");
  const std::basic_string<WCHAR> wide = Wide(kText);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), -1, nullptr, 0, nullptr, nullptr)), Returns(11));
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), 2, nullptr, 0, nullptr, nullptr)), Returns(3));
  char out[4];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), -1, out, sizeof out, nullptr, nullptr)),
              FailsWith(ERROR_INSUFFICIENT_BUFFER));
}

// Tests that an unpaired surrogate becomes U+FFFD (EF BF BD), and with WC_ERR_INVALID_CHARS fails with
// ERROR_NO_UNICODE_TRANSLATION.
TEST(WideCharToMultiByte, UnpairedSurrogateIsReplacedOrRefused) {
  BEHAVIOUR("CP-WCTOMB-003");
  const WCHAR lone[] = {'a', 0xd800, 'b', 0};
  char out[16];
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, lone, -1, out, sizeof out, nullptr, nullptr)), Returns(6));
  EXPECT_STREQ(out, "a\xef\xbf\xbd" "b");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, lone, -1, out, sizeof out, nullptr, nullptr)),
              FailsWith(ERROR_NO_UNICODE_TRANSLATION));
}

// Tests that CP_UTF8 refuses a default character or a used-default flag (ERROR_INVALID_PARAMETER) and flags other
// than WC_ERR_INVALID_CHARS (ERROR_INVALID_FLAGS).
TEST(WideCharToMultiByte, Utf8RefusesDefaultCharAndOtherFlags) {
  BEHAVIOUR("CP-WCTOMB-004");
  const std::basic_string<WCHAR> wide = Wide("x");
  char out[8];
  BOOL used = FALSE;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), -1, out, sizeof out, nullptr, &used)),
              FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, 0, wide.c_str(), -1, out, sizeof out, "?", nullptr)),
              FailsWith(ERROR_INVALID_PARAMETER));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WideCharToMultiByte(CP_UTF8, WC_NO_BEST_FIT_CHARS, wide.c_str(), -1, out, sizeof out, nullptr,
                                       nullptr)),
              FailsWith(ERROR_INVALID_FLAGS));
}

// Tests that lstrlen (NULL is 0), lstrcpyn (at most n - 1 characters and a NUL), lstrcat and lstrcmpi work, A and W.
TEST(Lstr, LengthCopyConcatenateCompare) {
  BEHAVIOUR("CP-LSTR-001");
  EXPECT_EQ(lstrlenA("abc"), 3);
  EXPECT_EQ(lstrlenA(nullptr), 0);
  EXPECT_EQ(lstrlenW(Wide("\xc3\xa9z").c_str()), 2);
  EXPECT_EQ(lstrlenW(nullptr), 0);
  char buffer[8];
  EXPECT_EQ(lstrcpynA(buffer, "abcdef", 4), buffer);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(lstrcatA(buffer, "de"), buffer);
  EXPECT_STREQ(buffer, "abcde");
  WCHAR wide[8];
  lstrcpyW(wide, Wide("xy").c_str());
  lstrcatW(wide, Wide("z").c_str());
  EXPECT_EQ(Narrow(wide), "xyz");
  EXPECT_EQ(lstrcmpiA("HeLLo", "hello"), 0);
  EXPECT_EQ(lstrcmpiW(Wide("ABC").c_str(), Wide("abc").c_str()), 0);
  EXPECT_LT(lstrcmpA("apple", "banana"), 0);
  EXPECT_GT(lstrcmpW(Wide("b").c_str(), Wide("a").c_str()), 0);
  EXPECT_EQ(lstrcmpA("same", "same"), 0);
}

// Tests that wsprintf formats with Microsoft's conversions (%s the function's width, %S the other) and returns the
// length.
TEST(Wsprintf, FormatsWithMicrosoftConversions) {
  BEHAVIOUR("CP-WSPRINTF-001");
  char narrow[64];
  EXPECT_EQ(wsprintfA(narrow, "%s-%d-%S-%lu", "n", -3, Wide("w").c_str(), 7ul), 8);
  EXPECT_STREQ(narrow, "n--3-w-7");
  WCHAR wide[64];
  EXPECT_EQ(wsprintfW(wide, Wide("%s|%hs|%05x").c_str(), Wide("\xc3\xa9").c_str(), "h", 255), 9);
  EXPECT_EQ(Narrow(wide), "\xc3\xa9|h|000ff");
}

}  // namespace
}  // namespace winipc::conformance
