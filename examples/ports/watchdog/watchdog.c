/* watchdog.c : a supervisor starts a worker process, watches its heartbeat in shared memory, and ends it with
 * TerminateProcess when the heartbeat stops; then it checks what Windows promises about the dead worker.
 *
 * A C program in the style of older Windows code: <windows.h> with WIN32_LEAN_AND_MEAN, TCHAR, VirtualAlloc for
 * a scratch buffer, GetProcAddress for an optional function, QueryPerformanceCounter for timing, output through
 * GetStdHandle and WriteConsole/WriteFile, and GetLastError/FormatMessage on failures. */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <tchar.h>
#include <stdio.h>

#define HEARTBEATS_BEFORE_HANG 5
#define WORKER_EXIT_CODE_KILLED 0xDEAD

typedef struct HEARTBEAT {
    volatile LONG nBeats;
    volatile LONG bHung;
} HEARTBEAT;

typedef ULONGLONG(WINAPI* PFN_GETTICKCOUNT64)(void);

/* Writes a line to standard output the way console programs without the C runtime's stdio do. */
static void Say(LPCTSTR pszFormat, ...)
{
    TCHAR szLine[256];
    va_list args;
    va_start(args, pszFormat);
    _vstprintf_s(szLine, _countof(szLine), pszFormat, args);
    va_end(args);
    HANDLE hOut = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD dwWritten = 0;
    DWORD dwMode = 0;
    if (GetConsoleMode(hOut, &dwMode)) {
        WriteConsole(hOut, szLine, (DWORD)_tcslen(szLine), &dwWritten, NULL);
    } else {
        /* Redirected to a file or pipe: WriteConsole fails there, so write the bytes (UTF-8 for wide text). */
#ifdef UNICODE
        char szBytes[512];
        int cb = WideCharToMultiByte(CP_UTF8, 0, szLine, -1, szBytes, sizeof(szBytes), NULL, NULL);
        WriteFile(hOut, szBytes, cb > 0 ? (DWORD)(cb - 1) : 0, &dwWritten, NULL);
#else
        WriteFile(hOut, szLine, (DWORD)strlen(szLine), &dwWritten, NULL);
#endif
    }
}

static void SayError(LPCTSTR pszWhat)
{
    DWORD dwError = GetLastError();
    Say(_T("%s failed: error %lu\n"), pszWhat, dwError);
}

static int RunWorker(LPCTSTR pszName)
{
    HANDLE hMap = OpenFileMapping(FILE_MAP_WRITE, FALSE, pszName);
    HEARTBEAT* pBeat = hMap ? (HEARTBEAT*)MapViewOfFile(hMap, FILE_MAP_WRITE, 0, 0, sizeof(HEARTBEAT)) : NULL;
    if (pBeat == NULL) return 2;
    /* A scratch buffer as old code gets one: reserve and commit in one call, zero-filled. */
    BYTE* pScratch = (BYTE*)VirtualAlloc(NULL, 1 << 20, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    if (pScratch == NULL || pScratch[12345] != 0) return 3;
    for (;;) {
        if (pBeat->nBeats < HEARTBEATS_BEFORE_HANG) {
            InterlockedIncrement(&pBeat->nBeats);
        } else {
            InterlockedExchange(&pBeat->bHung, 1);  /* stops beating: the supervisor must notice */
        }
        pScratch[pBeat->nBeats] = (BYTE)pBeat->nBeats;
        Sleep(20);
    }
}

static int RunSupervisor(void)
{
    TCHAR szName[64];
    _stprintf_s(szName, _countof(szName), _T("Local\\WatchdogHeartbeat_%lu"), GetCurrentProcessId());
    HANDLE hMap = CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(HEARTBEAT), szName);
    if (hMap == NULL) {
        SayError(_T("CreateFileMapping"));
        return 1;
    }
    HEARTBEAT* pBeat = (HEARTBEAT*)MapViewOfFile(hMap, FILE_MAP_ALL_ACCESS, 0, 0, 0);

    /* An optional function, looked up the way programs that also run on old Windows do. */
    PFN_GETTICKCOUNT64 pfnTicks =
        (PFN_GETTICKCOUNT64)GetProcAddress(GetModuleHandle(_T("kernel32.dll")), "GetTickCount64");
    FARPROC pfnMissing = GetProcAddress(GetModuleHandle(_T("kernel32.dll")), "NoSuchFunctionAnywhere");
    DWORD dwMissingError = GetLastError();
    Say(_T("GetTickCount64 found: %s; a missing function: %s (error %lu)\n"), pfnTicks ? _T("yes") : _T("no"),
        pfnMissing ? _T("found") : _T("NULL"), dwMissingError);

    TCHAR szExe[MAX_PATH];
    GetModuleFileName(NULL, szExe, MAX_PATH);
    TCHAR szCommand[MAX_PATH + 80];
    _stprintf_s(szCommand, _countof(szCommand), _T("\"%s\" worker %s"), szExe, szName);
    STARTUPINFO si;
    PROCESS_INFORMATION pi;
    ZeroMemory(&si, sizeof(si));
    si.cb = sizeof(si);
    if (!CreateProcess(NULL, szCommand, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        SayError(_T("CreateProcess"));
        return 1;
    }

    LARGE_INTEGER liFreq, liStart, liNow;
    QueryPerformanceFrequency(&liFreq);
    QueryPerformanceCounter(&liStart);
    BOOL bNoticed = FALSE;
    for (int i = 0; i < 500 && !bNoticed; ++i) {  /* at most 10 s */
        Sleep(20);
        bNoticed = pBeat->bHung != 0;
    }
    QueryPerformanceCounter(&liNow);
    double dSeconds = (double)(liNow.QuadPart - liStart.QuadPart) / (double)liFreq.QuadPart;
    Say(_T("heartbeats before the hang: %ld; hang noticed: %s; within 10 s: %s\n"), pBeat->nBeats,
        bNoticed ? _T("yes") : _T("no"), dSeconds < 10.0 ? _T("yes") : _T("no"));

    DWORD dwCode = 0;
    GetExitCodeProcess(pi.hProcess, &dwCode);
    Say(_T("worker before TerminateProcess: %s\n"), dwCode == STILL_ACTIVE ? _T("STILL_ACTIVE") : _T("ended"));
    if (!TerminateProcess(pi.hProcess, WORKER_EXIT_CODE_KILLED)) SayError(_T("TerminateProcess"));
    DWORD dwWait = WaitForSingleObject(pi.hProcess, 10000);
    GetExitCodeProcess(pi.hProcess, &dwCode);
    Say(_T("worker after: %s, exit code 0x%lX\n"), dwWait == WAIT_OBJECT_0 ? _T("signalled") : _T("not signalled"),
        dwCode);

    /* The dead worker's thread handle is signalled too, with the same exit code. */
    DWORD dwThreadCode = 0;
    GetExitCodeThread(pi.hThread, &dwThreadCode);
    Say(_T("its thread: exit code 0x%lX\n"), dwThreadCode);

    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    UnmapViewOfFile(pBeat);
    CloseHandle(hMap);
    return bNoticed ? 0 : 1;
}

int _tmain(int argc, TCHAR* argv[])
{
    if (argc == 3 && _tcscmp(argv[1], _T("worker")) == 0) return RunWorker(argv[2]);
    return RunSupervisor();
}
