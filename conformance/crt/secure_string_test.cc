// The Microsoft C runtime's checked string and memory copies (strcpy_s, strncpy_s, strcat_s, strncat_s, wcscpy_s,
// wcsncpy_s, wcscat_s, memcpy_s, memmove_s) and their C++ array overloads.
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/strcpy-s-wcscpy-s-mbscpy-s
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/strncpy-s-strncpy-s-l-wcsncpy-s-wcsncpy-s-l-mbsncpy-s-mbsncpy-s-l
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/strcat-s-wcscat-s-mbscat-s
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/memcpy-s-wmemcpy-s
#include <windows.h>

#include <errno.h>
#include <string.h>
#include <wchar.h>

#include <string>

#include "crt/crt_fixture.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using StrcpyS = CrtTest;
using MemcpyS = CrtTest;

// Tests that strcpy_s copies a string that fits and returns 0.
TEST_F(StrcpyS, CopiesWhatFits) {
  BEHAVIOUR("CR-STRCPY-001");
  char buffer[5];
  EXPECT_EQ(strcpy_s(buffer, sizeof buffer, "abcd"), 0);
  EXPECT_STREQ(buffer, "abcd");
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that a source too long for the destination empties it and returns ERANGE.
TEST_F(StrcpyS, TooSmallEmptiesDestinationWithErange) {
  BEHAVIOUR("CR-STRCPY-002");
  char buffer[4] = "xyz";
  EXPECT_EQ(strcpy_s(buffer, sizeof buffer, "abcd"), ERANGE);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that a NULL source empties the destination and returns EINVAL, and that a NULL destination or a zero size
// returns EINVAL and leaves the destination alone.
TEST_F(StrcpyS, NullArgumentsAreEinval) {
  BEHAVIOUR("CR-STRCPY-003");
  char buffer[4] = "xyz";
  EXPECT_EQ(strcpy_s(buffer, sizeof buffer, nullptr), EINVAL);
  EXPECT_EQ(buffer[0], '\0');
  strcpy(buffer, "xyz");
  EXPECT_EQ(strcpy_s(nullptr, 4, "a"), EINVAL);
  EXPECT_EQ(strcpy_s(buffer, 0, "a"), EINVAL);
  EXPECT_STREQ(buffer, "xyz");
  EXPECT_EQ(errno, EINVAL);
}

// Tests that strncpy_s with _TRUNCATE copies what fits and returns STRUNCATE without calling the handler.
TEST_F(StrcpyS, StrncpySTruncateReturnsStruncate) {
  BEHAVIOUR("CR-STRCPY-004");
  char buffer[4];
  EXPECT_EQ(strncpy_s(buffer, sizeof buffer, "abcdef", _TRUNCATE), STRUNCATE);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that strncpy_s copies at most count characters and always terminates; a count that does not fit is ERANGE.
TEST_F(StrcpyS, StrncpySCopiesAtMostCount) {
  BEHAVIOUR("CR-STRCPY-005");
  char buffer[8];
  EXPECT_EQ(strncpy_s(buffer, sizeof buffer, "abcdef", 3), 0);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(strncpy_s(buffer, sizeof buffer, "ab", 5), 0);
  EXPECT_STREQ(buffer, "ab");
  EXPECT_EQ(strncpy_s(buffer, 4, "abcdef", 5), ERANGE);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that strcat_s appends what fits, and that a result too long empties the destination with ERANGE.
TEST_F(StrcpyS, StrcatSAppendsOrEmptiesWithErange) {
  BEHAVIOUR("CR-STRCPY-006");
  char buffer[8] = "abc";
  EXPECT_EQ(strcat_s(buffer, sizeof buffer, "def"), 0);
  EXPECT_STREQ(buffer, "abcdef");
  EXPECT_EQ(strcat_s(buffer, sizeof buffer, "gh"), ERANGE);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that strcat_s on a destination with no NUL within its size empties it and returns EINVAL.
TEST_F(StrcpyS, StrcatSUnterminatedDestinationIsEinval) {
  BEHAVIOUR("CR-STRCPY-007");
  char buffer[4] = {'a', 'b', 'c', 'd'};
  EXPECT_EQ(strcat_s(buffer, sizeof buffer, "x"), EINVAL);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that strncat_s appends at most count characters, and with _TRUNCATE what fits, returning STRUNCATE.
TEST_F(StrcpyS, StrncatSCountAndTruncate) {
  BEHAVIOUR("CR-STRCPY-008");
  char buffer[6] = "ab";
  EXPECT_EQ(strncat_s(buffer, sizeof buffer, "cdef", 1), 0);
  EXPECT_STREQ(buffer, "abc");
  EXPECT_EQ(strncat_s(buffer, sizeof buffer, "defgh", _TRUNCATE), STRUNCATE);
  EXPECT_STREQ(buffer, "abcde");
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that wcscpy_s, wcsncpy_s and wcscat_s count in UTF-16 units, with the same errors as the narrow ones.
TEST_F(StrcpyS, WideFunctionsCountUtf16Units) {
  BEHAVIOUR("CR-STRCPY-009");
  WCHAR buffer[4];
  EXPECT_EQ(wcscpy_s(buffer, 4, Wide("\xc3\xa9\xc3\xa9\xc3\xa9").c_str()), 0);
  EXPECT_EQ(Narrow(buffer), "\xc3\xa9\xc3\xa9\xc3\xa9");
  EXPECT_EQ(wcscpy_s(buffer, 4, Wide("abcd").c_str()), ERANGE);
  EXPECT_EQ(buffer[0], 0);
  EXPECT_EQ(wcsncpy_s(buffer, 4, Wide("abcdef").c_str(), _TRUNCATE), STRUNCATE);
  EXPECT_EQ(Narrow(buffer), "abc");
  EXPECT_EQ(wcsncpy_s(buffer, 4, Wide("x").c_str(), 1), 0);
  EXPECT_EQ(wcscat_s(buffer, 4, Wide("yz").c_str()), 0);
  EXPECT_EQ(Narrow(buffer), "xyz");
  EXPECT_EQ(wcscat_s(buffer, 4, Wide("!").c_str()), ERANGE);
}

// Tests that the C++ overloads take the destination's size from the array.
TEST_F(StrcpyS, ArrayOverloadsInferTheSize) {
  BEHAVIOUR("CR-STRCPY-010");
  char buffer[4];
  EXPECT_EQ(strcpy_s(buffer, "abc"), 0);
  EXPECT_EQ(strcat_s(buffer, "d"), ERANGE);
  EXPECT_EQ(strncpy_s(buffer, "abcdef", _TRUNCATE), STRUNCATE);
  EXPECT_STREQ(buffer, "abc");
  WCHAR wide[3];
  EXPECT_EQ(wcscpy_s(wide, Wide("ab").c_str()), 0);
  EXPECT_EQ(wcscat_s(wide, Wide("c").c_str()), ERANGE);
}

// Tests that memcpy_s copies when the count fits, does nothing for a zero count, and zeroes the destination when
// the count exceeds it (ERANGE) or the source is NULL (EINVAL).
TEST_F(MemcpyS, ZeroesDestinationOnError) {
  BEHAVIOUR("CR-MEMCPY-001");
  char dest[4] = {'1', '2', '3', '4'};
  EXPECT_EQ(memcpy_s(dest, sizeof dest, "ab", 2), 0);
  EXPECT_EQ(std::string(dest, 4), "ab34");
  EXPECT_EQ(memcpy_s(dest, sizeof dest, nullptr, 0), 0);
  EXPECT_EQ(memcpy_s(dest, sizeof dest, "abcdef", 6), ERANGE);
  EXPECT_EQ(std::string(dest, 4), std::string(4, '\0'));
  memcpy(dest, "wxyz", 4);
  EXPECT_EQ(memcpy_s(dest, sizeof dest, nullptr, 2), EINVAL);
  EXPECT_EQ(std::string(dest, 4), std::string(4, '\0'));
  EXPECT_EQ(memcpy_s(nullptr, 4, "ab", 2), EINVAL);
}

// Tests that memmove_s handles overlap, and that a count larger than the destination is ERANGE with the destination
// left alone.
TEST_F(MemcpyS, MemmoveSOverlapsAndLeavesDestinationOnError) {
  BEHAVIOUR("CR-MEMCPY-002");
  char buffer[8] = "abcdef";
  EXPECT_EQ(memmove_s(buffer + 1, 7, buffer, 6), 0);
  EXPECT_EQ(std::string(buffer, 7), "aabcdef");
  EXPECT_EQ(memmove_s(buffer, 2, "xyz", 3), ERANGE);
  EXPECT_EQ(std::string(buffer, 2), "aa");
}

}  // namespace
}  // namespace winipc::conformance
