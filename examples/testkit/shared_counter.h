// Stands for a porting team's own Windows code, the code its tests are about: a counter in named shared memory
// that several processes add to under a named mutex. Written only against the Win32 API.
#ifndef SHARED_COUNTER_H_
#define SHARED_COUNTER_H_

#include <windows.h>

#include <stdio.h>

struct SharedCounter {
  HANDLE mapping;
  HANDLE lock;
  volatile LONG* value;
};

// Opens the counter called `name`, creating it (at zero) if no process holds it. On failure returns FALSE with
// the failing call's last error, and holds nothing.
inline BOOL OpenSharedCounter(const char* name, SharedCounter* counter) {
  char lock_name[MAX_PATH];
  if (snprintf(lock_name, sizeof lock_name, "%s-lock", name) >= (int)sizeof lock_name) {
    SetLastError(ERROR_FILENAME_EXCED_RANGE);
    return FALSE;
  }
  counter->mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(LONG), name);
  if (counter->mapping == NULL) return FALSE;
  const DWORD created = GetLastError();  // 0, or ERROR_ALREADY_EXISTS: the caller may ask, as on Windows
  counter->value = (volatile LONG*)MapViewOfFile(counter->mapping, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(LONG));
  if (counter->value == NULL) {
    const DWORD error = GetLastError();
    CloseHandle(counter->mapping);
    SetLastError(error);
    return FALSE;
  }
  counter->lock = CreateMutexA(NULL, FALSE, lock_name);
  if (counter->lock == NULL) {
    const DWORD error = GetLastError();
    UnmapViewOfFile((LPCVOID)counter->value);
    CloseHandle(counter->mapping);
    SetLastError(error);
    return FALSE;
  }
  SetLastError(created);
  return TRUE;
}

// Adds n under the lock: a plain read and write, so only the mutex keeps two processes from losing an update.
// A lock abandoned by a process that died holding it is taken over (WAIT_ABANDONED), as Windows hands it on.
inline BOOL AddToSharedCounter(SharedCounter* counter, LONG n) {
  const DWORD waited = WaitForSingleObject(counter->lock, INFINITE);
  if (waited != WAIT_OBJECT_0 && waited != WAIT_ABANDONED) return FALSE;
  const LONG old = *counter->value;
  *counter->value = old + n;
  return ReleaseMutex(counter->lock);
}

inline void CloseSharedCounter(SharedCounter* counter) {
  UnmapViewOfFile((LPCVOID)counter->value);
  CloseHandle(counter->lock);
  CloseHandle(counter->mapping);
}

#endif  // SHARED_COUNTER_H_
