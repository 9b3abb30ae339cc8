// The name table (core/name_table.h) on its own, in a memfd: names of every length, holders past the inline
// records, running out of blocks, another format, and processes killed while they change it.
#include "core/name_table.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <random>
#include <string>
#include <vector>

#include "core/names.h"
#include "posix/sys.h"

namespace winipc {
namespace {

class NameTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fd = posix::MemFd("name-table-test");
    ASSERT_TRUE(fd.ok());
    fd_ = std::move(fd).value();
    auto table = NameTable::Attach(fd_.get());
    ASSERT_TRUE(table.ok()) << table.status().code();
    table_ = table.value();
  }
  void TearDown() override {
    if (table_ != nullptr) (void)posix::Unmap(table_->header(), kNameTableBytes);
    delete table_;
  }

  uint32_t InsertNamed(const std::string& name, uint64_t hash) {
    NameTable::Locked locked(*table_, hash);
    auto e = table_->Insert(locked, name, hash, 7, 42);
    EXPECT_TRUE(e.ok());
    return e.ok() ? e.value() : UINT32_MAX;
  }
  uint32_t FindNamed(const std::string& name, uint64_t hash) {
    NameTable::Locked locked(*table_, hash);
    return table_->Find(locked, name, hash);
  }

  posix::Fd fd_;
  NameTable* table_ = nullptr;
};

// Tests that an entry is found by its exact name only, whatever its length (past the inline bytes and across
// several continuation blocks), and that removing it frees every block.
TEST_F(NameTableTest, FindsEachNameExactlyAndFreesItsBlocks) {
  const std::vector<std::string> names = {"a", std::string(kInlineNameBytes, 'x'),
                                          std::string(kInlineNameBytes + 1, 'x'), std::string(98298, 'y')};
  std::vector<uint32_t> entries;
  for (const auto& n : names) entries.push_back(InsertNamed(n, HashName(n)));
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(FindNamed(names[i], HashName(names[i])), entries[i]) << names[i].size();
    NameTable::Locked locked(*table_, HashName(names[i]));
    EXPECT_EQ(table_->NameOf(locked, entries[i]), names[i]);
  }
  // A name one byte longer or shorter than a stored one is another name.
  const std::string longer = names[3] + "y";
  EXPECT_EQ(FindNamed(longer, HashName(longer)), UINT32_MAX);
  EXPECT_EQ(table_->LiveEntries(), 4u);
  EXPECT_GT(table_->BlocksInUse(), 4u + 98298 / sizeof(NameMore::data));
  EXPECT_EQ(table_->CheckInvariants(), "");
  for (size_t i = 0; i < names.size(); ++i) {
    NameTable::Locked locked(*table_, HashName(names[i]));
    table_->Remove(locked, entries[i]);
  }
  EXPECT_EQ(table_->LiveEntries(), 0u);
  EXPECT_EQ(table_->BlocksInUse(), 0u);
  EXPECT_EQ(table_->CheckInvariants(), "");
}

// Tests that two names with the same hash are two entries, each found by its own name, and that removing one
// leaves the other.
TEST_F(NameTableTest, NamesWithOneHashStayApart) {
  const uint32_t a = InsertNamed("first", 99);
  const uint32_t b = InsertNamed("second", 99);
  ASSERT_NE(a, b);
  EXPECT_EQ(FindNamed("first", 99), a);
  EXPECT_EQ(FindNamed("second", 99), b);
  {
    NameTable::Locked locked(*table_, 99);
    table_->Remove(locked, a);
  }
  EXPECT_EQ(FindNamed("first", 99), UINT32_MAX);
  EXPECT_EQ(FindNamed("second", 99), b);
  EXPECT_EQ(table_->CheckInvariants(), "");
}

