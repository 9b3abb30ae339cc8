// Crash torture (issue 8, and issue 13 for processes that end without closing): worker processes do random
// create / open / map / write / wait / release / close on a small shared set of names of all six types while a
// driver SIGKILLs a random one at a random instant and starts a replacement; now and then a worker also ends by
// itself without closing anything (exit, ExitProcess, TerminateProcess of itself), sometimes while it owns the mutex in the middle of a write, with a view mapped. What is checked is
// what Windows promises whatever dies when:
//   - no deadlock: every worker keeps making progress; a waiter of a killed (or exited) mutex owner gets
//     WAIT_ABANDONED and carries on (every wait has a timeout; a worker silent for kStallMs is a deadlock);
//   - no torn data under a mutex: records in a shared section are written only while holding the named mutex,
//     with a "dirty" flag set before and cleared after; a dirty record is allowed only when the owner that left
//     it was killed or exited (the wait returned WAIT_ABANDONED, or the mutex had died with all its holders and
//     was created anew), and is counted apart; a clean record must be one repeated byte that matches its tag;
//   - no leak: at the end half the workers are killed and the others end normally, most of them without closing
//     their handles; once the last has exited, with no emu process after it, the namespace root must be empty
//     (the last process to leave frees what the killed ones left, then ".lock" and the directory), and one more
//     emu process must find no name (Open* fails with ERROR_FILE_NOT_FOUND) and leave the root empty again.
//     Files of killed last holders stay on disk until the next opener or the last emu process to leave frees
//     them (docs/design.md, "Lifetime without a server").
// The driver is the test process itself and never calls emu (a fork would share its OFD locks with the
// workers). Bounded by default (kDefaultKills kills); WINIPC_TORTURE_KILLS=N makes a soak.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "core/on_disk_test_util.h"

