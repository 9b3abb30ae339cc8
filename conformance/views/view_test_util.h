// Small helpers shared by the view tests (conformance/views/*_test.cc): making a section and asking
// VirtualQuery about an address. Written against the Win32 API only.
#ifndef WINIPC_CONFORMANCE_VIEWS_VIEW_TEST_UTIL_H_
#define WINIPC_CONFORMANCE_VIEWS_VIEW_TEST_UTIL_H_

#include <windows.h>

#include <cstdint>
#include <cstring>

#include "harness/harness.h"

namespace winipc::conformance::views {

inline constexpr SIZE_T kPage = 0x1000;
inline constexpr SIZE_T kGranule = 0x10000;  // the allocation granularity: view bases and offsets

// A pagefile-backed section of `size` bytes (unnamed unless `name` is given). A failure is reported as a
// test failure; the handle is then empty.
inline ScopedHandle CreateSection(DWORD protect, DWORD size, const char* name = nullptr) {
  HANDLE section = CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, protect, 0, size, name);
  if (section == nullptr) {
    ADD_FAILURE() << "CreateFileMappingA(protect 0x" << std::hex << protect << ", size 0x" << size
                  << ") failed: " << DescribeError(GetLastError());
  }
  return ScopedHandle(section);
}

// Maps a view; a failure is reported as a test failure and gives an empty ScopedView.
inline ScopedView MapOrFail(HANDLE section, DWORD access, SIZE_T bytes = 0, DWORD offset = 0) {
  void* view = MapViewOfFile(section, access, 0, offset, bytes);
  if (view == nullptr) {
    ADD_FAILURE() << "MapViewOfFile(access 0x" << std::hex << access << ", offset 0x" << offset << ", bytes 0x" << bytes
                  << ") failed: " << DescribeError(GetLastError());
  }
  return ScopedView(view);
}

// What VirtualQuery says about `address`; a failing VirtualQuery is a test failure and gives all zeros.
inline MEMORY_BASIC_INFORMATION Query(const void* address) {
  MEMORY_BASIC_INFORMATION info;
  std::memset(&info, 0, sizeof info);
  if (VirtualQuery(address, &info, sizeof info) != sizeof info) {
    ADD_FAILURE() << "VirtualQuery(" << address << ") failed: " << DescribeError(GetLastError());
    std::memset(&info, 0, sizeof info);
  }
  return info;
}

inline const char* At(const void* base, SIZE_T offset) { return static_cast<const char*>(base) + offset; }
inline uintptr_t Address(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace winipc::conformance::views

#endif  // WINIPC_CONFORMANCE_VIEWS_VIEW_TEST_UTIL_H_
