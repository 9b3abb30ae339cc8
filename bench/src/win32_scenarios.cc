// The Win32 scenarios of issues 7 and 15, written only against Win32 and Google Benchmark's API. The same file
// builds against emu with Google Benchmark (winipc_bench_emu), against emu with the mini harness
// (winipc_bench_emu_mini) and with mingw-w64 for Wine (winipc_bench_win32.exe). Every function name is also a
// scenario of raw_scenarios.cc, which measures what the same work costs with plain POSIX calls; runners/bench.py
// pairs them by name. Cross-process scenarios start their partner with CreateProcess of this program ("--partner
// KIND PREFIX"); the ping-pongs time one round trip per iteration, the others one call in this process while the
// partners run or hold a name.
#include <windows.h>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "self_path.h"

namespace {

constexpr DWORD kTimeoutMs = 10000;  // no wait in a benchmark may hang the run
constexpr DWORD kSectionSize = 64 * 1024;
constexpr size_t kCopySize = 64u << 20;
constexpr int kWaitCount = 64;  // MAXIMUM_WAIT_OBJECTS

// Object names unique to this process and call: "winipc-bench-<pid>-<n>".
std::string UniquePrefix() {
  static unsigned counter = 0;
  return "winipc-bench-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++counter);
}

// The partner's stop flag lives in a small named section, so checking it costs the partner no call.
struct Control {
  volatile LONG stop;
};

class ControlBlock {
 public:
  explicit ControlBlock(const std::string& name, bool create) {
    section_ = create ? CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name.c_str())
                      : OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str());
    if (section_ != nullptr) control_ = static_cast<Control*>(MapViewOfFile(section_, FILE_MAP_ALL_ACCESS, 0, 0, 0));
  }
  ~ControlBlock() {
    if (control_ != nullptr) UnmapViewOfFile(control_);
    if (section_ != nullptr) CloseHandle(section_);
  }
  ControlBlock(const ControlBlock&) = delete;
  ControlBlock& operator=(const ControlBlock&) = delete;
  Control* get() const { return control_; }

 private:
  HANDLE section_ = nullptr;
  Control* control_ = nullptr;
};

// The partner process: started with CreateProcess, waited for (with a timeout) when the scenario ends.
class Partner {
 public:
  Partner(const char* kind, const std::string& prefix) {
    const std::string self = winipc::bench::SelfPath();
    std::string command_line = "\"" + self + "\" --partner " + kind + " " + prefix;
    STARTUPINFOA startup;
    std::memset(&startup, 0, sizeof startup);
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info;
    if (CreateProcessA(self.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup,
                       &info)) {
      process_ = info.hProcess;
      CloseHandle(info.hThread);
    }
  }
  ~Partner() {
    if (process_ == nullptr) return;
    if (WaitForSingleObject(process_, kTimeoutMs) != WAIT_OBJECT_0) TerminateProcess(process_, 99);
    CloseHandle(process_);
  }
  Partner(const Partner&) = delete;
  Partner& operator=(const Partner&) = delete;
  bool started() const { return process_ != nullptr; }

 private:
  HANDLE process_ = nullptr;
};

std::string Name(const std::string& prefix, const char* what) { return prefix + "-" + what; }
std::string Name(const std::string& prefix, int index) { return prefix + "-e" + std::to_string(index); }

void CloseAll(std::vector<HANDLE>& handles) {
  for (HANDLE handle : handles) {
    if (handle != nullptr) CloseHandle(handle);
  }
  handles.clear();
}

// One handle made and closed per iteration; a failure (NULL) ends the scenario with "<what> failed".
template <typename Make>
void MakeAndCloseEachIteration(benchmark::State& state, const char* what, Make make) {
  for (auto _ : state) {
    HANDLE handle = make();
    if (handle == nullptr) {
      state.SkipWithError((std::string(what) + " failed").c_str());
      break;
    }
    CloseHandle(handle);
  }
}

