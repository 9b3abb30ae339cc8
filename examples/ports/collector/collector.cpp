// collector.cpp : a parent that starts worker copies of itself with their standard output redirected into an
// anonymous pipe, and collects what they report.
//
// Written the way Visual Studio console programs are: stdafx.h and targetver.h, TCHAR throughout, the classic
// "child process with redirected output" pattern (CreatePipe, SetHandleInformation, STARTF_USESTDHANDLES), the
// environment to hand a setting to the children, a work directory made with CreateDirectory, the C runtime's
// descriptor I/O (_topen/_write), FindFirstFile over what the workers wrote, a named semaphore that lets at most two
// workers write at once, and a shared tally in a named section updated with InterlockedIncrement.
// Run without arguments: it starts its own workers.
#include "stdafx.h"

#define WORKERS 4
#define LINES_PER_WORKER 3

typedef struct {
    volatile LONG lFilesWritten;
    volatile LONG lInside;
    volatile LONG lMostInside;
} TALLY;

static void PrintError(LPCTSTR pszWhat)
{
    DWORD dwError = GetLastError();
    LPTSTR pszMessage = NULL;
    FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                  dwError, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), (LPTSTR)&pszMessage, 0, NULL);
    _ftprintf(stderr, _T("%s failed with error %lu: %s"), pszWhat, dwError, pszMessage ? pszMessage : _T("\n"));
    if (pszMessage) LocalFree(pszMessage);
}

static void Names(DWORD dwParent, LPTSTR pszTally, LPTSTR pszGate, size_t cch)
{
    StringCchPrintf(pszTally, cch, _T("Local\\CollectorTally_%lu"), dwParent);
    StringCchPrintf(pszGate, cch, _T("Local\\CollectorGate_%lu"), dwParent);
}

// A worker: writes its lines into a file of its own in the work directory, then says so on standard output (which
// is the parent's pipe).
static int RunWorker(int nWorker)
{
    TCHAR szDir[MAX_PATH], szParent[32], szTally[64], szGate[64], szFile[MAX_PATH];
    if (GetEnvironmentVariable(_T("COLLECTOR_DIR"), szDir, MAX_PATH) == 0 ||
        GetEnvironmentVariable(_T("COLLECTOR_PARENT"), szParent, 32) == 0) {
        PrintError(_T("GetEnvironmentVariable"));
        return 2;
    }
    DWORD dwParent = (DWORD)_tcstoul(szParent, NULL, 10);
    Names(dwParent, szTally, szGate, 64);

    HANDLE hTally = OpenFileMapping(FILE_MAP_ALL_ACCESS, FALSE, szTally);
    HANDLE hGate = OpenSemaphore(SEMAPHORE_ALL_ACCESS, FALSE, szGate);
    if (hTally == NULL || hGate == NULL) {
        PrintError(_T("OpenFileMapping/OpenSemaphore"));
        return 2;
    }
    TALLY* pTally = (TALLY*)MapViewOfFile(hTally, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(TALLY));
    if (pTally == NULL) {
        PrintError(_T("MapViewOfFile"));
        return 2;
    }

    WaitForSingleObject(hGate, INFINITE);
    LONG lInside = InterlockedIncrement(&pTally->lInside);
    LONG lMost = pTally->lMostInside;
    while (lInside > lMost && InterlockedCompareExchange(&pTally->lMostInside, lInside, lMost) != lMost) {
        lMost = pTally->lMostInside;
    }
    StringCchPrintf(szFile, MAX_PATH, _T("%s\\worker%d.txt"), szDir, nWorker);
    int fd = _topen(szFile, _O_CREAT | _O_WRONLY | _O_TRUNC | _O_BINARY, _S_IREAD | _S_IWRITE);
    if (fd == -1) {
        _ftprintf(stderr, _T("_topen failed for worker %d\n"), nWorker);
        return 2;
    }
    for (int i = 0; i < LINES_PER_WORKER; ++i) {
        char szLine[64];
        int cch = sprintf_s(szLine, "worker %d line %d\n", nWorker, i);
        _write(fd, szLine, (unsigned int)cch);
        Sleep(5);
    }
    _close(fd);
    InterlockedDecrement(&pTally->lInside);
    InterlockedIncrement(&pTally->lFilesWritten);
    ReleaseSemaphore(hGate, 1, NULL);

    _tprintf(_T("worker %d wrote %d lines\n"), nWorker, LINES_PER_WORKER);
    fflush(stdout);
    UnmapViewOfFile(pTally);
    CloseHandle(hGate);
    CloseHandle(hTally);
    return 0;
}

