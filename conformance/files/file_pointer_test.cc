// SetFilePointer and SetFilePointerEx: move methods, the high word, seeks before the start.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setfilepointer
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-setfilepointerex
#include <windows.h>

#include <string>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::FileSize;
using files::OpenFile;
using files::ReadSome;
using files::TempFile;
using files::WriteAll;

// A 10-byte file opened read-write.
class FilePointer : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = OpenFile(temp_.path(), GENERIC_READ | GENERIC_WRITE);
    ASSERT_TRUE(file_) << DescribeError(GetLastError());
    ASSERT_TRUE(WriteAll(file_.get(), "0123456789"));
  }

  TempFile temp_;
  ScopedHandle file_;
};

// Tests that SetFilePointer returns the new position for FILE_BEGIN, FILE_CURRENT and FILE_END, leaves the last
// error alone, and the next ReadFile starts there.
TEST_F(FilePointer, MoveMethodsReturnNewPosition) {
  BEHAVIOUR("FL-SEEK-001");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), 2, nullptr, FILE_BEGIN)), ReturnsWithError(2u, kPoisonError));
  EXPECT_THAT(Call(SetFilePointer(file_.get(), 3, nullptr, FILE_CURRENT)), ReturnsWithError(5u, kPoisonError));
  EXPECT_EQ(ReadSome(file_.get(), 1), "5");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), -4, nullptr, FILE_END)), ReturnsWithError(6u, kPoisonError));
  EXPECT_EQ(ReadSome(file_.get(), 1), "6");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), -1, nullptr, FILE_CURRENT)), ReturnsWithError(6u, kPoisonError));
}

// Tests that a move to before the start of the file fails with INVALID_SET_FILE_POINTER / ERROR_NEGATIVE_SEEK and
// leaves the pointer where it was.
TEST_F(FilePointer, SeekBeforeStartFails) {
  BEHAVIOUR("FL-SEEK-002");
  ASSERT_EQ(SetFilePointer(file_.get(), 4, nullptr, FILE_BEGIN), 4u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), -5, nullptr, FILE_CURRENT)),
              ReturnsWithError(INVALID_SET_FILE_POINTER, ERROR_NEGATIVE_SEEK));
  LARGE_INTEGER distance;
  distance.QuadPart = -1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointerEx(file_.get(), distance, nullptr, FILE_BEGIN)), FailsWith(ERROR_NEGATIVE_SEEK));
  EXPECT_EQ(ReadSome(file_.get(), 1), "4") << "the failed seeks moved the pointer";
}

// Tests that SetFilePointer with lpDistanceToMoveHigh moves by the 64-bit distance and returns the new position's
// high word there, beyond 4 GiB, without changing the file size.
TEST_F(FilePointer, HighWordMovesBeyondFourGiB) {
  BEHAVIOUR("FL-SEEK-003");
  LONG high = 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), 0x10, &high, FILE_BEGIN)), Returns(0x10u));
  EXPECT_EQ(high, 1);
  high = 0;
  EXPECT_THAT(Call(SetFilePointer(file_.get(), 0, &high, FILE_CURRENT)), Returns(0x10u));
  EXPECT_EQ(high, 1) << "FILE_CURRENT with a high word of 0 must report the current high word";
  LARGE_INTEGER now;
  now.QuadPart = -1;
  LARGE_INTEGER zero;
  zero.QuadPart = 0;
  ASSERT_TRUE(SetFilePointerEx(file_.get(), zero, &now, FILE_CURRENT)) << DescribeError(GetLastError());
  EXPECT_EQ(now.QuadPart, 0x100000010LL);
  EXPECT_EQ(FileSize(file_.get()), 10) << "moving the pointer alone must not change the size";
}

// Tests that SetFilePointerEx stores the new 64-bit position and succeeds for every move method.
TEST_F(FilePointer, ExReturnsNewPosition) {
  BEHAVIOUR("FL-SEEK-004");
  LARGE_INTEGER distance;
  LARGE_INTEGER now;
  distance.QuadPart = 7;
  now.QuadPart = -1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointerEx(file_.get(), distance, &now, FILE_BEGIN)), SucceedsWith(kPoisonError));
  EXPECT_EQ(now.QuadPart, 7);
  distance.QuadPart = -2;
  EXPECT_THAT(Call(SetFilePointerEx(file_.get(), distance, &now, FILE_CURRENT)), SucceedsWith(kPoisonError));
  EXPECT_EQ(now.QuadPart, 5);
  distance.QuadPart = 3;
  EXPECT_THAT(Call(SetFilePointerEx(file_.get(), distance, &now, FILE_END)), SucceedsWith(kPoisonError));
  EXPECT_EQ(now.QuadPart, 13);
}

// Tests that a move method other than FILE_BEGIN, FILE_CURRENT and FILE_END fails with ERROR_INVALID_PARAMETER.
TEST_F(FilePointer, UnknownMoveMethodFails) {
  BEHAVIOUR("FL-SEEK-005");
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointer(file_.get(), 1, nullptr, 3)),
              ReturnsWithError(INVALID_SET_FILE_POINTER, ERROR_INVALID_PARAMETER));
  LARGE_INTEGER distance;
  distance.QuadPart = 1;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetFilePointerEx(file_.get(), distance, nullptr, 3)), FailsWith(ERROR_INVALID_PARAMETER));
}

}  // namespace
}  // namespace winipc::conformance