// --- lifecycle ----------------------------------------------------------------------------------------------

// A 64 KiB pagefile-backed section, named when `name` is given: create, map, first write, unmap, close.
void SectionLifecycle(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, name);
    char* view = static_cast<char*>(MapViewOfFile(section, FILE_MAP_ALL_ACCESS, 0, 0, 0));
    if (view == nullptr) {
      if (section != nullptr) CloseHandle(section);
      state.SkipWithError("CreateFileMapping/MapViewOfFile failed");
      break;
    }
    view[0] = 1;
    UnmapViewOfFile(view);
    CloseHandle(section);
  }
}

// (1) A named 64 KiB pagefile-backed section: create, map, first write, unmap, close (which destroys it).
void SectionNamedLifecycle(benchmark::State& state) { SectionLifecycle(state, UniquePrefix().c_str()); }
BENCHMARK(SectionNamedLifecycle)->UseRealTime();

// (2) The same without a name.
void SectionUnnamedLifecycle(benchmark::State& state) { SectionLifecycle(state, nullptr); }
BENCHMARK(SectionUnnamedLifecycle)->UseRealTime();

// (3) OpenFileMapping + CloseHandle of a name another handle keeps alive.
void SectionOpenExisting(benchmark::State& state) {
  const std::string name = UniquePrefix();
  HANDLE keeper = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, name.c_str());
  MakeAndCloseEachIteration(state, "OpenFileMapping",
                            [&] { return OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()); });
  CloseHandle(keeper);
}
BENCHMARK(SectionOpenExisting)->UseRealTime();

// (4a) A named event created and closed (so destroyed) each time.
void EventCreateClose(benchmark::State& state) {
  const std::string name = UniquePrefix();
  MakeAndCloseEachIteration(state, "CreateEvent", [&] { return CreateEventA(nullptr, FALSE, FALSE, name.c_str()); });
}
BENCHMARK(EventCreateClose)->UseRealTime();

// (4b) OpenEvent + CloseHandle of a name another handle keeps alive.
void EventOpenExisting(benchmark::State& state) {
  const std::string name = UniquePrefix();
  HANDLE keeper = CreateEventA(nullptr, FALSE, FALSE, name.c_str());
  MakeAndCloseEachIteration(state, "OpenEvent", [&] { return OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str()); });
  CloseHandle(keeper);
}
BENCHMARK(EventOpenExisting)->UseRealTime();

// (issue 15) A named mutex, and a named semaphore, created and closed (so destroyed) each time.
void MutexCreateClose(benchmark::State& state) {
  const std::string name = UniquePrefix();
  MakeAndCloseEachIteration(state, "CreateMutex", [&] { return CreateMutexA(nullptr, FALSE, name.c_str()); });
}
BENCHMARK(MutexCreateClose)->UseRealTime();

void SemaphoreCreateClose(benchmark::State& state) {
  const std::string name = UniquePrefix();
  MakeAndCloseEachIteration(state, "CreateSemaphore",
                            [&] { return CreateSemaphoreA(nullptr, 0, 1, name.c_str()); });
}
BENCHMARK(SemaphoreCreateClose)->UseRealTime();

// (issue 15) Open + close of a name that only a partner process holds: the partner creates it ("held") and keeps
// its one handle until "stop"; this process holds no other handle to it, so an open cannot borrow anything this
// process already has for the name (EventOpenExisting and SectionOpenExisting keep theirs in this process).
constexpr DWORD kHoldLimitMs = 10 * 60 * 1000;  // a holder whose parent never says "stop" leaves after this

// Closes a handle when it goes out of scope (NULL is allowed).
struct HandleCloser {
  void operator()(HANDLE handle) const {
    if (handle != nullptr) CloseHandle(handle);
  }
};
using OwnedHandle = std::unique_ptr<void, HandleCloser>;

