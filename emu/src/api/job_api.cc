// CreateJobObject, OpenJobObject, AssignProcessToJobObject, TerminateJobObject.
#include <windows.h>

#include "api/boundary.h"
#include "core/job.h"

namespace winipc::api {
namespace {

HANDLE CreateJobCommon(const std::optional<std::u16string>& name, bool ansi, const SECURITY_ATTRIBUTES* attributes) {
  auto parsed = NameForCreate(name, ansi, attributes);
  if (!parsed.ok()) return Fail(parsed.status(), HANDLE(nullptr));
  bool existed = false;
  auto job = CreateJobObject(parsed.value(), &existed);
  if (!job.ok()) return Fail(job.status(), HANDLE(nullptr));
  return Inheritable(PublishCreate(std::move(job).value(), ObjectType::kJob, JOB_OBJECT_ALL_ACCESS, existed),
                     attributes);
}

HANDLE OpenJobCommon(DWORD access, const std::optional<std::u16string>& name, bool ansi) {
  return OpenByName(ObjectType::kJob, access, name, ansi,
                    [](const ObjectName& n) { return OpenNamed<Job>(n, ObjectType::kJob); });
}

// The rights AssignProcessToJobObject needs on the process handle.
constexpr uint32_t kProcessSetQuota = 0x0100;
constexpr uint32_t kProcessTerminate = 0x0001;

}  // namespace
}  // namespace winipc::api

using namespace winipc;       // NOLINT
using namespace winipc::api;  // NOLINT

extern "C" HANDLE WINAPI CreateJobObjectA(LPSECURITY_ATTRIBUTES lpAttributes, LPCSTR lpName) {
  return CreateJobCommon(NameFromA(lpName), true, lpAttributes);
}

extern "C" HANDLE WINAPI CreateJobObjectW(LPSECURITY_ATTRIBUTES lpAttributes, LPCWSTR lpName) {
  return CreateJobCommon(NameFromW(lpName), false, lpAttributes);
}

extern "C" HANDLE WINAPI OpenJobObjectA(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCSTR lpName) {
  return Inheritable(OpenJobCommon(dwDesiredAccess, NameFromA(lpName), true), bInheritHandle);
}

extern "C" HANDLE WINAPI OpenJobObjectW(DWORD dwDesiredAccess, BOOL bInheritHandle, LPCWSTR lpName) {
  return Inheritable(OpenJobCommon(dwDesiredAccess, NameFromW(lpName), false), bInheritHandle);
}

// Only the calling process can be assigned until emu has handles to other processes.
extern "C" BOOL WINAPI AssignProcessToJobObject(HANDLE hJob, HANDLE hProcess) {
  auto job = ObjectWithRight<Job>(hJob, ObjectType::kJob, JOB_OBJECT_ASSIGN_PROCESS);
  if (!job.ok()) return Fail(job.status(), FALSE);
  if (FromHandle(hProcess) != kCurrentProcessPseudoHandle) {
    auto process = LookupHandle(hProcess, ObjectType::kProcess);
    if (!process.ok()) return Fail(process.status(), FALSE);
    if ((process->access & (kProcessSetQuota | kProcessTerminate)) != (kProcessSetQuota | kProcessTerminate)) {
      return Fail(Status(ERROR_ACCESS_DENIED), FALSE);
    }
  }
  Status assigned = job.value()->AssignCurrentProcess();
  if (!assigned.ok()) return Fail(assigned, FALSE);
  return TRUE;
}

extern "C" BOOL WINAPI TerminateJobObject(HANDLE hJob, UINT uExitCode) {
  auto job = ObjectWithRight<Job>(hJob, ObjectType::kJob, JOB_OBJECT_TERMINATE);
  if (!job.ok()) return Fail(job.status(), FALSE);
  job.value()->Terminate(uExitCode);
  return TRUE;
}
