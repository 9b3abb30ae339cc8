// What the conformance suite cannot see from the Win32 side: that emu's robust lock words share the thread's
// robust list with glibc's own robust mutexes, that a SIGKILLed mutex owner leaves neither a wedged mutex nor a
// file behind, and that WaitForMultipleObjects(bWaitAll) never consumes part of a set under contention.
#include <dirent.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <atomic>
#include <cerrno>
#include <string>
#include <thread>
#include <vector>

#include "core/event.h"
#include "core/mutex.h"
#include "core/on_disk_test_util.h"
#include "core/semaphore.h"
#include "core/timer.h"
#include "core/wait.h"

namespace winipc {
namespace {

// A process-shared robust pthread mutex in memory the test's children share.
pthread_mutex_t* SharedRobustMutex() {
  void* p = mmap(nullptr, sizeof(pthread_mutex_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  auto* m = static_cast<pthread_mutex_t*>(p);
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
  return m;
}

using SyncOnDisk = TempRootTest;

// Tests that a process SIGKILLed while it owns a named mutex, with glibc robust mutexes locked before and after
// it, leaves all three abandoned: the kernel walked one list holding both kinds of entry. The watcher runs in a
// child too (see InChild): the test process itself never calls emu.
TEST_F(SyncOnDisk, KilledOwnerAbandonsEmuAndGlibcRobustMutexesAlike) {
  pthread_mutex_t* before = SharedRobustMutex();
  pthread_mutex_t* after = SharedRobustMutex();
  ASSERT_NE(before, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(InChild([&] {
              HANDLE watcher = CreateMutexA(nullptr, FALSE, "killed-owner");  // keeps the name alive across the kill
              if (watcher == nullptr) return 10;
              const int owner = InChild([&] {
                if (pthread_mutex_lock(before) != 0) return 1;
                HANDLE mine = OpenMutexA(SYNCHRONIZE, FALSE, "killed-owner");
                if (mine == nullptr || WaitForSingleObject(mine, 0) != WAIT_OBJECT_0) return 2;
                if (pthread_mutex_lock(after) != 0) return 3;
                raise(SIGKILL);
                return 4;
              });
              if (owner != 128 + SIGKILL) return 20 + owner;
              if (WaitForSingleObject(watcher, 0) != WAIT_ABANDONED) return 11;
              if (!ReleaseMutex(watcher)) return 12;
              if (WaitForSingleObject(watcher, 0) != WAIT_OBJECT_0) return 13;  // abandoned is reported once
              if (!ReleaseMutex(watcher)) return 14;
              if (pthread_mutex_lock(before) != EOWNERDEAD) return 15;
              if (pthread_mutex_lock(after) != EOWNERDEAD) return 16;
              return CloseHandle(watcher) ? 0 : 17;
            }),
            0);
  EXPECT_EQ(ObjectCount(), 0u);
}

// Tests that a waiter already asleep when the owner is SIGKILLed is woken with WAIT_ABANDONED, and that once
// both processes are gone the name is gone and, once an opener has looked, no file is left. (The waiter may wake
// before the kernel has closed the killed owner's files, so its own last close cannot always remove the file.)
TEST_F(SyncOnDisk, SleepingWaiterIsWokenWhenTheOwnerIsKilled) {
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t owner = fork();
  if (owner == 0) {
    HANDLE m = CreateMutexA(nullptr, TRUE, "wedge-test");
    char c = m != nullptr ? 'y' : 'n';
    (void)write(ready[1], &c, 1);
    pause();
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  EXPECT_EQ(InChild([&] {
              HANDLE m = OpenMutexA(SYNCHRONIZE, FALSE, "wedge-test");
              if (m == nullptr) return 1;
              std::thread killer([&] {
                usleep(100 * 1000);  // let the wait below fall asleep first
                kill(owner, SIGKILL);
              });
              const DWORD r = WaitForSingleObject(m, 10000);
              killer.join();
              if (r != WAIT_ABANDONED) return 2;
              return ReleaseMutex(m) && CloseHandle(m) ? 0 : 3;
            }),
            0);
  waitpid(owner, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_EQ(InChild([] {
              SetLastError(0xdeadbeef);
              HANDLE m = OpenMutexA(SYNCHRONIZE, FALSE, "wedge-test");
              return m == nullptr && GetLastError() == ERROR_FILE_NOT_FOUND ? 0 : 1;
            }),
            0);
  EXPECT_EQ(ObjectCount(), 0u);
}

// Tests that wait-all never takes part of its set: threads taking {A, B} together race threads taking A alone
// while A and B are released unevenly; every unit of each semaphore is accounted for at the end.
TEST(WaitAll, NeverConsumesPartOfTheSet) {
  constexpr int kUnits = 4000;
  HANDLE a = CreateSemaphoreA(nullptr, 0, kUnits + 1, nullptr);  // + 1: room for the final probe
  HANDLE b = CreateSemaphoreA(nullptr, 0, kUnits + 1, nullptr);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::atomic<bool> done{false};
  std::atomic<int> pairs{0}, singles{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&] {
      const HANDLE both[2] = {a, b};
      for (;;) {  // until the producer is done and nothing is left to take
        if (WaitForMultipleObjects(2, both, TRUE, 1) == WAIT_OBJECT_0) {
          pairs.fetch_add(1);
        } else if (done.load()) {
          break;
        }
      }
    });
    threads.emplace_back([&] {
      for (;;) {
        if (WaitForSingleObject(a, 1) == WAIT_OBJECT_0) {
          singles.fetch_add(1);
        } else if (done.load()) {
          break;
        }
      }
    });
  }
  for (int i = 0; i < kUnits; ++i) {
    ASSERT_TRUE(ReleaseSemaphore(a, 1, nullptr));
    // B comes two units at every other step, so wait-all often finds A without B.
    if (i % 2 == 1) ASSERT_TRUE(ReleaseSemaphore(b, 2, nullptr));
    if (i % 8 == 0) std::this_thread::yield();  // let the consumers interleave
  }
  done.store(true);
  for (auto& t : threads) t.join();
  LONG left_a = 0, left_b = 0;
  ASSERT_TRUE(ReleaseSemaphore(a, 1, &left_a));
  ASSERT_TRUE(ReleaseSemaphore(b, 1, &left_b));
  EXPECT_EQ(pairs.load() + singles.load() + left_a, kUnits) << "units of A";
  EXPECT_EQ(pairs.load() + left_b, kUnits) << "units of B";
  EXPECT_GT(pairs.load(), 0);
  EXPECT_TRUE(CloseHandle(a));
  EXPECT_TRUE(CloseHandle(b));
}


// What a wait took, as the wait of one object sees it: kSignalled if it took it within `ms`, else the outcome.
WaitOutcome::Kind TakeWithin(Waitable& object, uint32_t ms) {
  Waitable* one = &object;
  return WaitForObjects(&one, 1, /*wait_all=*/false, ms).kind;
}

// Tests Waitable::GiveBackTaken, the one way a unit a wait took goes back as if it had never been taken (a
// registered wait unregistered while its wait took the object; SignalObjectAndWait's signal failing after its wait
// took the object): an auto-reset event and an auto-reset timer are signalled again, a semaphore has its unit back,
// a mutex is free for another thread; a manual-reset event, which no wait consumes, is left as it is.
TEST(GiveBackTaken, ReturnsWhatAWaitTookAndNothingElse) {
  bool existed = false;
  auto event = CreateEventObject(std::nullopt, /*manual_reset=*/false, /*initial_state=*/true, &existed);
  ASSERT_TRUE(event.ok());
  ASSERT_EQ(TakeWithin(**event, 0), WaitOutcome::kSignalled);
  ASSERT_EQ(TakeWithin(**event, 0), WaitOutcome::kTimeout);  // taken: an auto-reset event is reset
  (*event)->GiveBackTaken();
  EXPECT_EQ(TakeWithin(**event, 0), WaitOutcome::kSignalled);

  auto manual = CreateEventObject(std::nullopt, /*manual_reset=*/true, /*initial_state=*/true, &existed);
  ASSERT_TRUE(manual.ok());
  ASSERT_EQ(TakeWithin(**manual, 0), WaitOutcome::kSignalled);
  (*manual)->Reset();  // by someone else, after the wait
  (*manual)->GiveBackTaken();
  EXPECT_EQ(TakeWithin(**manual, 0), WaitOutcome::kTimeout) << "the wait had taken nothing from a manual event";

  auto semaphore = CreateSemaphoreObject(std::nullopt, /*initial=*/1, /*maximum=*/1, &existed);
  ASSERT_TRUE(semaphore.ok());
  ASSERT_EQ(TakeWithin(**semaphore, 0), WaitOutcome::kSignalled);
  ASSERT_EQ(TakeWithin(**semaphore, 0), WaitOutcome::kTimeout);
  (*semaphore)->GiveBackTaken();
  EXPECT_EQ(TakeWithin(**semaphore, 0), WaitOutcome::kSignalled);

  auto timer = CreateTimerObject(std::nullopt, /*manual_reset=*/false, &existed);
  ASSERT_TRUE(timer.ok());
  (void)(*timer)->Set(posix::MonotonicNowNs(), 0);
  ASSERT_EQ(TakeWithin(**timer, 1000), WaitOutcome::kSignalled);
  ASSERT_EQ(TakeWithin(**timer, 0), WaitOutcome::kTimeout);
  (*timer)->GiveBackTaken();
  EXPECT_EQ(TakeWithin(**timer, 0), WaitOutcome::kSignalled);

  auto mutex = CreateMutexObject(std::nullopt, /*initial_owner=*/false, &existed);
  ASSERT_TRUE(mutex.ok());
  ASSERT_EQ(TakeWithin(**mutex, 0), WaitOutcome::kSignalled);  // this thread owns it
  WaitOutcome::Kind other = WaitOutcome::kFailed;
  std::thread([&] { other = TakeWithin(**mutex, 0); }).join();
  ASSERT_EQ(other, WaitOutcome::kTimeout);
  (*mutex)->GiveBackTaken();
  std::thread([&] {
    other = TakeWithin(**mutex, 0);
    if (other == WaitOutcome::kSignalled) (void)(*mutex)->Release();
  }).join();
  EXPECT_EQ(other, WaitOutcome::kSignalled) << "the mutex was not released";
}

// Tests that closing the only handle of a mutex the thread still owns deletes it, name and file, as on Windows
// (which abandons it on the way), instead of the owned list keeping it alive until the thread ends. Found by
// fuzz/names_fuzz. In a child: this process has used another WINIPC_ROOT already.
TEST_F(SyncOnDisk, ClosingAnOwnedMutexRemovesItsName) {
  EXPECT_EQ(InChild([this] {
              HANDLE m = CreateMutexA(nullptr, TRUE, "fuzz-owned-close");
              if (m == nullptr || !CloseHandle(m)) return 1;
              if (ObjectCount() != 0) return 2;
              SetLastError(0xdeadbeef);
              HANDLE again = CreateMutexA(nullptr, FALSE, "fuzz-owned-close");
              if (again == nullptr || GetLastError() != 0) return 3;  // a new mutex, not the old one
              if (WaitForSingleObject(again, 0) != WAIT_OBJECT_0 || !ReleaseMutex(again)) return 4;
              return CloseHandle(again) ? 0 : 5;
            }),
            0);
}

// Tests that a mutex taken through one open of a name and released through another open of it lets the name go
// when both handles are closed: the release forgets the owned-list entry of the open that took it. Found by
// fuzz/api_fuzz.
TEST_F(SyncOnDisk, ReleaseThroughAnotherOpenLetsTheNameGo) {
  EXPECT_EQ(InChild([this] {
              HANDLE a = CreateMutexA(nullptr, TRUE, "fuzz-two-opens");
              HANDLE b = CreateMutexA(nullptr, FALSE, "fuzz-two-opens");
              if (a == nullptr || b == nullptr) return 1;
              if (!ReleaseMutex(b)) return 2;
              if (ReleaseMutex(a)) return 3;  // released already: not the owner any more
              if (!CloseHandle(a) || !CloseHandle(b)) return 4;
              return ObjectCount() == 0 ? 0 : 5;
            }),
            0);
}

// Tests the orphan path of the owned list (which counts no references): a mutex whose only handle another thread
// closes while its owner thread still holds it loses its name and file at once, as on Windows, but stays usable by
// its owner's bookkeeping (no use after free) until the owner thread ends and abandons it; one released through a
// second open after the first open's handle was closed elsewhere goes at that release. Under ASan (the sanitized
// CI stage) a premature delete would be reported.
TEST_F(SyncOnDisk, MutexOrphanedByAnotherThreadGoesWhenItsOwnerLetsGo) {
  EXPECT_EQ(InChild([this] {
              HANDLE m = CreateMutexA(nullptr, FALSE, "orphan-thread-end");
              if (m == nullptr) return 1;
              std::atomic<int> step{0};
              std::thread owner([&] {
                if (WaitForSingleObject(m, 0) != WAIT_OBJECT_0) return;
                step = 1;
                while (step != 2) std::this_thread::yield();  // the main thread closes the handle meanwhile
              });  // ends owning it: abandoned, and deleted
              while (step != 1) std::this_thread::yield();
              if (!CloseHandle(m)) return 2;  // the last handle, while the other thread owns the mutex
              const size_t after_close = ObjectCount();  // the name goes with the last handle
              step = 2;
              owner.join();
              if (after_close != 0) return 3;
              if (ObjectCount() != 0) return 4;
              SetLastError(0xdeadbeef);
              if (OpenMutexA(SYNCHRONIZE, FALSE, "orphan-thread-end") != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) {
                return 5;
              }
              // The same with the owner letting go through a second open of the name.
              HANDLE first = CreateMutexA(nullptr, FALSE, "orphan-release");
              HANDLE second = OpenMutexA(SYNCHRONIZE, FALSE, "orphan-release");
              if (first == nullptr || second == nullptr) return 6;
              step = 0;
              std::thread releaser([&] {
                if (WaitForSingleObject(first, 0) != WAIT_OBJECT_0) return;
                step = 1;
                while (step != 2) std::this_thread::yield();
                if (ReleaseMutex(second)) step = 3;  // releases the orphaned first open's ownership
              });
              while (step != 1) std::this_thread::yield();
              if (!CloseHandle(first)) return 7;
              step = 2;
              releaser.join();
              if (step != 3) return 8;
              if (!CloseHandle(second)) return 9;
              return ObjectCount() == 0 ? 0 : 10;
            }),
            0);
}

// Tests that a Local mutex whose last handle closes while a thread owns it keeps its state in the name table's
// arena for that owner without its name (an entry marked nameless): the name can be created again meanwhile, as
// another mutex, and the kept entry goes when the owner lets go (here: its thread ends and abandons it).
TEST_F(SyncOnDisk, OwnedMutexKeepsItsSlotWithoutItsNameUntilItsOwnerLetsGo) {
  const std::string dir = LocalDirectory(root_);
  EXPECT_EQ(InChild([&dir] {
              std::atomic<int> step{0};
              std::thread owner([&] {
                HANDLE m = CreateMutexA(nullptr, TRUE, "kept-for-owner");
                if (m == nullptr || !CloseHandle(m)) return;
                step = 1;
                while (step != 2) std::this_thread::yield();
              });  // ends owning it: abandoned, and its entry freed
              while (step == 0) std::this_thread::yield();
              const size_t names = TableNames(dir), entries = TableEntries(dir);
              SetLastError(0xdeadbeef);
              HANDLE again = CreateMutexA(nullptr, FALSE, "kept-for-owner");
              const DWORD created = GetLastError();
              const bool free_now = again != nullptr && WaitForSingleObject(again, 0) == WAIT_OBJECT_0;
              if (free_now) ReleaseMutex(again);
              const size_t entries_with_both = TableEntries(dir);
              step = 2;
              owner.join();
              const size_t entries_after_owner = TableEntries(dir);
              if (again == nullptr || !CloseHandle(again)) return 1;
              if (names != 0) return 2;             // the name went with the last handle
              if (entries != 1) return 3;           // the object stayed for its owner
              if (created != 0) return 4;           // a new mutex, not the owned one
              if (!free_now) return 5;              // ... and free
              if (entries_with_both != 2) return 6;
              if (entries_after_owner != 1) return 7;  // the owner let go: only the new one is left
              return TableEntries(dir) == 0 ? 0 : 8;
            }),
            0);
}

// Tests that a wait-all given two opens of one name (two handles, one object) fails with ERROR_INVALID_PARAMETER,
// as for the same handle twice, instead of finding its own hold busy and retrying forever although the timeout is
// 0. Found by fuzz/api_fuzz (a hang).
TEST_F(SyncOnDisk, WaitAllOnTwoOpensOfOneNameFailsAtOnce) {
  EXPECT_EQ(InChild([] {
              HANDLE a = CreateEventA(nullptr, TRUE, TRUE, "fuzz-wait-all");
              HANDLE b = OpenEventA(SYNCHRONIZE, FALSE, "fuzz-wait-all");
              if (a == nullptr || b == nullptr) return 1;
              const HANDLE both[2] = {a, b};
              SetLastError(0xdeadbeef);
              if (WaitForMultipleObjects(2, both, TRUE, 0) != WAIT_FAILED) return 2;
              if (GetLastError() != ERROR_INVALID_PARAMETER) return 3;
              if (WaitForMultipleObjects(2, both, FALSE, 0) != WAIT_OBJECT_0) return 4;  // wait-any: fine
              return CloseHandle(a) && CloseHandle(b) ? 0 : 5;
            }),
            0);
}
}  // namespace
}  // namespace winipc