// The holder: creates the name, says "ready", waits for "stop" and closes it.
int RunHoldPartner(const char* kind_name, const std::string& prefix) {
  const std::string held = Name(prefix, "held");
  OwnedHandle ready(OpenEventA(EVENT_MODIFY_STATE, FALSE, Name(prefix, "ready").c_str()));
  OwnedHandle stop(OpenEventA(SYNCHRONIZE, FALSE, Name(prefix, "stop").c_str()));
  OwnedHandle object(std::strcmp(kind_name, "hold-event") == 0
                         ? CreateEventA(nullptr, FALSE, FALSE, held.c_str())
                         : CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize,
                                              held.c_str()));
  if (ready == nullptr || stop == nullptr || object == nullptr) return 2;
  SetEvent(ready.get());
  return WaitForSingleObject(stop.get(), kHoldLimitMs) == WAIT_OBJECT_0 ? 0 : 3;
}

template <typename Open>
void OpenHeldElsewhere(benchmark::State& state, const char* kind_name, const char* what, Open open) {
  const std::string prefix = UniquePrefix();
  const std::string held = Name(prefix, "held");
  OwnedHandle ready(CreateEventA(nullptr, FALSE, FALSE, Name(prefix, "ready").c_str()));
  OwnedHandle stop(CreateEventA(nullptr, TRUE, FALSE, Name(prefix, "stop").c_str()));
  if (ready == nullptr || stop == nullptr) {
    state.SkipWithError("creating the ready and stop events failed");
    return;
  }
  Partner partner(kind_name, prefix);
  if (!partner.started() || WaitForSingleObject(ready.get(), kTimeoutMs) != WAIT_OBJECT_0) {
    state.SkipWithError("the partner process did not create the name");
  } else {
    MakeAndCloseEachIteration(state, what, [&] { return open(held.c_str()); });
  }
  SetEvent(stop.get());
}  // ~Partner waits for the partner to exit

void EventOpenHeldElsewhere(benchmark::State& state) {
  OpenHeldElsewhere(state, "hold-event", "OpenEvent",
                    [](const char* name) { return OpenEventA(EVENT_ALL_ACCESS, FALSE, name); });
}
BENCHMARK(EventOpenHeldElsewhere)->UseRealTime();

void SectionOpenHeldElsewhere(benchmark::State& state) {
  OpenHeldElsewhere(state, "hold-section", "OpenFileMapping",
                    [](const char* name) { return OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name); });
}
BENCHMARK(SectionOpenHeldElsewhere)->UseRealTime();

// (10) OpenEvent + CloseHandle of one name while N named events are alive in the namespace.
void OpenWithLiveNames(benchmark::State& state) {
  const std::string prefix = UniquePrefix();
  const int live = static_cast<int>(state.range(0));
  std::vector<HANDLE> events;
  for (int i = 0; i < live; ++i) events.push_back(CreateEventA(nullptr, FALSE, FALSE, Name(prefix, i).c_str()));
  if (events.back() == nullptr) state.SkipWithError("CreateEvent failed while making the live names");
  const std::string target = Name(prefix, live / 2);
  MakeAndCloseEachIteration(state, "OpenEvent", [&] { return OpenEventA(EVENT_ALL_ACCESS, FALSE, target.c_str()); });
  CloseAll(events);
}
BENCHMARK(OpenWithLiveNames)->Arg(10)->Arg(1000)->Arg(10000)->UseRealTime();

// (10) Several processes opening and closing the same names at once: this process and N - 1 partners each run
// OpenEvent + CloseHandle over the same 8 names, which this process keeps alive. Timed: one open + close in this
// process while the partners do the same (each process gets its share of the CPUs; the report divides by it).
constexpr int kConcurrentNames = 8;

