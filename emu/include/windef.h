/* winipc emu: <windef.h>, the basic definitions: <minwindef.h> and <winnt.h> */
#ifndef WINIPC_WINDEF_H_
#define WINIPC_WINDEF_H_

#include <minwindef.h>
#include <winnt.h>



#endif /* WINIPC_WINDEF_H_ */
