/* Prints Windows' own English text for each error code given on the command line, one per line:
   "<code> <text as hex UTF-8>" or "<code> -<error>" when FormatMessage has no text. Built with mingw-w64 and run
   under Wine (or Windows) by gen_system_messages.py; never part of emu's build. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    DWORD code = (DWORD)strtoul(argv[i], NULL, 0);
    WCHAR text[4096];
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code,
                             MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), text, 4096, NULL);
    if (n == 0) {
      printf("%lu -%lu\n", (unsigned long)code, (unsigned long)GetLastError());
      continue;
    }
    char utf8[16384];
    int m = WideCharToMultiByte(CP_UTF8, 0, text, (int)n, utf8, sizeof utf8, NULL, NULL);
    printf("%lu ", (unsigned long)code);
    for (int j = 0; j < m; ++j) printf("%02x", (unsigned char)utf8[j]);
    printf("\n");
  }
  return 0;
}
