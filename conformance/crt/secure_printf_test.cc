// The Microsoft C runtime's checked printf family (sprintf_s, _snprintf_s, swprintf_s, _vsnwprintf_s), the legacy
// _snprintf, and Microsoft's meaning of the format's conversions.
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/sprintf-s-sprintf-s-l-swprintf-s-swprintf-s-l
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/snprintf-s-snprintf-s-l-snwprintf-s-snwprintf-s-l
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/format-specification-syntax-printf-and-wprintf-functions
#include <windows.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <string>

#include "crt/crt_fixture.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using SprintfS = CrtTest;

// Tests that sprintf_s writes the text and its NUL and returns the number of characters written.
TEST_F(SprintfS, FormatsAndReturnsLength) {
  BEHAVIOUR("CR-SPRINTF-001");
  char buffer[32];
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, "%s=%d", "n", 42), 4);
  EXPECT_STREQ(buffer, "n=42");
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that text too long for the buffer leaves it empty and returns -1 with errno ERANGE.
TEST_F(SprintfS, TooSmallEmptiesBufferAndSetsErange) {
  BEHAVIOUR("CR-SPRINTF-002");
  char buffer[4] = {'x', 'x', 'x', 'x'};
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, "%s", "abcd"), -1);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that a NULL buffer, a zero size or a NULL format returns -1 with errno EINVAL.
TEST_F(SprintfS, NullBufferZeroSizeOrNullFormatIsEinval) {
  BEHAVIOUR("CR-SPRINTF-003");
  char buffer[8] = "keep";
  EXPECT_EQ(sprintf_s(nullptr, 8, "%d", 1), -1);
  EXPECT_EQ(errno, EINVAL);
  errno = 0;
  EXPECT_EQ(sprintf_s(buffer, 0, "%d", 1), -1);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_STREQ(buffer, "keep");
  errno = 0;
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, nullptr), -1);
  EXPECT_EQ(errno, EINVAL);
}

