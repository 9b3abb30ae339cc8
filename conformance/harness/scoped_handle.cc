#include "harness/scoped_handle.h"

#include <utility>

#include "harness/error_names.h"
#include "harness/report.h"

namespace winipc::conformance {

ScopedHandle& ScopedHandle::operator=(ScopedHandle&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

HANDLE ScopedHandle::release() { return std::exchange(handle_, nullptr); }

void ScopedHandle::reset(HANDLE handle) {
  const HANDLE old = std::exchange(handle_, handle);
  if (!IsValid(old) || old == handle) return;
  // A failure here means the handle was closed twice or never was one: a bug in the test, not in the API.
  if (!CloseHandle(old)) {
    ReportHarnessError("ScopedHandle: CloseHandle(" + internal::FormatPointer(old) + ") failed with " +
                       DescribeError(GetLastError()));
  }
}

ScopedView& ScopedView::operator=(ScopedView&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

void* ScopedView::release() { return std::exchange(view_, nullptr); }

void ScopedView::reset(void* view) {
  void* const old = std::exchange(view_, view);
  if (old == nullptr || old == view) return;
  if (!UnmapViewOfFile(old)) {
    ReportHarnessError("ScopedView: UnmapViewOfFile(" + internal::FormatPointer(old) + ") failed with " +
                       DescribeError(GetLastError()));
  }
}

}  // namespace winipc::conformance
