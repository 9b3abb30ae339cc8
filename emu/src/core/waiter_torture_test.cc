// Killed waiters (issue 13): worker processes queue on a named semaphore and a named mutex while a driver
// SIGKILLs random workers at random instants, many of them while they sleep in a queue or have just been
// granted a unit they never got to see. A releaser process hands out semaphore units one at a time. Checked:
//   - no unit is swallowed: every unit released is, at the end, either taken by a worker that returned from its
//     wait with it, or back in the count (a unit granted to a waiter that died before it woke comes back);
//   - no wedge: a mutex wait never times out while its owners are killed mid-queue or mid-hand-off, and every
//     worker keeps making progress;
//   - no leak: once every process has exited, no name resolves and no file is left.
// The driver is the test process and never calls emu (a fork would share its OFD locks). Bounded by default;
// WINIPC_TORTURE_KILLS=N makes a soak.
//
// Exact accounting needs one care: a worker killed after its semaphore wait returned but before it counted the
// unit would look like a swallowed unit. So a worker waiting on the semaphore is killed only while it sleeps in the
// kernel (the driver stops it and reads /proc/<pid>/syscall): asleep, or woken with the unit granted and not yet
// back in user space, which is the case that matters. Mutex waits are killed anywhere.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <random>
#include <string>

#include "core/on_disk_test_util.h"

