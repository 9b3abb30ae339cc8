// <process.h>: _beginthreadex, _endthreadex, _beginthread, _endthread, _getpid, on CreateThread and ExitThread.
//
// As in the Microsoft C runtime, a _beginthreadex thread's handle is the caller's to close, while a _beginthread
// thread closes its own handle when it ends (so the value _beginthread returned is only good while the thread
// runs). Failures return 0 (_beginthreadex) or -1 (_beginthread) with errno set, not last error alone.
#include <process.h>
#include <windows.h>

#include <cerrno>

namespace {

struct SelfClosing {
  _beginthread_proc_type start;
  void* argument;
  HANDLE handle;
};

thread_local SelfClosing* current_self_closing = nullptr;

void EndSelfClosing() {
  SelfClosing* self = current_self_closing;
  if (self == nullptr) return;
  current_self_closing = nullptr;
  CloseHandle(self->handle);
  delete self;
}

DWORD WINAPI RunSelfClosing(LPVOID parameter) {
  current_self_closing = static_cast<SelfClosing*>(parameter);
  current_self_closing->start(current_self_closing->argument);
  EndSelfClosing();
  return 0;
}

// errno for a thread that could not be made: EINVAL for bad arguments, EAGAIN for a lack of resources (the
// Microsoft C runtime's choices).
int ErrnoFor(DWORD error) { return error == ERROR_INVALID_PARAMETER ? EINVAL : EAGAIN; }

}  // namespace

extern "C" uintptr_t _beginthreadex(void* security, unsigned stack_size, _beginthreadex_proc_type start_address,
                                    void* arglist, unsigned initflag, unsigned* thrdaddr) {
  if (start_address == nullptr) {
    errno = EINVAL;
    return 0;
  }
  DWORD id = 0;
  HANDLE thread = CreateThread(static_cast<LPSECURITY_ATTRIBUTES>(security), stack_size,
                               reinterpret_cast<LPTHREAD_START_ROUTINE>(start_address), arglist, initflag, &id);
  if (thread == nullptr) {
    errno = ErrnoFor(GetLastError());
    return 0;
  }
  if (thrdaddr != nullptr) *thrdaddr = id;
  return reinterpret_cast<uintptr_t>(thread);
}

extern "C" void _endthreadex(unsigned retval) { ExitThread(retval); }

extern "C" uintptr_t _beginthread(_beginthread_proc_type start_address, unsigned stack_size, void* arglist) {
  if (start_address == nullptr) {
    errno = EINVAL;
    return static_cast<uintptr_t>(-1);
  }
  auto* self = new SelfClosing{start_address, arglist, nullptr};
  // Suspended until it knows its own handle, so that it can close it however soon it ends.
  HANDLE thread = CreateThread(nullptr, stack_size, RunSelfClosing, self, CREATE_SUSPENDED, nullptr);
  if (thread == nullptr) {
    errno = ErrnoFor(GetLastError());
    delete self;
    return static_cast<uintptr_t>(-1);
  }
  self->handle = thread;
  ResumeThread(thread);
  return reinterpret_cast<uintptr_t>(thread);
}

extern "C" void _endthread(void) {
  EndSelfClosing();
  ExitThread(0);
}

extern "C" int _getpid(void) { return static_cast<int>(GetCurrentProcessId()); }
