// wmain with the environment: argv and envp arrive as UTF-16 (wchar_t with -fshort-wchar, else WCHAR).
#include <stdio.h>
#include <windows.h>

#if WINIPC_WCHAR_IS_WCHAR_T
typedef wchar_t Unit;
#else
typedef WCHAR Unit;
#endif

int wmain(int argc, Unit* argv[], Unit* envp[]) {
  int found = 0;
  for (Unit** e = envp; *e != nullptr; ++e) {
    static const char kName[] = "WINIPC_ENTRY_TEST=";
    int i = 0;
    while (kName[i] != 0 && (*e)[i] == static_cast<Unit>(kName[i])) ++i;
    if (kName[i] == 0) found = 1;
  }
  printf("argc=%d env=%d units:", argc, found);
  for (const Unit* p = argv[1]; *p != 0; ++p) printf(" %04x", static_cast<unsigned>(*p));
  printf("\n");
  return 0;
}
