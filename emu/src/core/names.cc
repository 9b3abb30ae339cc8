#include "core/names.h"

#include <windows.h>

#include "core/utf.h"

namespace winipc {
namespace {

bool StartsWith(std::u16string_view s, std::u16string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// Names of the symbolic links that live in every session directory: a name equal to one of them is taken by an
// object of another type.
bool IsDirectoryLink(std::u16string_view s) { return s == u"Local" || s == u"Global" || s == u"Session"; }

}  // namespace


Result<ObjectName> ParseObjectName(std::u16string_view name) {
  if (!name.empty() && name.front() == u'\\') return Status(ERROR_BAD_PATHNAME);  // absolute NT paths: not here
  Scope scope = Scope::kLocal;
  std::u16string_view rest = name;
  // The links resolve one after another, so they nest: "Local\Global\x" is "Global\x". They are looked up
  // case-sensitively, like every other component. Every BaseNamedObjects directory has a "Local" link to itself,
  // so "Local\" never changes the scope: "Global\Local\x" is "Global\x".
  for (bool more = true; more;) {
    more = false;
    if (StartsWith(rest, u"Local\\")) {
      rest.remove_prefix(6);
      more = true;
    } else if (StartsWith(rest, u"Global\\")) {
      rest.remove_prefix(7);
      scope = Scope::kGlobal;
      more = true;
    } else if (StartsWith(rest, u"Session\\")) {
      std::u16string_view after = rest.substr(8);
      size_t digits = 0;
      unsigned long session = 0;
      while (digits < after.size() && digits < 9 && after[digits] >= u'0' && after[digits] <= u'9') {
        session = session * 10 + (after[digits] - u'0');
        ++digits;
      }
      if (digits == 0) return Status(ERROR_ACCESS_DENIED);  // objects directly in \Sessions\BNOLINKS
      if (digits == after.size()) {
        // "Session\1" names a link to a directory.
        return Status(session <= kSessionId ? ERROR_INVALID_HANDLE : ERROR_FILE_NOT_FOUND);
      }
      if (after[digits] != u'\\' || session > kSessionId) return Status(ERROR_PATH_NOT_FOUND);
      scope = session == 0 ? Scope::kGlobal : Scope::kLocal;  // session 0's directory is the global one
      rest = after.substr(digits + 1);
      more = true;
    }
  }
  // An empty component: "Local\", "Local\\x".
  if (rest.empty() || rest.front() == u'\\') return Status(ERROR_INVALID_NAME);
  // "a\b", "x\": no directory "a" or "x" exists in the namespace.
  if (rest.find(u'\\') != std::u16string_view::npos) return Status(ERROR_PATH_NOT_FOUND);
  // The links themselves are objects of another type.
  if (IsDirectoryLink(rest)) return Status(ERROR_INVALID_HANDLE);
  return ObjectName{scope, std::u16string(rest)};
}

uint64_t HashName(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string EncodeFileName(std::u16string_view leaf) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const std::string bytes = Utf16ToUtf8(leaf);
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                       c == '_' || (c == '.' && i > 0);
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  if (out.size() <= 200) return out;
  std::string hashed = "~";
  for (uint64_t h : {HashName(bytes), HashName(bytes, 0x84222325cbf29ce4ull)}) {
    for (int shift = 60; shift >= 0; shift -= 4) hashed.push_back(kHex[(h >> shift) & 15]);
  }
  return hashed;
}

}  // namespace winipc
