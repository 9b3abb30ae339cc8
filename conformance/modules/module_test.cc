// Modules: GetModuleHandle(Ex), LoadLibrary, FreeLibrary, GetProcAddress and GetModuleFileName for the program
// and kernel32.dll.
// https://learn.microsoft.com/en-us/windows/win32/api/libloaderapi/
#include <windows.h>

#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// Tests that GetModuleHandle(NULL) is the program's module, the same through the A and W functions.
TEST(GetModuleHandle, NullIsTheProgram) {
  BEHAVIOUR("MD-HANDLE-001");
  SetLastError(kPoisonError);
  const auto program = Call(GetModuleHandleA(nullptr));
  EXPECT_THAT(program, SucceedsWith(kPoisonError));
  EXPECT_EQ(GetModuleHandleW(nullptr), program.value);
}

// Tests that kernel32 is found whatever the case and with or without ".dll".
TEST(GetModuleHandle, Kernel32AnyCaseWithOrWithoutExtension) {
  BEHAVIOUR("MD-HANDLE-002");
  const HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
  ASSERT_NE(kernel32, nullptr);
  for (const char* name : {"KERNEL32.DLL", "Kernel32", "kernel32"}) {
    SCOPED_TRACE(name);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(GetModuleHandleA(name)), ReturnsWithError(kernel32, kPoisonError));
  }
  const WCHAR wide[] = {'k', 'e', 'r', 'n', 'e', 'l', '3', '2', '.', 'd', 'l', 'l', 0};
  EXPECT_EQ(GetModuleHandleW(wide), kernel32);
}

// Tests that a module that is not loaded is not found: NULL with ERROR_MOD_NOT_FOUND.
TEST(GetModuleHandle, UnknownModuleFailsModNotFound) {
  BEHAVIOUR("MD-HANDLE-003");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetModuleHandleA("winipc-no-such-module.dll")), FailsWith(ERROR_MOD_NOT_FOUND));
}

// Tests that LoadLibrary of kernel32 returns its module handle and FreeLibrary of it succeeds.
TEST(LoadLibrary, Kernel32IsItsModuleHandle) {
  BEHAVIOUR("MD-HANDLE-004");
  SetLastError(kPoisonError);
  const auto loaded = Call(LoadLibraryA("kernel32.dll"));
  EXPECT_THAT(loaded, SucceedsWith(kPoisonError));
  EXPECT_EQ(loaded.value, GetModuleHandleA("kernel32.dll"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(FreeLibrary(loaded.value)), SucceedsWith(kPoisonError));
}

// Tests that LoadLibrary of a module that does not exist fails with ERROR_MOD_NOT_FOUND.
TEST(LoadLibrary, MissingModuleFailsModNotFound) {
  BEHAVIOUR("MD-HANDLE-005");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LoadLibraryA("winipc-no-such-module.dll")), FailsWith(ERROR_MOD_NOT_FOUND));
}

// Tests that GetModuleHandleEx finds kernel32 as GetModuleHandle does, and refuses a NULL result pointer with
// ERROR_INVALID_PARAMETER.
TEST(GetModuleHandleEx, FindsKernel32AndNeedsResultPointer) {
  BEHAVIOUR("MD-HANDLE-006");
  HMODULE module = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "kernel32.dll", &module)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(module, GetModuleHandleA("kernel32.dll"));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetModuleHandleExA(0, "kernel32.dll", nullptr)), FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that GetProcAddress finds a kernel32 function by name, and the function found works.
TEST(GetProcAddress, FindsKernel32FunctionThatWorks) {
  BEHAVIOUR("MD-PROC-001");
  SetLastError(kPoisonError);
  const auto found =
      Call(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("kernel32.dll"), "CreateEventA")));
  ASSERT_THAT(found, SucceedsWith(kPoisonError));
  using CreateEventAFn = HANDLE(WINAPI*)(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCSTR);
  const auto create = reinterpret_cast<CreateEventAFn>(found.value);
  ScopedHandle event(create(nullptr, TRUE, TRUE, nullptr));
  ASSERT_TRUE(event);
  EXPECT_EQ(WaitForSingleObject(event.get(), 0), WAIT_OBJECT_0);
}

// Tests that a name kernel32 does not export fails with ERROR_PROC_NOT_FOUND, and that names are case-sensitive.
TEST(GetProcAddress, UnknownNameFailsProcNotFound) {
  BEHAVIOUR("MD-PROC-002");
  const HMODULE kernel32 = GetModuleHandleA("kernel32.dll");
  for (const char* name : {"WinipcNoSuchFunction", "createeventa", ""}) {
    SCOPED_TRACE(name);
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(reinterpret_cast<void*>(GetProcAddress(kernel32, name))), FailsWith(ERROR_PROC_NOT_FOUND));
  }
}

// Tests that GetModuleFileName(NULL) gives the program's path and returns its length, with last error 0.
TEST(GetModuleFileName, NullGivesProgramPath) {
  BEHAVIOUR("MD-FILENAME-001");
  char path[MAX_PATH];
  SetLastError(kPoisonError);
  const auto n = Call(GetModuleFileNameA(nullptr, path, MAX_PATH));
  EXPECT_THAT(n, SucceedsWith(ERROR_SUCCESS));
  EXPECT_EQ(n.value, std::strlen(path));
  EXPECT_NE(std::string(path).find("winipc_conformance"), std::string::npos) << path;
}

// Tests that a buffer too small gets the path cut to fit with its terminator, the call returning the buffer's
// size with ERROR_INSUFFICIENT_BUFFER.
TEST(GetModuleFileName, SmallBufferTruncatesAndFailsInsufficientBuffer) {
  BEHAVIOUR("MD-FILENAME-002");
  char full[MAX_PATH];
  ASSERT_GT(GetModuleFileNameA(nullptr, full, MAX_PATH), 5u);
  char path[8];
  std::memset(path, 'x', sizeof path);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(GetModuleFileNameA(nullptr, path, 5)), ReturnsWithError(DWORD{5}, ERROR_INSUFFICIENT_BUFFER));
  EXPECT_EQ(std::string(path, 4), std::string(full, 4));
  EXPECT_EQ(path[4], '\0');
  EXPECT_EQ(path[5], 'x');
}

// Tests that GetModuleFileNameW gives the same path in UTF-16.
TEST(GetModuleFileName, WideMatchesAnsi) {
  BEHAVIOUR("MD-FILENAME-003");
  char narrow[MAX_PATH];
  WCHAR wide[MAX_PATH];
  const DWORD n = GetModuleFileNameA(nullptr, narrow, MAX_PATH);
  ASSERT_EQ(GetModuleFileNameW(nullptr, wide, MAX_PATH), n);
  for (DWORD i = 0; i <= n; ++i) {
    if (static_cast<unsigned char>(narrow[i]) < 0x80) {
      EXPECT_EQ(wide[i], static_cast<WCHAR>(narrow[i])) << i;
    }
  }
}

}  // namespace
}  // namespace winipc::conformance