namespace winipc {
namespace {

constexpr int kWorkers = 6;
constexpr int kDefaultKills = 300;
constexpr uint64_t kStallMs = 8000;   // a live worker silent this long is a deadlock
constexpr DWORD kWaitMs = 5000;       // every wait a worker makes is bounded
constexpr int kRecords = 8;
constexpr size_t kRecordSize = 4096;
constexpr size_t kFillSize = kRecordSize - 16;
constexpr DWORD kSectionSize = kRecords * kRecordSize;
constexpr LONG kSemaphoreMax = 64;
constexpr int kHeld = 4;  // handles a worker keeps across operations, so kills find handles open
constexpr unsigned kExitOneIn = 300;        // a worker ends by itself without closing, once in this many operations
constexpr unsigned kExitMidWriteOneIn = 400;  // ... or in this many writes, owning the mutex, mid-write
constexpr int kExitedByItself = 42;         // its exit code then (0 when the last thread's ExitThread ends it)

const char* const kMutexName = "torture-mutex";
const char* const kSectionName = "torture-data";
const char* const kEventName = "torture-event";
const char* const kSemaphoreName = "torture-semaphore";
const char* const kTimerName = "torture-timer";
const char* const kJobName = "torture-job";

// One 4 KiB record of the shared section: `fill` is kFillSize copies of `tag`, unless a writer is in the middle
// (dirty != 0). The tag is stored apart so a record half-filled with a new byte is seen as torn.
struct Record {
  uint32_t dirty;
  uint32_t writer;
  uint32_t tag;
  uint32_t generation;
  uint8_t fill[kFillSize];
};
static_assert(sizeof(Record) == kRecordSize);

int EnvInt(const char* name, int fallback) {
  const char* v = getenv(name);
  return v != nullptr && atoi(v) > 0 ? atoi(v) : fallback;
}

uint64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

// Memory shared by the driver and every worker (MAP_SHARED | MAP_ANONYMOUS, made before any fork).
struct Shared {
  std::atomic<int> stop;
  std::atomic<uint64_t> progress_ms[kWorkers];  // last time each slot's worker finished an operation
  std::atomic<uint64_t> operations;
  std::atomic<uint64_t> writes;
  std::atomic<uint64_t> abandoned;          // mutex waits that returned WAIT_ABANDONED
  std::atomic<uint64_t> fresh_mutex;        // writes that found the mutex dead and created it anew
  std::atomic<uint64_t> dirty_recovered;    // dirty records found after a killed owner (allowed, repaired)
  std::atomic<uint64_t> torn;               // clean records that were not one byte matching the tag
  std::atomic<uint64_t> dirty_unexplained;  // dirty records with no killed owner to explain them
  std::atomic<uint64_t> wait_timeouts;      // a bounded wait on the mutex that ran out
  std::atomic<uint64_t> exits_without_closing;  // workers that ended by themselves with handles still open
  std::atomic<uint64_t> exits_mid_write;        // ... of which owning the mutex in the middle of a write
  std::atomic<int> exiting[kWorkers];       // set by a worker about to end by itself
  std::atomic<int> failures;
  char first_failure[256];
};

void Fail(Shared* s, const std::string& what) {
  if (s->failures.fetch_add(1) == 0) snprintf(s->first_failure, sizeof s->first_failure, "%s", what.c_str());
}

// Ends this worker as a program that never closes its handles does, in one of the normal ways. (Not by the last
// thread's ExitThread: the worker's main thread runs inside a GoogleTest test body, whose catch (...) stops the
// unwinding pthread_exit does; core/exit_test.cc covers that way.)
[[noreturn]] void ExitWithoutClosing(Shared* s, int slot, std::mt19937& rng, int code) {
  s->exiting[slot].store(1);
  s->exits_without_closing.fetch_add(1);
  switch (rng() % 3) {
    case 0:
      exit(code);
    case 1:
      ExitProcess(static_cast<UINT>(code));
    default:
      TerminateProcess(GetCurrentProcess(), static_cast<UINT>(code));
  }
  exit(code);
}

bool RecordIsWhole(const Record& r) {
  for (size_t i = 0; i < kFillSize; ++i) {
    if (r.fill[i] != static_cast<uint8_t>(r.tag)) return false;
  }
  return true;
}

// Called holding the mutex: checks every record. `owner_killed` says whether a dirty record is explained.
void CheckRecords(Shared* s, Record* records, bool owner_killed) {
  for (int i = 0; i < kRecords; ++i) {
    Record& r = records[i];
    if (std::atomic_ref<uint32_t>(r.dirty).load() != 0) {
      if (owner_killed) {
        s->dirty_recovered.fetch_add(1);
      } else {
        s->dirty_unexplained.fetch_add(1);
        Fail(s, "dirty record " + std::to_string(i) + " with no killed owner (writer pid " +
                    std::to_string(r.writer) + ")");
      }
      // Repair it so the next owner sees a clean record.
      memset(r.fill, static_cast<uint8_t>(r.tag), kFillSize);
      std::atomic_ref<uint32_t>(r.dirty).store(0);
    } else if (!RecordIsWhole(r)) {
      s->torn.fetch_add(1);
      Fail(s, "torn clean record " + std::to_string(i) + " (tag " + std::to_string(r.tag) + ")");
    }
  }
}

// Takes the mutex, checks the section, rewrites one record, checks it again, gives the mutex back.
void WriteUnderMutex(Shared* s, int slot, std::mt19937& rng) {
  SetLastError(0xdeadbeef);
  HANDLE mutex = CreateMutexA(nullptr, FALSE, kMutexName);
  if (mutex == nullptr) return Fail(s, "CreateMutex: error " + std::to_string(GetLastError()));
  const bool fresh = GetLastError() == 0;
  const DWORD w = WaitForSingleObject(mutex, kWaitMs);
  if (w == WAIT_TIMEOUT) {
    s->wait_timeouts.fetch_add(1);
    Fail(s, "mutex wait timed out after " + std::to_string(kWaitMs) + " ms");
    CloseHandle(mutex);
    return;
  }
  if (w != WAIT_OBJECT_0 && w != WAIT_ABANDONED) {
    Fail(s, "mutex wait returned " + std::to_string(w) + " error " + std::to_string(GetLastError()));
    CloseHandle(mutex);
    return;
  }
  if (w == WAIT_ABANDONED) s->abandoned.fetch_add(1);
  if (fresh) s->fresh_mutex.fetch_add(1);
  // The section is opened only while holding a mutex handle and closed before it, so while the section lives
  // the mutex does too; a mutex created anew means every earlier owner is gone (killed, or exited cleanly).
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, kSectionSize, kSectionName);
  auto* records = section != nullptr ? static_cast<Record*>(MapViewOfFile(section, FILE_MAP_ALL_ACCESS, 0, 0, 0))
                                     : nullptr;
  if (records == nullptr) {
    Fail(s, "section create/map: error " + std::to_string(GetLastError()));
  } else {
    CheckRecords(s, records, w == WAIT_ABANDONED || fresh);
    Record& r = records[rng() % kRecords];
    const uint8_t byte = static_cast<uint8_t>(rng() % 255 + 1);
    std::atomic_ref<uint32_t>(r.dirty).store(1);
    r.writer = static_cast<uint32_t>(getpid());
    // Write in chunks with yields in between, so kills and other processes often land mid-write.
    for (size_t off = 0; off < kFillSize; off += 1024) {
      memset(r.fill + off, byte, std::min<size_t>(1024, kFillSize - off));
      if (rng() % 4 == 0) sched_yield();
      if (rng() % (kExitMidWriteOneIn * (kFillSize / 1024 + 1)) == 0) {
        s->exits_mid_write.fetch_add(1);
        ExitWithoutClosing(s, slot, rng, kExitedByItself);  // owning the mutex, the record dirty, the view mapped
      }
    }
    r.tag = byte;
    ++r.generation;
    if (!RecordIsWhole(r)) {  // someone wrote at the same time: the mutex did not exclude them
      s->torn.fetch_add(1);
      Fail(s, "record changed under the mutex while being written");
    }
    std::atomic_ref<uint32_t>(r.dirty).store(0);
    s->writes.fetch_add(1);
    UnmapViewOfFile(records);
  }
  if (section != nullptr) CloseHandle(section);
  if (!ReleaseMutex(mutex)) Fail(s, "ReleaseMutex: error " + std::to_string(GetLastError()));
  CloseHandle(mutex);
}

// One random operation on one of the other types; every wait is bounded and a name may be absent (another
// worker's close or kill may have just ended its lifetime), so ERROR_FILE_NOT_FOUND from Open* is fine.
void OtherOperation(Shared* s, std::mt19937& rng, HANDLE* held) {
  HANDLE h = nullptr;
  switch (rng() % 9) {
    case 0:
      h = CreateEventA(nullptr, FALSE, FALSE, kEventName);
      if (h != nullptr) {
        SetEvent(h);
        WaitForSingleObject(h, static_cast<DWORD>(rng() % 3));
      }
      break;
    case 1:
      h = CreateSemaphoreA(nullptr, kSemaphoreMax, kSemaphoreMax, kSemaphoreName);
      // A worker killed between the wait and the release loses a unit, as on Windows; the count never reaches
      // zero within a run's lifetime of the name often enough to matter, and the wait is bounded anyway.
      if (h != nullptr && WaitForSingleObject(h, 10) == WAIT_OBJECT_0) ReleaseSemaphore(h, 1, nullptr);
      break;
    case 2: {
      h = CreateWaitableTimerA(nullptr, TRUE, kTimerName);
      if (h != nullptr) {
        LARGE_INTEGER due;
        due.QuadPart = -10000;  // 1 ms from now
        if (!SetWaitableTimer(h, &due, 0, nullptr, nullptr, FALSE)) {
          Fail(s, "SetWaitableTimer: error " + std::to_string(GetLastError()));
        } else if (WaitForSingleObject(h, kWaitMs) == WAIT_TIMEOUT) {
          Fail(s, "a 1 ms timer did not fire in " + std::to_string(kWaitMs) + " ms");
        }
      }
      break;
    }
    case 3:
      h = CreateJobObjectA(nullptr, kJobName);
      break;
    case 4:
      h = OpenEventA(EVENT_ALL_ACCESS, FALSE, kEventName);
      break;
    case 5:
      h = OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, kSemaphoreName);
      break;
    case 6:
      h = OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, kTimerName);
      break;
    case 7:
      h = OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, kJobName);
      break;
    case 8:
      h = OpenMutexA(SYNCHRONIZE, FALSE, kMutexName);
      break;
  }
  if (h == nullptr) {
    const DWORD e = GetLastError();
    if (e != ERROR_FILE_NOT_FOUND) Fail(s, "create/open failed: error " + std::to_string(e));
    return;
  }
  // Keep it for a while (a kill then finds it open) or close it now.
  const int slot = static_cast<int>(rng() % (2 * kHeld));
  if (slot < kHeld) {
    if (held[slot] != nullptr) CloseHandle(held[slot]);
    held[slot] = h;
  } else {
    CloseHandle(h);
  }
}

