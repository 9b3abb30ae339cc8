// The named-object namespace as Win32 callers see it: case, the Local\, Global\ and Session\<n>\ prefixes,
// malformed paths, characters that are special elsewhere, name lengths, and A versus W names.
// https://learn.microsoft.com/en-us/windows/win32/termserv/kernel-object-namespaces
// https://learn.microsoft.com/en-us/windows/win32/sync/object-names
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-openfilemappinga
//
// The prefixes are resolved from the caller's session directory. These tests expect what an interactive
// process in session 1 sees (Wine's only session, and Windows' first logon session); in session 0 (services)
// that directory is the global one, so there "Global\x" and "x" are one object. Creating a section under
// "Global\" needs SeCreateGlobalPrivilege on Windows (administrators have it) and root on emu.
#include <ostream>
#include <string>
#include <vector>

#include "filemapping/section_probe.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using WideName = std::basic_string<WCHAR>;

constexpr UINT kUtf8CodePage = 65001;  // CP_UTF8

UINT ActiveCodePage() { return GetACP(); }

HANDLE CreateSectionW(const WideName& name) {
  return CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0x10000, name.c_str());
}

// Tests that object names are case-sensitive: a name differing only in case is not found and creates a new object.
TEST(ObjectNames, NamesAreCaseSensitive) {
  BEHAVIOUR("NS-NAME-001");
  const std::string name = UniqueName("Case");
  std::string other = name;  // the same name in capitals
  for (char& c : other) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  ASSERT_NE(other, name);

  ScopedHandle original(CreateSectionA(name));
  ASSERT_TRUE(original);
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, other.c_str()));
  ScopedHandle opened_section(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionA(other));
  ScopedHandle created_section(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
  EXPECT_EQ(ByteSharing(original.get(), created_section.get()), "separate");
}

// Two spellings of a name: does the second reach the object created under the first?
struct EquivalenceRow {
  const char* id;
  const char* label;
  const char* create_prefix;
  const char* other_prefix;
  bool same;
};

void PrintTo(const EquivalenceRow& row, std::ostream* os) { *os << row.label; }

class ObjectNameEquivalence : public ::testing::TestWithParam<EquivalenceRow> {};

// Tests which prefixed spellings of a name reach the same object (one behaviour per group of rows, see the
// table): the same object opens and re-creates with ERROR_ALREADY_EXISTS; another is not found and re-creates
// a new, separate object with last error 0.
TEST_P(ObjectNameEquivalence, PrefixesResolveLikeWindows) {
  const EquivalenceRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string leaf = UniqueName("prefix");
  const std::string created_as = row.create_prefix + leaf;
  const std::string other = row.other_prefix + leaf;
  ScopedHandle original(CreateSectionA(created_as));
  ASSERT_TRUE(original) << created_as << ": last error " << DescribeError(GetLastError());

  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, other.c_str()));
  ScopedHandle opened_section(opened.value);
  if (row.same) {
    EXPECT_THAT(opened, SucceedsWith(kPoisonError)) << other;
    EXPECT_EQ(ByteSharing(original.get(), opened_section.get()), "shared");
  } else {
    EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND)) << other;
  }
  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionA(other));
  ScopedHandle created_section(created.value);
  EXPECT_THAT(created, SucceedsWith(row.same ? ERROR_ALREADY_EXISTS : 0)) << other;
  EXPECT_EQ(ByteSharing(original.get(), created_section.get()), row.same ? "shared" : "separate");
}

// Behaviours:
//   NS-NAME-002  "Local\x" is "x": both are in the session directory.
//   NS-NAME-003  "Session\1\x" is "x" for a process in session 1.
//   NS-NAME-004  "Global\x" is a different object from "x".
//   NS-NAME-005  prefixes nest, each resolved in turn: "Local\Global\x" is "Global\x", "Local\Local\x" is "x".
//   NS-NAME-006  "Session\0\x" is "Global\x": session 0's directory is the global one.
const EquivalenceRow kEquivalenceRows[] = {
    {"NS-NAME-002", "LocalIsPlain", "Local\\", "", true},
    {"NS-NAME-003", "Session1IsPlain", "Session\\1\\", "", true},
    {"NS-NAME-004", "GlobalIsNotPlain", "Global\\", "", false},
    {"NS-NAME-004", "PlainIsNotGlobal", "", "Global\\", false},
    {"NS-NAME-005", "LocalGlobalIsGlobal", "Local\\Global\\", "Global\\", true},
    {"NS-NAME-005", "LocalLocalIsPlain", "Local\\Local\\", "", true},
    {"NS-NAME-005", "GlobalLocalIsGlobal", "Global\\Local\\", "Global\\", true},
    {"NS-NAME-005", "GlobalGlobalIsGlobal", "Global\\Global\\", "Global\\", true},
    {"NS-NAME-006", "Session0IsGlobal", "Session\\0\\", "Global\\", true},
};

