// Move-only owners of a HANDLE and of a mapped view, so tests never copy CloseHandle onto failure paths.
#ifndef WINIPC_CONFORMANCE_HARNESS_SCOPED_HANDLE_H_
#define WINIPC_CONFORMANCE_HARNESS_SCOPED_HANDLE_H_

#include <windows.h>

namespace winipc::conformance {

// Owns a HANDLE and closes it on destruction. NULL and INVALID_HANDLE_VALUE both count as "no handle" (Create*
// functions fail with one or the other) and are never closed; get() still returns the value given, so a test
// can pass a failed handle on and watch what the API does with it.
class ScopedHandle {
 public:
  ScopedHandle() = default;
  explicit ScopedHandle(HANDLE handle) : handle_(handle) {}
  ScopedHandle(ScopedHandle&& other) noexcept : handle_(other.release()) {}
  ScopedHandle& operator=(ScopedHandle&& other) noexcept;
  ScopedHandle(const ScopedHandle&) = delete;
  ScopedHandle& operator=(const ScopedHandle&) = delete;
  ~ScopedHandle() { reset(); }

  HANDLE get() const { return handle_; }
  // Gives up ownership without closing: the caller now owns the handle.
  HANDLE release();
  // Closes the current handle (a failing CloseHandle is reported as a test failure) and owns `handle` instead.
  void reset(HANDLE handle = nullptr);
  explicit operator bool() const { return IsValid(handle_); }

  static bool IsValid(HANDLE handle) { return handle != nullptr && handle != INVALID_HANDLE_VALUE; }

 private:
  HANDLE handle_ = nullptr;
};

// Owns a view returned by MapViewOfFile(Ex) and unmaps it on destruction.
class ScopedView {
 public:
  ScopedView() = default;
  explicit ScopedView(void* view) : view_(view) {}
  ScopedView(ScopedView&& other) noexcept : view_(other.release()) {}
  ScopedView& operator=(ScopedView&& other) noexcept;
  ScopedView(const ScopedView&) = delete;
  ScopedView& operator=(const ScopedView&) = delete;
  ~ScopedView() { reset(); }

  void* get() const { return view_; }
  template <typename T>
  T* as() const {
    return static_cast<T*>(view_);
  }
  // Gives up ownership without unmapping: the caller now owns the view.
  void* release();
  // Unmaps the current view (a failing UnmapViewOfFile is reported as a test failure) and owns `view` instead.
  void reset(void* view = nullptr);
  explicit operator bool() const { return view_ != nullptr; }

 private:
  void* view_ = nullptr;
};

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_SCOPED_HANDLE_H_