int WorkerMain(Shared* s, int slot) {
  std::mt19937 rng(static_cast<uint32_t>(getpid()) * 2654435761u ^ static_cast<uint32_t>(NowMs()));
  HANDLE held[kHeld] = {};
  while (s->stop.load() == 0 && s->failures.load() == 0) {
    if (rng() % 3 == 0) {
      WriteUnderMutex(s, slot, rng);
    } else {
      OtherOperation(s, rng, held);
    }
    s->operations.fetch_add(1);
    s->progress_ms[slot].store(NowMs());
    if (rng() % kExitOneIn == 0) ExitWithoutClosing(s, slot, rng, kExitedByItself);
  }
  // Stopped: most end without closing what they hold, the others close everything first.
  if (rng() % 4 != 0) ExitWithoutClosing(s, slot, rng, 0);
  for (HANDLE h : held) {
    if (h != nullptr) CloseHandle(h);
  }
  return 0;
}

class CrashTorture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-torture-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    void* p = mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    ASSERT_NE(p, MAP_FAILED);
    shared_ = new (p) Shared();
  }
  void TearDown() override {
    munmap(shared_, sizeof(Shared));
    (void)system(("rm -rf '" + root_ + "'").c_str());
  }

  pid_t Spawn(int slot) {
    shared_->progress_ms[slot].store(NowMs());
    shared_->exiting[slot].store(0);
    fflush(nullptr);  // the worker ends by exit(), which flushes its copy of our buffers
    pid_t pid = fork();
    if (pid == 0) {
      setenv("WINIPC_ROOT", root_.c_str(), 1);
      exit(WorkerMain(shared_, slot));  // a normal end: emu lets go of what is still open
    }
    return pid;
  }

  // Everything under the namespace root (the Local directory, its ".lock", object files).
  std::vector<std::string> RootEntries() const {
    std::vector<std::string> entries;
    const std::string local = LocalDirectory(root_);
    DIR* d = opendir(root_.c_str());
    if (d == nullptr) return entries;
    while (struct dirent* e = readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      entries.push_back(name);
    }
    closedir(d);
    if (DIR* l = opendir(local.c_str())) {
      while (struct dirent* e = readdir(l)) {
        const std::string name = e->d_name;
        if (name != "." && name != "..") entries.push_back(name);
      }
      closedir(l);
    }
    return entries;
  }

  std::string root_;
  Shared* shared_ = nullptr;
};