INSTANTIATE_TEST_SUITE_P(Rows, ObjectNameEquivalence, ::testing::ValuesIn(kEquivalenceRows),
                         [](const auto& info) { return std::string(info.param.label); });

// A name that is not a valid object path: prefix + (a unique leaf, if unique) + suffix.
struct MalformedRow {
  const char* id;
  const char* label;
  const char* prefix;
  bool unique;
  const char* suffix;
  DWORD error;
};

void PrintTo(const MalformedRow& row, std::ostream* os) { *os << row.label; }

class MalformedObjectName : public ::testing::TestWithParam<MalformedRow> {};

// Tests the error each malformed name gives, the same for Create and Open of every object type (one behaviour
// per group of rows, see the table).
TEST_P(MalformedObjectName, FailsForEveryTypeWithTheSameError) {
  const MalformedRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = row.prefix + (row.unique ? UniqueName("malformed") : std::string()) + row.suffix;
  SCOPED_TRACE("name \"" + name + "\"");

  SetLastError(kPoisonError);
  const auto create_mapping = Call(CreateSectionA(name));
  ScopedHandle mapping(create_mapping.value);
  EXPECT_THAT(create_mapping, FailsWith(row.error)) << "CreateFileMappingA";
  SetLastError(kPoisonError);
  const auto open_mapping = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_mapping(open_mapping.value);
  EXPECT_THAT(open_mapping, FailsWith(row.error)) << "OpenFileMappingA";
  SetLastError(kPoisonError);
  const auto create_event = Call(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
  ScopedHandle event(create_event.value);
  EXPECT_THAT(create_event, FailsWith(row.error)) << "CreateEventA";
  SetLastError(kPoisonError);
  const auto open_event = Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_event(open_event.value);
  EXPECT_THAT(open_event, FailsWith(row.error)) << "OpenEventA";
}

// Behaviours:
//   NS-NAME-007  a backslash after anything but a prefix is a directory that does not exist: ERROR_PATH_NOT_FOUND
//                ("foo\bar", "x\", "Local\..\x": ".." is an ordinary name, not the parent; "Session\999\x":
//                there is no such session).
//   NS-NAME-008  a leading backslash (an absolute NT path) fails ERROR_BAD_PATHNAME.
//   NS-NAME-009  an empty path component ("Local\\x", "Local\", "Global\") fails ERROR_INVALID_NAME.
//   NS-NAME-010  the prefixes themselves ("Local", "Global", "Session", "Session\1", "Local\Local") are links to
//                directories, not objects of the type asked for: ERROR_INVALID_HANDLE.
//   NS-NAME-011  prefixes are case-sensitive: "local\x", "LOCAL\x", "GLOBAL\x" fail ERROR_PATH_NOT_FOUND.
const MalformedRow kMalformedRows[] = {
    {"NS-NAME-007", "InnerBackslash", "foo", true, "\\bar", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-007", "TrailingBackslash", "", true, "\\", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-007", "LocalDotDot", "Local\\..\\", true, "", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-007", "SessionThatDoesNotExist", "Session\\999\\", true, "", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-008", "LeadingBackslash", "\\", true, "", ERROR_BAD_PATHNAME},
    {"NS-NAME-009", "DoubleBackslash", "Local\\\\", true, "", ERROR_INVALID_NAME},
    {"NS-NAME-009", "LocalWithNothingAfter", "Local\\", false, "", ERROR_INVALID_NAME},
    {"NS-NAME-009", "GlobalWithNothingAfter", "Global\\", false, "", ERROR_INVALID_NAME},
    {"NS-NAME-010", "Local", "Local", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "Global", "Global", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "Session", "Session", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "Session1", "Session\\1", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "Session0", "Session\\0", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "LocalLocal", "Local\\Local", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-010", "GlobalGlobal", "Global\\Global", false, "", ERROR_INVALID_HANDLE},
    {"NS-NAME-011", "LowercaseLocal", "local\\", true, "", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-011", "UppercaseLocal", "LOCAL\\", true, "", ERROR_PATH_NOT_FOUND},
    {"NS-NAME-011", "UppercaseGlobal", "GLOBAL\\", true, "", ERROR_PATH_NOT_FOUND},
};

INSTANTIATE_TEST_SUITE_P(Rows, MalformedObjectName, ::testing::ValuesIn(kMalformedRows),
                         [](const auto& info) { return std::string(info.param.label); });

// A name with characters that mean something to file systems, URLs or shells, and a look-alike it must not
// be confused with. Both are prefix + unique leaf + suffix.
struct HostileRow {
  const char* label;
  const char* prefix;
  const char* suffix;
  const char* lookalike_prefix;
  const char* lookalike_suffix;
};

void PrintTo(const HostileRow& row, std::ostream* os) { *os << row.label; }

class HostileObjectName : public ::testing::TestWithParam<HostileRow> {};

// Tests that '/', '.', '..', '%', spaces, control and wildcard characters are ordinary characters in a name: it
// creates and opens its own object, and a look-alike name is a different object.
TEST_P(HostileObjectName, IsOrdinaryAndNeverAliases) {
  BEHAVIOUR("NS-NAME-012");
  const HostileRow& row = GetParam();
  const std::string leaf = UniqueName("hostile");
  const std::string name = row.prefix + leaf + row.suffix;
  const std::string lookalike = row.lookalike_prefix + leaf + row.lookalike_suffix;

  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionA(name));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_section(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_EQ(ByteSharing(section.get(), opened_section.get()), "shared");

  SetLastError(kPoisonError);
  const auto lookalike_opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, lookalike.c_str()));
  ScopedHandle lookalike_opened_section(lookalike_opened.value);
  EXPECT_THAT(lookalike_opened, FailsWith(ERROR_FILE_NOT_FOUND)) << "look-alike opened";
  SetLastError(kPoisonError);
  const auto lookalike_created = Call(CreateSectionA(lookalike));
  ScopedHandle lookalike_section(lookalike_created.value);
  EXPECT_THAT(lookalike_created, SucceedsWith(0)) << "look-alike created";
  EXPECT_EQ(ByteSharing(section.get(), lookalike_section.get()), "separate");
}

const HostileRow kHostileRows[] = {
    {"Slash", "", "/x", "", "%2Fx"},
    {"SlashAlone", "", "/", "", ""},
    {"ParentTraversal", "../", "", "", ""},
    {"LeadingDot", ".", "", "%2E", ""},
    {"TrailingDotDot", "", "..", "", ""},
    {"PercentEscape", "", "%41", "", "A"},
    {"PercentAlone", "", "%", "", "%25"},
    {"TrailingSpace", "", " ", "", ""},
    {"LeadingSpace", " ", "", "", ""},
    {"ControlCharacters", "", "\x01\x02", "", "\x01"},
    {"Newline", "", "\n", "", "\r"},
    {"Colon", "", ":x", "", ""},
    {"Wildcards", "", "*", "", "?"},
    {"Tilde", "~", "", "", ""},
};

INSTANTIATE_TEST_SUITE_P(Rows, HostileObjectName, ::testing::ValuesIn(kHostileRows),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that two long A names (over 200 characters) that differ only in their last character are different
// objects.
TEST(ObjectNames, LongNamesDifferingAtTheEndAreDistinct) {
  BEHAVIOUR("NS-NAME-013");
  const std::string stem = UniqueName("long") + std::string(200, 'a');
  ScopedHandle first(CreateSectionA(stem + "1"));
  ASSERT_TRUE(first);
  SetLastError(kPoisonError);
  const auto second = Call(CreateSectionA(stem + "2"));
  ScopedHandle second_section(second.value);
  EXPECT_THAT(second, SucceedsWith(0));
  EXPECT_EQ(ByteSharing(first.get(), second_section.get()), "separate");
}

// `what` padded with 'a' to exactly `length` characters.
std::string NameOfLength(const char* what, size_t length) {
  std::string name = UniqueName(what);
  name.resize(length, 'a');
  return name;
}

// Tests that an A name of 259 characters works for Create and Open of every type.
TEST(ObjectNames, AnsiNameOf259CharactersWorks) {
  BEHAVIOUR("NS-NAME-014");
  const std::string mapping_name = NameOfLength("a259", 259);
  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionA(mapping_name));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, mapping_name.c_str()));
  ScopedHandle opened_section(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError));

  const std::string event_name = NameOfLength("e259", 259);
  SetLastError(kPoisonError);
  const auto created_event = Call(CreateEventA(nullptr, TRUE, FALSE, event_name.c_str()));
  ScopedHandle event(created_event.value);
  EXPECT_THAT(created_event, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened_event = Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, event_name.c_str()));
  ScopedHandle opened_event_handle(opened_event.value);
  EXPECT_THAT(opened_event, SucceedsWith(kPoisonError));
}

