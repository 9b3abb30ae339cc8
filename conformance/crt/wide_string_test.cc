// The wide C runtime on WCHAR (UTF-16) strings: wcslen, wcscpy, wcscat, wcscmp, wcsncmp, wcschr, wcsrchr, wcsstr,
// wcstok_s, _wcslwr/_wcsupr. On Windows wchar_t is WCHAR; on emu these names have WCHAR overloads (or, with
// -fshort-wchar, are emu's UTF-16 functions).
// https://learn.microsoft.com/en-us/cpp/c-runtime-library/reference/strlen-wcslen-mbslen-mbslen-l-mbstrlen-mbstrlen-l
#include <windows.h>

#include <string.h>
#include <wchar.h>

#include <string>

#include "crt/crt_fixture.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using WideString = CrtTest;

// Tests that wcslen counts UTF-16 units (a supplementary character is two) and wcscpy/wcscat copy them.
TEST_F(WideString, LengthCopyConcatenateCountUtf16Units) {
  BEHAVIOUR("CR-WIDE-001");
  const std::basic_string<WCHAR> text = Wide("a\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_EQ(wcslen(text.c_str()), 4u);
  WCHAR buffer[16];
  EXPECT_EQ(wcscpy(buffer, text.c_str()), buffer);
  EXPECT_EQ(wcscat(buffer, Wide("!").c_str()), buffer);
  EXPECT_EQ(Narrow(buffer), "a\xc3\xa9\xf0\x9f\x98\x80!");
  EXPECT_EQ(wcslen(buffer), 5u);
}

// Tests that wcscmp and wcsncmp compare by UTF-16 unit value, and wcschr/wcsrchr/wcsstr find units and substrings.
TEST_F(WideString, CompareAndSearch) {
  BEHAVIOUR("CR-WIDE-002");
  const std::basic_string<WCHAR> abc = Wide("abcabc");
  EXPECT_EQ(wcscmp(abc.c_str(), Wide("abcabc").c_str()), 0);
  EXPECT_LT(wcscmp(Wide("a").c_str(), Wide("\xc3\xa9").c_str()), 0);
  EXPECT_EQ(wcsncmp(abc.c_str(), Wide("abcX").c_str(), 3), 0);
  EXPECT_EQ(wcschr(abc.c_str(), 'b'), abc.c_str() + 1);
  EXPECT_EQ(wcsrchr(abc.c_str(), 'b'), abc.c_str() + 4);
  EXPECT_EQ(wcsstr(abc.c_str(), Wide("ca").c_str()), abc.c_str() + 2);
  EXPECT_EQ(wcsstr(abc.c_str(), Wide("x").c_str()), nullptr);
}

// Tests that wcstok_s splits at any delimiter and keeps its place in the context; _wcsupr/_wcslwr map ASCII letters.
TEST_F(WideString, TokensAndCase) {
  BEHAVIOUR("CR-WIDE-003");
  std::basic_string<WCHAR> text = Wide("one, two;three");
  const std::basic_string<WCHAR> delimiters = Wide(", ;");
  WCHAR* context = nullptr;
  WCHAR* token = wcstok_s(&text[0], delimiters.c_str(), &context);
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(Narrow(token), "one");
  token = wcstok_s(nullptr, delimiters.c_str(), &context);
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(Narrow(token), "two");
  token = wcstok_s(nullptr, delimiters.c_str(), &context);
  ASSERT_NE(token, nullptr);
  EXPECT_EQ(Narrow(token), "three");
  EXPECT_EQ(wcstok_s(nullptr, delimiters.c_str(), &context), nullptr);
  std::basic_string<WCHAR> mixed = Wide("MiXeD1");
  EXPECT_EQ(Narrow(_wcsupr(&mixed[0])), "MIXED1");
  EXPECT_EQ(Narrow(_wcslwr(&mixed[0])), "mixed1");
  EXPECT_EQ(HandlerCalls(), 0);
}

}  // namespace
}  // namespace winipc::conformance