// A partner: opens and closes the names until the stop flag; "ready" is released once it is running.
int RunOpenClosePartner(const std::string& prefix) {
  ControlBlock control(Name(prefix, "control"), false);
  HANDLE ready = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, Name(prefix, "ready").c_str());
  if (control.get() == nullptr || ready == nullptr) return 2;
  ReleaseSemaphore(ready, 1, nullptr);
  CloseHandle(ready);
  for (unsigned i = GetCurrentProcessId(); !control.get()->stop; ++i) {
    HANDLE event = OpenEventA(EVENT_ALL_ACCESS, FALSE, Name(prefix, static_cast<int>(i % kConcurrentNames)).c_str());
    if (event == nullptr) return 3;
    CloseHandle(event);
  }
  return 0;
}

void OpenCloseConcurrent(benchmark::State& state) {
  const std::string prefix = UniquePrefix();
  const int processes = static_cast<int>(state.range(0));
  ControlBlock control(Name(prefix, "control"), true);
  HANDLE ready = CreateSemaphoreA(nullptr, 0, processes, Name(prefix, "ready").c_str());
  std::vector<HANDLE> events;
  std::vector<std::string> names;
  for (int i = 0; i < kConcurrentNames; ++i) {
    names.push_back(Name(prefix, i));
    events.push_back(CreateEventA(nullptr, FALSE, FALSE, names.back().c_str()));
  }
  if (control.get() == nullptr || ready == nullptr || events.back() == nullptr) {
    state.SkipWithError("creating the names failed");
    return;
  }
  {
    std::vector<std::unique_ptr<Partner>> partners;
    bool up = true;
    for (int p = 1; p < processes && up; ++p) {
      partners.push_back(std::make_unique<Partner>("openclose", prefix));
      up = partners.back()->started() && WaitForSingleObject(ready, kTimeoutMs) == WAIT_OBJECT_0;
    }
    if (!up) {
      state.SkipWithError("a partner process did not start");
    } else {
      unsigned i = 0;
      MakeAndCloseEachIteration(state, "OpenEvent", [&] {
        return OpenEventA(EVENT_ALL_ACCESS, FALSE, names[i++ % kConcurrentNames].c_str());
      });
    }
    control.get()->stop = 1;
  }  // waits for the partners to exit
  CloseHandle(ready);
  CloseAll(events);
}
BENCHMARK(OpenCloseConcurrent)->Arg(1)->Arg(2)->Arg(4)->Arg(8)->UseRealTime();

// --- hot paths ----------------------------------------------------------------------------------------------

// (6) An uncontended named mutex: wait (acquire) + release.
void MutexUncontended(benchmark::State& state) {
  const std::string name = UniquePrefix();
  HANDLE mutex = CreateMutexA(nullptr, FALSE, name.c_str());
  for (auto _ : state) {
    if (WaitForSingleObject(mutex, INFINITE) != WAIT_OBJECT_0) {
      state.SkipWithError("WaitForSingleObject(mutex) failed");
      break;
    }
    ReleaseMutex(mutex);
  }
  CloseHandle(mutex);
}
BENCHMARK(MutexUncontended)->UseRealTime();

// An uncontended critical section: EnterCriticalSection + LeaveCriticalSection (in-process; issue 14).
void CriticalSectionUncontended(benchmark::State& state) {
  CRITICAL_SECTION cs;
  InitializeCriticalSection(&cs);
  for (auto _ : state) {
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
  }
  DeleteCriticalSection(&cs);
}
BENCHMARK(CriticalSectionUncontended)->UseRealTime();

// An uncontended SRW lock, exclusive: AcquireSRWLockExclusive + ReleaseSRWLockExclusive.
void SrwExclusiveUncontended(benchmark::State& state) {
  SRWLOCK lock = SRWLOCK_INIT;
  for (auto _ : state) {
    AcquireSRWLockExclusive(&lock);
    ReleaseSRWLockExclusive(&lock);
  }
}
BENCHMARK(SrwExclusiveUncontended)->UseRealTime();

