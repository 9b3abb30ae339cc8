// job_queue.c : a job server and its worker processes share a ring of jobs in named shared memory.
//
// Written the way a Visual Studio console program is: TCHAR everywhere, the secure CRT, _beginthreadex,
// a critical section around per-process state, named semaphores and a named mutex between processes, and
// FormatMessage on error paths. The server starts three copies of itself as workers; each worker runs two
// threads that take jobs until they receive a stop job. The output does not depend on which worker did what.
#include "stdafx.h"

#define RING_SLOTS 8
#define JOB_COUNT 48
#define WORKER_COUNT 3
#define THREADS_PER_WORKER 2
#define STOP_JOB (-1)

typedef struct _JOB_RING {
    LONG  nHead;                 // next slot to fill (server)
    LONG  nTail;                 // next slot to take (workers, under the queue mutex)
    LONG  aJobs[RING_SLOTS];     // job numbers, or STOP_JOB
    DWORD aResults[JOB_COUNT];   // written by whoever ran the job
    LONG  nJobsRun;              // every job counted once, by any worker
} JOB_RING, *PJOB_RING;

typedef struct _NAMES {
    TCHAR szRing[64];
    TCHAR szFree[64];
    TCHAR szFull[64];
    TCHAR szLock[64];
} NAMES;

static void MakeNames(DWORD dwServerId, NAMES* pNames)
{
    _stprintf_s(pNames->szRing, _countof(pNames->szRing), _T("Local\\JobRing_%lu"), dwServerId);
    _stprintf_s(pNames->szFree, _countof(pNames->szFree), _T("Local\\JobRingFree_%lu"), dwServerId);
    _stprintf_s(pNames->szFull, _countof(pNames->szFull), _T("Local\\JobRingFull_%lu"), dwServerId);
    _stprintf_s(pNames->szLock, _countof(pNames->szLock), _T("Local\\JobRingLock_%lu"), dwServerId);
}

// Prints what failed and the system's text for the error.
static void PrintError(LPCTSTR pszWhat, DWORD dwError)
{
    LPTSTR pszText = NULL;
    DWORD cch = FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                  FORMAT_MESSAGE_IGNORE_INSERTS,
                              NULL, dwError, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), (LPTSTR)&pszText, 0, NULL);
    if (cch == 0) {
        _tprintf(_T("%s failed with error %lu\n"), pszWhat, dwError);
        return;
    }
    while (cch > 0 && (pszText[cch - 1] == _T('\n') || pszText[cch - 1] == _T('\r'))) {
        pszText[--cch] = 0;
    }
    _tprintf(_T("%s failed with error %lu: %s\n"), pszWhat, dwError, pszText);
    LocalFree(pszText);
}

// The work itself: the number of steps the Collatz sequence of n takes to reach 1.
static DWORD CollatzSteps(LONG n)
{
    unsigned __int64 v = (unsigned __int64)n;
    DWORD dwSteps = 0;
    while (v != 1) {
        v = (v % 2 == 0) ? v / 2 : 3 * v + 1;
        ++dwSteps;
    }
    return dwSteps;
}

// ---- worker ----

typedef struct _WORKER {
    PJOB_RING pRing;
    HANDLE hFree;
    HANDLE hFull;
    HANDLE hLock;
    CRITICAL_SECTION csCount;
    LONG nMine;  // jobs this process ran, guarded by csCount
} WORKER;

static unsigned __stdcall WorkerThread(void* pArg)
{
    WORKER* pWorker = (WORKER*)pArg;
    for (;;) {
        if (WaitForSingleObject(pWorker->hFull, 30000) != WAIT_OBJECT_0) return 2;
        if (WaitForSingleObject(pWorker->hLock, 30000) != WAIT_OBJECT_0) return 3;
        LONG nJob = pWorker->pRing->aJobs[pWorker->pRing->nTail % RING_SLOTS];
        pWorker->pRing->nTail++;
        ReleaseMutex(pWorker->hLock);
        ReleaseSemaphore(pWorker->hFree, 1, NULL);
        if (nJob == STOP_JOB) return 0;
        pWorker->pRing->aResults[nJob] = CollatzSteps(nJob + 1);
        InterlockedIncrement(&pWorker->pRing->nJobsRun);
        EnterCriticalSection(&pWorker->csCount);
        pWorker->nMine++;
        LeaveCriticalSection(&pWorker->csCount);
    }
}

