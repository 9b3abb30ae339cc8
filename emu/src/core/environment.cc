#include "core/environment.h"

namespace winipc {
namespace {

char AsciiUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool SameIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiUpper(a[i]) != AsciiUpper(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> FindVariable(const std::vector<std::string>& environment, std::string_view name) {
  std::optional<std::string> folded;
  for (const std::string& entry : environment) {
    // Windows keeps per-drive directories as "=C:=C:\dir": a leading '=' belongs to the name.
    const size_t equals = entry.find('=', 1);
    if (equals == std::string::npos) continue;
    const std::string_view entry_name(entry.data(), equals);
    if (entry_name == name) return entry.substr(equals + 1);
    if (!folded && SameIgnoringCase(entry_name, name)) folded = entry.substr(equals + 1);
  }
  return folded;
}

}  // namespace winipc
