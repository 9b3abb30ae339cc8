#include "core/names.h"

#include <gtest/gtest.h>
#include <windows.h>

namespace winipc {
namespace {

Status ParseError(std::u16string_view name) { return ParseObjectName(name).status(); }

// Tests that a plain name and "Local\" name live in the session (local) scope under the same leaf.
TEST(ParseObjectName, LocalPrefixIsTheSessionDirectory) {
  auto plain = ParseObjectName(u"x");
  auto local = ParseObjectName(u"Local\\x");
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(plain->scope, Scope::kLocal);
  EXPECT_EQ(local->scope, Scope::kLocal);
  EXPECT_EQ(plain->leaf, local->leaf);
}

// Tests that "Global\" selects the machine-wide scope and "Session\1\" the session's own.
TEST(ParseObjectName, GlobalAndSessionPrefixes) {
  auto global = ParseObjectName(u"Global\\x");
  ASSERT_TRUE(global.ok());
  EXPECT_EQ(global->scope, Scope::kGlobal);
  EXPECT_EQ(global->leaf, u"x");
  auto session = ParseObjectName(u"Session\\1\\x");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->scope, Scope::kLocal);
}

// Tests the errors Windows gives for malformed paths.
TEST(ParseObjectName, MalformedPathsFailLikeWindows) {
  EXPECT_EQ(ParseError(u"foo\\bar"), Status(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(ParseError(u"x\\"), Status(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(ParseError(u"\\x"), Status(ERROR_BAD_PATHNAME));
  EXPECT_EQ(ParseError(u"Local\\\\x"), Status(ERROR_INVALID_NAME));
  EXPECT_EQ(ParseError(u"Local\\"), Status(ERROR_INVALID_NAME));
  EXPECT_EQ(ParseError(u"Local"), Status(ERROR_INVALID_HANDLE));
}

// Tests that prefixes are case-sensitive: "local\x" is an unknown directory.
TEST(ParseObjectName, PrefixesAreCaseSensitive) {
  EXPECT_EQ(ParseError(u"local\\x"), Status(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(ParseError(u"GLOBAL\\x"), Status(ERROR_PATH_NOT_FOUND));
}

// Tests that '/' and '.' are ordinary characters in a leaf.
TEST(ParseObjectName, SlashAndDotsAreOrdinary) {
  for (std::u16string_view name : {u"a/b", u"..", u".", u"/"}) {
    auto parsed = ParseObjectName(name);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->leaf, name);
  }
}

// Tests that hostile leaves become file names without '/', a leading '.', or control characters.
TEST(EncodeFileName, HostileNamesStayInsideTheDirectory) {
  EXPECT_EQ(EncodeFileName(u".."), "%2E.");
  EXPECT_EQ(EncodeFileName(u"."), "%2E");
  EXPECT_EQ(EncodeFileName(u"a/b"), "a%2Fb");
  EXPECT_EQ(EncodeFileName(u"%"), "%25");
  EXPECT_EQ(EncodeFileName(std::u16string(u"\x01\x02")), "%01%02");
  EXPECT_EQ(EncodeFileName(u"Name-1_x.y"), "Name-1_x.y");
}

// Tests that case survives encoding, so names stay case-sensitive.
TEST(EncodeFileName, CaseIsKept) { EXPECT_NE(EncodeFileName(u"Name"), EncodeFileName(u"NAME")); }

// Tests that a long name is hashed into a short file name, and two long names differ.
TEST(EncodeFileName, LongNamesAreHashed) {
  std::u16string a(300, u'a'), b(300, u'a');
  b.back() = u'b';
  std::string ea = EncodeFileName(a), eb = EncodeFileName(b);
  EXPECT_LE(ea.size(), 40u);
  EXPECT_EQ(ea[0], '~');
  EXPECT_NE(ea, eb);
}

// Tests that the links nest, that "Local" is the directory it is found in (so "Global\Local\x" stays global,
// NS-NAME-005), and that session 0 is the global directory.
TEST(ParseObjectName, PrefixesNest) {
  EXPECT_EQ(ParseObjectName(u"Local\\Global\\x")->scope, Scope::kGlobal);
  EXPECT_EQ(ParseObjectName(u"Global\\Local\\x")->scope, Scope::kGlobal);
  EXPECT_EQ(ParseObjectName(u"Session\\1\\Local\\x")->scope, Scope::kLocal);
  EXPECT_EQ(ParseObjectName(u"Session\\0\\x")->scope, Scope::kGlobal);
  EXPECT_EQ(ParseObjectName(u"Local\\Local\\x")->leaf, u"x");
  EXPECT_EQ(ParseError(u"Session\\1"), Status(ERROR_INVALID_HANDLE));
  EXPECT_EQ(ParseError(u"Session\\5\\x"), Status(ERROR_PATH_NOT_FOUND));
  EXPECT_EQ(ParseError(u"Local\\..\\x"), Status(ERROR_PATH_NOT_FOUND));
}

}  // namespace
}  // namespace winipc