static int RunParent(LPCTSTR pszSelf)
{
    DWORD dwParent = GetCurrentProcessId();
    TCHAR szTally[64], szGate[64], szTemp[MAX_PATH], szDir[MAX_PATH], szValue[32];
    Names(dwParent, szTally, szGate, 64);

    HANDLE hTally = CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(TALLY), szTally);
    HANDLE hGate = CreateSemaphore(NULL, 2, 2, szGate);
    if (hTally == NULL || hGate == NULL) {
        PrintError(_T("CreateFileMapping/CreateSemaphore"));
        return 1;
    }
    TALLY* pTally = (TALLY*)MapViewOfFile(hTally, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(TALLY));

    // A work directory of our own under the temporary directory.
    GetTempPath(MAX_PATH, szTemp);
    StringCchPrintf(szDir, MAX_PATH, _T("%scollector_%lu"), szTemp, dwParent);
    if (!CreateDirectory(szDir, NULL)) {
        PrintError(_T("CreateDirectory"));
        return 1;
    }
    if (CreateDirectory(szDir, NULL) || GetLastError() != ERROR_ALREADY_EXISTS) {
        _tprintf(_T("CreateDirectory of an existing directory did not say ERROR_ALREADY_EXISTS\n"));
    }
    SetEnvironmentVariable(_T("COLLECTOR_DIR"), szDir);
    StringCchPrintf(szValue, 32, _T("%lu"), dwParent);
    SetEnvironmentVariable(_T("COLLECTOR_PARENT"), szValue);

    // The pipe the workers' standard output goes into: the write end is inherited, the read end is not.
    SECURITY_ATTRIBUTES sa;
    sa.nLength = sizeof(SECURITY_ATTRIBUTES);
    sa.bInheritHandle = TRUE;
    sa.lpSecurityDescriptor = NULL;
    HANDLE hRead = NULL, hWrite = NULL;
    if (!CreatePipe(&hRead, &hWrite, &sa, 0)) {
        PrintError(_T("CreatePipe"));
        return 1;
    }
    if (!SetHandleInformation(hRead, HANDLE_FLAG_INHERIT, 0)) {
        PrintError(_T("SetHandleInformation"));
        return 1;
    }

    HANDLE ahWorkers[WORKERS];
    for (int i = 0; i < WORKERS; ++i) {
        TCHAR szCommand[MAX_PATH + 32];
        StringCchPrintf(szCommand, _countof(szCommand), _T("\"%s\" worker %d"), pszSelf, i);
        STARTUPINFO si;
        PROCESS_INFORMATION pi;
        ZeroMemory(&si, sizeof(si));
        si.cb = sizeof(si);
        si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        si.hStdOutput = hWrite;
        si.hStdInput = NULL;
        si.dwFlags |= STARTF_USESTDHANDLES;
        ZeroMemory(&pi, sizeof(pi));
        if (!CreateProcess(NULL, szCommand, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
            PrintError(_T("CreateProcess"));
            return 1;
        }
        CloseHandle(pi.hThread);
        ahWorkers[i] = pi.hProcess;
    }
    // Only the workers hold the write end now: ReadFile ends with ERROR_BROKEN_PIPE when the last one exits.
    CloseHandle(hWrite);

    char szCollected[4096];
    DWORD dwTotal = 0;
    for (;;) {
        DWORD dwRead = 0;
        if (!ReadFile(hRead, szCollected + dwTotal, (DWORD)(sizeof(szCollected) - 1 - dwTotal), &dwRead, NULL) ||
            dwRead == 0) {
            if (GetLastError() != ERROR_BROKEN_PIPE) PrintError(_T("ReadFile"));
            break;
        }
        dwTotal += dwRead;
    }
    szCollected[dwTotal] = 0;
    CloseHandle(hRead);
    WaitForMultipleObjects(WORKERS, ahWorkers, TRUE, INFINITE);

    int nOk = 0;
    for (int i = 0; i < WORKERS; ++i) {
        DWORD dwCode = 1;
        GetExitCodeProcess(ahWorkers[i], &dwCode);
        if (dwCode == 0) ++nOk;
        CloseHandle(ahWorkers[i]);
    }

    // The reports arrive in any order: count them.
    int nReports = 0;
    for (const char* p = szCollected; (p = strstr(p, " wrote ")) != NULL; ++p) ++nReports;
    _tprintf(_T("%d workers exited with 0, %d reports came through the pipe\n"), nOk, nReports);
    _tprintf(_T("files written: %ld, never more than 2 workers writing at once: %s\n"), pTally->lFilesWritten,
             pTally->lMostInside <= 2 ? _T("yes") : _T("no"));

    // What the workers left in the directory, and its size, then clean up.
    TCHAR szPattern[MAX_PATH];
    StringCchPrintf(szPattern, MAX_PATH, _T("%s\\worker*.txt"), szDir);
    WIN32_FIND_DATA fd;
    HANDLE hFind = FindFirstFile(szPattern, &fd);
    int nFiles = 0;
    DWORD dwBytes = 0;
    if (hFind != INVALID_HANDLE_VALUE) {
        do {
            ++nFiles;
            dwBytes += fd.nFileSizeLow;
            TCHAR szPath[MAX_PATH];
            StringCchPrintf(szPath, MAX_PATH, _T("%s\\%s"), szDir, fd.cFileName);
            DeleteFile(szPath);
        } while (FindNextFile(hFind, &fd));
        if (GetLastError() != ERROR_NO_MORE_FILES) PrintError(_T("FindNextFile"));
        FindClose(hFind);
    }
    _tprintf(_T("found %d files, %lu bytes\n"), nFiles, dwBytes);
    if (!RemoveDirectory(szDir)) PrintError(_T("RemoveDirectory"));
    DWORD dwAttributes = GetFileAttributes(szDir);
    _tprintf(_T("work directory removed: %s\n"),
             dwAttributes == INVALID_FILE_ATTRIBUTES && GetLastError() == ERROR_FILE_NOT_FOUND ? _T("yes") : _T("no"));

    UnmapViewOfFile(pTally);
    CloseHandle(hGate);
    CloseHandle(hTally);
    return nOk == WORKERS && nReports == WORKERS ? 0 : 1;
}

int _tmain(int argc, _TCHAR* argv[])
{
    if (argc == 3 && _tcscmp(argv[1], _T("worker")) == 0) return RunWorker(_ttoi(argv[2]));
    TCHAR szSelf[MAX_PATH];
    if (GetModuleFileName(NULL, szSelf, MAX_PATH) == 0) {
        PrintError(_T("GetModuleFileName"));
        return 1;
    }
    return RunParent(szSelf);
}
