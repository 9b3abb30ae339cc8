/* A C11 program written for Windows: it must build with `gcc prog.c $(pkg-config --cflags --libs winipc)`. */
#include <windows.h>
#include <stdio.h>
#include <tchar.h>

int _tmain(void) {
  SYSTEM_INFO si;
  GetSystemInfo(&si);
  HANDLE map = CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, TEXT("c-program-map"));
  if (map == NULL) return 1;
  char* view = (char*)MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, 0);
  if (view == NULL) return 2;
  CopyMemory(view, "from C", 7);
  HANDLE event = CreateEvent(NULL, TRUE, FALSE, NULL);
  SetEvent(event);
  if (WaitForSingleObject(event, 0) != WAIT_OBJECT_0) return 3;
  _tprintf(TEXT("%s granularity=%u\n"), TEXT("c ok"), (unsigned)si.dwAllocationGranularity);
  UnmapViewOfFile(view);
  CloseHandle(event);
  CloseHandle(map);
  return 0;
}