// Tests that random SIGKILLs of processes using all six types never deadlock the survivors, never show a torn
// record under the mutex, and leave no name and no file once everyone has exited and one more process looked.
TEST_F(CrashTorture, RandomKillsLeaveNoDeadlockNoTornDataAndNoLeak) {
  const int target_kills = EnvInt("WINIPC_TORTURE_KILLS", kDefaultKills);
  Shared* s = shared_;
  std::mt19937 rng(static_cast<uint32_t>(getpid()));
  pid_t pids[kWorkers];
  for (int i = 0; i < kWorkers; ++i) pids[i] = Spawn(i);

  const uint64_t start = NowMs();
  int kills = 0, deadlocks = 0, unexpected_exits = 0;
  while (kills < target_kills && s->failures.load() == 0) {
    usleep(static_cast<useconds_t>(rng() % 8000));  // 0-8 ms: kills land anywhere, startup included
    // Survivors make progress: a live worker silent for kStallMs is stuck.
    // A worker may record progress after `now` was read: that is not a stall (the unsigned difference once
    // wrapped and reported one, in a 0.6 s run under ASan).
    const uint64_t now = NowMs();
    for (int i = 0; i < kWorkers; ++i) {
      const uint64_t last = s->progress_ms[i].load();
      if (now > last && now - last > kStallMs) {
        ++deadlocks;
        Fail(s, "worker " + std::to_string(i) + " made no progress for " + std::to_string(kStallMs) + " ms");
      }
    }
    // A worker that exited on its own either chose to end without closing, or failed a check (it relays why
    // through Fail).
    for (int i = 0; i < kWorkers; ++i) {
      int status = 0;
      if (waitpid(pids[i], &status, WNOHANG) == pids[i]) {
        if (s->exiting[i].load() == 0 || !WIFEXITED(status)) ++unexpected_exits;
        pids[i] = Spawn(i);
      }
    }
    const int victim = static_cast<int>(rng() % kWorkers);
    kill(pids[victim], SIGKILL);
    int victim_status = 0;
    waitpid(pids[victim], &victim_status, 0);
    // It may have ended by itself just before the kill.
    if (WIFEXITED(victim_status) && s->exiting[victim].load() == 0) ++unexpected_exits;
    ++kills;
    pids[victim] = Spawn(victim);
  }
  // Let the last replacements run a little. Then half the workers are killed at once (what they held stays on
  // disk for now) and the other half are asked to stop, with a bound: most end without closing anything.
  usleep(50000);
  for (int i = 0; i < kWorkers / 2; ++i) {
    kill(pids[i], SIGKILL);
    waitpid(pids[i], nullptr, 0);
    ++kills;
  }
  s->stop.store(1);
  const uint64_t stop_at = NowMs();
  for (int i = kWorkers / 2; i < kWorkers; ++i) {
    int status = 0;
    while (waitpid(pids[i], &status, WNOHANG) == 0) {
      if (NowMs() - stop_at > kStallMs) {
        ++deadlocks;
        Fail(s, "worker " + std::to_string(i) + " did not finish after the stop");
        kill(pids[i], SIGKILL);
        waitpid(pids[i], &status, 0);
        break;
      }
      usleep(1000);
    }
    // 0 after the stop; kExitedByItself if it chose to end just before it saw the stop.
    if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && s->exiting[i].load() == 0)) ++unexpected_exits;
  }
  const uint64_t elapsed = NowMs() - start;

  // Everyone has exited, and no emu process runs after the last one: it freed what the killed ones left, and
  // removed ".lock" and the directory. Then one more emu process opening every name must find none of them and
  // leave nothing either.
  const std::vector<std::string> left_by_workers = RootEntries();
  fflush(nullptr);
  pid_t looker = fork();
  if (looker == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    int resolved = 0;
    auto check = [&resolved](HANDLE h) {
      if (h != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) ++resolved;
      if (h != nullptr) CloseHandle(h);
    };
    SetLastError(0xdeadbeef);
    check(OpenFileMappingA(FILE_MAP_READ, FALSE, kSectionName));
    SetLastError(0xdeadbeef);
    check(OpenMutexA(SYNCHRONIZE, FALSE, kMutexName));
    SetLastError(0xdeadbeef);
    check(OpenEventA(SYNCHRONIZE, FALSE, kEventName));
    SetLastError(0xdeadbeef);
    check(OpenSemaphoreA(SYNCHRONIZE, FALSE, kSemaphoreName));
    SetLastError(0xdeadbeef);
    check(OpenWaitableTimerA(SYNCHRONIZE, FALSE, kTimerName));
    SetLastError(0xdeadbeef);
    check(OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, kJobName));
    exit(resolved);
  }
  int status = 0;
  waitpid(looker, &status, 0);
  const int resolved_names = WIFEXITED(status) ? WEXITSTATUS(status) : 100;
  const size_t leaked_files = RootEntries().size();
  const int leaks = resolved_names + static_cast<int>(left_by_workers.size() + leaked_files);

  EXPECT_EQ(s->failures.load(), 0) << s->first_failure;
  EXPECT_EQ(deadlocks, 0);
  EXPECT_EQ(unexpected_exits, 0);
  EXPECT_EQ(resolved_names, 0) << "names still resolving after every process exited";
  std::string left_names;
  for (const std::string& name : left_by_workers) left_names += " " + name;
  EXPECT_TRUE(left_by_workers.empty()) << "left in the namespace root after the last worker exited:" << left_names;
  EXPECT_EQ(leaked_files, 0u) << "entries left in the namespace root after the last process";
  EXPECT_EQ(s->torn.load(), 0u);
  EXPECT_EQ(s->dirty_unexplained.load(), 0u);
  EXPECT_GT(s->writes.load(), 0u);
  EXPECT_GT(s->exits_without_closing.load(), 0u);
  RecordProperty("kills", kills);
  RecordProperty("leaks", leaks);
  RecordProperty("deadlocks", deadlocks);
  printf("[ torture  ] %d kills, %d workers, %llu ms: %llu operations (%llu writes under the mutex), %llu "
         "WAIT_ABANDONED, %llu mutex re-created after all holders died, %llu dirty records left by a killed "
         "writer (repaired), %llu torn, %llu unexplained dirty, %llu mutex wait timeouts, %llu exits without "
         "closing (%llu mid-write), %zu entries left after the last worker, %d leaks, %d deadlocks\n",
         kills, kWorkers, static_cast<unsigned long long>(elapsed),
         static_cast<unsigned long long>(s->operations.load()), static_cast<unsigned long long>(s->writes.load()),
         static_cast<unsigned long long>(s->abandoned.load()), static_cast<unsigned long long>(s->fresh_mutex.load()),
         static_cast<unsigned long long>(s->dirty_recovered.load()), static_cast<unsigned long long>(s->torn.load()),
         static_cast<unsigned long long>(s->dirty_unexplained.load()),
         static_cast<unsigned long long>(s->wait_timeouts.load()),
         static_cast<unsigned long long>(s->exits_without_closing.load()),
         static_cast<unsigned long long>(s->exits_mid_write.load()), left_by_workers.size(), leaks, deadlocks);
}

}  // namespace
}  // namespace winipc
