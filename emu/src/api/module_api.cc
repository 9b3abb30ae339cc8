// Modules: emu is one library standing in for kernel32.dll, kernelbase.dll and ntdll.dll. GetModuleHandle and
// LoadLibrary know those names (and NULL, the program); GetProcAddress finds the Win32 functions emu defines (the
// generated table in api/export_table.h); no other module exists.
// https://learn.microsoft.com/en-us/windows/win32/api/libloaderapi/
#include <dlfcn.h>
#include <link.h>
#include <windows.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "api/boundary.h"
#include "api/export_table.h"
#include "core/utf.h"
#include "posix/process_sys.h"

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

namespace {

// The program's module handle: the address its image is loaded at (its first loadable segment).
HMODULE ProgramModule() {
  static HMODULE module = [] {
    uintptr_t base = 0;
    dl_iterate_phdr(
        [](struct dl_phdr_info* info, size_t, void* data) -> int {
          for (int i = 0; i < info->dlpi_phnum; ++i) {
            if (info->dlpi_phdr[i].p_type == PT_LOAD) {
              *static_cast<uintptr_t*>(data) = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
              break;
            }
          }
          return 1;  // the first object is the program
        },
        &base);
    return reinterpret_cast<HMODULE>(base);
  }();
  return module;
}

// emu's handle: the image emu is in (the program itself when it links emu statically).
HMODULE EmuModule() {
  static HMODULE module = [] {
    Dl_info info;
    if (dladdr(reinterpret_cast<void*>(&GetProcAddress), &info) != 0 && info.dli_fbase != nullptr) {
      return static_cast<HMODULE>(info.dli_fbase);
    }
    return ProgramModule();
  }();
  return module;
}

// Whether a module name is one emu answers for: kernel32, kernelbase or ntdll, in any case, with or without
// ".dll" and a directory.
bool IsEmuModuleName(std::string name) {
  const size_t slash = name.find_last_of("\\/");
  if (slash != std::string::npos) name.erase(0, slash + 1);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".dll") == 0) name.erase(name.size() - 4);
  return name == "kernel32" || name == "kernelbase" || name == "ntdll";
}

std::string NarrowName(LPCWSTR name) { return Utf16ToUtf8(reinterpret_cast<const char16_t*>(name)); }

HMODULE HandleByName(const char* name) {
  if (name == nullptr) return ProgramModule();
  if (IsEmuModuleName(name)) return EmuModule();
  return Fail(Status(ERROR_MOD_NOT_FOUND), HMODULE{nullptr});
}

bool IsKnownModule(HMODULE module) { return module == EmuModule() || module == ProgramModule(); }

// The path of a module's file.
std::string ModulePath(HMODULE module) {
  if (module == nullptr || module == ProgramModule()) {
    auto exe = posix::ExecutablePath();
    return exe.ok() ? exe.value() : std::string();
  }
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&GetProcAddress), &info) != 0 && info.dli_fname != nullptr) {
    return info.dli_fname;
  }
  return std::string();
}

// GetModuleFileName's copy: a path that does not fit is cut to nSize - 1 characters and terminated, and the call
// returns nSize with ERROR_INSUFFICIENT_BUFFER (Windows since Vista; XP, and Wine, do not terminate it).
template <typename Char>
DWORD CopyPath(const std::basic_string<Char>& path, Char* buffer, DWORD size) {
  if (path.size() < size) {
    std::memcpy(buffer, path.c_str(), (path.size() + 1) * sizeof(Char));
    SetLastError(ERROR_SUCCESS);  // as Windows, which clears last error on success
    return static_cast<DWORD>(path.size());
  }
  if (size > 0) {
    std::memcpy(buffer, path.c_str(), (size - 1) * sizeof(Char));
    buffer[size - 1] = 0;
  }
  SetLastError(ERROR_INSUFFICIENT_BUFFER);
  return size;
}

}  // namespace

extern "C" HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName) { return HandleByName(lpModuleName); }

extern "C" HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName) {
  if (lpModuleName == nullptr) return ProgramModule();
  return HandleByName(NarrowName(lpModuleName).c_str());
}

