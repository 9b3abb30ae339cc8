// turns.cpp : two processes take turns through named auto-reset events and keep a log in shared memory.
//
// A C++ console program in the style Visual Studio projects have: stdafx.h, TCHAR and _T() everywhere, a small
// RAII handle class, strsafe.h (which deprecates wsprintf and lstrcpy), the secure CRT's array overloads, an SRW lock and a one-time initialisation
// around in-process state, code-page conversion, and a named mutex that the child leaves owned when it exits
// (the parent must then see WAIT_ABANDONED). Run without arguments: it starts its own partner process.
#include "stdafx.h"

namespace {

const int kRounds = 12;
const int kLogLines = 2 * kRounds + 4;

struct SharedLog {
    LONG nLines;
    CHAR aszLines[kLogLines][48];
};

// Owns one kernel handle; closes it once.
class CHandle {
public:
    explicit CHandle(HANDLE h = NULL) : m_h(h) {}
    ~CHandle() { Close(); }
    CHandle(const CHandle&) = delete;
    CHandle& operator=(const CHandle&) = delete;
    void Close() {
        if (m_h != NULL && m_h != INVALID_HANDLE_VALUE) CloseHandle(m_h);
        m_h = NULL;
    }
    HANDLE Get() const { return m_h; }
    bool IsValid() const { return m_h != NULL && m_h != INVALID_HANDLE_VALUE; }

private:
    HANDLE m_h;
};

struct Names {
    TCHAR szLog[64];
    TCHAR szPing[64];
    TCHAR szPong[64];
    TCHAR szOwner[64];
    TCHAR szChildUp[64];
};

void MakeNames(DWORD dwId, Names& names)
{
    StringCchPrintf(names.szLog, _countof(names.szLog), _T("Local\\TurnsLog_%lu"), dwId);
    StringCchPrintf(names.szPing, _countof(names.szPing), _T("Local\\TurnsPing_%lu"), dwId);
    StringCchPrintf(names.szPong, _countof(names.szPong), _T("Local\\TurnsPong_%lu"), dwId);
    StringCchPrintf(names.szOwner, _countof(names.szOwner), _T("Local\\TurnsOwner_%lu"), dwId);
    StringCchPrintf(names.szChildUp, _countof(names.szChildUp), _T("Local\\TurnsChildUp_%lu"), dwId);
}

void ReportError(LPCTSTR pszWhat)
{
    DWORD dwError = GetLastError();
    TCHAR szText[256];
    if (FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, dwError, 0, szText,
                      _countof(szText), NULL) == 0) {
        szText[0] = 0;
    }
    _ftprintf(stderr, _T("%s: error %lu %s"), pszWhat, dwError, szText);
}

// In-process state shared by this process's threads: counts of each kind of line, behind an SRW lock, made
// once on first use.
INIT_ONCE g_initOnce = INIT_ONCE_STATIC_INIT;
SRWLOCK g_lock = SRWLOCK_INIT;
int* g_pnCounts = NULL;  // [0]: ping lines, [1]: pong lines

BOOL CALLBACK InitCounts(PINIT_ONCE, PVOID, PVOID*)
{
    g_pnCounts = static_cast<int*>(HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 2 * sizeof(int)));
    return g_pnCounts != NULL;
}

void Count(int nKind)
{
    InitOnceExecuteOnce(&g_initOnce, InitCounts, NULL, NULL);
    AcquireSRWLockExclusive(&g_lock);
    g_pnCounts[nKind]++;
    ReleaseSRWLockExclusive(&g_lock);
}

int CountOf(int nKind)
{
    InitOnceExecuteOnce(&g_initOnce, InitCounts, NULL, NULL);
    AcquireSRWLockShared(&g_lock);
    int n = g_pnCounts[nKind];
    ReleaseSRWLockShared(&g_lock);
    return n;
}

void AppendLine(SharedLog* pLog, const char* pszText)
{
    LONG nLine = InterlockedIncrement(&pLog->nLines) - 1;
    if (nLine < kLogLines) strcpy_s(pLog->aszLines[nLine], pszText);
}