// Tests that holders past the inline records go to continuation blocks, and that removing them in any order
// keeps exactly the others.
TEST_F(NameTableTest, HoldersBeyondTheInlineRecords) {
  const uint32_t e = InsertNamed("held", 5);
  NameTable::Locked locked(*table_, 5);
  constexpr int kHolders = 300;
  for (int i = 1; i <= kHolders; ++i) ASSERT_TRUE(table_->AddHolder(locked, e, NameHolder{0, 0, i, i + 1000}).ok());
  EXPECT_EQ(table_->HolderCount(locked, e), static_cast<uint32_t>(kHolders));
  std::vector<int> order;
  for (int i = 1; i <= kHolders; ++i) order.push_back(i);
  std::shuffle(order.begin(), order.end(), std::mt19937(1));
  for (size_t k = 0; k < order.size() / 2; ++k) {
    EXPECT_EQ(table_->RemoveHolder(locked, e, NameHolder{0, 0, order[k], order[k] + 1000}), kHolders - k - 1);
  }
  EXPECT_EQ(table_->RemoveHolder(locked, e, NameHolder{0, 0, order[0], order[0] + 1000}), kHolders - order.size() / 2)
      << "a holder removed twice";
  std::vector<bool> present(kHolders + 1, false);
  for (uint32_t i = 0; i < table_->HolderCount(locked, e); ++i) {
    const NameHolder h = table_->Holder(locked, e, i);
    ASSERT_EQ(h.fd, h.pid + 1000);
    present[h.pid] = true;
  }
  for (size_t k = 0; k < order.size(); ++k) EXPECT_EQ(present[order[k]], k >= order.size() / 2) << order[k];
  EXPECT_EQ(table_->CheckInvariants(), "");
}

// Tests that when the blocks run out an insert fails with ERROR_NOT_ENOUGH_MEMORY and leaves nothing behind (a
// long name that got some of its blocks gives them back), and that removing entries makes room again.
TEST_F(NameTableTest, RunningOutOfBlocksIsNotEnoughMemory) {
  std::vector<std::pair<std::string, uint32_t>> made;
  for (uint32_t i = 0;; ++i) {
    const std::string name = "n" + std::to_string(i);
    NameTable::Locked locked(*table_, HashName(name));
    auto e = table_->Insert(locked, name, HashName(name), 1, 0);
    if (!e.ok()) {
      EXPECT_EQ(e.status().code(), static_cast<DWORD>(ERROR_NOT_ENOUGH_MEMORY));
      break;
    }
    made.emplace_back(name, e.value());
    ASSERT_LE(i, kNameTableBlocks);
  }
  EXPECT_EQ(made.size(), kNameTableBlocks);
  // Free five blocks, then ask for a name that needs ten: refused, and the five are still free.
  for (int k = 0; k < 5; ++k) {
    NameTable::Locked locked(*table_, HashName(made.back().first));
    table_->Remove(locked, made.back().second);
    made.pop_back();
  }
  const std::string big(kInlineNameBytes + 9 * sizeof(NameMore::data), 'z');
  {
    NameTable::Locked locked(*table_, HashName(big));
    auto e = table_->Insert(locked, big, HashName(big), 1, 0);
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.status().code(), static_cast<DWORD>(ERROR_NOT_ENOUGH_MEMORY));
  }
  EXPECT_EQ(table_->BlocksInUse(), kNameTableBlocks - 5);
  EXPECT_EQ(table_->CheckInvariants(), "");
  EXPECT_NE(InsertNamed("fits", HashName("fits")), UINT32_MAX);
}

// Tests that a table of another format is refused with ERROR_REVISION_MISMATCH and a line on stderr naming both
// formats, and is left as it was.
TEST_F(NameTableTest, AnotherFormatIsRefusedAndLeftAlone) {
  table_->header()->format = kNameTableFormat + 1;
  snprintf(table_->header()->version, sizeof table_->header()->version, "9.9.9");
  ::testing::internal::CaptureStderr();
  auto other = NameTable::Attach(fd_.get());
  const std::string said = ::testing::internal::GetCapturedStderr();
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), static_cast<DWORD>(ERROR_REVISION_MISMATCH));
  EXPECT_NE(said.find("format " + std::to_string(kNameTableFormat + 1)), std::string::npos) << said;
  EXPECT_NE(said.find("9.9.9"), std::string::npos) << said;
  EXPECT_NE(said.find("format " + std::to_string(kNameTableFormat) + ":"), std::string::npos) << said;
  EXPECT_EQ(table_->header()->format, kNameTableFormat + 1);
  table_->header()->format = kNameTableFormat;
}

