// wmain without arguments: its return value is the exit status.
#include <windows.h>

int wmain() { return 7; }
