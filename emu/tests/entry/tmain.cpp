// A Visual Studio-style console program: _tmain with TCHAR arguments, built ANSI and UNICODE, with and without
// -fshort-wchar, as C++ and (tmain.c) as C. It prints the code units of its first argument (UTF-16 units in a UNICODE
// build, bytes in an ANSI one), the argument itself through _tprintf, and uses a few _t functions on the second.
#include <stdio.h>
#include <tchar.h>
#include <windows.h>

int _tmain(int argc, _TCHAR* argv[]) {
  if (argc < 3) {
    _tprintf(_T("usage: tmain <text> <number>\n"));
    return 2;
  }
  _tprintf(_T("argc=%d\n"), argc);
  _tprintf(_T("units:"));
  for (size_t i = 0; i < _tcslen(argv[1]); ++i) _tprintf(_T(" %04x"), (unsigned)(_TUCHAR)argv[1][i]);
  _tprintf(_T("\n"));
  _tprintf(_T("text=%s\n"), argv[1]);
  TCHAR copy[64];
  _tcscpy_s(copy, argv[2]);
  TCHAR line[64];
  _stprintf_s(line, _T("%d+1=%d"), _ttoi(copy), _tstoi(copy) + 1);
  _putts(line);
  _fputts(_T("done\n"), stdout);
  return _tcscmp(copy, argv[2]) == 0 ? 0 : 3;
}
