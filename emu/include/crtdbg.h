/* winipc emu: <crtdbg.h>, the Microsoft debug C runtime's hooks. emu's C runtime is the release one: there is no
 * debug heap, so the heap-checking and leak-report calls do what the release runtime's do (nothing; the flag and
 * mode setters return 0, _CrtCheckMemory reports a sound heap, _CrtDumpMemoryLeaks reports no leak). Use
 * AddressSanitizer or valgrind for what the debug heap found. _ASSERT and _ASSERTE check their expression when
 * _DEBUG is defined, as on Windows, printing the failed expression and aborting. */
#ifndef WINIPC_CRTDBG_H_
#define WINIPC_CRTDBG_H_

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define _CRTDBG_ALLOC_MEM_DF 0x01
#define _CRTDBG_DELAY_FREE_MEM_DF 0x02
#define _CRTDBG_CHECK_ALWAYS_DF 0x04
#define _CRTDBG_RESERVED_DF 0x08
#define _CRTDBG_CHECK_CRT_DF 0x10
#define _CRTDBG_LEAK_CHECK_DF 0x20
#define _CRTDBG_CHECK_EVERY_16_DF 0x00100000
#define _CRTDBG_CHECK_EVERY_128_DF 0x00800000
#define _CRTDBG_CHECK_EVERY_1024_DF 0x04000000
#define _CRTDBG_CHECK_DEFAULT_DF 0
#define _CRTDBG_REPORT_FLAG (-1)
#define _CRT_WARN 0
#define _CRT_ERROR 1
#define _CRT_ASSERT 2
#define _CRT_ERRCNT 3
#define _CRTDBG_MODE_FILE 0x1
#define _CRTDBG_MODE_DEBUG 0x2
#define _CRTDBG_MODE_WNDW 0x4
#define _CRTDBG_REPORT_MODE (-1)
typedef void* _HFILE;
#define _CRTDBG_INVALID_HFILE ((_HFILE)(intptr_t)-1)
#define _CRTDBG_HFILE_ERROR ((_HFILE)(intptr_t)-2)
#define _CRTDBG_FILE_STDOUT ((_HFILE)(intptr_t)-4)
#define _CRTDBG_FILE_STDERR ((_HFILE)(intptr_t)-5)
#define _CRTDBG_REPORT_FILE ((_HFILE)(intptr_t)-6)
#define _NORMAL_BLOCK 1
#define _CLIENT_BLOCK 4

typedef struct _CrtMemState {
  void* pBlockHeader;
  size_t lCounts[5];
  size_t lSizes[5];
  size_t lHighWaterCount;
  size_t lTotalCount;
} _CrtMemState;

#define _CrtSetDbgFlag(flag) ((int)0)
#define _CrtSetReportMode(type, mode) ((int)0)
#define _CrtSetReportFile(type, file) ((_HFILE)0)
#define _CrtSetBreakAlloc(number) ((long)0)
#define _CrtCheckMemory() ((int)1)
#define _CrtDumpMemoryLeaks() ((int)0)
#define _CrtMemCheckpoint(state) ((void)0)
#define _CrtMemDifference(diff, old_state, new_state) ((int)0)
#define _CrtMemDumpStatistics(state) ((void)0)
#define _CrtMemDumpAllObjectsSince(state) ((void)0)
#define _CrtIsValidHeapPointer(p) ((int)1)
#define _malloc_dbg(size, type, file, line) malloc(size)
#define _calloc_dbg(count, size, type, file, line) calloc(count, size)
#define _realloc_dbg(p, size, type, file, line) realloc(p, size)
#define _free_dbg(p, type) free(p)
#define _RPT0(type, msg) ((void)0)
#define _RPT1(type, msg, a1) ((void)0)
#define _RPT2(type, msg, a1, a2) ((void)0)
#define _RPT3(type, msg, a1, a2, a3) ((void)0)
#define _RPT4(type, msg, a1, a2, a3, a4) ((void)0)
#define _RPTF0(type, msg) ((void)0)
#define _RPTF1(type, msg, a1) ((void)0)
#define _RPTF2(type, msg, a1, a2) ((void)0)

#ifdef _DEBUG
#define _ASSERT_EXPR(expr, msg)                                                                 \
  ((void)((expr) || (fprintf(stderr, "Assertion failed: %s, file %s, line %d\n", msg, __FILE__, \
                             __LINE__),                                                         \
                     abort(), 0)))
#define _ASSERTE(expr) _ASSERT_EXPR((expr), #expr)
#define _ASSERT(expr) _ASSERT_EXPR((expr), #expr)
#else
#define _ASSERT_EXPR(expr, msg) ((void)0)
#define _ASSERTE(expr) ((void)0)
#define _ASSERT(expr) ((void)0)
#endif

#endif /* WINIPC_CRTDBG_H_ */
