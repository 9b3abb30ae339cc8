// Prints the records of a record file. If a writer is running, the reader opens its named mapping; otherwise it
// opens the file and maps it itself under the same name. Reads under the named mutex, so it never sees half a
// record. Usage: record_reader FILE
#include <stdio.h>
#include <windows.h>

#include "records.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: %s FILE\n", argv[0]);
    return 2;
  }
  HANDLE file = NULL;
  HANDLE map = OpenFileMapping(FILE_MAP_READ, FALSE, RECORDS_MAP_NAME);
  if (map == NULL) {
    // No writer alive: the records are in the file.
    file = CreateFileA(argv[1], GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                       FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
      printf("CreateFile failed (%lu)\n", (unsigned long)GetLastError());
      return 1;
    }
    map = CreateFileMapping(file, NULL, PAGE_READONLY, 0, 0, RECORDS_MAP_NAME);
    if (map == NULL) {
      printf("CreateFileMapping failed (%lu)\n", (unsigned long)GetLastError());
      return 1;
    }
  }
  const RecordFile* records = (const RecordFile*)MapViewOfFile(map, FILE_MAP_READ, 0, 0, 0);
  HANDLE lock = CreateMutex(NULL, FALSE, RECORDS_LOCK_NAME);
  if (records == NULL || lock == NULL) {
    printf("MapViewOfFile or CreateMutex failed (%lu)\n", (unsigned long)GetLastError());
    return 1;
  }
  const DWORD wait = WaitForSingleObject(lock, 10000);
  if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED) {
    printf("WaitForSingleObject returned %lu\n", (unsigned long)wait);
    return 1;
  }
  if (records->magic != RECORDS_MAGIC) {
    printf("not a record file\n");
    ReleaseMutex(lock);
    return 1;
  }
  printf("%lu records\n", (unsigned long)records->count);
  for (DWORD i = 0; i < records->count && i < RECORDS_CAPACITY; ++i) {
    printf("#%lu: %s\n", (unsigned long)records->records[i].id, records->records[i].text);
  }
  ReleaseMutex(lock);
  UnmapViewOfFile(records);
  CloseHandle(lock);
  CloseHandle(map);
  if (file != NULL) CloseHandle(file);
  return 0;
}
