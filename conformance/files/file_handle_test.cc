// File handles among the other handle types: file functions given a handle that is not a file, waiting on a file
// handle, and a duplicated file handle.
//
// https://learn.microsoft.com/en-us/windows/win32/api/fileapi/nf-fileapi-readfile
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-waitforsingleobject
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-closehandle
#include <windows.h>

#include <string>
#include <utility>
#include <vector>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance {
namespace {

using files::OpenFile;
using files::ReadSome;
using files::TempFile;
using files::WriteAll;

// Every file function of the issue, called on `handle`; each entry is the function's name and its call, which
// returns whether the call failed with ERROR_INVALID_HANDLE (and otherwise what it did).
std::vector<std::pair<const char*, std::string>> FileCallsOn(HANDLE handle) {
  std::vector<std::pair<const char*, std::string>> results;
  auto record = [&](const char* name, bool failed) {
    const DWORD error = GetLastError();
    results.emplace_back(name, failed && error == ERROR_INVALID_HANDLE
                                   ? "ERROR_INVALID_HANDLE"
                                   : (failed ? "failed with " : "succeeded, last error ") + DescribeError(error));
  };
  char buffer[8] = {};
  DWORD count = 0;
  LARGE_INTEGER distance;
  distance.QuadPart = 0;
  LARGE_INTEGER size;
  SetLastError(kPoisonError);
  record("ReadFile", !ReadFile(handle, buffer, sizeof buffer, &count, nullptr));
  SetLastError(kPoisonError);
  record("WriteFile", !WriteFile(handle, "x", 1, &count, nullptr));
  SetLastError(kPoisonError);
  record("SetFilePointer", SetFilePointer(handle, 0, nullptr, FILE_BEGIN) == INVALID_SET_FILE_POINTER);
  SetLastError(kPoisonError);
  record("SetFilePointerEx", !SetFilePointerEx(handle, distance, nullptr, FILE_BEGIN));
  SetLastError(kPoisonError);
  record("GetFileSize", GetFileSize(handle, nullptr) == INVALID_FILE_SIZE);
  SetLastError(kPoisonError);
  record("GetFileSizeEx", !GetFileSizeEx(handle, &size));
  SetLastError(kPoisonError);
  record("SetEndOfFile", !SetEndOfFile(handle));
  SetLastError(kPoisonError);
  record("FlushFileBuffers", !FlushFileBuffers(handle));
  return results;
}

// Tests that every file function given an event handle fails with ERROR_INVALID_HANDLE.
TEST(FileHandle, EventHandleIsInvalid) {
  BEHAVIOUR("FL-HANDLE-001");
  ScopedHandle event(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(event);
  for (const auto& [function, outcome] : FileCallsOn(event.get())) {
    EXPECT_EQ(outcome, "ERROR_INVALID_HANDLE") << function << " on an event handle";
  }
}

// Tests that every file function given a pagefile-backed section handle fails with ERROR_INVALID_HANDLE: a section
// is not a file object (NtReadFile and the others reference the handle as a file: STATUS_OBJECT_TYPE_MISMATCH).
TEST(FileHandle, SectionHandleIsInvalid) {
  BEHAVIOUR("FL-HANDLE-006");
  ScopedHandle section(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0x1000, nullptr));
  ASSERT_TRUE(section);
  for (const auto& [function, outcome] : FileCallsOn(section.get())) {
    EXPECT_EQ(outcome, "ERROR_INVALID_HANDLE") << function << " on a section handle";
  }
}

// Tests that every file function given INVALID_HANDLE_VALUE or NULL fails with ERROR_INVALID_HANDLE.
TEST(FileHandle, NullAndInvalidHandleValueAreInvalid) {
  BEHAVIOUR("FL-HANDLE-002");
  for (const auto& [what, handle] :
       {std::pair{"INVALID_HANDLE_VALUE", INVALID_HANDLE_VALUE}, std::pair{"NULL", static_cast<HANDLE>(nullptr)}}) {
    for (const auto& [function, outcome] : FileCallsOn(handle)) {
      EXPECT_EQ(outcome, "ERROR_INVALID_HANDLE") << function << " on " << what;
    }
  }
}

// Tests that a file handle is waitable and signalled: WaitForSingleObject on it returns WAIT_OBJECT_0 at once.
TEST(FileHandle, WaitOnFileIsSignalled) {
  BEHAVIOUR("FL-HANDLE-003");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(file.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
}

// Tests that a file handle duplicated with DuplicateHandle names the same open file: it shares the file pointer
// and stays usable after the original is closed.
TEST(FileHandle, DuplicateSharesFilePointer) {
  BEHAVIOUR("FL-HANDLE-004");
  TempFile temp;
  ScopedHandle file = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE);
  ASSERT_TRUE(file && WriteAll(file.get(), "0123456789"));
  HANDLE duplicate_value = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(DuplicateHandle(GetCurrentProcess(), file.get(), GetCurrentProcess(), &duplicate_value, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              Succeeds());
  ScopedHandle duplicate(duplicate_value);
  ASSERT_EQ(SetFilePointer(file.get(), 3, nullptr, FILE_BEGIN), 3u);
  EXPECT_EQ(ReadSome(duplicate.get(), 2), "34") << "the duplicate has its own file pointer";
  file.reset();
  EXPECT_EQ(ReadSome(duplicate.get(), 2), "56");
}

// Tests that CloseHandle of a file handle succeeds, leaves the last error alone and frees the file for an
// exclusive open.
TEST(FileHandle, CloseReleasesTheFile) {
  BEHAVIOUR("FL-HANDLE-005");
  TempFile temp;
  HANDLE file = CreateFileA(temp.c_str(), GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  ASSERT_NE(file, INVALID_HANDLE_VALUE) << DescribeError(GetLastError());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(CloseHandle(file)), SucceedsWith(kPoisonError));
  ScopedHandle again = OpenFile(temp.path(), GENERIC_READ | GENERIC_WRITE, /*share=*/0);
  EXPECT_TRUE(again) << "the closed handle still holds the file: " << DescribeError(GetLastError());
}

}  // namespace
}  // namespace winipc::conformance