static int RunWorker(DWORD dwServerId)
{
    NAMES names;
    MakeNames(dwServerId, &names);
    WORKER worker;
    ZeroMemory(&worker, sizeof(worker));
    HANDLE hMap = OpenFileMapping(FILE_MAP_ALL_ACCESS, FALSE, names.szRing);
    if (hMap == NULL) {
        PrintError(_T("OpenFileMapping"), GetLastError());
        return 100;
    }
    worker.pRing = (PJOB_RING)MapViewOfFile(hMap, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(JOB_RING));
    worker.hFree = OpenSemaphore(SEMAPHORE_ALL_ACCESS, FALSE, names.szFree);
    worker.hFull = OpenSemaphore(SYNCHRONIZE, FALSE, names.szFull);
    worker.hLock = OpenMutex(SYNCHRONIZE, FALSE, names.szLock);
    if (worker.pRing == NULL || worker.hFree == NULL || worker.hFull == NULL || worker.hLock == NULL) {
        PrintError(_T("opening the job ring"), GetLastError());
        return 101;
    }
    InitializeCriticalSectionAndSpinCount(&worker.csCount, 4000);

    HANDLE ahThreads[THREADS_PER_WORKER];
    for (int i = 0; i < THREADS_PER_WORKER; ++i) {
        ahThreads[i] = (HANDLE)_beginthreadex(NULL, 0, WorkerThread, &worker, 0, NULL);
        if (ahThreads[i] == 0) {
            _tprintf(_T("_beginthreadex failed\n"));
            return 102;
        }
    }
    WaitForMultipleObjects(THREADS_PER_WORKER, ahThreads, TRUE, INFINITE);
    int nExit = 0;
    for (int i = 0; i < THREADS_PER_WORKER; ++i) {
        DWORD dwCode = 1;
        GetExitCodeThread(ahThreads[i], &dwCode);
        if (dwCode != 0) nExit = 103;
        CloseHandle(ahThreads[i]);
    }
    DeleteCriticalSection(&worker.csCount);
    UnmapViewOfFile(worker.pRing);
    CloseHandle(hMap);
    CloseHandle(worker.hFree);
    CloseHandle(worker.hFull);
    CloseHandle(worker.hLock);
    // The exit code carries how many jobs this process ran, for the server to add up.
    return nExit != 0 ? nExit : worker.nMine;
}

// ---- server ----

