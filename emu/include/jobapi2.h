/* winipc emu: <jobapi2.h>: job objects */
#ifndef WINIPC_JOBAPI2_H_
#define WINIPC_JOBAPI2_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

HANDLE WINAPI CreateJobObjectA(LPSECURITY_ATTRIBUTES lpJobAttributes, LPCSTR lpName);
HANDLE WINAPI CreateJobObjectW(LPSECURITY_ATTRIBUTES lpJobAttributes, LPCWSTR lpName);
HANDLE WINAPI OpenJobObjectA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName);
HANDLE WINAPI OpenJobObjectW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName);
BOOL WINAPI AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess);
BOOL WINAPI TerminateJobObject(HANDLE hJob, UINT uExitCode);
#if WINIPC_UNICODE
#define CreateJobObject CreateJobObjectW
#define OpenJobObject OpenJobObjectW
#else
#define CreateJobObject CreateJobObjectA
#define OpenJobObject OpenJobObjectA
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_JOBAPI2_H_ */