// (9) Copy bandwidth into a 64 MiB view of a pagefile-backed section (touched once before timing).
void ViewCopy64MiB(benchmark::State& state) {
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kCopySize, nullptr);
  char* view = static_cast<char*>(MapViewOfFile(section, FILE_MAP_ALL_ACCESS, 0, 0, 0));
  std::vector<char> source(kCopySize, 7);
  if (view == nullptr) {
    state.SkipWithError("64 MiB section failed");
  } else {
    std::memset(view, 1, kCopySize);
  }
  for (auto _ : state) {
    std::memcpy(view, source.data(), kCopySize);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kCopySize));
  if (view != nullptr) UnmapViewOfFile(view);
  CloseHandle(section);
}
BENCHMARK(ViewCopy64MiB)->UseRealTime();

// --- across processes ---------------------------------------------------------------------------------------

enum class Kind { kEvents, kSemaphores, kAny64, kAll64 };

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kEvents: return "events";
    case Kind::kSemaphores: return "semaphores";
    case Kind::kAny64: return "any64";
    case Kind::kAll64: return "all64";
  }
  return "";
}

// The objects of one ping-pong: "ping" (parent -> partner), and the way back: "pong", or 64 events.
struct Objects {
  HANDLE ping = nullptr;
  HANDLE pong = nullptr;
  std::vector<HANDLE> back;  // kAny64, kAll64

  ~Objects() {
    if (ping != nullptr) CloseHandle(ping);
    if (pong != nullptr) CloseHandle(pong);
    CloseAll(back);
  }
  bool ok() const {
    if (ping == nullptr) return false;
    if (!back.empty()) {
      for (HANDLE handle : back) {
        if (handle == nullptr) return false;
      }
      return true;
    }
    return pong != nullptr;
  }
};

// Creates (parent) or opens (partner) the objects of a ping-pong of this kind.
void MakeObjects(Kind kind, const std::string& prefix, bool create, Objects* objects) {
  auto event = [&](const std::string& name) {
    return create ? CreateEventA(nullptr, FALSE, FALSE, name.c_str()) : OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str());
  };
  auto semaphore = [&](const std::string& name) {
    return create ? CreateSemaphoreA(nullptr, 0, 1, name.c_str())
                  : OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str());
  };
  if (kind == Kind::kSemaphores) {
    objects->ping = semaphore(Name(prefix, "ping"));
    objects->pong = semaphore(Name(prefix, "pong"));
    return;
  }
  objects->ping = event(Name(prefix, "ping"));
  if (kind == Kind::kEvents) {
    objects->pong = event(Name(prefix, "pong"));
    return;
  }
  for (int i = 0; i < kWaitCount; ++i) objects->back.push_back(event(Name(prefix, i)));
}

// The partner's side: wait for ping, answer, until the parent sets the stop flag.
int RunPartner(const char* kind_name, const std::string& prefix) {
  if (std::strcmp(kind_name, "openclose") == 0) return RunOpenClosePartner(prefix);
  if (std::strcmp(kind_name, "hold-event") == 0 || std::strcmp(kind_name, "hold-section") == 0) {
    return RunHoldPartner(kind_name, prefix);
  }
  Kind kind = Kind::kEvents;
  for (Kind candidate : {Kind::kEvents, Kind::kSemaphores, Kind::kAny64, Kind::kAll64}) {
    if (std::strcmp(KindName(candidate), kind_name) == 0) kind = candidate;
  }
  ControlBlock control(Name(prefix, "control"), false);
  Objects objects;
  MakeObjects(kind, prefix, false, &objects);
  if (control.get() == nullptr || !objects.ok()) return 2;
  for (;;) {
    if (WaitForSingleObject(objects.ping, kTimeoutMs) != WAIT_OBJECT_0) return 3;
    if (control.get()->stop) return 0;
    switch (kind) {
      case Kind::kEvents: SetEvent(objects.pong); break;
      case Kind::kSemaphores: ReleaseSemaphore(objects.pong, 1, nullptr); break;
      case Kind::kAny64: SetEvent(objects.back[kWaitCount - 1]); break;  // the last index: the longest scan
      case Kind::kAll64:
        for (HANDLE event : objects.back) SetEvent(event);
        break;
    }
  }
}

