// The raw POSIX floor of each Win32 scenario in win32_scenarios.cc, under the same function name: what the same
// work costs when a program calls Linux directly (shm_open, memfd_create, open, futex, pthread, sem_t). Partners
// are fork()ed; shared state is MAP_SHARED anonymous memory inherited across the fork.
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kSectionSize = 64 * 1024;
constexpr size_t kCopySize = 64u << 20;
constexpr int kWaitCount = 64;
constexpr uint32_t kFutexSize32 = FUTEX_32;  // a futex_waitv entry on a 32-bit word

std::string UniqueName() {
  static unsigned counter = 0;
  return "winipc-bench-raw-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

// Objects in MAP_SHARED anonymous memory, shared with fork()ed partners.
template <class T>
T* SharedMemory() {
  void* memory = mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  return new (memory) T();
}

template <class T>
void FreeShared(T* object) {
  object->~T();
  munmap(object, sizeof(T));
}

// --- lifecycle ----------------------------------------------------------------------------------------------

void SectionNamedLifecycle(benchmark::State& state) {
  const std::string name = "/" + UniqueName();
  for (auto _ : state) {
    const int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0 || ftruncate(fd, kSectionSize) != 0) {
      state.SkipWithError("shm_open/ftruncate failed");
      break;
    }
    char* view = static_cast<char*>(mmap(nullptr, kSectionSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    view[0] = 1;
    munmap(view, kSectionSize);
    close(fd);
    shm_unlink(name.c_str());
  }
}
BENCHMARK(SectionNamedLifecycle)->UseRealTime();

void SectionUnnamedLifecycle(benchmark::State& state) {
  for (auto _ : state) {
    const int fd = memfd_create("winipc-bench", MFD_CLOEXEC);
    if (fd < 0 || ftruncate(fd, kSectionSize) != 0) {
      state.SkipWithError("memfd_create/ftruncate failed");
      break;
    }
    char* view = static_cast<char*>(mmap(nullptr, kSectionSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
    view[0] = 1;
    munmap(view, kSectionSize);
    close(fd);
  }
}
BENCHMARK(SectionUnnamedLifecycle)->UseRealTime();

// shm_open + close of an existing name, once per iteration.
void ShmOpenCloseEachIteration(benchmark::State& state, const std::string& name) {
  for (auto _ : state) {
    const int fd = shm_open(name.c_str(), O_RDWR, 0);
    if (fd < 0) {
      state.SkipWithError("shm_open of the existing name failed");
      break;
    }
    close(fd);
  }
}

void SectionOpenExisting(benchmark::State& state) {
  const std::string name = "/" + UniqueName();
  const int keeper = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  if (keeper < 0 || ftruncate(keeper, kSectionSize) != 0) state.SkipWithError("shm_open failed");
  ShmOpenCloseEachIteration(state, name);
  close(keeper);
  shm_unlink(name.c_str());
}
BENCHMARK(SectionOpenExisting)->UseRealTime();

// A named sync object's raw equivalent: a file in /dev/shm, created (O_EXCL) + closed + unlinked.
void CreateCloseUnlinkFile(benchmark::State& state) {
  const std::string path = "/dev/shm/" + UniqueName();
  for (auto _ : state) {
    const int fd = open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
      state.SkipWithError("open(O_CREAT) failed");
      break;
    }
    close(fd);
    unlink(path.c_str());
  }
}

void EventCreateClose(benchmark::State& state) { CreateCloseUnlinkFile(state); }
BENCHMARK(EventCreateClose)->UseRealTime();

// Issue 15: the same floor for a named mutex and a named semaphore.
void MutexCreateClose(benchmark::State& state) { CreateCloseUnlinkFile(state); }
BENCHMARK(MutexCreateClose)->UseRealTime();

void SemaphoreCreateClose(benchmark::State& state) { CreateCloseUnlinkFile(state); }
BENCHMARK(SemaphoreCreateClose)->UseRealTime();

void EventOpenExisting(benchmark::State& state) {
  const std::string path = "/dev/shm/" + UniqueName();
  const int keeper = open(path.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
  for (auto _ : state) {
    const int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      state.SkipWithError("open of the existing file failed");
      break;
    }
    close(fd);
  }
  close(keeper);
  unlink(path.c_str());
}
BENCHMARK(EventOpenExisting)->UseRealTime();

// Issue 15: shm_open + close of a name that only a fork()ed partner holds. The partner creates the object
// (`size` bytes), says so by writing a byte to `ready`, and keeps it until `stop` reaches end of file (the parent
// closes its end, or dies); then it closes and unlinks it, as the last handle's close ends a Win32 name.
void OpenHeldElsewhere(benchmark::State& state, off_t size) {
  const std::string name = "/" + UniqueName();
  int ready[2];
  int stop[2];
  if (pipe2(ready, O_CLOEXEC) != 0) {
    state.SkipWithError("pipe failed");
    return;
  }
  if (pipe2(stop, O_CLOEXEC) != 0) {
    close(ready[0]);
    close(ready[1]);
    state.SkipWithError("pipe failed");
    return;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    close(ready[0]);
    close(stop[1]);
    const int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0 || ftruncate(fd, size) != 0) _exit(2);
    const char byte = 1;
    if (write(ready[1], &byte, 1) != 1) _exit(2);
    char ignored;
    ssize_t got;
    do {
      got = read(stop[0], &ignored, 1);
    } while (got < 0 && errno == EINTR);
    close(fd);
    shm_unlink(name.c_str());
    _exit(0);
  }
  close(ready[1]);
  close(stop[0]);
  char byte = 0;
  if (pid < 0 || read(ready[0], &byte, 1) != 1) {
    state.SkipWithError("the partner did not create the name");
  } else {
    ShmOpenCloseEachIteration(state, name);
  }
  close(stop[1]);
  close(ready[0]);
  if (pid > 0) waitpid(pid, nullptr, 0);
}

void EventOpenHeldElsewhere(benchmark::State& state) { OpenHeldElsewhere(state, 0); }
BENCHMARK(EventOpenHeldElsewhere)->UseRealTime();

void SectionOpenHeldElsewhere(benchmark::State& state) { OpenHeldElsewhere(state, kSectionSize); }
BENCHMARK(SectionOpenHeldElsewhere)->UseRealTime();

// N files in one directory of /dev/shm (as emu keeps its names), one of them opened + closed.
void OpenWithLiveNames(benchmark::State& state) {
  const std::string directory = "/dev/shm/" + UniqueName();
  mkdir(directory.c_str(), 0700);
  const int live = static_cast<int>(state.range(0));
  for (int i = 0; i < live; ++i) {
    const int fd = open((directory + "/e" + std::to_string(i)).c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
  }
  const std::string target = directory + "/e" + std::to_string(live / 2);
  for (auto _ : state) {
    const int fd = open(target.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      state.SkipWithError("open failed");
      break;
    }
    close(fd);
  }
  for (int i = 0; i < live; ++i) unlink((directory + "/e" + std::to_string(i)).c_str());
  rmdir(directory.c_str());
}
BENCHMARK(OpenWithLiveNames)->Arg(10)->Arg(1000)->Arg(10000)->UseRealTime();

// N processes (N - 1 forked partners) opening and closing the same 8 files of one /dev/shm directory at once.
void OpenCloseConcurrent(benchmark::State& state) {
  constexpr int kNames = 8;
  const int processes = static_cast<int>(state.range(0));
  const std::string directory = "/dev/shm/" + UniqueName();
  mkdir(directory.c_str(), 0700);
  std::vector<std::string> paths;
  for (int i = 0; i < kNames; ++i) {
    paths.push_back(directory + "/e" + std::to_string(i));
    const int fd = open(paths.back().c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) close(fd);
  }
  struct Shared {
    std::atomic<uint32_t> stop{0};
    std::atomic<uint32_t> ready{0};
  };
  Shared* shared = SharedMemory<Shared>();
  std::vector<pid_t> partners;
  for (int p = 1; p < processes; ++p) {
    const pid_t pid = fork();
    if (pid == 0) {
      shared->ready.fetch_add(1);
      for (unsigned i = getpid(); !shared->stop.load(std::memory_order_relaxed); ++i) {
        const int fd = open(paths[i % kNames].c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) _exit(3);
        close(fd);
      }
      _exit(0);
    }
    partners.push_back(pid);
  }
  while (shared->ready.load() != static_cast<uint32_t>(processes - 1)) sched_yield();
  unsigned i = 0;
  for (auto _ : state) {
    const int fd = open(paths[i++ % kNames].c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
      state.SkipWithError("open failed");
      break;
    }
    close(fd);
  }
  shared->stop.store(1);
  for (pid_t pid : partners) waitpid(pid, nullptr, 0);
  FreeShared(shared);
  for (const std::string& path : paths) unlink(path.c_str());
  rmdir(directory.c_str());
}
BENCHMARK(OpenCloseConcurrent)->Arg(1)->Arg(2)->Arg(4)->Arg(8)->UseRealTime();

// --- hot paths ----------------------------------------------------------------------------------------------

void MutexUncontended(benchmark::State& state) {
  auto* mutex = SharedMemory<pthread_mutex_t>();
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(mutex, &attributes);
  for (auto _ : state) {
    pthread_mutex_lock(mutex);
    pthread_mutex_unlock(mutex);
  }
  pthread_mutex_destroy(mutex);
  munmap(mutex, sizeof(pthread_mutex_t));
}
BENCHMARK(MutexUncontended)->UseRealTime();

// The floor of an uncontended critical section: a process-private pthread mutex, lock + unlock.
void CriticalSectionUncontended(benchmark::State& state) {
  pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
  for (auto _ : state) {
    pthread_mutex_lock(&mutex);
    pthread_mutex_unlock(&mutex);
  }
  pthread_mutex_destroy(&mutex);
}
BENCHMARK(CriticalSectionUncontended)->UseRealTime();

// The floor of an uncontended exclusive SRW lock: a process-private pthread rwlock, write-lock + unlock.
void SrwExclusiveUncontended(benchmark::State& state) {
  pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
  for (auto _ : state) {
    pthread_rwlock_wrlock(&lock);
    pthread_rwlock_unlock(&lock);
  }
  pthread_rwlock_destroy(&lock);
}
BENCHMARK(SrwExclusiveUncontended)->UseRealTime();

void ViewCopy64MiB(benchmark::State& state) {
  const int fd = memfd_create("winipc-bench-copy", MFD_CLOEXEC);
  if (fd < 0 || ftruncate(fd, kCopySize) != 0) {
    state.SkipWithError("memfd failed");
    return;
  }
  char* view = static_cast<char*>(mmap(nullptr, kCopySize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0));
  std::vector<char> source(kCopySize, 7);
  std::memset(view, 1, kCopySize);
  for (auto _ : state) {
    std::memcpy(view, source.data(), kCopySize);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(kCopySize));
  munmap(view, kCopySize);
  close(fd);
}
BENCHMARK(ViewCopy64MiB)->UseRealTime();

// --- across processes: futex words, sem_t, futex_waitv ------------------------------------------------------

long Futex(std::atomic<uint32_t>* word, int op, uint32_t value, const timespec* timeout = nullptr) {
  return syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), op, value, timeout, nullptr, 0);
}

// An auto-reset flag: a futex word with a count of sleepers beside it. Set stores 1 and calls FUTEX_WAKE only when
// someone sleeps, as emu's signallers do, so a signal nobody waits for costs no system call; Take consumes a 1,
// sleeping while it is 0. Sequentially consistent on both sides, so no wake is lost.
struct Flag {
  std::atomic<uint32_t> word{0};
  std::atomic<uint32_t> sleepers{0};
};

void Set(Flag* flag) {
  flag->word.store(1);
  if (flag->sleepers.load() != 0) Futex(&flag->word, FUTEX_WAKE, 1);
}

bool Take(Flag* flag) {
  const timespec timeout{10, 0};
  while (flag->word.exchange(0) == 0) {
    flag->sleepers.fetch_add(1);
    const long slept = Futex(&flag->word, FUTEX_WAIT, 0, &timeout);  // returns at once if the word is 1 again
    const int error = errno;
    flag->sleepers.fetch_sub(1);
    if (slept != 0 && error == ETIMEDOUT) return false;
  }
  return true;
}

enum class Kind { kFutex, kSemaphore, kAny64, kAll64 };

struct Shared {
  std::atomic<uint32_t> stop{0};
  Flag ping;
  Flag pong;
  Flag back[kWaitCount];
  sem_t semaphore_ping;
  sem_t semaphore_pong;
};

// futex_waitv (Linux 5.16) on every word of `back`, expecting each to be 0.
bool WaitAnyOf(Shared* shared, int* index) {
  for (;;) {
    for (int i = 0; i < kWaitCount; ++i) {
      if (shared->back[i].word.load() != 0 && shared->back[i].word.exchange(0) != 0) {
        *index = i;
        return true;
      }
    }
    futex_waitv waiters[kWaitCount];
    for (int i = 0; i < kWaitCount; ++i) {
      shared->back[i].sleepers.fetch_add(1);
      waiters[i] = {0, reinterpret_cast<uint64_t>(&shared->back[i].word), kFutexSize32, 0};
    }
    timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += 10;
    const long slept = syscall(SYS_futex_waitv, waiters, kWaitCount, 0, &deadline, CLOCK_MONOTONIC);
    const int error = errno;
    for (auto& flag : shared->back) flag.sleepers.fetch_sub(1);
    if (slept < 0 && error == ETIMEDOUT) return false;
  }
}

void Partner(Kind kind, Shared* shared) {
  for (;;) {
    if (kind == Kind::kSemaphore) {
      sem_wait(&shared->semaphore_ping);
    } else if (!Take(&shared->ping)) {
      _exit(3);
    }
    if (shared->stop.load()) _exit(0);
    switch (kind) {
      case Kind::kFutex: Set(&shared->pong); break;
      case Kind::kSemaphore: sem_post(&shared->semaphore_pong); break;
      case Kind::kAny64: Set(&shared->back[kWaitCount - 1]); break;
      case Kind::kAll64:
        for (auto& word : shared->back) Set(&word);
        break;
    }
  }
}

bool RoundTrip(Kind kind, Shared* shared) {
  switch (kind) {
    case Kind::kFutex:
      Set(&shared->ping);
      return Take(&shared->pong);
    case Kind::kSemaphore:
      sem_post(&shared->semaphore_ping);
      return sem_wait(&shared->semaphore_pong) == 0;
    case Kind::kAny64: {
      Set(&shared->ping);
      int index = -1;
      return WaitAnyOf(shared, &index) && index == kWaitCount - 1;
    }
    case Kind::kAll64:
      Set(&shared->ping);
      // One consumer: taking each word in turn is all of them.
      for (auto& word : shared->back) {
        if (!Take(&word)) return false;
      }
      return true;
  }
  return false;
}

void PingPong(benchmark::State& state, Kind kind) {
  Shared* shared = SharedMemory<Shared>();
  sem_init(&shared->semaphore_ping, 1, 0);
  sem_init(&shared->semaphore_pong, 1, 0);
  const pid_t pid = fork();
  if (pid == 0) Partner(kind, shared);
  if (!RoundTrip(kind, shared)) state.SkipWithError("the partner did not answer");
  for (auto _ : state) {
    if (!RoundTrip(kind, shared)) {
      state.SkipWithError("a round trip timed out");
      break;
    }
  }
  shared->stop.store(1);
  if (kind == Kind::kSemaphore) {
    sem_post(&shared->semaphore_ping);
  } else {
    Set(&shared->ping);
  }
  waitpid(pid, nullptr, 0);
  sem_destroy(&shared->semaphore_ping);
  sem_destroy(&shared->semaphore_pong);
  FreeShared(shared);
}

void EventPingPong(benchmark::State& state) { PingPong(state, Kind::kFutex); }
BENCHMARK(EventPingPong)->UseRealTime();

void SemaphorePingPong(benchmark::State& state) { PingPong(state, Kind::kSemaphore); }
BENCHMARK(SemaphorePingPong)->UseRealTime();

void WaitAny64PingPong(benchmark::State& state) { PingPong(state, Kind::kAny64); }
BENCHMARK(WaitAny64PingPong)->UseRealTime();

void WaitAll64PingPong(benchmark::State& state) { PingPong(state, Kind::kAll64); }
BENCHMARK(WaitAll64PingPong)->UseRealTime();

}  // namespace

// A second, idle thread, as in win32_scenarios.cc: every scenario runs in a multi-threaded process.
int main(int argc, char** argv) {
  std::thread([] {
    for (;;) pause();
  }).detach();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
