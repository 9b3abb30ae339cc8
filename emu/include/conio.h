/* winipc emu: console input as <conio.h> offers it. */
#ifndef WINIPC_CONIO_H_
#define WINIPC_CONIO_H_

#ifdef __cplusplus
extern "C" {
#endif

/* Reads one key without echo: raw mode on a terminal, one byte otherwise. Returns EOF (-1) at end of input. */
int _getch(void);
int _getche(void);
int _kbhit(void);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_CONIO_H_ */
