// A program for emu's tests of process end (emu/src/core/exit_test.cc). It makes objects of every type, named and
// unnamed, leaves every handle open (as many real programs do), keeps other threads waiting, owning a mutex and
// holding views, and then ends in the way its first argument names. The test looks at the namespace root
// afterwards with plain POSIX calls, with no emu process after this one.
//
//   winipc_exit_child <way> <data file>
//
// Ways: return, exit, ExitProcess, ExitThread, TerminateProcess (itself), TerminateJobObject (a job it is in),
// _exit, SIGKILL, execve (of /bin/true), job-member (a child it started is ended by TerminateJobObject; the child's
// objects must be gone before this process ends), terminated-child (TerminateProcess of a child it started).
// "member" is the child those two start. A failed step prints why and ends with exit code 100.
#include <signal.h>
#include <unistd.h>
#include <windows.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

constexpr DWORD kSectionSize = 1 << 20;
constexpr DWORD kTimeoutMs = 10000;
constexpr UINT kJobExitCode = 7;

void Check(bool ok, const char* what) {
  if (ok) return;
  fprintf(stderr, "exit_child: %s failed, error %lu\n", what, static_cast<unsigned long>(GetLastError()));
  _exit(100);
}

HANDLE CheckHandle(HANDLE h, const char* what) {
  Check(h != nullptr && h != INVALID_HANDLE_VALUE, what);
  return h;
}

// Maps the whole section writable and writes every page, so its memory is really in use.
void* MapAndTouch(HANDLE section, DWORD bytes) {
  void* view = MapViewOfFile(section, FILE_MAP_WRITE, 0, 0, bytes);
  Check(view != nullptr, "MapViewOfFile");
  std::memset(view, 0x5a, bytes);
  return view;
}

// Every kind of object a process can hold, under names that start with `prefix`; no handle is ever closed but
// the one the "views only" section must lose.
void MakeObjects(const std::string& prefix, const std::string& data_file) {
  auto name = [&prefix](const char* leaf) { return prefix + leaf; };
  HANDLE event = CheckHandle(CreateEventA(nullptr, TRUE, FALSE, name("event").c_str()), "CreateEvent");
  HANDLE duplicate = nullptr;
  Check(DuplicateHandle(GetCurrentProcess(), event, GetCurrentProcess(), &duplicate, 0, FALSE, DUPLICATE_SAME_ACCESS),
        "DuplicateHandle");
  CheckHandle(OpenEventA(SYNCHRONIZE, FALSE, name("event").c_str()), "OpenEvent");  // a second open of one name
  CheckHandle(CreateMutexA(nullptr, TRUE, name("mutex").c_str()), "CreateMutex");  // owned by this thread
  CheckHandle(CreateSemaphoreA(nullptr, 1, 5, name("semaphore").c_str()), "CreateSemaphore");
  HANDLE timer = CheckHandle(CreateWaitableTimerA(nullptr, TRUE, name("timer").c_str()), "CreateWaitableTimer");
  LARGE_INTEGER due;
  due.QuadPart = -36000000000LL;  // an hour from now: armed at exit
  Check(SetWaitableTimer(timer, &due, 0, nullptr, nullptr, FALSE), "SetWaitableTimer");
  CheckHandle(CreateJobObjectA(nullptr, name("job").c_str()), "CreateJobObject");
  HANDLE section = CheckHandle(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, name("section").c_str()),
      "CreateFileMapping");
  MapAndTouch(section, kSectionSize);
  CheckHandle(OpenFileMappingA(FILE_MAP_READ, FALSE, name("section").c_str()), "OpenFileMapping");
  // Views only: the name goes with the handle, the memory at exit.
  HANDLE viewed = CheckHandle(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, name("viewed").c_str()),
      "CreateFileMapping (views only)");
  MapAndTouch(viewed, kSectionSize);
  Check(CloseHandle(viewed), "CloseHandle (views only)");
  // Unnamed objects.
  CheckHandle(CreateEventA(nullptr, FALSE, FALSE, nullptr), "CreateEvent (unnamed)");
  MapAndTouch(CheckHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, nullptr),
                          "CreateFileMapping (unnamed)"),
              kSectionSize);
  // A named section backed by a file.
  HANDLE file = CheckHandle(CreateFileA(data_file.c_str(), GENERIC_READ | GENERIC_WRITE,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, CREATE_ALWAYS,
                                        FILE_ATTRIBUTE_NORMAL, nullptr),
                            "CreateFile");
  MapAndTouch(CheckHandle(CreateFileMappingA(file, nullptr, PAGE_READWRITE, 0, 65536, name("file-section").c_str()),
                          "CreateFileMapping (file)"),
              65536);
}