namespace winipc {
namespace {

constexpr int kWaiters = 4;
constexpr int kDefaultKills = 200;
constexpr DWORD kMutexWaitMs = 4000;  // a mutex wait this long is a wedge
constexpr uint64_t kStallMs = 8000;
constexpr LONG kSemaphoreMax = 1 << 20;

const char* const kSemaphoreName = "waiter-torture-semaphore";
const char* const kMutexName = "waiter-torture-mutex";

uint64_t NowMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

struct Shared {
  std::atomic<int> stop_releasing;
  std::atomic<int> stop_waiting;
  std::atomic<uint64_t> released;  // units ReleaseSemaphore gave (all of them counted, at once)
  std::atomic<uint64_t> taken;     // units a worker returned from its wait with
  std::atomic<uint64_t> mutex_turns;
  std::atomic<uint64_t> abandoned;
  std::atomic<uint64_t> progress_ms[kWaiters];
  std::atomic<int> on_semaphore[kWaiters];  // 1 from before a semaphore wait until its unit is counted
  std::atomic<int> failures;
  char first_failure[256];
};

void Fail(Shared* s, const std::string& what) {
  if (s->failures.fetch_add(1) == 0) snprintf(s->first_failure, sizeof s->first_failure, "%s", what.c_str());
}

// Releases one unit at a time, keeping a few queued waiters fed, until told to stop.
int ReleaserMain(Shared* s) {
  HANDLE semaphore = CreateSemaphoreA(nullptr, 0, kSemaphoreMax, kSemaphoreName);
  HANDLE mutex = CreateMutexA(nullptr, FALSE, kMutexName);
  if (semaphore == nullptr || mutex == nullptr) {
    Fail(s, "releaser: create failed, error " + std::to_string(GetLastError()));
    return 1;
  }
  while (s->stop_releasing.load() == 0) {
    if (!ReleaseSemaphore(semaphore, 1, nullptr)) Fail(s, "ReleaseSemaphore: error " + std::to_string(GetLastError()));
    s->released.fetch_add(1);
    usleep(300);
  }
  // Stay until the end: the names live as long as this process holds them.
  while (s->stop_waiting.load() < 2) usleep(1000);
  CloseHandle(mutex);
  CloseHandle(semaphore);
  return 0;
}

int WaiterMain(Shared* s, int slot) {
  std::mt19937 rng(static_cast<uint32_t>(getpid()) * 2654435761u ^ static_cast<uint32_t>(NowMs()));
  HANDLE semaphore = nullptr;
  HANDLE mutex = nullptr;
  while ((semaphore == nullptr || mutex == nullptr) && s->stop_waiting.load() == 0) {
    if (semaphore == nullptr) semaphore = OpenSemaphoreA(SYNCHRONIZE, FALSE, kSemaphoreName);
    if (mutex == nullptr) mutex = OpenMutexA(SYNCHRONIZE, FALSE, kMutexName);
    usleep(1000);
  }
  while (s->stop_waiting.load() == 0 && s->failures.load() == 0) {
    if (rng() % 2 == 0) {
      s->on_semaphore[slot].store(1);
      if (WaitForSingleObject(semaphore, 200) == WAIT_OBJECT_0) s->taken.fetch_add(1);
      s->on_semaphore[slot].store(0);
    } else {
      const DWORD w = WaitForSingleObject(mutex, kMutexWaitMs);
      if (w == WAIT_TIMEOUT) {
        Fail(s, "a mutex wait timed out after " + std::to_string(kMutexWaitMs) + " ms");
      } else if (w == WAIT_OBJECT_0 || w == WAIT_ABANDONED) {
        if (w == WAIT_ABANDONED) s->abandoned.fetch_add(1);
        s->mutex_turns.fetch_add(1);
        if (rng() % 4 == 0) usleep(rng() % 500);
        if (!ReleaseMutex(mutex)) Fail(s, "ReleaseMutex after a wait: error " + std::to_string(GetLastError()));
      } else {
        Fail(s, "mutex wait returned " + std::to_string(w));
      }
    }
    s->progress_ms[slot].store(NowMs());
  }
  return 0;
}

// Whether the stopped process `pid` is asleep in a futex wait (FUTEX_WAIT, FUTEX_WAIT_BITSET or futex_waitv).
bool SleepsInFutexWait(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/syscall", static_cast<int>(pid));
  FILE* f = fopen(path, "r");
  if (f == nullptr) return false;
  char line[256] = {};
  const bool read = fgets(line, sizeof line, f) != nullptr;
  fclose(f);
  if (!read) return false;
  char* end = nullptr;
  const long number = strtol(line, &end, 10);
  if (end == line) return false;  // "running"
#ifdef SYS_futex_waitv
  if (number == SYS_futex_waitv) return true;
#endif
  if (number != SYS_futex) return false;
  strtoull(end, &end, 16);  // the address
  const unsigned long long op = strtoull(end, &end, 16) & 127;  // FUTEX_PRIVATE_FLAG and the clock flag aside
  return op == 0 || op == 9;
}

// Stops `pid` at a point where a SIGKILL cannot make the count ambiguous (see the top of the file); false (and
// the process runs on) if none came soon.
bool StopAtKillablePoint(Shared* s, pid_t pid, int slot, std::mt19937& rng) {
  for (int attempt = 0; attempt < 200; ++attempt) {
    kill(pid, SIGSTOP);
    int status = 0;
    waitpid(pid, &status, WUNTRACED);
    if (s->on_semaphore[slot].load() == 0 || SleepsInFutexWait(pid)) return true;
    kill(pid, SIGCONT);
    usleep(static_cast<useconds_t>(rng() % 300));
  }
  return false;
}

// Kills `pid` (stopped or not) and reaps it.
void KillAndReap(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

class WaiterTorture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-waiters-XXXXXX";
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
  template <typename Main>
  pid_t Spawn(Main main) {
    pid_t pid = fork();
    if (pid == 0) {
      setenv("WINIPC_ROOT", root_.c_str(), 1);
      _exit(main());
    }
    return pid;
  }
  std::string root_;
  Shared* shared_ = nullptr;
};

// Tests that SIGKILLing queued waiters at random instants never swallows a semaphore unit, never wedges the
// mutex, and leaves nothing behind.
TEST_F(WaiterTorture, KilledWaitersNeverSwallowAUnitOrWedgeTheMutex) {
  const char* env = getenv("WINIPC_TORTURE_KILLS");
  const int target_kills = env != nullptr && atoi(env) > 0 ? atoi(env) : kDefaultKills;
  Shared* s = shared_;
  const pid_t releaser = Spawn([s] { return ReleaserMain(s); });
  pid_t pids[kWaiters];
  for (int i = 0; i < kWaiters; ++i) {
    s->progress_ms[i].store(NowMs());
    pids[i] = Spawn([s, i] { return WaiterMain(s, i); });
  }
  std::mt19937 rng(static_cast<uint32_t>(getpid()));
  int kills = 0;
  int stalls = 0;
  const uint64_t start = NowMs();
  while (kills < target_kills && s->failures.load() == 0) {
    usleep(static_cast<useconds_t>(rng() % 6000));
    const uint64_t now = NowMs();
    for (int i = 0; i < kWaiters; ++i) {
      const uint64_t last = s->progress_ms[i].load();
      if (now > last && now - last > kStallMs) {
        ++stalls;
        Fail(s, "waiter " + std::to_string(i) + " made no progress for " + std::to_string(kStallMs) + " ms");
      }
    }
    const int victim = static_cast<int>(rng() % kWaiters);
    if (!StopAtKillablePoint(s, pids[victim], victim, rng)) continue;
    KillAndReap(pids[victim]);
    s->on_semaphore[victim].store(0);
    ++kills;
    s->progress_ms[victim].store(NowMs());
    pids[victim] = Spawn([s, victim] { return WaiterMain(s, victim); });
  }
  // The releaser stops; the waiters are killed where they are (some asleep in the queue, some just granted).
  s->stop_releasing.store(1);
  usleep(20000);
  s->stop_waiting.store(1);  // a worker that comes back from a wait ends
  for (int i = 0; i < kWaiters; ++i) {
    if (!StopAtKillablePoint(s, pids[i], i, rng)) {
      kill(pids[i], SIGCONT);
      waitpid(pids[i], nullptr, 0);  // it ends at its next look at stop_waiting
      continue;
    }
    KillAndReap(pids[i]);
  }
  // A last process counts what is left: one more release (it hands back units granted to waiters that died
  // before they saw them), then it takes every unit there is.
  const pid_t counter = Spawn([s] {
    HANDLE semaphore = OpenSemaphoreA(SYNCHRONIZE | SEMAPHORE_MODIFY_STATE, FALSE, kSemaphoreName);
    if (semaphore == nullptr) return 1;
    if (!ReleaseSemaphore(semaphore, 1, nullptr)) return 2;
    s->released.fetch_add(1);
    while (WaitForSingleObject(semaphore, 0) == WAIT_OBJECT_0) s->taken.fetch_add(1);
    CloseHandle(semaphore);
    return 0;
  });
  int status = 0;
  waitpid(counter, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the counting process failed: " << status;
  s->stop_waiting.store(2);
  waitpid(releaser, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  const uint64_t elapsed = NowMs() - start;

  const size_t left = CountObjects(LocalDirectory(root_));
  EXPECT_EQ(s->failures.load(), 0) << s->first_failure;
  EXPECT_EQ(stalls, 0);
  EXPECT_EQ(s->released.load(), s->taken.load()) << "units were swallowed (released - taken)";
  EXPECT_GT(s->mutex_turns.load(), 0u);
  EXPECT_EQ(left, 0u) << "files left in the namespace directory";
  printf("[ waiters  ] %d kills, %d waiters, %llu ms: %llu units released, %llu taken, %llu mutex turns, %llu "
         "WAIT_ABANDONED, %zu files left\n",
         kills, kWaiters, static_cast<unsigned long long>(elapsed),
         static_cast<unsigned long long>(s->released.load()), static_cast<unsigned long long>(s->taken.load()),
         static_cast<unsigned long long>(s->mutex_turns.load()), static_cast<unsigned long long>(s->abandoned.load()),
         left);
}

}  // namespace
}  // namespace winipc