static int RunServer()
{
    DWORD dwServerId = GetCurrentProcessId();
    NAMES names;
    MakeNames(dwServerId, &names);

    // A name nobody created: the error path real programs print.
    HANDLE hMissing = OpenFileMapping(FILE_MAP_READ, FALSE, _T("Local\\NoSuchJobRing"));
    if (hMissing == NULL) PrintError(_T("OpenFileMapping(NoSuchJobRing)"), GetLastError());

    HANDLE hMap = CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(JOB_RING), names.szRing);
    if (hMap == NULL) {
        PrintError(_T("CreateFileMapping"), GetLastError());
        return 1;
    }
    PJOB_RING pRing = (PJOB_RING)MapViewOfFile(hMap, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(JOB_RING));
    HANDLE hFree = CreateSemaphore(NULL, RING_SLOTS, RING_SLOTS, names.szFree);
    HANDLE hFull = CreateSemaphore(NULL, 0, RING_SLOTS, names.szFull);
    HANDLE hLock = CreateMutex(NULL, FALSE, names.szLock);
    if (pRing == NULL || hFree == NULL || hFull == NULL || hLock == NULL) {
        PrintError(_T("creating the job ring"), GetLastError());
        return 1;
    }

    TCHAR szExe[MAX_PATH];
    if (GetModuleFileName(NULL, szExe, MAX_PATH) == 0) {
        PrintError(_T("GetModuleFileName"), GetLastError());
        return 1;
    }
    HANDLE ahWorkers[WORKER_COUNT];
    for (int i = 0; i < WORKER_COUNT; ++i) {
        TCHAR szCommand[MAX_PATH + 64];
        _stprintf_s(szCommand, _countof(szCommand), _T("\"%s\" worker %lu"), szExe, dwServerId);
        STARTUPINFO si;
        PROCESS_INFORMATION pi;
        ZeroMemory(&si, sizeof(si));
        si.cb = sizeof(si);
        ZeroMemory(&pi, sizeof(pi));
        if (!CreateProcess(NULL, szCommand, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
            PrintError(_T("CreateProcess"), GetLastError());
            return 1;
        }
        CloseHandle(pi.hThread);
        ahWorkers[i] = pi.hProcess;
    }
    _tprintf(_T("started %d workers with %d threads each\n"), WORKER_COUNT, THREADS_PER_WORKER);

    // Jobs, then one stop job per worker thread.
    for (LONG n = 0; n < JOB_COUNT + WORKER_COUNT * THREADS_PER_WORKER; ++n) {
        if (WaitForSingleObject(hFree, 30000) != WAIT_OBJECT_0) {
            _tprintf(_T("no free slot in 30 s\n"));
            return 1;
        }
        pRing->aJobs[pRing->nHead % RING_SLOTS] = n < JOB_COUNT ? n : STOP_JOB;
        pRing->nHead++;
        ReleaseSemaphore(hFull, 1, NULL);
    }

    DWORD dwWait = WaitForMultipleObjects(WORKER_COUNT, ahWorkers, TRUE, 60000);
    if (dwWait == WAIT_TIMEOUT) {
        _tprintf(_T("the workers did not finish in 60 s\n"));
        return 1;
    }
    DWORD dwByWorkers = 0;
    for (int i = 0; i < WORKER_COUNT; ++i) {
        DWORD dwCode = 0;
        GetExitCodeProcess(ahWorkers[i], &dwCode);
        if (dwCode >= 100) _tprintf(_T("a worker failed with exit code %lu\n"), dwCode);
        dwByWorkers += dwCode;
        CloseHandle(ahWorkers[i]);
    }

    DWORD dwTotal = 0;
    for (int n = 0; n < JOB_COUNT; ++n) {
        TCHAR szLine[64];
        _stprintf_s(szLine, _countof(szLine), _T("job %02d: %lu steps"), n + 1, pRing->aResults[n]);
        _tprintf(_T("%s\n"), szLine);
        dwTotal += pRing->aResults[n];
    }
    _tprintf(_T("total steps: %lu\n"), dwTotal);
    _tprintf(_T("jobs run: %ld (by the workers' own count: %lu)\n"), pRing->nJobsRun, dwByWorkers);

    UnmapViewOfFile(pRing);
    CloseHandle(hMap);
    CloseHandle(hFree);
    CloseHandle(hFull);
    CloseHandle(hLock);

    // Every handle is closed: the name is gone.
    HANDLE hAgain = OpenFileMapping(FILE_MAP_READ, FALSE, names.szRing);
    _tprintf(_T("ring after the last close: %s\n"), hAgain == NULL ? _T("gone") : _T("still there"));
    return pRing != NULL && dwByWorkers == JOB_COUNT ? 0 : 1;
}

int _tmain(int argc, _TCHAR* argv[])
{
    if (argc == 3 && _tcscmp(argv[1], _T("worker")) == 0) {
        return RunWorker((DWORD)_ttoi(argv[2]));
    }
    return RunServer();
}