struct ThreadStart {
  std::string prefix;
  HANDLE ready;
  bool forever;  // waits for ever; otherwise ends by ExitThread after a moment
};

// Owns a mutex and maps a section of its own, then waits (for ever: the process ends around it).
DWORD WINAPI HoldingThread(void* parameter) {
  const auto* start = static_cast<const ThreadStart*>(parameter);
  CheckHandle(CreateMutexA(nullptr, TRUE, (start->prefix + "thread-mutex").c_str()), "CreateMutex (thread)");
  MapAndTouch(CheckHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize,
                                             (start->prefix + "thread-section").c_str()),
                          "CreateFileMapping (thread)"),
              kSectionSize);
  HANDLE never = CheckHandle(CreateEventA(nullptr, TRUE, FALSE, (start->prefix + "never").c_str()), "CreateEvent");
  Check(SetEvent(start->ready), "SetEvent (ready)");
  WaitForSingleObject(never, start->forever ? INFINITE : 50);
  if (!start->forever) ExitThread(0);
  return 0;
}

// Starts HoldingThread and waits until it holds everything.
void StartHoldingThread(const std::string& prefix, bool forever) {
  static ThreadStart start;
  start = ThreadStart{prefix, CheckHandle(CreateEventA(nullptr, TRUE, FALSE, nullptr), "CreateEvent (ready)"),
                      forever};
  CheckHandle(CreateThread(nullptr, 0, HoldingThread, &start, 0, nullptr), "CreateThread");
  Check(WaitForSingleObject(start.ready, kTimeoutMs) == WAIT_OBJECT_0, "the thread's start");
}

std::string LocalDirectory() {
  const char* root = getenv("WINIPC_ROOT");
  return std::string(root != nullptr ? root : "/dev/shm") + "/winipc-" + std::to_string(geteuid());
}

// The child side of job-member and terminated-child: joins the job (if any), holds objects and the handle it
// inherited (args: job name or "-", inherited handle value, data file), says it is ready, and waits to be ended.
int Member(const char* job_name, const char* inherited, const std::string& data_file) {
  if (std::strcmp(job_name, "-") != 0) {
    HANDLE job = CheckHandle(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, job_name), "OpenJobObject");
    Check(AssignProcessToJobObject(job, GetCurrentProcess()), "AssignProcessToJobObject");
  }
  HANDLE handed_down = reinterpret_cast<HANDLE>(std::strtoull(inherited, nullptr, 0));
  Check(MapViewOfFile(handed_down, FILE_MAP_READ, 0, 0, 0) != nullptr, "MapViewOfFile (inherited)");
  MakeObjects("member-", data_file);
  StartHoldingThread("member-", /*forever=*/true);
  Check(SetEvent(CheckHandle(OpenEventA(EVENT_MODIFY_STATE, FALSE, "member-ready"), "OpenEvent (ready)")),
        "SetEvent (member ready)");
  // Waits to be ended. Not Sleep(INFINITE): under ThreadSanitizer a signal reaches a thread only inside a function
  // the sanitizer intercepts (usleep is one), and TerminateJobObject is a signal.
  for (;;) usleep(10000);
}

