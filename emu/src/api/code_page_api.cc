// GetACP / GetOEMCP: emu's A functions read and write UTF-8, which Windows calls code page 65001 (what a
// Windows process gets with <activeCodePage>UTF-8</activeCodePage> in its manifest).
#include <windows.h>

extern "C" UINT WINAPI GetACP(void) { return CP_UTF8; }
extern "C" UINT WINAPI GetOEMCP(void) { return CP_UTF8; }
