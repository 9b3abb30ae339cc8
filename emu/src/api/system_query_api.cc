// What a program asks about the machine and itself: GetComputerName, GetUserName, GetVersion(Ex),
// GetNativeSystemInfo, GlobalMemoryStatusEx, GetActiveProcessorCount, GetCurrentProcessorNumber,
// GetSystemTimePreciseAsFileTime, GetProcessTimes, GetThreadTimes.
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getcomputernamea
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-getusernamea
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-getversionexa
// https://learn.microsoft.com/en-us/windows/win32/api/sysinfoapi/nf-sysinfoapi-globalmemorystatusex
// https://learn.microsoft.com/en-us/windows/win32/api/processthreadsapi/nf-processthreadsapi-getprocesstimes
#include <windows.h>

#include <cstring>
#include <string>

#include "api/boundary.h"
#include "core/calendar.h"
#include "core/process.h"
#include "core/thread.h"
#include "core/timer.h"
#include "core/utf.h"
#include "core/section.h"
#include "posix/process_sys.h"
#include "posix/sys.h"
#include "posix/system_sys.h"

namespace winipc::api {
namespace {

// The version emu reports: Windows 10, 10.0 build 19043, what Wine 8 reports when set to Windows 10 (docs/porting.md).
constexpr DWORD kMajorVersion = 10;
constexpr DWORD kMinorVersion = 0;
constexpr DWORD kBuildNumber = 19043;

// The NetBIOS form of the host name, as Windows' computer name is: the first label of uname's nodename, upper
// case, at most MAX_COMPUTERNAME_LENGTH characters.
std::string ComputerName() {
  std::string name = posix::NodeName();
  name = name.substr(0, name.find('.'));
  if (name.size() > MAX_COMPUTERNAME_LENGTH) name.resize(MAX_COMPUTERNAME_LENGTH);
  for (char& c : name) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return name;
}

// GetComputerName's and GetUserName's buffer rule: *size is the buffer's size in characters on entry; too small
// sets it to the size needed with the NUL and fails with `too_small`; success sets it to the length, without the
// NUL for GetComputerName (SI-NAME-002) and with it for GetUserName (SI-NAME-005).
template <typename Char>
BOOL CopyName(const std::basic_string<Char>& name, Char* buffer, LPDWORD size, DWORD too_small, bool count_nul) {
  if (size == nullptr) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  const DWORD needed = static_cast<DWORD>(name.size() + 1);
  if (buffer == nullptr || *size < needed) {
    *size = needed;
    return Fail(Status(too_small), FALSE);
  }
  std::memcpy(buffer, name.data(), name.size() * sizeof(Char));
  buffer[name.size()] = 0;
  *size = count_nul ? needed : needed - 1;
  return TRUE;
}

std::u16string Wide(const std::string& text) { return Utf8ToUtf16(text); }

// 100 ns units since 1601-01-01 from nanoseconds since 1970-01-01.
uint64_t FileTimeFromUnixNs(int64_t ns) { return kUnixEpochAsFileTime + static_cast<uint64_t>(ns / 100); }

BOOL PutTimes(Result<posix::TaskTimes> times, LPFILETIME creation, LPFILETIME exit, LPFILETIME kernel,
              LPFILETIME user) {
  if (!times.ok()) return Fail(times.status(), FALSE);
  if (creation == nullptr || exit == nullptr || kernel == nullptr || user == nullptr) {
    return Fail(Status(ERROR_NOACCESS), FALSE);
  }
  *creation = ToFileTime(FileTimeFromUnixNs(times->start_realtime_ns));
  *exit = ToFileTime(0);  // still running: a process or thread that has ended is not read back (docs/porting.md)
  *kernel = ToFileTime(times->kernel_ns / 100);
  *user = ToFileTime(times->user_ns / 100);
  return TRUE;
}

template <typename Info, typename InfoEx>
BOOL FillVersion(Info* info) {
  if (info == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  const DWORD size = info->dwOSVersionInfoSize;
  if (size != sizeof(Info) && size != sizeof(InfoEx)) return Fail(Status(ERROR_INSUFFICIENT_BUFFER), FALSE);
  std::memset(reinterpret_cast<char*>(info) + sizeof(DWORD), 0, size - sizeof(DWORD));
  info->dwMajorVersion = kMajorVersion;
  info->dwMinorVersion = kMinorVersion;
  info->dwBuildNumber = kBuildNumber;
  info->dwPlatformId = VER_PLATFORM_WIN32_NT;
  // OSVERSIONINFOEX: a workstation without a service pack (SI-VER-002).
  if (size == sizeof(InfoEx)) reinterpret_cast<InfoEx*>(info)->wProductType = VER_NT_WORKSTATION;
  return TRUE;
}

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" BOOL WINAPI GetComputerNameA(LPSTR lpBuffer, LPDWORD nSize) {
  return CopyName(ComputerName(), lpBuffer, nSize, ERROR_BUFFER_OVERFLOW, false);
}

extern "C" BOOL WINAPI GetComputerNameW(LPWSTR lpBuffer, LPDWORD nSize) {
  const std::u16string name = Wide(ComputerName());
  return CopyName(name, reinterpret_cast<char16_t*>(lpBuffer), nSize, ERROR_BUFFER_OVERFLOW, false);
}

extern "C" BOOL WINAPI GetUserNameA(LPSTR lpBuffer, LPDWORD pcbBuffer) {
  return CopyName(posix::UserName(), lpBuffer, pcbBuffer, ERROR_INSUFFICIENT_BUFFER, true);
}

extern "C" BOOL WINAPI GetUserNameW(LPWSTR lpBuffer, LPDWORD pcbBuffer) {
  const std::u16string name = Wide(posix::UserName());
  return CopyName(name, reinterpret_cast<char16_t*>(lpBuffer), pcbBuffer, ERROR_INSUFFICIENT_BUFFER, true);
}

// Major version in the low byte, minor in the next, the build in the high word (bit 31 clear: Windows NT).
extern "C" DWORD WINAPI GetVersion(void) { return kMajorVersion | (kMinorVersion << 8) | (kBuildNumber << 16); }

extern "C" BOOL WINAPI GetVersionExA(LPOSVERSIONINFOA lpVersionInformation) {
  return FillVersion<OSVERSIONINFOA, OSVERSIONINFOEXA>(lpVersionInformation);
}

extern "C" BOOL WINAPI GetVersionExW(LPOSVERSIONINFOW lpVersionInformation) {
  return FillVersion<OSVERSIONINFOW, OSVERSIONINFOEXW>(lpVersionInformation);
}

// A 64-bit process sees the machine as it is: the same as GetSystemInfo.
extern "C" void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO lpSystemInfo) { GetSystemInfo(lpSystemInfo); }

extern "C" BOOL WINAPI GlobalMemoryStatusEx(LPMEMORYSTATUSEX lpBuffer) {
  if (lpBuffer == nullptr) return Fail(Status(ERROR_NOACCESS), FALSE);
  if (lpBuffer->dwLength != sizeof(MEMORYSTATUSEX)) return Fail(Status(ERROR_INVALID_PARAMETER), FALSE);
  const posix::MemoryFigures memory = posix::Memory();
  lpBuffer->ullTotalPhys = memory.total_physical;
  lpBuffer->ullAvailPhys = memory.available_physical;
  // The page file: RAM plus swap, as Windows counts the commit limit.
  lpBuffer->ullTotalPageFile = memory.total_physical + memory.total_swap;
  lpBuffer->ullAvailPageFile = memory.available_physical + memory.free_swap;
  lpBuffer->dwMemoryLoad =
      memory.total_physical == 0
          ? 0
          : static_cast<DWORD>(100 - memory.available_physical * 100 / memory.total_physical);
  // The user part of a 64-bit process's address space, as GetSystemInfo reports it.
  const uint64_t total_virtual = MaximumApplicationAddress() + 1 - MinimumApplicationAddress();
  lpBuffer->ullTotalVirtual = total_virtual;
  lpBuffer->ullAvailVirtual =
      memory.process_virtual < total_virtual ? total_virtual - memory.process_virtual : 0;
  lpBuffer->ullAvailExtendedVirtual = 0;
  return TRUE;
}

extern "C" DWORD WINAPI GetActiveProcessorCount(WORD GroupNumber) {
  if (GroupNumber != 0 && GroupNumber != ALL_PROCESSOR_GROUPS) return Fail(Status(ERROR_INVALID_PARAMETER), DWORD{0});
  return posix::ProcessorCount();
}

extern "C" DWORD WINAPI GetCurrentProcessorNumber(void) { return posix::CurrentCpu(); }

extern "C" void WINAPI GetSystemTimePreciseAsFileTime(LPFILETIME lpSystemTimeAsFileTime) {
  *lpSystemTimeAsFileTime = ToFileTime(SystemTimeAsFileTime());  // the clock GetSystemTimeAsFileTime reads
}

extern "C" BOOL WINAPI GetProcessTimes(HANDLE hProcess, LPFILETIME lpCreationTime, LPFILETIME lpExitTime,
                                       LPFILETIME lpKernelTime, LPFILETIME lpUserTime) {
  int pid = posix::CurrentProcessId();
  if (FromHandle(hProcess) != kCurrentProcessPseudoHandle) {
    auto entry = LookupHandle(hProcess, ObjectType::kProcess);
    if (!entry.ok()) return Fail(entry.status(), FALSE);
    if (!(entry->access & (PROCESS_QUERY_INFORMATION | PROCESS_QUERY_LIMITED_INFORMATION))) {
      return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
    }
    if (auto process = std::dynamic_pointer_cast<Process>(entry->object)) pid = process->pid();
  }
  return PutTimes(posix::TimesOf(pid, 0), lpCreationTime, lpExitTime, lpKernelTime, lpUserTime);
}

extern "C" BOOL WINAPI GetThreadTimes(HANDLE hThread, LPFILETIME lpCreationTime, LPFILETIME lpExitTime,
                                      LPFILETIME lpKernelTime, LPFILETIME lpUserTime) {
  uint32_t tid = CurrentThreadId();
  if (FromHandle(hThread) != kCurrentThreadPseudoHandle) {
    auto thread = ObjectWithRight<Thread>(hThread, ObjectType::kThread,
                                          THREAD_QUERY_INFORMATION | THREAD_QUERY_LIMITED_INFORMATION);
    if (!thread.ok()) return Fail(thread.status(), FALSE);
    tid = thread.value()->id();
  }
  auto pid = posix::ProcessOfThread(tid);
  if (!pid.ok()) return Fail(Status(ERROR_INVALID_HANDLE), FALSE);
  return PutTimes(posix::TimesOf(pid.value(), static_cast<int>(tid)), lpCreationTime, lpExitTime, lpKernelTime,
                  lpUserTime);
}
