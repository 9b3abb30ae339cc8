// What the Win32 suite cannot see of handles that travel between processes: a duplicated handle keeps its object
// alive while nobody holds it but the kernel (the sender has exited, the receiver has not looked yet), and the
// mailboxes leave nothing on disk.
#include "core/transfer.h"
#include "core/on_disk_test_util.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <windows.h>

#include <string>

namespace winipc {
namespace {

class TransferOnDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/winipc-transfer-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { (void)system(("rm -rf '" + root_ + "'").c_str()); }

  // Entries of the Local directory other than "." , ".." and ".lock".
  size_t Entries() const { return CountObjects(LocalDirectory(root_)); }
  std::string root_;
};

// Tests that a named event duplicated into a process by a sender that then exits (closing its handle) still
// exists when the receiver first looks the value up: the descriptor in flight kept it, and its name, alive.
TEST_F(TransferOnDisk, SentHandleOutlivesItsExitedSender) {
  int to_receiver[2], to_sender[2];
  ASSERT_EQ(pipe(to_receiver), 0);
  ASSERT_EQ(pipe(to_sender), 0);
  const pid_t receiver = fork();
  if (receiver == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    const DWORD self = GetCurrentProcessId();  // makes this process's mailbox
    (void)write(to_sender[1], &self, sizeof self);
    uintptr_t value = 0;
    if (read(to_receiver[0], &value, sizeof value) != sizeof value) _exit(10);
    HANDLE event = reinterpret_cast<HANDLE>(value);
    if (WaitForSingleObject(event, 0) != WAIT_OBJECT_0) _exit(11);  // the sender set it
    HANDLE by_name = OpenEventA(SYNCHRONIZE, FALSE, "travelling");
    if (by_name == nullptr) _exit(12);  // the name lived on too
    _exit(CloseHandle(by_name) && CloseHandle(event) ? 0 : 13);
  }
  DWORD receiver_id = 0;
  ASSERT_EQ(read(to_sender[0], &receiver_id, sizeof receiver_id), static_cast<ssize_t>(sizeof receiver_id));
  const pid_t sender = fork();
  if (sender == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    HANDLE event = CreateEventA(nullptr, TRUE, TRUE, "travelling");
    HANDLE process = OpenProcess(PROCESS_DUP_HANDLE, FALSE, receiver_id);
    HANDLE there = nullptr;
    if (!DuplicateHandle(GetCurrentProcess(), event, process, &there, 0, FALSE,
                         DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)) {
      _exit(1);
    }
    const uintptr_t value = reinterpret_cast<uintptr_t>(there);
    (void)write(to_receiver[1], &value, sizeof value);
    _exit(0);  // the event's only handle here is gone; what is left travels in the receiver's socket queue
  }
  int status = 0;
  ASSERT_EQ(waitpid(sender, &status, 0), sender);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "sender status " << status;
  ASSERT_EQ(waitpid(receiver, &status, 0), receiver);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "receiver status " << status;
  EXPECT_EQ(Entries(), 0u) << "the event went with its last handle, and mailboxes are never files";
  for (int fd : {to_receiver[0], to_receiver[1], to_sender[0], to_sender[1]}) close(fd);
}

// Tests DuplicateHandle with another process as the source, of a Local named event (whose state is in the name
// table's arena: the published handle names the entry, not a descriptor): the taken handle is the same object, and
// it keeps the name after the source has exited; the entry goes with the taker's last handle.
TEST_F(TransferOnDisk, HandleTakenFromAnotherProcessKeepsTheNameAfterItExits) {
  int to_taker[2], to_source[2];
  ASSERT_EQ(pipe(to_taker), 0);
  ASSERT_EQ(pipe(to_source), 0);
  const pid_t source = fork();
  if (source == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    HANDLE event = CreateEventA(nullptr, TRUE, TRUE, "taken-from-source");
    const uint64_t message[2] = {GetCurrentProcessId(), reinterpret_cast<uintptr_t>(event)};  // makes the mailbox
    if (event == nullptr) _exit(1);
    (void)!write(to_taker[1], message, sizeof message);
    char go = 0;
    (void)!read(to_source[0], &go, 1);
    ExitProcess(0);  // without closing: the process's end lets go of its handle
  }
  uint64_t message[2] = {};
  ASSERT_EQ(read(to_taker[0], message, sizeof message), static_cast<ssize_t>(sizeof message));
  const pid_t taker = fork();
  if (taker == 0) {
    setenv("WINIPC_ROOT", root_.c_str(), 1);
    HANDLE process = OpenProcess(PROCESS_DUP_HANDLE | SYNCHRONIZE, FALSE, static_cast<DWORD>(message[0]));
    HANDLE mine = nullptr;
    if (process == nullptr || !DuplicateHandle(process, reinterpret_cast<HANDLE>(message[1]), GetCurrentProcess(),
                                               &mine, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
      _exit(10);
    }
    (void)!write(to_source[1], "g", 1);
    if (WaitForSingleObject(process, 5000) != WAIT_OBJECT_0) _exit(11);  // the source has exited
    if (WaitForSingleObject(mine, 0) != WAIT_OBJECT_0) _exit(12);        // the same (signalled) event
    HANDLE by_name = OpenEventA(EVENT_MODIFY_STATE, FALSE, "taken-from-source");
    if (by_name == nullptr) _exit(13);  // the taken handle keeps the name
    if (!ResetEvent(by_name) || WaitForSingleObject(mine, 0) != WAIT_TIMEOUT) _exit(14);
    if (!CloseHandle(by_name) || !CloseHandle(mine) || !CloseHandle(process)) _exit(15);
    SetLastError(0xdeadbeef);
    if (OpenEventA(SYNCHRONIZE, FALSE, "taken-from-source") != nullptr || GetLastError() != ERROR_FILE_NOT_FOUND) {
      _exit(16);  // the name went with the last handle
    }
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(taker, &status, 0), taker);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "taker status " << status;
  (void)!write(to_source[1], "g", 1);  // in case the taker failed before it let the source go
  ASSERT_EQ(waitpid(source, &status, 0), source);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "source status " << status;
  EXPECT_EQ(Entries(), 0u);
  for (int fd : {to_taker[0], to_taker[1], to_source[0], to_source[1]}) close(fd);
}

}  // namespace
}  // namespace winipc