// Tests that _snprintf_s with _TRUNCATE keeps what fits, terminates it, and returns -1 without calling the handler.
TEST_F(SprintfS, SnprintfSTruncateCutsWithoutError) {
  BEHAVIOUR("CR-SPRINTF-004");
  char buffer[5];
  EXPECT_EQ(_snprintf_s(buffer, sizeof buffer, _TRUNCATE, "%s", "abcdefgh"), -1);
  EXPECT_STREQ(buffer, "abcd");
  EXPECT_EQ(errno, 0);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that _snprintf_s writes at most count characters when count is below the buffer's size, and returns -1
// when it cut the text, without calling the handler.
TEST_F(SprintfS, SnprintfSCountSmallerThanBufferCuts) {
  BEHAVIOUR("CR-SPRINTF-005");
  char buffer[16];
  EXPECT_EQ(_snprintf_s(buffer, sizeof buffer, 3, "%d", 123456), -1);
  EXPECT_STREQ(buffer, "123");
  EXPECT_EQ(_snprintf_s(buffer, sizeof buffer, 10, "%d", 123456), 6);
  EXPECT_STREQ(buffer, "123456");
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that _snprintf_s whose count is not below the buffer's size and whose text does not fit is an error: empty
// buffer, -1 and errno ERANGE.
TEST_F(SprintfS, SnprintfSCountLargerThanBufferIsErange) {
  BEHAVIOUR("CR-SPRINTF-006");
  char buffer[4] = {'x', 'x', 'x', 'x'};
  EXPECT_EQ(_snprintf_s(buffer, sizeof buffer, 10, "%s", "abcdef"), -1);
  EXPECT_EQ(errno, ERANGE);
  EXPECT_EQ(buffer[0], '\0');
}

// Tests that _snprintf writes no NUL when the text fills count exactly (returning its length) or is cut (returning
// -1), and terminates shorter text.
TEST_F(SprintfS, LegacySnprintfTerminatesOnlyWhenThereIsRoom) {
  BEHAVIOUR("CR-SPRINTF-007");
  char buffer[8];
  memset(buffer, '#', sizeof buffer);
  EXPECT_EQ(_snprintf(buffer, 4, "%s", "abcd"), 4);
  EXPECT_EQ(std::string(buffer, 5), "abcd#");
  memset(buffer, '#', sizeof buffer);
  EXPECT_EQ(_snprintf(buffer, 4, "%s", "abcdef"), -1);
  EXPECT_EQ(std::string(buffer, 5), "abcd#");
  EXPECT_EQ(_snprintf(buffer, sizeof buffer, "%d", 7), 1);
  EXPECT_STREQ(buffer, "7");
}

// Tests that in a narrow function %S and %ls print a wide (UTF-16) string and %hs and %s a narrow one. (ASCII only:
// how other characters become bytes depends on the C locale's code page; emu's is always UTF-8.)
TEST_F(SprintfS, NarrowFormatUpperSIsWide) {
  BEHAVIOUR("CR-SPRINTF-008");
  char buffer[64];
  const std::basic_string<WCHAR> wide = Wide("wx");
  EXPECT_EQ(sprintf_s(buffer, sizeof buffer, "%S|%ls|%hs|%s", wide.c_str(), wide.c_str(), "h", "s"), 9);
  EXPECT_STREQ(buffer, "wx|wx|h|s");
}

// Tests that in a wide function %s and %ls print a wide string and %S and %hs a narrow one, and %c a wide character.
TEST_F(SprintfS, WideFormatLowerSIsWide) {
  BEHAVIOUR("CR-SPRINTF-009");
  WCHAR buffer[64];
  const std::basic_string<WCHAR> wide = Wide("w\xc3\xa9");
  EXPECT_EQ(swprintf_s(buffer, 64, Wide("%s|%ls|%S|%hs|%c").c_str(), wide.c_str(), wide.c_str(), "n", "h",
                       wide[1]),
            11);
  EXPECT_EQ(Narrow(buffer), "w\xc3\xa9|w\xc3\xa9|n|h|\xc3\xa9");
}

// Tests that the Windows integer sizes hold: %ld is 32 bits, %I64d and %lld 64 bits, %I32u 32 bits, %Iu pointer-sized.
TEST_F(SprintfS, IntegerLengthModifiersHaveWindowsSizes) {
  BEHAVIOUR("CR-SPRINTF-010");
  char buffer[96];
  const LONG minus_one = -1;
  sprintf_s(buffer, sizeof buffer, "%ld %lu %I64d %lld %I32u %Iu", minus_one, static_cast<DWORD>(0xffffffffu),
            -5000000000LL, 5000000000LL, 7u, static_cast<SIZE_T>(1) << 40);
  EXPECT_STREQ(buffer, "-1 4294967295 -5000000000 5000000000 7 1099511627776");
}

// Tests that %p prints a 64-bit pointer as 16 upper-case hexadecimal digits without a 0x prefix.
TEST_F(SprintfS, PointerIsSixteenUpperCaseHexDigits) {
  BEHAVIOUR("CR-SPRINTF-011");
  char buffer[32];
  sprintf_s(buffer, sizeof buffer, "%p", reinterpret_cast<void*>(static_cast<uintptr_t>(0xabcdef)));
  EXPECT_STREQ(buffer, "0000000000ABCDEF");
}

// Tests that the C++ overloads take the buffer's size from the array: a text too long for it is ERANGE.
TEST_F(SprintfS, ArrayOverloadsInferTheSize) {
  BEHAVIOUR("CR-SPRINTF-012");
  char buffer[6];
  EXPECT_EQ(sprintf_s(buffer, "%05d", 42), 5);
  EXPECT_STREQ(buffer, "00042");
  EXPECT_EQ(sprintf_s(buffer, "%06d", 42), -1);
  EXPECT_EQ(errno, ERANGE);
  WCHAR wide[4];
  EXPECT_EQ(swprintf_s(wide, Wide("%d").c_str(), 123), 3);
  EXPECT_EQ(Narrow(wide), "123");
  EXPECT_EQ(_snprintf_s(buffer, _TRUNCATE, "%s", "abcdefgh"), -1);
  EXPECT_STREQ(buffer, "abcde");
}

int WideTruncated(WCHAR* buffer, size_t size, size_t count, const WCHAR* format, ...) {
  va_list args;
  va_start(args, format);
  const int n = _vsnwprintf_s(buffer, size, count, format, args);
  va_end(args);
  return n;
}

// Tests that _vsnwprintf_s counts in UTF-16 units: _TRUNCATE keeps size - 1 units and returns -1.
TEST_F(SprintfS, VsnwprintfSTruncatesInUtf16Units) {
  BEHAVIOUR("CR-SPRINTF-013");
  WCHAR buffer[4];
  EXPECT_EQ(WideTruncated(buffer, 4, _TRUNCATE, Wide("%s").c_str(), Wide("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").c_str()),
            -1);
  EXPECT_EQ(Narrow(buffer), "\xc3\xa9\xc3\xa9\xc3\xa9");
  EXPECT_EQ(WideTruncated(buffer, 4, _TRUNCATE, Wide("ab").c_str()), 2);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that _scprintf returns the length the text would have, without writing anything.
TEST_F(SprintfS, ScprintfCountsCharacters) {
  BEHAVIOUR("CR-SPRINTF-014");
  EXPECT_EQ(_scprintf("%s-%d", "abc", 12345), 9);
  EXPECT_EQ(_scwprintf(Wide("%s").c_str(), Wide("\xc3\xa9").c_str()), 1);
}

}  // namespace
}  // namespace winipc::conformance