// Tests that a process slot lives exactly as long as the process that took it: a SIGKILLed process's slot is dead
// without anyone telling the table, and the next taker of that slot gets a new generation, so records of the dead
// process stay dead.
TEST_F(NameTableTest, ProcessSlotDiesWithItsProcess) {
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A process of its own opens the table itself (a fork shares the parent's open file description).
    auto own = posix::ReopenOwn(fd_.get());
    auto table = own.ok() ? NameTable::Attach(own->get()) : Result<NameTable*>(Status(ERROR_INVALID_HANDLE));
    auto slot = table.ok() ? table.value()->ClaimSlot() : Result<NameHolder>(table.status());
    NameHolder h = slot.ok() ? slot.value() : NameHolder{};
    (void)!write(pipe_fds[1], &h, sizeof h);
    pause();
    _exit(0);
  }
  NameHolder theirs;
  ASSERT_EQ(read(pipe_fds[0], &theirs, sizeof theirs), static_cast<ssize_t>(sizeof theirs));
  ASSERT_NE(theirs.slot, 0u);
  EXPECT_EQ(theirs.pid, child);
  EXPECT_TRUE(table_->SlotLives(theirs));
  ASSERT_EQ(kill(child, SIGKILL), 0);
  ASSERT_EQ(waitpid(child, nullptr, 0), child);
  EXPECT_FALSE(table_->SlotLives(theirs)) << "the kernel did not drop the dead process's slot lock";
  // The test's own claim takes a dead slot (the child's, the first one whose last taker is gone).
  auto mine = table_->ClaimSlot();
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->slot, theirs.slot);
  EXPECT_EQ(mine->generation, theirs.generation + 1);
  EXPECT_TRUE(table_->SlotLives(mine.value()));
  EXPECT_FALSE(table_->SlotLives(theirs));
  EXPECT_FALSE(table_->SlotLives(NameHolder{0, 0, getpid(), 3})) << "a record without a slot is not the slot's";
  close(pipe_fds[0]);
  close(pipe_fds[1]);
}

// Tests that processes SIGKILLed at random instants while they insert, add and remove holders and remove entries
// never leave the table broken: after the last one died, a collection (the locks they abandoned asked for one)
// frees what they left half-done, and every invariant holds.
TEST_F(NameTableTest, ProcessesKilledMidChangeLeaveNothingBroken) {
  constexpr int kRounds = 60;
  constexpr int kWorkers = 3;
  std::mt19937 rng(7);
  for (int round = 0; round < kRounds; ++round) {
    std::vector<pid_t> workers;
    for (int w = 0; w < kWorkers; ++w) {
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        std::mt19937 mine(getpid());
        for (;;) {
          const std::string name = "w" + std::to_string(mine() % 64) + std::string(mine() % 3000, 'q');
          const uint64_t hash = HashName(name) & 0xff;  // few buckets: long chains, many collisions
          NameTable::Locked locked(*table_, hash);
          const uint32_t e = table_->Find(locked, name, hash);
          if (e == UINT32_MAX) {
            (void)table_->Insert(locked, name, hash, 1, 0);
          } else if (mine() % 4 == 0) {
            table_->Remove(locked, e);
          } else if (mine() % 2 == 0) {
            (void)table_->AddHolder(locked, e, NameHolder{0, 0, static_cast<int32_t>(mine() % 50 + 1), 3});
          } else {
            (void)table_->RemoveHolder(locked, e, table_->Holder(locked, e, 0));
          }
        }
      }
      workers.push_back(pid);
    }
    usleep(2000 + rng() % 8000);
    for (pid_t pid : workers) {
      usleep(rng() % 500);
      kill(pid, SIGKILL);
    }
    for (pid_t pid : workers) waitpid(pid, nullptr, 0);
    table_->CollectIfNeeded();
    ASSERT_EQ(table_->CheckInvariants(), "") << "round " << round;
  }
  EXPECT_GT(table_->header()->collections, 0u) << "no kill ever landed inside a lock: the test proved nothing";
}

}  // namespace
}  // namespace winipc
