/* winipc emu: <ioapiset.h>: overlapped I/O results and cancellation */
#ifndef WINIPC_IOAPISET_H_
#define WINIPC_IOAPISET_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

/* emu's file I/O completes before ReadFile/WriteFile return (docs/porting.md). */
#define HasOverlappedIoCompleted(lpOverlapped) (((DWORD)(lpOverlapped)->Internal) != STATUS_PENDING)
BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                BOOL bWait);
BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                  DWORD dwMilliseconds, BOOL bAlertable);
BOOL WINAPI CancelIo(HANDLE hFile);
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_IOAPISET_H_ */
