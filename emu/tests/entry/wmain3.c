/* wmain with the environment, in C: argv and envp arrive as UTF-16. */
#include <stdio.h>
#include <windows.h>

int wmain(int argc, WCHAR* argv[], WCHAR* envp[]) {
  static const char kName[] = "WINIPC_ENTRY_TEST=";
  int found = 0;
  WCHAR** e;
  const WCHAR* p;
  for (e = envp; *e != NULL; ++e) {
    int i = 0;
    while (kName[i] != 0 && (*e)[i] == (WCHAR)kName[i]) ++i;
    if (kName[i] == 0) found = 1;
  }
  printf("argc=%d env=%d units:", argc, found);
  for (p = argv[1]; *p != 0; ++p) printf(" %04x", (unsigned)*p);
  printf("\n");
  return 0;
}
