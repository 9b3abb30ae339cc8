/* The record file shared by record_writer and record_reader: a header and a fixed table of records, used through
 * a named file-backed mapping ("Local\WinipcRecordsMap") and guarded by a named mutex ("Local\WinipcRecordsLock").
 * Plain Win32: the same sources build with Visual Studio and against winipc. */
#ifndef WINIPC_EXAMPLES_RECORDS_H_
#define WINIPC_EXAMPLES_RECORDS_H_

#include <windows.h>

#define RECORDS_MAP_NAME TEXT("Local\\WinipcRecordsMap")
#define RECORDS_LOCK_NAME TEXT("Local\\WinipcRecordsLock")
#define RECORDS_MAGIC 0x53435252u /* "RRCS" */
#define RECORDS_CAPACITY 64

typedef struct {
  DWORD id;         /* 1, 2, 3, ... in the order records were appended */
  DWORD writer_pid; /* the process that appended it */
  char text[56];
} Record;

typedef struct {
  DWORD magic;
  DWORD count;
  Record records[RECORDS_CAPACITY];
} RecordFile;

#endif /* WINIPC_EXAMPLES_RECORDS_H_ */
