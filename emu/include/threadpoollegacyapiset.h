/* winipc emu: <threadpoollegacyapiset.h>: the first thread pool's calls: waits registered on an object
 * (RegisterWaitForSingleObject), work items (QueueUserWorkItem) and timer queues (CreateTimerQueue). Callbacks
 * run on emu's own threads; see docs/porting.md ("Thread pool"). */
#ifndef WINIPC_THREADPOOLLEGACYAPISET_H_
#define WINIPC_THREADPOOLLEGACYAPISET_H_

#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

/* TimerOrWaitFired: TRUE when the timeout elapsed (or a timer fired), FALSE when the object was signalled. */
typedef VOID(CALLBACK *WAITORTIMERCALLBACKFUNC)(PVOID lpParameter, BOOLEAN TimerOrWaitFired);
typedef WAITORTIMERCALLBACKFUNC WAITORTIMERCALLBACK;

/* Where and how a callback runs. emu accepts them all; only WT_EXECUTEONLYONCE changes what happens. */
#define WT_EXECUTEDEFAULT 0x00000000
#define WT_EXECUTEINIOTHREAD 0x00000001
#define WT_EXECUTEINUITHREAD 0x00000002
#define WT_EXECUTEINWAITTHREAD 0x00000004
#define WT_EXECUTEONLYONCE 0x00000008
#define WT_EXECUTEINTIMERTHREAD 0x00000020
#define WT_EXECUTELONGFUNCTION 0x00000010
#define WT_EXECUTEINPERSISTENTIOTHREAD 0x00000040
#define WT_EXECUTEINPERSISTENTTHREAD 0x00000080
#define WT_TRANSFER_IMPERSONATION 0x00000100
#define WT_SET_MAX_THREADPOOL_THREADS(Flags, Limit) ((Flags) |= (Limit) << 16)

BOOL WINAPI RegisterWaitForSingleObject(PHANDLE phNewWaitObject, HANDLE hObject, WAITORTIMERCALLBACK Callback,
                                        PVOID Context, ULONG dwMilliseconds, ULONG dwFlags);
BOOL WINAPI UnregisterWait(HANDLE WaitHandle);
BOOL WINAPI UnregisterWaitEx(HANDLE WaitHandle, HANDLE CompletionEvent);
BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags);

/* Timer queues: a NULL TimerQueue is the process's default queue. */
HANDLE WINAPI CreateTimerQueue(void);
BOOL WINAPI CreateTimerQueueTimer(PHANDLE phNewTimer, HANDLE TimerQueue, WAITORTIMERCALLBACK Callback,
                                  PVOID Parameter, DWORD DueTime, DWORD Period, ULONG Flags);
BOOL WINAPI ChangeTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, ULONG DueTime, ULONG Period);
BOOL WINAPI DeleteTimerQueueTimer(HANDLE TimerQueue, HANDLE Timer, HANDLE CompletionEvent);
BOOL WINAPI DeleteTimerQueueEx(HANDLE TimerQueue, HANDLE CompletionEvent);
BOOL WINAPI DeleteTimerQueue(HANDLE TimerQueue);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_THREADPOOLLEGACYAPISET_H_ */
