// Appends records to a record file through a named file-backed mapping, one at a time under a named mutex, then
// flushes the view and the file so the records survive this process.
// Usage: record_writer FILE COUNT [TEXT]
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "records.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    printf("usage: %s FILE COUNT [TEXT]\n", argv[0]);
    return 2;
  }
  const int count = atoi(argv[2]);
  const char* text = argc > 3 ? argv[3] : "hello";

  HANDLE file = CreateFileA(argv[1], GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                            OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  if (file == INVALID_HANDLE_VALUE) {
    printf("CreateFile failed (%lu)\n", (unsigned long)GetLastError());
    return 1;
  }
  // A writable mapping larger than the file grows the file to the mapping's size.
  HANDLE map = CreateFileMapping(file, NULL, PAGE_READWRITE, 0, sizeof(RecordFile), RECORDS_MAP_NAME);
  if (map == NULL) {
    printf("CreateFileMapping failed (%lu)\n", (unsigned long)GetLastError());
    CloseHandle(file);
    return 1;
  }
  HANDLE lock = CreateMutex(NULL, FALSE, RECORDS_LOCK_NAME);
  RecordFile* records = (RecordFile*)MapViewOfFile(map, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(RecordFile));
  if (lock == NULL || records == NULL) {
    printf("CreateMutex or MapViewOfFile failed (%lu)\n", (unsigned long)GetLastError());
    return 1;
  }

  int appended = 0;
  for (int i = 0; i < count; ++i) {
    const DWORD wait = WaitForSingleObject(lock, 10000);
    if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED) {
      printf("WaitForSingleObject returned %lu\n", (unsigned long)wait);
      break;
    }
    if (records->magic != RECORDS_MAGIC) {  // a new (zero-filled) file
      records->magic = RECORDS_MAGIC;
      records->count = 0;
    }
    if (records->count < RECORDS_CAPACITY) {
      Record* r = &records->records[records->count];
      r->id = records->count + 1;
      r->writer_pid = GetCurrentProcessId();
      snprintf(r->text, sizeof r->text, "%s %d", text, i + 1);
      records->count++;
      appended++;
    }
    ReleaseMutex(lock);
  }

  // Durable: the view's pages to the file, then the file to the disk.
  if (!FlushViewOfFile(records, 0) || !FlushFileBuffers(file)) {
    printf("flush failed (%lu)\n", (unsigned long)GetLastError());
    return 1;
  }
  printf("appended %d records\n", appended);
  UnmapViewOfFile(records);
  CloseHandle(lock);
  CloseHandle(map);
  CloseHandle(file);
  return 0;
}