// Starts this program as a member, hands it a section only it will hold, and ends it: by TerminateJobObject
// (`job`), or by TerminateProcess.
int EndAMember(bool job, const std::string& data_file) {
  HANDLE ready = CheckHandle(CreateEventA(nullptr, TRUE, FALSE, "member-ready"), "CreateEvent (member ready)");
  HANDLE job_handle = job ? CheckHandle(CreateJobObjectA(nullptr, "member-job"), "CreateJobObject") : nullptr;
  SECURITY_ATTRIBUTES inheritable = {sizeof inheritable, nullptr, TRUE};
  HANDLE handed_down = CheckHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, &inheritable, PAGE_READWRITE, 0,
                                                     kSectionSize, "handed-down"),
                                   "CreateFileMapping (inheritable)");
  char self[4096] = {};
  Check(readlink("/proc/self/exe", self, sizeof self - 1) > 0, "readlink /proc/self/exe");
  std::string command = std::string("\"") + self + "\" member " + (job ? "member-job" : "-") + " " +
                        std::to_string(reinterpret_cast<uintptr_t>(handed_down)) + " \"" + data_file + ".member\"";
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  PROCESS_INFORMATION child = {};
  Check(CreateProcessA(self, command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &child),
        "CreateProcess");
  Check(WaitForSingleObject(ready, kTimeoutMs) == WAIT_OBJECT_0, "the member's start");
  Check(CloseHandle(handed_down), "CloseHandle (inheritable)");  // the member holds it alone now
  if (job) {
    Check(TerminateJobObject(job_handle, kJobExitCode), "TerminateJobObject");
  } else {
    Check(TerminateProcess(child.hProcess, kJobExitCode), "TerminateProcess");
  }
  Check(WaitForSingleObject(child.hProcess, kTimeoutMs) == WAIT_OBJECT_0, "the member's end");
  DWORD code = 0;
  Check(GetExitCodeProcess(child.hProcess, &code) && code == kJobExitCode, "the member's exit code");
  if (job) {
    // A job member gives up its objects as it ends (Windows closes its handles then): nothing of it is left
    // while this process still runs.
    const std::string dir = LocalDirectory();
    for (const char* leaf : {"member-event", "member-mutex", "member-section", "member-file-section",
                             "member-thread-mutex", "member-thread-section", "member-never", "handed-down"}) {
      if (access((dir + "/" + leaf).c_str(), F_OK) == 0) {
        fprintf(stderr, "exit_child: %s is still in %s after the member ended\n", leaf, dir.c_str());
        return 3;
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: winipc_exit_child <way> <data file>\n");
    return 2;
  }
  const std::string way = argv[1];
  if (way == "member" && argc == 5) return Member(argv[2], argv[3], argv[4]);
  const std::string data_file = argv[2];
  if (way == "job-member") return EndAMember(/*job=*/true, data_file);
  if (way == "terminated-child") return EndAMember(/*job=*/false, data_file);

  MakeObjects("", data_file);
  StartHoldingThread("", /*forever=*/way != "ExitThread");
  if (way == "return") return 0;
  if (way == "exit") exit(0);
  if (way == "ExitProcess") ExitProcess(0);
  if (way == "ExitThread") ExitThread(0);  // the other thread ends by ExitThread too: the last one ends the process
  if (way == "TerminateProcess") TerminateProcess(GetCurrentProcess(), 0);
  if (way == "TerminateJobObject") {
    HANDLE job = CheckHandle(CreateJobObjectA(nullptr, "own-job"), "CreateJobObject (own)");
    Check(AssignProcessToJobObject(job, GetCurrentProcess()), "AssignProcessToJobObject (own)");
    TerminateJobObject(job, 0);
  }
  if (way == "_exit") _exit(0);
  if (way == "SIGKILL") raise(SIGKILL);
  if (way == "execve") {
    execl("/bin/true", "true", static_cast<char*>(nullptr));
    Check(false, "execl /bin/true");
  }
  fprintf(stderr, "exit_child: unknown way %s\n", way.c_str());
  return 2;
}
