/* winipc emu: <errhandlingapi.h>: the calling thread's last error */
#ifndef WINIPC_ERRHANDLINGAPI_H_
#define WINIPC_ERRHANDLINGAPI_H_

#include <excpt.h> /* the filter dispositions an unhandled-exception filter returns */
#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

DWORD WINAPI GetLastError(void);
void WINAPI SetLastError(DWORD dwErrCode);

/* ---- Error mode and the unhandled-exception filter (winipc issue 14). emu stores both; Linux signals
   (SIGSEGV, ...) never reach the filter (docs/porting.md). ---- */
#define SEM_FAILCRITICALERRORS 0x0001
#define SEM_NOGPFAULTERRORBOX 0x0002
#define SEM_NOALIGNMENTFAULTEXCEPT 0x0004
#define SEM_NOOPENFILEERRORBOX 0x8000
#define EXCEPTION_MAXIMUM_PARAMETERS 15
typedef struct _EXCEPTION_RECORD {
  DWORD ExceptionCode;
  DWORD ExceptionFlags;
  struct _EXCEPTION_RECORD* ExceptionRecord;
  PVOID ExceptionAddress;
  DWORD NumberParameters;
  ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS];
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;
struct _CONTEXT; /* the register state: never filled in by emu */
typedef struct _EXCEPTION_POINTERS {
  PEXCEPTION_RECORD ExceptionRecord;
  struct _CONTEXT* ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;
typedef LONG(WINAPI* PTOP_LEVEL_EXCEPTION_FILTER)(struct _EXCEPTION_POINTERS* ExceptionInfo);
typedef PTOP_LEVEL_EXCEPTION_FILTER LPTOP_LEVEL_EXCEPTION_FILTER;
UINT WINAPI GetErrorMode(void);
UINT WINAPI SetErrorMode(UINT uMode);
LPTOP_LEVEL_EXCEPTION_FILTER WINAPI SetUnhandledExceptionFilter(LPTOP_LEVEL_EXCEPTION_FILTER lpTopLevelExceptionFilter);
/* ---- end of the error-mode part ---- */

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_ERRHANDLINGAPI_H_ */
