/* Forced (-include) into the mingw-w64 build of the C++ ports, never into emu's. libstdc++ switches mingw-w64 to
 * its own ISO printf, where %s in a wide format reads a narrow string; the Visual Studio runtime the ports are
 * written for reads a wide one (and %S a narrow one). Taking libstdc++'s configuration first and then switching
 * back gives the C++ ports the Microsoft runtime's printf, as their Visual Studio build has. */
#ifdef __cplusplus
#include <bits/c++config.h>
#undef __USE_MINGW_ANSI_STDIO
#define __USE_MINGW_ANSI_STDIO 0
#endif
