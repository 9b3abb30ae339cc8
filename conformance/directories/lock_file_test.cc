// LockFile, UnlockFile, LockFileEx and UnlockFileEx: byte-range locks between handles and processes.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-lockfile
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-lockfileex
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-unlockfileex
#include <windows.h>

#include <cstring>
#include <string>

#include "directories/scratch_directory.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::TempFile;

constexpr DWORD kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE;

OVERLAPPED At(DWORD offset) {
  OVERLAPPED overlapped;
  std::memset(&overlapped, 0, sizeof overlapped);
  overlapped.Offset = offset;
  return overlapped;
}

// LockFileEx of [offset, offset + length) failing at once on a conflict.
BOOL TryLock(HANDLE file, DWORD offset, DWORD length, bool exclusive) {
  OVERLAPPED overlapped = At(offset);
  return LockFileEx(file, LOCKFILE_FAIL_IMMEDIATELY | (exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0), 0, length, 0,
                    &overlapped);
}

// Tests that an exclusive lock taken through one handle stops a lock of an overlapping range through another
// handle of the same process (ERROR_LOCK_VIOLATION), and the range is free again after UnlockFile.
TEST(LockFile, ExclusiveLockBlocksOtherHandleInSameProcess) {
  BEHAVIOUR("FL-LOCK-001");
  TempFile temp;
  ScopedHandle first = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ScopedHandle second = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(first && second);
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(LockFile(first.get(), 10, 0, 10, 0)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 15, 0, 1, 0)), FailsWith(ERROR_LOCK_VIOLATION));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 20, 0, 5, 0)), Succeeds()) << "the byte after the range is free";
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFile(first.get(), 10, 0, 10, 0)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 15, 0, 1, 0)), Succeeds());
}

// Tests that shared locks from two handles coexist, and an exclusive lock over a shared one fails with
// ERROR_LOCK_VIOLATION.
TEST(LockFileEx, SharedLocksCoexistExclusiveDoesNot) {
  BEHAVIOUR("FL-LOCK-002");
  TempFile temp;
  ScopedHandle first = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ScopedHandle second = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(first && second);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TryLock(first.get(), 0, 100, false)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TryLock(second.get(), 50, 100, false)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TryLock(second.get(), 0, 10, true)), FailsWith(ERROR_LOCK_VIOLATION));
}

// Tests that a handle's own exclusive lock also refuses a second overlapping exclusive lock through the same
// handle.
TEST(LockFileEx, SameHandleOverlapFails) {
  BEHAVIOUR("FL-LOCK-003");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(file);
  ASSERT_TRUE(TryLock(file.get(), 0, 10, true)) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(TryLock(file.get(), 5, 10, true)), FailsWith(ERROR_LOCK_VIOLATION));
}

// Tests that UnlockFile of a range that is not locked, or not exactly as locked, fails with ERROR_NOT_LOCKED.
TEST(UnlockFile, UnlockedRangeFailsWithNotLocked) {
  BEHAVIOUR("FL-LOCK-004");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(file);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFile(file.get(), 0, 0, 10, 0)), FailsWith(ERROR_NOT_LOCKED));
  ASSERT_TRUE(LockFile(file.get(), 0, 0, 10, 0)) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFile(file.get(), 0, 0, 5, 0)), FailsWith(ERROR_NOT_LOCKED));
  OVERLAPPED overlapped = At(0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFileEx(file.get(), 0, 10, 0, &overlapped)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFileEx(file.get(), 0, 10, 0, &overlapped)), FailsWith(ERROR_NOT_LOCKED));
}

// Tests that closing the handle releases its locks: another handle can then lock the range.
TEST(LockFile, CloseReleasesLocks) {
  BEHAVIOUR("FL-LOCK-005");
  TempFile temp;
  ScopedHandle first = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ScopedHandle second = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(LockFile(first.get(), 0, 0, 100, 0)) << DescribeError(GetLastError());
  ASSERT_FALSE(LockFile(second.get(), 0, 0, 1, 0));
  first.reset();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 0, 0, 1, 0)), Succeeds());
}

// Tests that LockFileEx refuses a NULL OVERLAPPED and a non-zero reserved argument with ERROR_INVALID_PARAMETER,
// and a handle that is not a file with ERROR_INVALID_HANDLE.
TEST(LockFileEx, BadArgumentsFail) {
  BEHAVIOUR("FL-LOCK-006");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(file);
  OVERLAPPED overlapped = At(0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFileEx(file.get(), LOCKFILE_FAIL_IMMEDIATELY, 1, 1, 0, &overlapped)),
              FailsWith(ERROR_INVALID_PARAMETER));
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(event.get(), 0, 0, 1, 0)), FailsWith(ERROR_INVALID_HANDLE));
}

CHILD_MAIN(FlLockTriesRange) {
  // args: path, "expect-violation" or "expect-success"
  HANDLE file = CreateFileA(args.at(0).c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                            nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  CHILD_CHECK(file != INVALID_HANDLE_VALUE) << "CreateFileA: " << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  const auto locked = Call(LockFile(file, 4, 0, 4, 0));
  if (args.at(1) == "expect-violation") {
    CHILD_CHECK_THAT(locked, FailsWith(ERROR_LOCK_VIOLATION));
  } else {
    CHILD_CHECK_THAT(locked, Succeeds());
  }
  CloseHandle(file);
  return 0;
}

// Tests that a lock held by this process stops another process's lock of the range, and not once unlocked.
TEST(LockFile, LockBlocksOtherProcess) {
  BEHAVIOUR("FL-LOCK-007");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(file);
  ASSERT_TRUE(LockFile(file.get(), 0, 0, 6, 0)) << DescribeError(GetLastError());
  Child blocked = SpawnChild("FlLockTriesRange", {temp.path(), "expect-violation"});
  EXPECT_EQ(blocked.Wait(kChildTimeoutMs), 0);
  ASSERT_TRUE(UnlockFile(file.get(), 0, 0, 6, 0)) << DescribeError(GetLastError());
  Child unblocked = SpawnChild("FlLockTriesRange", {temp.path(), "expect-success"});
  EXPECT_EQ(unblocked.Wait(kChildTimeoutMs), 0);
}

// Tests that locking the whole 64-bit range (offset 0, length 0xFFFFFFFF:0xFFFFFFFF), as programs do to lock a
// file, succeeds, stops another handle, and unlocks.
TEST(LockFileEx, WholeRangeLocks) {
  BEHAVIOUR("FL-LOCK-008");
  TempFile temp;
  ScopedHandle first = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ScopedHandle second = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, kShareAll);
  ASSERT_TRUE(first && second);
  OVERLAPPED overlapped = At(0);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFileEx(first.get(), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 0xFFFFFFFF,
                              0xFFFFFFFF, &overlapped)),
              Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 1000000, 0, 1, 0)), FailsWith(ERROR_LOCK_VIOLATION));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(UnlockFileEx(first.get(), 0, 0xFFFFFFFF, 0xFFFFFFFF, &overlapped)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(LockFile(second.get(), 1000000, 0, 1, 0)), Succeeds());
}

}  // namespace
}  // namespace winipc::conformance
