// MultiByteToWideChar / WideCharToMultiByte (every ANSI/OEM code page is UTF-8 in emu, with Windows' CP_UTF8
// rules), the lstr* functions, and wsprintf (user32's printf: Microsoft's conversions, at most 1024 characters).
#include <windows.h>

#include <cstdarg>
#include <cstring>
#include <string>

#include "core/code_page.h"
#include "crt/format.h"
#include "crt/text.h"

using winipc::crt::Length;

namespace {

bool IsUtf8CodePage(UINT code_page) {
  return code_page == CP_ACP || code_page == CP_OEMCP || code_page == CP_THREAD_ACP || code_page == CP_UTF8;
}


// The size query (destination size 0) and the copy shared by both directions.
template <typename C>
int Deliver(const std::basic_string<C>& text, C* out, int out_size) {
  if (out_size == 0) return static_cast<int>(text.size());
  if (text.size() > static_cast<size_t>(out_size)) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  memcpy(out, text.data(), text.size() * sizeof(C));
  return static_cast<int>(text.size());
}

template <typename C>
C Lower(C c) {
  return c >= 'A' && c <= 'Z' ? static_cast<C>(c - 'A' + 'a') : c;
}

// lstrcmp(i): case-insensitive order first; for lstrcmp, strings equal but for case order lower case first, as
// Windows' word sort does for letters. A NULL string sorts before any other. Returns -1, 0 or 1.
template <typename C>
int Compare(const C* a, const C* b, bool ignore_case) {
  if (a == nullptr || b == nullptr) return a == b ? 0 : (a == nullptr ? -1 : 1);
  using U = std::make_unsigned_t<C>;
  size_t i = 0;
  for (;; ++i) {
    const U x = static_cast<U>(Lower(a[i])), y = static_cast<U>(Lower(b[i]));
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) break;
  }
  if (ignore_case) return 0;
  for (i = 0; a[i] != 0; ++i) {
    if (a[i] != b[i]) return a[i] > b[i] ? -1 : 1;  // 'a' (0x61) sorts before 'A' (0x41)
  }
  return 0;
}

template <typename C>
C* CopyN(C* dest, const C* src, int size) {
  if (dest == nullptr || src == nullptr) return nullptr;
  C* d = dest;
  unsigned count = static_cast<unsigned>(size);
  while (count > 1 && *src != 0) {
    --count;
    *d++ = *src++;
  }
  if (count != 0) *d = 0;
  return dest;
}

// wsprintf writes at most 1024 characters, the terminating NUL included.
template <typename C>
int PrintUser32(C* buffer, const C* format, va_list args) {
  if (buffer == nullptr || format == nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  std::basic_string<C> text;
  if constexpr (sizeof(C) == 1) {
    text = winipc::crt::FormatMs(format, false, args);
  } else {
    std::string utf8;
    winipc::EncodeUtf8Strict(reinterpret_cast<const char16_t*>(format), false, &utf8);
    std::u16string wide;
    winipc::DecodeUtf8Strict(winipc::crt::FormatMs(utf8, true, args), false, &wide);
    text.assign(wide.begin(), wide.end());
  }
  if (text.size() > 1023) text.resize(1023);
  memcpy(buffer, text.c_str(), (text.size() + 1) * sizeof(C));
  return static_cast<int>(text.size());
}

}  // namespace