namespace {

BOOL ModuleHandleEx(DWORD flags, const void* name_or_address, bool wide, HMODULE* module) {
  if (module == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  *module = nullptr;
  const DWORD known = GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT |
                      GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS;
  if ((flags & ~known) || ((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) &&
                           (flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))) {
    return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  }
  if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
    Dl_info info;
    if (dladdr(name_or_address, &info) == 0 || info.dli_fbase == nullptr) {
      return Fail(Status(ERROR_MOD_NOT_FOUND), FALSE);
    }
    Dl_info emu;
    const bool in_emu = dladdr(reinterpret_cast<void*>(&GetProcAddress), &emu) != 0 && emu.dli_fbase == info.dli_fbase;
    if (in_emu) {
      *module = EmuModule();
    } else if (std::strcmp(info.dli_fname, "") == 0 || ModulePath(nullptr) == info.dli_fname) {
      *module = ProgramModule();
    } else {
      return Fail(Status(ERROR_MOD_NOT_FOUND), FALSE);
    }
    return TRUE;
  }
  const HMODULE found = wide ? GetModuleHandleW(static_cast<LPCWSTR>(name_or_address))
                             : GetModuleHandleA(static_cast<LPCSTR>(name_or_address));
  if (found == nullptr) return FALSE;
  *module = found;
  return TRUE;
}

}  // namespace

extern "C" BOOL WINAPI GetModuleHandleExA(DWORD dwFlags, LPCSTR lpModuleName, HMODULE* phModule) {
  return ModuleHandleEx(dwFlags, lpModuleName, false, phModule);
}

extern "C" BOOL WINAPI GetModuleHandleExW(DWORD dwFlags, LPCWSTR lpModuleName, HMODULE* phModule) {
  return ModuleHandleEx(dwFlags, lpModuleName, true, phModule);
}

extern "C" DWORD WINAPI GetModuleFileNameA(HMODULE hModule, LPSTR lpFilename, DWORD nSize) {
  if (hModule != nullptr && !IsKnownModule(hModule)) return Fail(Status(ERROR_MOD_NOT_FOUND), DWORD(0));
  return CopyPath<char>(ModulePath(hModule), lpFilename, nSize);
}

extern "C" DWORD WINAPI GetModuleFileNameW(HMODULE hModule, LPWSTR lpFilename, DWORD nSize) {
  if (hModule != nullptr && !IsKnownModule(hModule)) return Fail(Status(ERROR_MOD_NOT_FOUND), DWORD(0));
  return CopyPath<char16_t>(Utf8ToUtf16(ModulePath(hModule)), reinterpret_cast<char16_t*>(lpFilename), nSize);
}

extern "C" FARPROC WINAPI GetProcAddress(HMODULE hModule, LPCSTR lpProcName) {
  // Only emu's own module has exports; an ordinal (a "name" below 64 KiB) names nothing emu knows.
  if (hModule != nullptr && !IsKnownModule(hModule)) return Fail(Status(ERROR_MOD_NOT_FOUND), FARPROC{nullptr});
  if (reinterpret_cast<uintptr_t>(lpProcName) < 0x10000 || hModule != EmuModule()) {
    return Fail(Status(ERROR_PROC_NOT_FOUND), FARPROC{nullptr});
  }
  const ExportEntry* end = kExports + kExportCount;
  const ExportEntry* it = std::lower_bound(kExports, end, lpProcName, [](const ExportEntry& e, const char* name) {
    return std::strcmp(e.name, name) < 0;
  });
  if (it == end || std::strcmp(it->name, lpProcName) != 0) return Fail(Status(ERROR_PROC_NOT_FOUND), FARPROC{nullptr});
  return reinterpret_cast<FARPROC>(it->address);
}

extern "C" HMODULE WINAPI LoadLibraryA(LPCSTR lpLibFileName) { return LoadLibraryExA(lpLibFileName, nullptr, 0); }
extern "C" HMODULE WINAPI LoadLibraryW(LPCWSTR lpLibFileName) { return LoadLibraryExW(lpLibFileName, nullptr, 0); }

extern "C" HMODULE WINAPI LoadLibraryExA(LPCSTR lpLibFileName, HANDLE, DWORD) {
  if (lpLibFileName == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), HMODULE{nullptr});
  if (!IsEmuModuleName(lpLibFileName)) return Fail(Status(ERROR_MOD_NOT_FOUND), HMODULE{nullptr});
  return EmuModule();
}

extern "C" HMODULE WINAPI LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags) {
  if (lpLibFileName == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), HMODULE{nullptr});
  return LoadLibraryExA(NarrowName(lpLibFileName).c_str(), hFile, dwFlags);
}

// emu's module is never unloaded; freeing it (or the program) succeeds.
extern "C" BOOL WINAPI FreeLibrary(HMODULE hLibModule) {
  if (!IsKnownModule(hLibModule)) return Fail(Status(ERROR_MOD_NOT_FOUND), FALSE);
  return TRUE;
}
