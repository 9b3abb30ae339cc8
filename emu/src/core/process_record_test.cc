// The process record's rules (who decides an exit code, how a thread slot ends), and what the Win32 suite cannot
// do: kill a process with SIGKILL while another process waits on one of its threads.
#include "core/process_record.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include "core/process.h"
#include "core/record_thread.h"
#include "core/wait.h"
#include "posix/process_sys.h"

namespace winipc {
namespace {

// A record mapped in this process, as its holders see it.
class MappedRecord {
 public:
  MappedRecord() {
    auto fd = NewProcessRecord("winipc-unit-test", false);
    EXPECT_TRUE(fd.ok());
    if (!fd.ok()) return;
    fd_ = std::move(fd).value();
    record_ = MapProcessRecord(fd_.get());
  }
  ~MappedRecord() { UnmapProcessRecord(record_); }
  ProcessRecord* get() const { return record_; }
  int fd() const { return fd_.get(); }

 private:
  posix::Fd fd_;
  ProcessRecord* record_ = nullptr;
};

// Tests that the first exit code recorded is the one that stays (ExitProcess and TerminateProcess racing), and that
// none is reported before.
TEST(ProcessRecord, FirstExitCodeWins) {
  MappedRecord record;
  ASSERT_NE(record.get(), nullptr);
  EXPECT_FALSE(RecordedExitCode(*record.get()).has_value());
  RecordExitCode(*record.get(), 0);  // 0 is a code like any other
  RecordExitCode(*record.get(), 0xC0DE0001);
  ASSERT_TRUE(RecordedExitCode(*record.get()).has_value());
  EXPECT_EQ(*RecordedExitCode(*record.get()), 0u);
}

// Tests that slot 0 is the main thread's from the start, that new slots follow it, and that OpenThread's search
// finds only a running thread's slot.
TEST(ProcessRecord, SlotsStartAfterTheMainThread) {
  MappedRecord record;
  ASSERT_NE(record.get(), nullptr);
  SetRecordOwner(*record.get(), 1234, 99);
  EXPECT_EQ(ThreadSlot(*record.get(), 0)->tid, 1234u);
  EXPECT_EQ(NewThreadSlot(*record.get(), 2000), std::optional<uint32_t>(1));
  EXPECT_EQ(NewThreadSlot(*record.get(), 3000), std::optional<uint32_t>(2));
  EXPECT_EQ(FindThreadSlot(*record.get(), 1234), std::optional<uint32_t>(0));
  EXPECT_EQ(FindThreadSlot(*record.get(), 3000), std::optional<uint32_t>(2));
  EndThreadSlot(*ThreadSlot(*record.get(), 2), 7);
  EXPECT_FALSE(FindThreadSlot(*record.get(), 3000).has_value()) << "an ended thread is not opened";
  EXPECT_EQ(NewThreadSlot(*record.get(), 3000), std::optional<uint32_t>(3)) << "a reused id gets a new slot";
  EXPECT_EQ(FindThreadSlot(*record.get(), 3000), std::optional<uint32_t>(3));
  EXPECT_EQ(ThreadSlot(*record.get(), kThreadSlots), nullptr);
}

// Tests that a thread that ended before its process keeps its own exit code when the process's end is seen later,
// and a slot the process's end reached first stays ended with the process.
TEST(ProcessRecord, ThreadEndAndProcessEndDoNotOverwriteEachOther) {
  MappedRecord record;
  ASSERT_NE(record.get(), nullptr);
  const uint32_t ended_first = *NewThreadSlot(*record.get(), 2000);
  const uint32_t still_running = *NewThreadSlot(*record.get(), 3000);
  EndThreadSlot(*ThreadSlot(*record.get(), ended_first), 42);
  EndThreadSlotsWithProcess(*record.get());
  EndThreadSlot(*ThreadSlot(*record.get(), still_running), 43);  // too late: the process had ended
  EXPECT_EQ(ThreadSlot(*record.get(), ended_first)->ended, kThreadEnded);
  EXPECT_EQ(ThreadSlot(*record.get(), ended_first)->exit_code, 42u);
  EXPECT_EQ(ThreadSlot(*record.get(), still_running)->ended, kThreadEndedWithProcess);
  EXPECT_EQ(ThreadSlot(*record.get(), 0)->ended, kThreadEndedWithProcess) << "the main thread too";
}

// Tests that a waiter on a thread of another process is woken when that process is killed with SIGKILL (nobody
// in it can mark anything: the pidfd watcher does), and the thread's exit code is then the one recorded for the
// process, as TerminateProcess records it; a second holder of the same thread sees the same.
TEST(ProcessRecord, ThreadOfKilledProcessIsSignalled) {
  MappedRecord record;
  ASSERT_NE(record.get(), nullptr);
  const pid_t victim = fork();
  if (victim == 0) {
    for (;;) pause();
  }
  ASSERT_GT(victim, 0);
  auto start = posix::ProcessStartTime(victim);
  ASSERT_TRUE(start.ok());
  SetRecordOwner(*record.get(), victim, start.value());
  const uint32_t slot = *NewThreadSlot(*record.get(), static_cast<uint32_t>(victim) + 1);

  auto holder = [&]() -> std::shared_ptr<RecordThread> {
    auto pidfd = posix::PidFdOpen(victim);
    auto copy = posix::DupDescriptor(record.fd());
    EXPECT_TRUE(pidfd.ok() && copy.ok());
    auto process = std::make_shared<Process>(victim, start.value(), std::move(pidfd).value(), /*child=*/false,
                                             std::move(copy).value());
    auto thread = RecordThread::Make(std::move(process), slot);
    EXPECT_TRUE(thread.ok());
    return thread.ok() ? std::move(thread).value() : nullptr;
  };
  std::shared_ptr<RecordThread> first = holder();
  std::shared_ptr<RecordThread> second = holder();
  ASSERT_TRUE(first && second);
  Waitable* waitable = first.get();
  EXPECT_EQ(WaitForObjects(&waitable, 1, false, 0).kind, WaitOutcome::kTimeout);

  RecordExitCode(*record.get(), 0xC0DE0009);  // what TerminateProcess does before its SIGKILL
  ASSERT_EQ(kill(victim, SIGKILL), 0);
  EXPECT_EQ(WaitForObjects(&waitable, 1, false, 10000).kind, WaitOutcome::kSignalled);
  EXPECT_EQ(first->exit_code(), 0xC0DE0009u);
  EXPECT_TRUE(second->exited());
  EXPECT_EQ(second->exit_code(), 0xC0DE0009u);
  EXPECT_EQ(ThreadSlot(*record.get(), slot)->ended, kThreadEndedWithProcess);
  int status = 0;
  EXPECT_EQ(waitpid(victim, &status, 0), victim);
}

// Tests that a process making its record (here through its first GetCurrentProcessId) while its thread owns a
// mutex keeps the mutex owned: making the record prepares nothing that abandons the caller's mutexes. Found by the
// records example, whose writers ask for their id while holding the lock.
TEST(ProcessRecord, MakingTheRecordKeepsTheCallersMutexes) {
  const pid_t child = fork();  // a process without a record yet (a forked child forgets its parent's)
  if (child == 0) {
    HANDLE mutex = CreateMutexA(nullptr, TRUE, nullptr);
    if (mutex == nullptr) _exit(10);
    if (OwnRecord() != nullptr) _exit(11);
    (void)GetCurrentProcessId();
    if (OwnRecord() == nullptr) _exit(12);
    _exit(ReleaseMutex(mutex) ? 0 : 13);  // ERROR_NOT_OWNER if making the record abandoned it
  }
  ASSERT_GT(child, 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
}

}  // namespace
}  // namespace winipc
