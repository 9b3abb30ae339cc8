// A C++ program written for Windows in UNICODE style: wmain with arguments, L"..." names, TCHAR text.
#include <windows.h>
#include <tchar.h>

int _tmain(int argc, TCHAR* argv[]) {
  HANDLE map = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, L"Local\\cpp-program");
  if (map == nullptr) return 1;
  HANDLE again = OpenFileMapping(FILE_MAP_READ, FALSE, TEXT("cpp-program"));  // the same object, via Local
  if (again == nullptr) return 2;
  // NULL and nullptr names must pick the WCHAR overloads without ambiguity (ported code does this everywhere).
  HANDLE unnamed = CreateEventW(NULL, TRUE, FALSE, NULL);
  HANDLE unnamed2 = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (unnamed == nullptr || unnamed2 == nullptr || OpenEventW(SYNCHRONIZE, FALSE, NULL) != nullptr) return 3;
  CloseHandle(unnamed);
  CloseHandle(unnamed2);
  _tprintf(_T("cpp ok argc=%d argv1=%s\n"), argc, argc > 1 ? argv[1] : _T("-"));
  CloseHandle(again);
  CloseHandle(map);
  return 0;
}
