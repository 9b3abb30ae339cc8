/* winipc emu: <process.h> of the Microsoft C runtime: starting and ending threads (_beginthreadex and friends)
 * and _getpid (emu/src/api/beginthread_api.cc). Threads run on emu's CreateThread, so a handle from
 * _beginthreadex is a real thread handle: waitable, GetExitCodeThread, CloseHandle. */
#ifndef WINIPC_PROCESS_H_
#define WINIPC_PROCESS_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif


/* The calling conventions of the Microsoft CRT's declarations (a thread function is `unsigned __stdcall f(void*)`)
 * are no-ops on x86-64. */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
typedef unsigned(*_beginthreadex_proc_type)(void*);
typedef void(*_beginthread_proc_type)(void*);

/* The thread runs start_address(arglist); its return value is its exit code. Returns the thread's handle (the
 * caller closes it) or 0 with errno set. initflag may be CREATE_SUSPENDED; *thrdaddr gets the thread id. */
uintptr_t _beginthreadex(void* security, unsigned stack_size, _beginthreadex_proc_type start_address,
                         void* arglist, unsigned initflag, unsigned* thrdaddr);
/* Ends the calling thread with retval as its exit code (its handle stays open). */
void _endthreadex(unsigned retval) __attribute__((noreturn));
/* The thread runs start_address(arglist); its handle closes itself when the thread ends, so the value returned
 * is only good until then. Returns (uintptr_t)-1 with errno set on failure. */
uintptr_t _beginthread(_beginthread_proc_type start_address, unsigned stack_size, void* arglist);
/* Ends a _beginthread thread (and closes its handle). */
void _endthread(void) __attribute__((noreturn));
int _getpid(void);


#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_PROCESS_H_ */
