/* winipc emu: <excpt.h>, what structured exception handling code names beside the __try/__except/__finally
 * keywords (those are in <minwindef.h>: gcc has no SEH, so they keep the normal path only, docs/porting.md).
 *
 * A filter's dispositions, and GetExceptionCode() for an __except block: in C++ such a block runs for a C++
 * exception, and a throw of Microsoft's C++ runtime is raised as exception 0xE06D7363 (CXX_EXCEPTION in Wine's
 * msvcrt, which implements that runtime), so that is the code here; in C the block never runs. Not checked by a
 * test: mingw-w64's gcc, which builds the suite for Windows, has no __try. */
#ifndef WINIPC_EXCPT_H_
#define WINIPC_EXCPT_H_

#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1)

struct _EXCEPTION_POINTERS;
#define GetExceptionCode() (0xE06D7363UL)
#define _exception_code() GetExceptionCode()
#define GetExceptionInformation() ((struct _EXCEPTION_POINTERS*)0)
#define _exception_info() GetExceptionInformation()
#define AbnormalTermination() 0
#define _abnormal_termination() AbnormalTermination()

#endif /* WINIPC_EXCPT_H_ */
