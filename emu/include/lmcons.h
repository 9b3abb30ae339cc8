/* winipc emu: <lmcons.h>: the LAN Manager name lengths (UNLEN for GetUserName's buffer) */
#ifndef WINIPC_LMCONS_H_
#define WINIPC_LMCONS_H_

#define CNLEN 15
#define DNLEN CNLEN
#define UNLEN 256
#define GNLEN UNLEN
#define PWLEN 256
#define LM20_UNLEN 20

#endif /* WINIPC_LMCONS_H_ */
