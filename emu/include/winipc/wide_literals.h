/* winipc emu, C++ only: lets W-functions take L"..." literals.
 *
 * On Linux wchar_t is 32 bits while WCHAR is a 16-bit UTF-16 unit, so `CreateEventW(..., L"name")` would not
 * compile. These overloads convert a wchar_t (UTF-32) name to UTF-16 and call the real function. Text that
 * emu returns is always WCHAR; only names passed in get this convenience. */
#ifndef WINIPC_WIDE_LITERALS_H_
#define WINIPC_WIDE_LITERALS_H_

#include <string>
#include <type_traits>

namespace winipc_detail {
// UTF-32 -> UTF-16. Code points outside Unicode become U+FFFD, as Windows' converters do.
inline std::u16string ToUtf16(const wchar_t* s) {
  std::u16string out;
  if (s == nullptr) return out;
  for (; *s != 0; ++s) {
    auto c = static_cast<char32_t>(*s);
    if (c >= 0x110000 || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c >= 0x10000) {
      c -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
  }
  return out;
}
// A NULL name stays NULL (an unnamed object, or ERROR_INVALID_PARAMETER for Open*).
struct WideName {
  explicit WideName(const wchar_t* s) : null_(s == nullptr), text_(ToUtf16(s)) {}
  const char16_t* get() const { return null_ ? nullptr : text_.c_str(); }
  bool null_;
  std::u16string text_;
};
}  // namespace winipc_detail

// Templates rather than plain overloads, so that NULL and nullptr still pick the WCHAR function unambiguously:
// deduction only succeeds for (const) wchar_t pointers and L"..." arrays. C++11 spellings: programs built with
// -std=c++11 include this too.
namespace winipc_detail {
template <typename T>
using EnableForWchar = typename std::enable_if<std::is_same<typename std::remove_cv<T>::type, wchar_t>::value,
                                               int>::type;
}  // namespace winipc_detail

template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateFileMappingW(HANDLE file, LPSECURITY_ATTRIBUTES sa, DWORD protect, DWORD high, DWORD low,
                                 T* name) {
  return CreateFileMappingW(file, sa, protect, high, low, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenFileMappingW(DWORD access, BOOL inherit, T* name) {
  return OpenFileMappingW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateEventW(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, BOOL initial_state, T* name) {
  return CreateEventW(sa, manual_reset, initial_state, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateEventExW(LPSECURITY_ATTRIBUTES sa, T* name, DWORD flags, DWORD access) {
  return CreateEventExW(sa, winipc_detail::WideName(name).get(), flags, access);
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenEventW(DWORD access, BOOL inherit, T* name) {
  return OpenEventW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateSemaphoreW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG maximum, T* name) {
  return CreateSemaphoreW(sa, initial, maximum, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateSemaphoreExW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG maximum, T* name, DWORD flags,
                                 DWORD access) {
  return CreateSemaphoreExW(sa, initial, maximum, winipc_detail::WideName(name).get(), flags, access);
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenSemaphoreW(DWORD access, BOOL inherit, T* name) {
  return OpenSemaphoreW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateMutexW(LPSECURITY_ATTRIBUTES sa, BOOL initial_owner, T* name) {
  return CreateMutexW(sa, initial_owner, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateMutexExW(LPSECURITY_ATTRIBUTES sa, T* name, DWORD flags, DWORD access) {
  return CreateMutexExW(sa, winipc_detail::WideName(name).get(), flags, access);
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenMutexW(DWORD access, BOOL inherit, T* name) {
  return OpenMutexW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateWaitableTimerW(LPSECURITY_ATTRIBUTES sa, BOOL manual_reset, T* name) {
  return CreateWaitableTimerW(sa, manual_reset, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateWaitableTimerExW(LPSECURITY_ATTRIBUTES sa, T* name, DWORD flags, DWORD access) {
  return CreateWaitableTimerExW(sa, winipc_detail::WideName(name).get(), flags, access);
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenWaitableTimerW(DWORD access, BOOL inherit, T* name) {
  return OpenWaitableTimerW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE CreateJobObjectW(LPSECURITY_ATTRIBUTES sa, T* name) {
  return CreateJobObjectW(sa, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline HANDLE OpenJobObjectW(DWORD access, BOOL inherit, T* name) {
  return OpenJobObjectW(access, inherit, winipc_detail::WideName(name).get());
}
template <typename T, winipc_detail::EnableForWchar<T> = 0>
inline DWORD GetEnvironmentVariableW(T* name, LPWSTR buffer, DWORD size) {
  return GetEnvironmentVariableW(winipc_detail::WideName(name).get(), buffer, size);
}
template <typename T, typename U, winipc_detail::EnableForWchar<T> = 0, winipc_detail::EnableForWchar<U> = 0>
inline int MessageBoxW(HWND window, T* text, U* caption, UINT type) {
  return MessageBoxW(window, winipc_detail::WideName(text).get(), winipc_detail::WideName(caption).get(), type);
}

#endif  // WINIPC_WIDE_LITERALS_H_
