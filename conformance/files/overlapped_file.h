// What the overlapped I/O tests (overlapped_test.cc, completion_routine_test.cc) share: the NTSTATUS values an
// OVERLAPPED's Internal holds (ntstatus.h, which windows.h does not include), and a fixture with their test file.
#ifndef WINIPC_CONFORMANCE_FILES_OVERLAPPED_FILE_H_
#define WINIPC_CONFORMANCE_FILES_OVERLAPPED_FILE_H_

#include <windows.h>

#include "files/temp_file.h"
#include "harness/harness.h"

namespace winipc::conformance::files::overlapped {

inline constexpr ULONG_PTR kStatusSuccess = 0;
inline constexpr ULONG_PTR kStatusPending = 0x103;
inline constexpr ULONG_PTR kStatusEndOfFile = 0xC0000011;
inline constexpr ULONG_PTR kStatusAccessDenied = 0xC0000022;
inline constexpr ULONG_PTR kStatusBufferOverflow = 0x80000005;

inline constexpr char kContent[] = "0123456789abcdef";  // the test file's 16 bytes

// A temporary file holding kContent.
class ContentFile : public ::testing::Test {
 protected:
  void SetUp() override {
    ScopedHandle writer = OpenFile(temp_.path(), GENERIC_WRITE);
    ASSERT_TRUE(writer) << DescribeError(GetLastError());
    ASSERT_TRUE(WriteAll(writer.get(), kContent));
  }

  // The file opened with `access`, sharing everything, with FILE_FLAG_OVERLAPPED or not.
  ScopedHandle Open(bool overlapped, DWORD access = GENERIC_READ | GENERIC_WRITE) const {
    return ScopedHandle(CreateFileA(temp_.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                                    overlapped ? FILE_FLAG_OVERLAPPED : FILE_ATTRIBUTE_NORMAL, nullptr));
  }

  TempFile temp_;
};

}  // namespace winipc::conformance::files::overlapped

#endif  // WINIPC_CONFORMANCE_FILES_OVERLAPPED_FILE_H_