// One round trip: the parent signals ping and waits for the way back.
bool RoundTrip(Kind kind, const Objects& objects) {
  switch (kind) {
    case Kind::kEvents:
      SetEvent(objects.ping);
      return WaitForSingleObject(objects.pong, kTimeoutMs) == WAIT_OBJECT_0;
    case Kind::kSemaphores:
      ReleaseSemaphore(objects.ping, 1, nullptr);
      return WaitForSingleObject(objects.pong, kTimeoutMs) == WAIT_OBJECT_0;
    case Kind::kAny64:
      SetEvent(objects.ping);
      return WaitForMultipleObjects(kWaitCount, objects.back.data(), FALSE, kTimeoutMs) ==
             WAIT_OBJECT_0 + kWaitCount - 1;
    case Kind::kAll64:
      SetEvent(objects.ping);
      return WaitForMultipleObjects(kWaitCount, objects.back.data(), TRUE, kTimeoutMs) == WAIT_OBJECT_0;
  }
  return false;
}

void PingPong(benchmark::State& state, Kind kind) {
  const std::string prefix = UniquePrefix();
  ControlBlock control(Name(prefix, "control"), true);
  Objects objects;
  MakeObjects(kind, prefix, true, &objects);
  if (control.get() == nullptr || !objects.ok()) {
    state.SkipWithError("creating the ping-pong objects failed");
    return;
  }
  {
    Partner partner(KindName(kind), prefix);
    // One untimed round trip: the partner is up and has opened everything.
    if (!partner.started() || !RoundTrip(kind, objects)) {
      state.SkipWithError("the partner process did not answer");
    } else {
      for (auto _ : state) {
        if (!RoundTrip(kind, objects)) {
          state.SkipWithError("a round trip timed out");
          break;
        }
      }
    }
    control.get()->stop = 1;
    if (kind == Kind::kSemaphores) {
      ReleaseSemaphore(objects.ping, 1, nullptr);
    } else {
      SetEvent(objects.ping);
    }
  }  // waits for the partner to exit
}

// (5) Two auto-reset events per round trip.
void EventPingPong(benchmark::State& state) { PingPong(state, Kind::kEvents); }
BENCHMARK(EventPingPong)->UseRealTime();

// (8) Two semaphores (maximum 1) per round trip.
void SemaphorePingPong(benchmark::State& state) { PingPong(state, Kind::kSemaphores); }
BENCHMARK(SemaphorePingPong)->UseRealTime();

// (7) The way back is WaitForMultipleObjects on 64 auto-reset events, wait-any; the partner sets the last one.
void WaitAny64PingPong(benchmark::State& state) { PingPong(state, Kind::kAny64); }
BENCHMARK(WaitAny64PingPong)->UseRealTime();

// (7) The same, wait-all: the partner sets all 64 events (64 SetEvent calls are part of the round trip).
void WaitAll64PingPong(benchmark::State& state) { PingPong(state, Kind::kAll64); }
BENCHMARK(WaitAll64PingPong)->UseRealTime();

}  // namespace

// The scenarios run with a second, idle thread in the process, as most real programs have one. glibc and libstdc++
// take cheaper paths (plain increments for shared_ptr counts, for one) while a process has only ever had one
// thread; without this, a scenario's figure depended on whether an earlier scenario had started a thread (emu's
// uncontended mutex: 45 or 67 ns). raw_scenarios.cc does the same.
DWORD WINAPI IdleThread(LPVOID) {
  Sleep(INFINITE);
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 4 && std::strcmp(argv[1], "--partner") == 0) return RunPartner(argv[2], argv[3]);
  if (HANDLE idle = CreateThread(nullptr, 0, IdleThread, nullptr, 0, nullptr)) CloseHandle(idle);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