// Tests that an A name of 260 characters or more fails ERROR_FILENAME_EXCED_RANGE for Create and Open of every
// type.
TEST(ObjectNames, AnsiNameOf260CharactersOrMoreFails) {
  BEHAVIOUR("NS-NAME-015");
  for (size_t length : {260u, 261u, 1000u}) {
    const std::string name = NameOfLength("a260", length);
    SCOPED_TRACE("length " + std::to_string(length));
    SetLastError(kPoisonError);
    const auto created = Call(CreateSectionA(name));
    ScopedHandle section(created.value);
    EXPECT_THAT(created, FailsWith(ERROR_FILENAME_EXCED_RANGE)) << "CreateFileMappingA";
    SetLastError(kPoisonError);
    const auto opened = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
    ScopedHandle opened_section(opened.value);
    EXPECT_THAT(opened, FailsWith(ERROR_FILENAME_EXCED_RANGE)) << "OpenFileMappingA";
    SetLastError(kPoisonError);
    const auto created_event = Call(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
    ScopedHandle event(created_event.value);
    EXPECT_THAT(created_event, FailsWith(ERROR_FILENAME_EXCED_RANGE)) << "CreateEventA";
    SetLastError(kPoisonError);
    const auto opened_event = Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str()));
    ScopedHandle opened_event_handle(opened_event.value);
    EXPECT_THAT(opened_event, FailsWith(ERROR_FILENAME_EXCED_RANGE)) << "OpenEventA";
  }
}

