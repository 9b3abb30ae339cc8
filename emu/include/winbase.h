/* winipc emu: <winbase.h>: the kernel32 API, as the SDK gathers it from the API-set headers */
#ifndef WINIPC_WINBASE_H_
#define WINIPC_WINBASE_H_

#include <windef.h>
#include <minwinbase.h>
#include <errhandlingapi.h>
#include <handleapi.h>
#include <processthreadsapi.h>
#include <processenv.h>
#include <sysinfoapi.h>
#include <memoryapi.h>
#include <synchapi.h>
#include <jobapi2.h>
#include <securitybaseapi.h>
#include <fileapi.h>
#include <ioapiset.h>

#define FILE_FLAG_WRITE_THROUGH 0x80000000u
#define FILE_FLAG_OVERLAPPED 0x40000000
#define FILE_FLAG_NO_BUFFERING 0x20000000
#define FILE_FLAG_RANDOM_ACCESS 0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000
#define FILE_FLAG_BACKUP_SEMANTICS 0x02000000
#define FILE_FLAG_POSIX_SEMANTICS 0x01000000

#endif /* WINIPC_WINBASE_H_ */
