// The Microsoft C runtime's other names Windows code uses: _itoa_s/_itow_s and the unchecked _itoa family, _atoi64
// and _wtoi, case-insensitive comparison (_stricmp, _wcsicmp), _strlwr/_strupr, _strdup, fopen_s/_wfopen_s,
// _localtime64_s/_gmtime64_s, sscanf_s's buffer sizes, and _countof.
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/itoa-s-itow-s
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/stricmp-wcsicmp-mbsicmp-stricmp-l-wcsicmp-l-mbsicmp-l
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/fopen-s-wfopen-s
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/localtime-s-localtime32-s-localtime64-s
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/sscanf-s-sscanf-s-l-swscanf-s-swscanf-s-l
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include <string>

#include "crt/crt_fixture.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using Itoa = CrtTest;
using Stricmp = CrtTest;
using FopenS = CrtTest;
using Localtime64S = CrtTest;
using SscanfS = CrtTest;

// Tests that _itoa_s prints a negative number with a sign in radix 10 and as its 32-bit two's complement in other
// radixes.
TEST_F(Itoa, NegativeHasSignOnlyInRadixTen) {
  BEHAVIOUR("CR-ITOA-001");
  char buffer[40];
  EXPECT_EQ(_itoa_s(-42, buffer, sizeof buffer, 10), 0);
  EXPECT_STREQ(buffer, "-42");
  EXPECT_EQ(_itoa_s(-1, buffer, sizeof buffer, 16), 0);
  EXPECT_STREQ(buffer, "ffffffff");
  EXPECT_EQ(_itoa_s(5, buffer, sizeof buffer, 2), 0);
  EXPECT_STREQ(buffer, "101");
  EXPECT_EQ(_itoa_s(35, buffer, sizeof buffer, 36), 0);
  EXPECT_STREQ(buffer, "z");
}

// Tests that a buffer too small is ERANGE and a radix outside 2..36 is EINVAL, both emptying the buffer.
TEST_F(Itoa, TooSmallIsErangeBadRadixIsEinval) {
  BEHAVIOUR("CR-ITOA-002");
  char buffer[4] = "xyz";
  EXPECT_EQ(_itoa_s(1234, buffer, sizeof buffer, 10), ERANGE);
  EXPECT_EQ(buffer[0], '\0');
  strcpy(buffer, "xyz");
  EXPECT_EQ(_itoa_s(1, buffer, sizeof buffer, 37), EINVAL);
  EXPECT_EQ(buffer[0], '\0');
  EXPECT_EQ(_itoa_s(1, nullptr, 4, 10), EINVAL);
}

// Tests that the wide and unchecked forms convert: _itow_s, _itoa, _itow, _i64toa, and the array overload of _itoa_s.
TEST_F(Itoa, WideAndUncheckedForms) {
  BEHAVIOUR("CR-ITOA-003");
  WCHAR wide[16];
  EXPECT_EQ(_itow_s(-7, wide, 16, 10), 0);
  EXPECT_EQ(Narrow(wide), "-7");
  char buffer[32];
  EXPECT_STREQ(_itoa(255, buffer, 16), "ff");
  EXPECT_STREQ(_i64toa(-5000000000LL, buffer, 10), "-5000000000");
  EXPECT_EQ(Narrow(_itow(123, wide, 10)), "123");
  char small[3];
  EXPECT_EQ(_itoa_s(99, small, 10), 0);
  EXPECT_STREQ(small, "99");
}

// Tests that _atoi64, _wtoi and _wtoi64 read leading whitespace, a sign and digits, and stop at the first non-digit.
TEST_F(Itoa, AtoiFamily) {
  BEHAVIOUR("CR-ATOI-001");
  EXPECT_EQ(_atoi64("  -5000000000x"), -5000000000LL);
  EXPECT_EQ(_wtoi(Wide(" 42abc").c_str()), 42);
  EXPECT_EQ(_wtoi(Wide("-17").c_str()), -17);
  EXPECT_EQ(_wtoi64(Wide("9000000000").c_str()), 9000000000LL);
  EXPECT_EQ(_wtoi(Wide("\xc3\xa9").c_str()), 0);
}