extern "C" {

int WINAPI MultiByteToWideChar(UINT CodePage, DWORD dwFlags, LPCCH lpMultiByteStr, int cbMultiByte,
                               LPWSTR lpWideCharStr, int cchWideChar) {
  if (lpMultiByteStr == nullptr || cbMultiByte == 0 || cchWideChar < 0 ||
      (lpWideCharStr == nullptr && cchWideChar != 0) ||
      static_cast<const void*>(lpMultiByteStr) == static_cast<const void*>(lpWideCharStr) ||
      !IsUtf8CodePage(CodePage)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  if ((dwFlags & ~static_cast<DWORD>(MB_ERR_INVALID_CHARS)) != 0) {
    SetLastError(ERROR_INVALID_FLAGS);  // UTF-8 takes no flag but MB_ERR_INVALID_CHARS
    return 0;
  }
  const size_t length = cbMultiByte < 0 ? strlen(lpMultiByteStr) + 1 : static_cast<size_t>(cbMultiByte);
  std::u16string text;
  if (!winipc::DecodeUtf8Strict(std::string_view(lpMultiByteStr, length), (dwFlags & MB_ERR_INVALID_CHARS) != 0,
                                &text)) {
    SetLastError(ERROR_NO_UNICODE_TRANSLATION);
    return 0;
  }
  return Deliver(text, reinterpret_cast<char16_t*>(lpWideCharStr), cchWideChar);
}

int WINAPI WideCharToMultiByte(UINT CodePage, DWORD dwFlags, LPCWCH lpWideCharStr, int cchWideChar,
                               LPSTR lpMultiByteStr, int cbMultiByte, LPCCH lpDefaultChar,
                               LPBOOL lpUsedDefaultChar) {
  if (lpWideCharStr == nullptr || cchWideChar == 0 || cbMultiByte < 0 ||
      (lpMultiByteStr == nullptr && cbMultiByte != 0) ||
      static_cast<const void*>(lpMultiByteStr) == static_cast<const void*>(lpWideCharStr) ||
      !IsUtf8CodePage(CodePage)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  // UTF-8 has no default character: both must be NULL (Microsoft Learn, WideCharToMultiByte).
  if (lpDefaultChar != nullptr || lpUsedDefaultChar != nullptr) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return 0;
  }
  if ((dwFlags & ~static_cast<DWORD>(WC_ERR_INVALID_CHARS)) != 0) {
    SetLastError(ERROR_INVALID_FLAGS);
    return 0;
  }
  const auto* source = reinterpret_cast<const char16_t*>(lpWideCharStr);
  const size_t length = cchWideChar < 0 ? Length(source) + 1 : static_cast<size_t>(cchWideChar);
  std::string text;
  if (!winipc::EncodeUtf8Strict(std::u16string_view(source, length), (dwFlags & WC_ERR_INVALID_CHARS) != 0,
                                &text)) {
    SetLastError(ERROR_NO_UNICODE_TRANSLATION);
    return 0;
  }
  return Deliver(text, lpMultiByteStr, cbMultiByte);
}

int WINAPI lstrlenA(LPCSTR lpString) { return lpString == nullptr ? 0 : static_cast<int>(strlen(lpString)); }
int WINAPI lstrlenW(LPCWSTR lpString) { return lpString == nullptr ? 0 : static_cast<int>(Length(lpString)); }
LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2) {
  if (lpString1 == nullptr || lpString2 == nullptr) return nullptr;
  return strcpy(lpString1, lpString2);
}
LPWSTR WINAPI lstrcpyW(LPWSTR lpString1, LPCWSTR lpString2) {
  if (lpString1 == nullptr || lpString2 == nullptr) return nullptr;
  memmove(lpString1, lpString2, (Length(lpString2) + 1) * sizeof(WCHAR));
  return lpString1;
}
LPSTR WINAPI lstrcpynA(LPSTR lpString1, LPCSTR lpString2, int iMaxLength) {
  return CopyN(lpString1, lpString2, iMaxLength);
}
LPWSTR WINAPI lstrcpynW(LPWSTR lpString1, LPCWSTR lpString2, int iMaxLength) {
  return CopyN(lpString1, lpString2, iMaxLength);
}
LPSTR WINAPI lstrcatA(LPSTR lpString1, LPCSTR lpString2) {
  if (lpString1 == nullptr || lpString2 == nullptr) return nullptr;
  return strcat(lpString1, lpString2);
}
LPWSTR WINAPI lstrcatW(LPWSTR lpString1, LPCWSTR lpString2) {
  if (lpString1 == nullptr || lpString2 == nullptr) return nullptr;
  lstrcpyW(lpString1 + Length(lpString1), lpString2);
  return lpString1;
}
int WINAPI lstrcmpA(LPCSTR lpString1, LPCSTR lpString2) { return Compare(lpString1, lpString2, false); }
int WINAPI lstrcmpW(LPCWSTR lpString1, LPCWSTR lpString2) { return Compare(lpString1, lpString2, false); }
int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2) { return Compare(lpString1, lpString2, true); }
int WINAPI lstrcmpiW(LPCWSTR lpString1, LPCWSTR lpString2) { return Compare(lpString1, lpString2, true); }

int WINAPI wvsprintfA(LPSTR buffer, LPCSTR format, va_list args) { return PrintUser32(buffer, format, args); }
int WINAPI wvsprintfW(LPWSTR buffer, LPCWSTR format, va_list args) { return PrintUser32(buffer, format, args); }
int WINAPIV wsprintfA(LPSTR buffer, LPCSTR format, ...) {
  va_list args;
  va_start(args, format);
  const int n = PrintUser32(buffer, format, args);
  va_end(args);
  return n;
}
int WINAPIV wsprintfW(LPWSTR buffer, LPCWSTR format, ...) {
  va_list args;
  va_start(args, format);
  const int n = PrintUser32(buffer, format, args);
  va_end(args);
  return n;
}

}  // extern "C"
