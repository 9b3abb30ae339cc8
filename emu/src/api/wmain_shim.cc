// main() for programs whose entry point is wmain / _tmain in a UNICODE build. It lives in its own static
// library (libwinipc_main.a), so the linker pulls it in only when the program has no main of its own.
#include <windows.h>

#include <string>
#include <vector>

#include "core/utf.h"

extern "C" int winipc_user_wmain_c() __attribute__((weak));
// A program built with -fshort-wchar has WCHAR = wchar_t, so its wmain(int, wchar_t**) is another overload (another
// mangled name) than the char16_t one this file sees; wchar_t is 16 bits there, so the same UTF-16 arrays serve.
int winipc_user_wmain(int argc, wchar_t** argv) __attribute__((weak));
int winipc_user_wmain(int argc, wchar_t** argv, wchar_t** envp) __attribute__((weak));

namespace {
std::vector<WCHAR*> Convert(char** strings, std::vector<std::u16string>& storage) {
  for (char** p = strings; p != nullptr && *p != nullptr; ++p) storage.push_back(winipc::Utf8ToUtf16(*p));
  std::vector<WCHAR*> out;
  for (auto& s : storage) out.push_back(reinterpret_cast<WCHAR*>(s.data()));
  out.push_back(nullptr);
  return out;
}
}  // namespace

int main(int argc, char** argv, char** envp) {
  std::vector<std::u16string> arg_storage, env_storage;
  std::vector<WCHAR*> wargv = Convert(argv, arg_storage);
  std::vector<WCHAR*> wenvp = Convert(envp, env_storage);
  int (*with_env)(int, WCHAR**, WCHAR**) = &winipc_user_wmain;
  int (*with_args)(int, WCHAR**) = &winipc_user_wmain;
  int (*no_args)() = &winipc_user_wmain;
  int (*short_with_env)(int, wchar_t**, wchar_t**) = &winipc_user_wmain;
  int (*short_with_args)(int, wchar_t**) = &winipc_user_wmain;
  if (with_env != nullptr) return with_env(argc, wargv.data(), wenvp.data());
  if (with_args != nullptr) return with_args(argc, wargv.data());
  if (short_with_env != nullptr) {
    return short_with_env(argc, reinterpret_cast<wchar_t**>(wargv.data()), reinterpret_cast<wchar_t**>(wenvp.data()));
  }
  if (short_with_args != nullptr) return short_with_args(argc, reinterpret_cast<wchar_t**>(wargv.data()));
  if (no_args != nullptr) return no_args();
  if (winipc_user_wmain_c != nullptr) {
    auto c_entry = reinterpret_cast<int (*)(int, WCHAR**, WCHAR**)>(winipc_user_wmain_c);
    return c_entry(argc, wargv.data(), wenvp.data());
  }
  return 1;  // linked without any main or wmain
}
