/* winipc emu: <wincon.h>: the console API (see <consoleapi.h>) */
#ifndef WINIPC_WINCON_H_
#define WINIPC_WINCON_H_

#include <consoleapi.h>

#endif /* WINIPC_WINCON_H_ */
