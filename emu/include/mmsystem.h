/* winipc emu: <mmsystem.h>. Of the multimedia API emu has the part console programs use to time things: the
 * winmm timer functions of <timeapi.h>. */
#ifndef WINIPC_MMSYSTEM_H_
#define WINIPC_MMSYSTEM_H_

#include <timeapi.h>

#endif /* WINIPC_MMSYSTEM_H_ */
