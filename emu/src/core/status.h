// Status and Result<T>: how the core reports a Win32 error code without touching the thread's last error.
// Only emu/src/api turns a Status into SetLastError, once, at the boundary.
#ifndef WINIPC_CORE_STATUS_H_
#define WINIPC_CORE_STATUS_H_

#include <cstdint>
#include <utility>
#include <variant>

namespace winipc {

class [[nodiscard]] Status {
 public:
  constexpr Status() = default;
  constexpr explicit Status(uint32_t win32_error) : code_(win32_error) {}
  static constexpr Status Ok() { return Status(); }
  constexpr bool ok() const { return code_ == 0; }
  constexpr uint32_t code() const { return code_; }
  friend constexpr bool operator==(Status a, Status b) { return a.code_ == b.code_; }

 private:
  uint32_t code_ = 0;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose, like absl::StatusOr
  Result(Status error) : v_(error) {}        // NOLINT
  bool ok() const { return v_.index() == 0; }
  Status status() const { return ok() ? Status::Ok() : std::get<1>(v_); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define WINIPC_RETURN_IF_ERROR(expr)      \
  do {                                    \
    ::winipc::Status status_ = (expr);    \
    if (!status_.ok()) return status_;    \
  } while (0)

}  // namespace winipc

#endif  // WINIPC_CORE_STATUS_H_
