// Helpers shared by the file-mapping and namespace tests: storing and loading through views, and asking the
// sections themselves, through views, whether two handles name one object, instead of trusting handle values or
// last errors.
#ifndef WINIPC_CONFORMANCE_FILEMAPPING_SECTION_PROBE_H_
#define WINIPC_CONFORMANCE_FILEMAPPING_SECTION_PROBE_H_

#include <windows.h>

#include <atomic>
#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {

// Copies `text` into the view at `offset` through a volatile pointer, so the store really happens before a later
// ReadFile or another process looks.
inline void Store(void* view, SIZE_T offset, const std::string& text) {
  volatile char* at = static_cast<volatile char*>(view) + offset;
  for (SIZE_T i = 0; i < text.size(); ++i) at[i] = text[i];
}

// The `size` bytes at `offset` in the view, read through a volatile pointer.
inline std::string Load(const void* view, SIZE_T offset, SIZE_T size) {
  const volatile char* at = static_cast<const volatile char*>(view) + offset;
  std::string text(size, '\0');
  for (SIZE_T i = 0; i < size; ++i) text[i] = at[i];
  return text;
}

// The page size the system reports (GetSystemInfo), never assumed.
inline DWORD PageSize() {
  SYSTEM_INFO info;
  GetSystemInfo(&info);
  return info.dwPageSize;
}

// Returns "shared" when bytes written through a FILE_MAP_WRITE view of `writer` show in a FILE_MAP_READ view of
// `reader`, "separate" when they do not, and otherwise says why the question could not be asked (a view that
// could not be mapped). Each call writes a fresh marker, so an earlier call's bytes never answer for it.
inline std::string ByteSharing(HANDLE writer, HANDLE reader) {
  static std::atomic<unsigned> counter{0};
  char marker[32] = {};
  const std::string text = "probe-" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(++counter);
  std::memcpy(marker, text.data(), text.size() < sizeof(marker) ? text.size() : sizeof(marker) - 1);

  ScopedView write_view(MapViewOfFile(writer, FILE_MAP_WRITE, 0, 0, sizeof(marker)));
  if (!write_view) return "no FILE_MAP_WRITE view of the writer, last error " + DescribeError(GetLastError());
  ScopedView read_view(MapViewOfFile(reader, FILE_MAP_READ, 0, 0, sizeof(marker)));
  if (!read_view) return "no FILE_MAP_READ view of the reader, last error " + DescribeError(GetLastError());
  std::memcpy(write_view.get(), marker, sizeof(marker));
  return std::memcmp(read_view.get(), marker, sizeof(marker)) == 0 ? "shared" : "separate";
}

// CreateFileMappingA for a pagefile-backed read-write section of one allocation granule.
inline HANDLE CreateSectionA(const std::string& name, DWORD protect = PAGE_READWRITE) {
  return CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, protect, 0, 0x10000, name.c_str());
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_FILEMAPPING_SECTION_PROBE_H_