// Tests that W names are cut at 32766 characters: a 40000-character name works, and names that differ only
// after the first 32766 characters are one object.
TEST(ObjectNames, WideNamesAreCutAt32766Characters) {
  BEHAVIOUR("NS-NAME-016");
  constexpr size_t kKept = 32766;
  WideName name = Wide(UniqueName("w40000"));
  name.resize(40000, static_cast<WCHAR>('a'));

  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionW(name));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_section(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError));

  WideName differs_after = name;
  differs_after[kKept] = static_cast<WCHAR>('b');
  SetLastError(kPoisonError);
  const auto same = Call(CreateSectionW(differs_after));
  ScopedHandle same_section(same.value);
  EXPECT_THAT(same, SucceedsWith(ERROR_ALREADY_EXISTS)) << "differing at index 32766";
  EXPECT_EQ(ByteSharing(section.get(), same_section.get()), "shared");

  SetLastError(kPoisonError);
  const auto prefix = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name.substr(0, kKept).c_str()));
  ScopedHandle prefix_section(prefix.value);
  EXPECT_THAT(prefix, SucceedsWith(kPoisonError)) << "the first 32766 characters alone";

  WideName differs_within = name;
  differs_within[kKept - 1] = static_cast<WCHAR>('b');
  SetLastError(kPoisonError);
  const auto other = Call(CreateSectionW(differs_within));
  ScopedHandle other_section(other.value);
  EXPECT_THAT(other, SucceedsWith(0)) << "differing at index 32765";
  EXPECT_EQ(ByteSharing(section.get(), other_section.get()), "separate");
}

