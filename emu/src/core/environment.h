// Pure helpers for the environment functions: finding a variable the way Windows does (names compare without
// regard to case) and expanding %NAME% references (ExpandEnvironmentStrings).
#ifndef WINIPC_CORE_ENVIRONMENT_H_
#define WINIPC_CORE_ENVIRONMENT_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace winipc {

// The value of `name` in `environment` ("NAME=value" entries): the entry whose name matches exactly, else the
// first whose name matches ignoring ASCII case (Windows names are case-insensitive, Linux's are not).
std::optional<std::string> FindVariable(const std::vector<std::string>& environment, std::string_view name);

// Replaces every %NAME% of `source` whose name `lookup` knows with its value. A name it does not know, an empty
// name (%%) and a '%' with no closing one stay as written, and scanning goes on after the closing '%' of an
// unknown name ("%NOPE%HOME%" stays as it is: the '%' that closes NOPE does not open a reference to HOME), as
// Wine 8.0 does (PE-ENV-010).
template <typename Char>
std::basic_string<Char> ExpandReferences(
    const std::basic_string<Char>& source,
    const std::function<std::optional<std::basic_string<Char>>(const std::basic_string<Char>&)>& lookup) {
  std::basic_string<Char> out;
  size_t i = 0;
  while (i < source.size()) {
    if (source[i] != Char('%')) {
      out.push_back(source[i++]);
      continue;
    }
    const size_t close = source.find(Char('%'), i + 1);
    if (close == std::basic_string<Char>::npos) {
      out.append(source, i, std::basic_string<Char>::npos);
      break;
    }
    const std::basic_string<Char> name = source.substr(i + 1, close - i - 1);
    std::optional<std::basic_string<Char>> value;
    if (!name.empty()) value = lookup(name);
    if (value) {
      out += *value;
      i = close + 1;
    } else {
      out.append(source, i, close - i + 1);  // %NAME% as written
      i = close + 1;
    }
  }
  return out;
}

}  // namespace winipc

#endif  // WINIPC_CORE_ENVIRONMENT_H_