// Tests that _stricmp and _wcsicmp ignore the case of ASCII letters and compare by the lower-case form (so '_'
// sorts before letters), and that _strnicmp/_wcsnicmp stop after count characters.
TEST_F(Stricmp, ComparesLowerCaseForms) {
  BEHAVIOUR("CR-STRICMP-001");
  EXPECT_EQ(_stricmp("Hello", "hELLO"), 0);
  EXPECT_LT(_stricmp("_", "A"), 0);
  EXPECT_GT(_stricmp("b", "A"), 0);
  EXPECT_EQ(_strnicmp("abcX", "ABCy", 3), 0);
  EXPECT_NE(_strnicmp("abcX", "ABCy", 4), 0);
  EXPECT_EQ(_wcsicmp(Wide("MiXeD").c_str(), Wide("mixed").c_str()), 0);
  EXPECT_LT(_wcsicmp(Wide("a").c_str(), Wide("B").c_str()), 0);
  EXPECT_EQ(_wcsnicmp(Wide("abC1").c_str(), Wide("ABc2").c_str(), 3), 0);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that a NULL argument to _stricmp returns _NLSCMPERROR (INT_MAX) with errno EINVAL.
TEST_F(Stricmp, NullIsNlscmperror) {
  BEHAVIOUR("CR-STRICMP-002");
  EXPECT_EQ(_stricmp(nullptr, "a"), 0x7fffffff);
  EXPECT_EQ(errno, EINVAL);
  EXPECT_EQ(_wcsicmp(Wide("a").c_str(), nullptr), 0x7fffffff);
}

// Tests that _strlwr and _strupr map ASCII letters in place and return their argument; _strdup and _wcsdup copy.
TEST_F(Stricmp, CaseMappingAndDuplicates) {
  BEHAVIOUR("CR-CASE-001");
  char text[] = "MiXeD 1_z";
  EXPECT_EQ(_strlwr(text), text);
  EXPECT_STREQ(text, "mixed 1_z");
  EXPECT_STREQ(_strupr(text), "MIXED 1_Z");
  char* copy = _strdup("copy");
  ASSERT_NE(copy, nullptr);
  EXPECT_STREQ(copy, "copy");
  free(copy);
  WCHAR* wide = _wcsdup(Wide("w\xc3\xa9").c_str());
  ASSERT_NE(wide, nullptr);
  EXPECT_EQ(Narrow(wide), "w\xc3\xa9");
  free(wide);
  EXPECT_EQ(_strdup(nullptr), nullptr);
}

// Tests that fopen_s opens an existing file (0 and a FILE*), and for a missing one returns ENOENT and sets the
// FILE* to NULL.
TEST_F(FopenS, OpensOrReturnsErrno) {
  BEHAVIOUR("CR-FOPEN-001");
  const std::string name = UniqueName("fopen-s") + ".txt";
  FILE* file = reinterpret_cast<FILE*>(1);
  ASSERT_EQ(fopen_s(&file, name.c_str(), "w"), 0);
  ASSERT_NE(file, nullptr);
  fputs("text", file);
  fclose(file);
  ASSERT_EQ(fopen_s(&file, name.c_str(), "rt"), 0);
  char line[16] = {};
  EXPECT_NE(fgets(line, sizeof line, file), nullptr);
  EXPECT_STREQ(line, "text");
  fclose(file);
  remove(name.c_str());
  file = reinterpret_cast<FILE*>(1);
  EXPECT_EQ(fopen_s(&file, name.c_str(), "r"), ENOENT);
  EXPECT_EQ(file, nullptr);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that fopen_s with a NULL FILE**, name or mode returns EINVAL.
TEST_F(FopenS, NullArgumentsAreEinval) {
  BEHAVIOUR("CR-FOPEN-002");
  EXPECT_EQ(fopen_s(nullptr, "x", "r"), EINVAL);
  FILE* file = nullptr;
  EXPECT_EQ(fopen_s(&file, nullptr, "r"), EINVAL);
  EXPECT_EQ(fopen_s(&file, "x", nullptr), EINVAL);
}

// Tests that _wfopen_s opens a file named in UTF-16 with a non-ASCII character, which fopen_s then finds by its
// UTF-8 name.
TEST_F(FopenS, WideNameIsTheSameFile) {
  BEHAVIOUR("CR-FOPEN-003");
  const std::string name = UniqueName("wfopen-\xc3\xa9") + ".txt";
  FILE* file = nullptr;
  ASSERT_EQ(_wfopen_s(&file, Wide(name).c_str(), Wide("wb").c_str()), 0);
  ASSERT_NE(file, nullptr);
  fputs("wide", file);
  fclose(file);
  ASSERT_EQ(fopen_s(&file, name.c_str(), "rb"), 0);
  char text[8] = {};
  EXPECT_EQ(fread(text, 1, 4, file), 4u);
  EXPECT_STREQ(text, "wide");
  fclose(file);
  EXPECT_EQ(_wremove(Wide(name).c_str()), 0);
}

// Tests that _gmtime64_s breaks a time down (1 March 2000 12:34:56 UTC is a Wednesday, day 60 of the year).
TEST_F(Localtime64S, GmtimeBreaksDown) {
  BEHAVIOUR("CR-TIME-001");
  const __time64_t when = 951914096;
  struct tm tm;
  EXPECT_EQ(_gmtime64_s(&tm, &when), 0);
  EXPECT_EQ(tm.tm_year, 100);
  EXPECT_EQ(tm.tm_mon, 2);
  EXPECT_EQ(tm.tm_mday, 1);
  EXPECT_EQ(tm.tm_hour, 12);
  EXPECT_EQ(tm.tm_min, 34);
  EXPECT_EQ(tm.tm_sec, 56);
  EXPECT_EQ(tm.tm_wday, 3);
  EXPECT_EQ(tm.tm_yday, 60);
  struct tm local;
  EXPECT_EQ(_localtime64_s(&local, &when), 0);
  EXPECT_EQ(local.tm_year, 100);
  EXPECT_EQ(HandlerCalls(), 0);
}

// Tests that a NULL or negative time is EINVAL and sets every field of the result to -1.
TEST_F(Localtime64S, NullOrNegativeTimeIsEinvalWithFieldsMinusOne) {
  BEHAVIOUR("CR-TIME-002");
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  EXPECT_EQ(_localtime64_s(&tm, nullptr), EINVAL);
  EXPECT_EQ(tm.tm_year, -1);
  EXPECT_EQ(tm.tm_mday, -1);
  EXPECT_EQ(tm.tm_isdst, -1);
  const __time64_t negative = -1;
  memset(&tm, 0, sizeof tm);
  EXPECT_EQ(_localtime64_s(&tm, &negative), EINVAL);
  EXPECT_EQ(tm.tm_hour, -1);
  EXPECT_EQ(_localtime64_s(nullptr, &negative), EINVAL);
}

// Tests that _time64 returns the current time and stores it through its argument.
TEST_F(Localtime64S, Time64StoresNow) {
  BEHAVIOUR("CR-TIME-003");
  __time64_t stored = 0;
  const __time64_t now = _time64(&stored);
  EXPECT_EQ(stored, now);
  EXPECT_GT(now, 1577836800);  // after 2020-01-01
}

// Tests that sscanf_s reads %s, %c and %[ into buffers given with their sizes, alongside %d.
TEST_F(SscanfS, StringFieldsTakeSizes) {
  BEHAVIOUR("CR-SCANF-001");
  char word[8];
  char letter;
  char digits[8];
  int number = 0;
  EXPECT_EQ(sscanf_s("name 42 x 123abc", "%s %d %c %[0-9]", word, 8u, &number, &letter, 1u, digits, 8u), 4);
  EXPECT_STREQ(word, "name");
  EXPECT_EQ(number, 42);
  EXPECT_EQ(letter, 'x');
  EXPECT_STREQ(digits, "123");
}

// Tests that a field too long for its buffer empties the buffer and ends the scan, counting only earlier fields.
TEST_F(SscanfS, FieldTooLongEmptiesBufferAndStops) {
  BEHAVIOUR("CR-SCANF-002");
  int number = 0;
  char word[4] = "xyz";
  int after = -5;
  EXPECT_EQ(sscanf_s("7 toolong 9", "%d %s %d", &number, word, 4u, &after), 1);
  EXPECT_EQ(number, 7);
  EXPECT_EQ(word[0], '\0');
  EXPECT_EQ(after, -5);
}

// Tests that sscanf_s returns EOF for input that ends before the first conversion, and 0 for a first mismatch.
TEST_F(SscanfS, EndOfInputIsEof) {
  BEHAVIOUR("CR-SCANF-003");
  int number = 0;
  EXPECT_EQ(sscanf_s("", "%d", &number), EOF);
  EXPECT_EQ(sscanf_s("abc", "%d", &number), 0);
  EXPECT_EQ(sscanf_s("12 34", "%d %*d", &number), 1);
  EXPECT_EQ(number, 12);
}

// Tests that _countof gives an array's number of elements.
TEST(Countof, GivesElementCount) {
  BEHAVIOUR("CR-COUNTOF-001");
  WCHAR wide[17];
  int numbers[5];
  EXPECT_EQ(_countof(wide), 17u);
  EXPECT_EQ(_countof(numbers), 5u);
}

}  // namespace
}  // namespace winipc::conformance