// Tests that non-ASCII W names name their object exactly: the same text opens it, the text in another case does not.
TEST(ObjectNames, NonAsciiWideNamesRoundTripAndAreCaseSensitive) {
  BEHAVIOUR("NS-NAME-017");
  const std::string leaf = UniqueName("nonascii");
  const WideName name = Wide(leaf + "-\xC3\x89T\xC3\x89-\xE6\x9D\xB1\xE4\xBA\xAC-\xF0\x9F\x98\x80");  // ÉTÉ 東京 😀
  const WideName lower = Wide(leaf + "-\xC3\xA9t\xC3\xA9-\xE6\x9D\xB1\xE4\xBA\xAC-\xF0\x9F\x98\x80");  // été 東京 😀

  SetLastError(kPoisonError);
  const auto created = Call(CreateSectionW(name));
  ScopedHandle section(created.value);
  ASSERT_THAT(created, SucceedsWith(0));
  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
  ScopedHandle opened_section(opened.value);
  EXPECT_THAT(opened, SucceedsWith(kPoisonError));
  EXPECT_EQ(ByteSharing(section.get(), opened_section.get()), "shared");
  SetLastError(kPoisonError);
  const auto other_case = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, lower.c_str()));
  ScopedHandle other_case_section(other_case.value);
  EXPECT_THAT(other_case, FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that when the ANSI code page is UTF-8, a W name and the A name with the same text are one object.
TEST(ObjectNames, Utf8AnsiNameMeetsWideName) {
  BEHAVIOUR("NS-NAME-018");
  if (ActiveCodePage() != kUtf8CodePage) {
    GTEST_SKIP() << "the process's ANSI code page is " << ActiveCodePage()
                 << ", not UTF-8 (65001): Windows needs <activeCodePage>UTF-8</activeCodePage> in the application "
                    "manifest (Windows 10 1903+), which this build does not embed";
  }
  const std::string wide_first = UniqueName("utf8-w") + "-\xC3\xA9t\xC3\xA9-\xE6\x9D\xB1\xE4\xBA\xAC";
  ScopedHandle created_wide(CreateSectionW(Wide(wide_first)));
  ASSERT_TRUE(created_wide);
  SetLastError(kPoisonError);
  const auto opened_narrow = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, wide_first.c_str()));
  ScopedHandle opened_narrow_section(opened_narrow.value);
  EXPECT_THAT(opened_narrow, SucceedsWith(kPoisonError)) << "A open of a W-created name";
  EXPECT_EQ(ByteSharing(created_wide.get(), opened_narrow_section.get()), "shared");

  const std::string narrow_first = UniqueName("utf8-a") + "-\xC3\xA9t\xC3\xA9-\xF0\x9F\x98\x80";
  ScopedHandle created_narrow(CreateSectionA(narrow_first));
  ASSERT_TRUE(created_narrow);
  SetLastError(kPoisonError);
  const auto opened_wide = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, Wide(narrow_first).c_str()));
  ScopedHandle opened_wide_section(opened_wide.value);
  EXPECT_THAT(opened_wide, SucceedsWith(kPoisonError)) << "W open of an A-created name";
  EXPECT_EQ(ByteSharing(created_narrow.get(), opened_wide_section.get()), "shared");
}

// Tests that W names containing unpaired surrogates are names like any other: each is its own object, distinct
// from the others and from U+FFFD.
TEST(ObjectNames, UnpairedSurrogatesNameDistinctObjects) {
  BEHAVIOUR("NS-NAME-019");
  const WideName leaf = Wide(UniqueName("surrogate"));
  const std::vector<std::vector<WCHAR>> tails = {
      {0xD800}, {0xDC80}, {0xDC81}, {0xFFFD}, {0xDC80, 0xD800}, {0xD800, 0xDC80},
  };
  std::vector<ScopedHandle> sections;
  for (const auto& tail : tails) {
    const WideName name = leaf + WideName(tail.begin(), tail.end());
    SetLastError(kPoisonError);
    const auto created = Call(CreateSectionW(name));
    sections.emplace_back(created.value);
    EXPECT_THAT(created, SucceedsWith(0)) << "tail " << ::testing::PrintToString(tail);
    SetLastError(kPoisonError);
    const auto opened = Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
    ScopedHandle opened_section(opened.value);
    EXPECT_THAT(opened, SucceedsWith(kPoisonError)) << "tail " << ::testing::PrintToString(tail);
    EXPECT_EQ(ByteSharing(sections.back().get(), opened_section.get()), "shared");
  }
}

// Tests that an ASCII name is one object through the A and the W functions.
TEST(ObjectNames, AsciiNameIsTheSameThroughAnsiAndWide) {
  BEHAVIOUR("NS-NAME-020");
  const std::string narrow_first = UniqueName("a-then-w");
  ScopedHandle created_narrow(CreateSectionA(narrow_first));
  ASSERT_TRUE(created_narrow);
  SetLastError(kPoisonError);
  const auto again_wide = Call(CreateSectionW(Wide(narrow_first)));
  ScopedHandle again_wide_section(again_wide.value);
  EXPECT_THAT(again_wide, SucceedsWith(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(ByteSharing(created_narrow.get(), again_wide_section.get()), "shared");

  const std::string wide_first = UniqueName("w-then-a");
  ScopedHandle created_wide(CreateSectionW(Wide(wide_first)));
  ASSERT_TRUE(created_wide);
  SetLastError(kPoisonError);
  const auto opened_narrow = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, wide_first.c_str()));
  ScopedHandle opened_narrow_section(opened_narrow.value);
  EXPECT_THAT(opened_narrow, SucceedsWith(kPoisonError));
  EXPECT_EQ(ByteSharing(created_wide.get(), opened_narrow_section.get()), "shared");
}

}  // namespace
}  // namespace winipc::conformance