int RunPartner(DWORD dwParentId)
{
    Names names;
    MakeNames(dwParentId, names);
    CHandle hMap(OpenFileMapping(FILE_MAP_ALL_ACCESS, FALSE, names.szLog));
    CHandle hPing(OpenEvent(SYNCHRONIZE, FALSE, names.szPing));
    CHandle hPong(OpenEvent(EVENT_MODIFY_STATE, FALSE, names.szPong));
    CHandle hUp(OpenEvent(EVENT_MODIFY_STATE, FALSE, names.szChildUp));
    if (!hMap.IsValid() || !hPing.IsValid() || !hPong.IsValid() || !hUp.IsValid()) {
        ReportError(_T("partner: opening the shared objects"));
        return 10;
    }
    SharedLog* pLog = static_cast<SharedLog*>(MapViewOfFile(hMap.Get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
    if (pLog == NULL) {
        ReportError(_T("partner: MapViewOfFile"));
        return 11;
    }
    // Owned until this process ends: it never releases it, so the parent's wait finds it abandoned.
    HANDLE hOwner = CreateMutex(NULL, TRUE, names.szOwner);
    if (hOwner == NULL) {
        ReportError(_T("partner: CreateMutex"));
        return 12;
    }
    SetEvent(hUp.Get());
    for (int i = 1; i <= kRounds; ++i) {
        if (WaitForSingleObject(hPing.Get(), 10000) != WAIT_OBJECT_0) return 13;
        char szLine[48];
        sprintf_s(szLine, "pong %d", i);
        AppendLine(pLog, szLine);
        Count(1);
        SetEvent(hPong.Get());
    }
    UnmapViewOfFile(pLog);
    return CountOf(1) == kRounds ? 0 : 14;  // hOwner stays open and owned
}

int RunParent()
{
    DWORD dwId = GetCurrentProcessId();
    Names names;
    MakeNames(dwId, names);
    CHandle hMap(CreateFileMapping(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(SharedLog), names.szLog));
    CHandle hPing(CreateEvent(NULL, FALSE, FALSE, names.szPing));
    CHandle hPong(CreateEvent(NULL, FALSE, FALSE, names.szPong));
    CHandle hUp(CreateEvent(NULL, TRUE, FALSE, names.szChildUp));
    if (!hMap.IsValid() || !hPing.IsValid() || !hPong.IsValid() || !hUp.IsValid()) {
        ReportError(_T("creating the shared objects"));
        return 1;
    }
    SharedLog* pLog = static_cast<SharedLog*>(MapViewOfFile(hMap.Get(), FILE_MAP_ALL_ACCESS, 0, 0, 0));
    if (pLog == NULL) {
        ReportError(_T("MapViewOfFile"));
        return 1;
    }

    TCHAR szExe[MAX_PATH];
    GetModuleFileName(NULL, szExe, _countof(szExe));
    TCHAR szCommand[MAX_PATH + 32];
    _stprintf_s(szCommand, _T("\"%s\" partner %lu"), szExe, dwId);
    STARTUPINFO si = {sizeof(si)};
    PROCESS_INFORMATION pi = {};
    if (!CreateProcess(NULL, szCommand, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        ReportError(_T("CreateProcess"));
        return 1;
    }
    CHandle hChild(pi.hProcess);
    CloseHandle(pi.hThread);
    if (WaitForSingleObject(hUp.Get(), 10000) != WAIT_OBJECT_0) {
        _tprintf(_T("the partner did not start\n"));
        return 1;
    }
    // The partner owns this mutex now; holding a handle keeps it alive after the partner is gone.
    CHandle hOwner(OpenMutex(SYNCHRONIZE, FALSE, names.szOwner));

    for (int i = 1; i <= kRounds; ++i) {
        char szLine[48];
        sprintf_s(szLine, "ping %d", i);
        AppendLine(pLog, szLine);
        Count(0);
        SetEvent(hPing.Get());
        if (WaitForSingleObject(hPong.Get(), 10000) != WAIT_OBJECT_0) {
            _tprintf(_T("no pong for ping %d\n"), i);
            return 1;
        }
    }
    WaitForSingleObject(hChild.Get(), 10000);
    DWORD dwExit = 99;
    GetExitCodeProcess(hChild.Get(), &dwExit);

    // Print the log through the wide conversions a UNICODE program makes.
    for (LONG n = 0; n < pLog->nLines && n < kLogLines; ++n) {
        WCHAR wszLine[48];
        int cch = MultiByteToWideChar(CP_UTF8, 0, pLog->aszLines[n], -1, wszLine, _countof(wszLine));
        char szBack[48];
        int cb = WideCharToMultiByte(CP_UTF8, 0, wszLine, -1, szBack, sizeof(szBack), NULL, NULL);
#ifdef UNICODE
        _tprintf(_T("%02ld %s (%d units, %d bytes)\n"), n + 1, wszLine, cch, cb);
#else
        _tprintf(_T("%02ld %s (%d units, %d bytes)\n"), n + 1, szBack, cch, cb);
#endif
    }
    _tprintf(_T("partner exit code: %lu\n"), dwExit);
    _tprintf(_T("pings counted here: %d\n"), CountOf(0));

    DWORD dwWait = hOwner.IsValid() ? WaitForSingleObject(hOwner.Get(), 5000) : WAIT_FAILED;
    _tprintf(_T("mutex left owned by the partner: %s\n"),
             dwWait == WAIT_ABANDONED ? _T("abandoned")
             : dwWait == WAIT_OBJECT_0 ? _T("free")
             : hOwner.IsValid() ? _T("other") : _T("gone"));
    if (dwWait == WAIT_ABANDONED || dwWait == WAIT_OBJECT_0) ReleaseMutex(hOwner.Get());

    TCHAR szSummary[80];
    StringCchPrintf(szSummary, _countof(szSummary), _T("%d rounds, %d lines"), kRounds, (int)pLog->nLines);
    _tprintf(_T("%s, summary length %d\n"), szSummary, lstrlen(szSummary));
    UnmapViewOfFile(pLog);
    return dwExit == 0 && pLog != NULL ? 0 : 1;
}

}  // namespace

int _tmain(int argc, TCHAR* argv[])
{
    if (argc == 3 && lstrcmpi(argv[1], _T("PARTNER")) == 0) return RunPartner(_tcstoul(argv[2], NULL, 10));
    return RunParent();
}
