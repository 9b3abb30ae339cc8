/* The C twin of tmain.cpp (C has no array overloads, so the sizes are passed). */
#include <stdio.h>
#include <tchar.h>
#include <windows.h>

int _tmain(int argc, _TCHAR* argv[]) {
  TCHAR copy[64];
  TCHAR line[64];
  size_t i;
  if (argc < 3) {
    _tprintf(_T("usage: tmain <text> <number>\n"));
    return 2;
  }
  _tprintf(_T("argc=%d\n"), argc);
  _tprintf(_T("units:"));
  for (i = 0; i < _tcslen(argv[1]); ++i) _tprintf(_T(" %04x"), (unsigned)(_TUCHAR)argv[1][i]);
  _tprintf(_T("\n"));
  _tprintf(_T("text=%s\n"), argv[1]);
  _tcscpy_s(copy, _countof(copy), argv[2]);
  _stprintf_s(line, _countof(line), _T("%d+1=%d"), _ttoi(copy), _tstoi(copy) + 1);
  _putts(line);
  _fputts(_T("done\n"), stdout);
  return _tcscmp(copy, argv[2]) == 0 ? 0 : 3;
}
