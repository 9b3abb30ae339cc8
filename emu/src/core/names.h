// Win32 object names -> where they live in emu's namespace. Pure functions, unit-tested in names_test.cc.
//
// Windows resolves "Local\x", "Global\x" and "Session\<n>\x" through symbolic links in the session's
// BaseNamedObjects directory; a plain "x" is in the session directory, like "Local\x". emu has one session per
// user (Local) and one machine-wide directory (Global).
#ifndef WINIPC_CORE_NAMES_H_
#define WINIPC_CORE_NAMES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace winipc {

enum class Scope : uint8_t { kLocal, kGlobal };

// Who besides the creator may open a named object: the DACL of the creator's security descriptor, as emu maps
// it onto the object file's mode (core/security.h). Opening never changes an existing object's sharing.
enum class Sharing : uint8_t {
  kOwnerOnly,  // the default DACL, or one emu cannot express: file mode 0600
  kEveryone,   // a NULL DACL: file mode 0666
  kNobody,     // an empty DACL: no open by name succeeds, the creator's included (Local names; Global: 0600)
};

// The session emu reports for its processes, as Windows does for an interactive user (Wine too).
inline constexpr unsigned kSessionId = 1;

struct ObjectName {
  Scope scope;
  std::u16string leaf;  // the final component, never empty, never containing a backslash
  Sharing sharing = Sharing::kOwnerOnly;  // Create* only: who may open the object if this call creates it
};

// Parses a non-empty Win32 name. Errors are the ones Windows gives for the same name (see names.cc).
Result<ObjectName> ParseObjectName(std::u16string_view name);

// W names longer than this many UTF-16 units are cut to it: Windows counts a name in a UNICODE_STRING, whose
// length is at most 65532 bytes, so two names that differ only after that point are the same object.
inline constexpr size_t kMaxWideNameLength = 32766;
// A-names are converted into a MAX_PATH buffer first: 260 characters or more is ERROR_FILENAME_EXCED_RANGE.
inline constexpr size_t kMaxAnsiNameLength = 259;

// A file name for a leaf that is safe in a directory: letters, digits, '-', '_' and non-leading '.' are
// kept; every other byte of its UTF-8 form is written %XX; a result longer than 200 bytes becomes "~" and a
// 128-bit hash. Distinct leaves get distinct names (the hashed form is checked against the name stored in the
// object's header).
std::string EncodeFileName(std::u16string_view leaf);

// A 64-bit FNV-1a hash, used to pick the name lock.
uint64_t HashName(std::string_view bytes, uint64_t seed = 0xcbf29ce484222325ull);

}  // namespace winipc

#endif  // WINIPC_CORE_NAMES_H_
