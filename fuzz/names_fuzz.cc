// Fuzzes name parsing through the public API: the input, as an ANSI name (bytes up to the first NUL) and as a
// wide name (UTF-16 units, little-endian pairs, unpaired surrogates included), goes to Create*/Open* of every named
// type, and everything created is closed again. Nothing may crash or hang, every object file stays a regular file
// inside $WINIPC_ROOT/winipc-*/, nothing appears in the working directory, and no name outlives its handles.
#include <windows.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "sandbox.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  winipc_fuzz::EnterSandbox();
  return 0;
}

namespace {

void CloseAll(std::vector<HANDLE>& handles) {
  for (HANDLE h : handles) {
    if (h != nullptr && h != INVALID_HANDLE_VALUE) CloseHandle(h);
  }
  handles.clear();
}

void ExerciseA(const char* name, std::vector<HANDLE>& out) {
  out.push_back(CreateEventA(nullptr, TRUE, FALSE, name));
  out.push_back(OpenEventA(EVENT_ALL_ACCESS, FALSE, name));
  out.push_back(CreateMutexA(nullptr, FALSE, name));  // another type under the same name: ERROR_INVALID_HANDLE
  out.push_back(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name));
  out.push_back(OpenFileMappingA(FILE_MAP_READ, FALSE, name));
  out.push_back(CreateSemaphoreA(nullptr, 0, 1, name));
  out.push_back(OpenSemaphoreA(SYNCHRONIZE, FALSE, name));
  out.push_back(CreateWaitableTimerA(nullptr, FALSE, name));
  out.push_back(OpenMutexA(SYNCHRONIZE, FALSE, name));
  out.push_back(OpenWaitableTimerA(SYNCHRONIZE, FALSE, name));
}

void ExerciseW(const WCHAR* name, std::vector<HANDLE>& out) {
  out.push_back(CreateMutexW(nullptr, TRUE, name));
  out.push_back(OpenMutexW(SYNCHRONIZE, FALSE, name));
  out.push_back(CreateEventW(nullptr, FALSE, TRUE, name));
  out.push_back(OpenEventW(SYNCHRONIZE, FALSE, name));
  out.push_back(CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READONLY, 0, 1, name));
  out.push_back(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, name));
  out.push_back(CreateSemaphoreW(nullptr, 1, 2, name));
  out.push_back(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, name));
  out.push_back(CreateWaitableTimerW(nullptr, TRUE, name));
  out.push_back(OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, name));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint64_t runs = 0;
  std::vector<HANDLE> handles;

  // ANSI: the bytes up to the first NUL, in a buffer of exactly that length + 1 (ASan sees any over-read).
  std::string a(reinterpret_cast<const char*>(data), size);
  a.resize(std::strlen(a.c_str()));
  std::vector<char> a_buf(a.begin(), a.end());
  a_buf.push_back('\0');
  ExerciseA(a_buf.data(), handles);
  CloseAll(handles);

  // Wide: every pair of bytes is one UTF-16 unit, up to the first zero unit.
  std::vector<WCHAR> w;
  for (size_t i = 0; i + 1 < size; i += 2) {
    WCHAR unit = static_cast<WCHAR>(data[i] | (data[i + 1] << 8));
    if (unit == 0) break;
    w.push_back(unit);
  }
  w.push_back(0);
  ExerciseW(w.data(), handles);
  CloseAll(handles);

  winipc_fuzz::CheckNothingLeft();
  if (++runs % 256 == 0) winipc_fuzz::CheckSandbox();
  return 0;
}
