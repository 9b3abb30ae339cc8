/* wmain without arguments, in C: its return value is the exit status. */
#include <windows.h>

int wmain(void) { return 7; }
