// Matchers that check a Win32 call's return value and its last error together.
//
//   SetLastError(kPoisonError);
//   EXPECT_THAT(Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0, nullptr)),
//               FailsWith(ERROR_INVALID_PARAMETER));
//
// Call() records GetLastError() as soon as the call returns, before anything else can change it. On a mismatch
// the failure shows the value returned and the name of the error received:
//
//   Expected: fails (returns NULL, FALSE or 0) with last error 87 ERROR_INVALID_PARAMETER
//     Actual: returned 0x1c, last error 0 ERROR_SUCCESS, which is not a failure value
//
// "Failure value" means NULL for pointers and handles and 0 (FALSE) for integers. Calls that fail some other
// way (CreateFile's INVALID_HANDLE_VALUE, WaitForSingleObject's WAIT_FAILED) use Returns/ReturnsWithError.
#ifndef WINIPC_CONFORMANCE_HARNESS_MATCHERS_H_
#define WINIPC_CONFORMANCE_HARNESS_MATCHERS_H_

#include <windows.h>

#include <gmock/gmock.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>

#include "harness/error_names.h"
#include "harness/report.h"

namespace winipc::conformance {

// What a call returned and the last error right after it.
template <typename T>
struct CallResult {
  T value;
  DWORD error;
};

// Wraps a Win32 call so that its last error is read immediately: Call(SetEvent(event)).
template <typename T>
CallResult<T> Call(T value) {
  return CallResult<T>{value, GetLastError()};
}

namespace internal {

template <typename T>
std::string FormatValue(const T& value) {
  if constexpr (std::is_same_v<T, std::nullptr_t>) {
    return "NULL";
  } else if constexpr (std::is_pointer_v<T>) {
    return FormatPointer(value);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    return FormatSigned(value);
  } else if constexpr (std::is_integral_v<T>) {
    return FormatUnsigned(value);
  } else {
    return ::testing::PrintToString(value);
  }
}

template <typename T>
bool IsFailureValue(const T& value) {
  static_assert(std::is_pointer_v<T> || std::is_integral_v<T>,
                "FailsWith/SucceedsWith/Succeeds need a pointer, HANDLE or integer result; use Returns");
  if constexpr (std::is_pointer_v<T>) {
    return value == nullptr;
  } else {
    return value == 0;
  }
}

// A usable result: for handles and pointers neither NULL nor INVALID_HANDLE_VALUE, for integers non-zero.
template <typename T>
bool IsSuccessValue(const T& value) {
  if constexpr (std::is_pointer_v<T>) {
    return value != nullptr && value != INVALID_HANDLE_VALUE;
  } else {
    return !IsFailureValue(value);
  }
}

template <typename T, typename V>
bool ValueEquals(const T& actual, const V& expected) {
  if constexpr (std::is_pointer_v<T> && std::is_integral_v<V>) {
    // Returns(NULL) or Returns(0) for a pointer result.
    return reinterpret_cast<std::uintptr_t>(actual) == static_cast<std::uintptr_t>(expected);
  } else if constexpr (std::is_integral_v<T> && std::is_integral_v<V>) {
    return actual == static_cast<T>(expected);  // DWORD vs WAIT_TIMEOUT's long, without sign-compare noise.
  } else {
    return actual == expected;
  }
}

template <typename>
inline constexpr bool kIsCallResult = false;
template <typename T>
inline constexpr bool kIsCallResult<CallResult<T>> = true;

enum class Outcome { kFailure, kSuccess, kValue };

// One matcher for all five factories below: an expected outcome, optionally with an expected last error.
template <typename V>
class CallMatcher {
 public:
  using is_gtest_matcher = void;

  CallMatcher(Outcome outcome, V value, std::optional<DWORD> error) : outcome_(outcome), value_(value), error_(error) {}

  template <typename R>
  bool MatchAndExplain(const R& result, std::ostream* explanation) const {
    static_assert(kIsCallResult<R>, "wrap the call: EXPECT_THAT(Call(SomeApi(...)), FailsWith(ERROR_...))");
    bool value_ok = true;
    const char* value_problem = "";
    switch (outcome_) {
      case Outcome::kFailure:
        value_ok = IsFailureValue(result.value);
        value_problem = "which is not a failure value";
        break;
      case Outcome::kSuccess:
        value_ok = IsSuccessValue(result.value);
        value_problem = "which is not a success value";
        break;
      case Outcome::kValue:
        value_ok = ValueEquals(result.value, value_);
        value_problem = "which is not the value expected";
        break;
    }
    const bool error_ok = !error_ || result.error == *error_;
    if (explanation != nullptr) {
      if (!value_ok) *explanation << value_problem;
      if (!error_ok) *explanation << (value_ok ? "which" : ", and it") << " left the wrong last error";
    }
    return value_ok && error_ok;
  }

  void DescribeTo(std::ostream* os) const {
    switch (outcome_) {
      case Outcome::kFailure:
        *os << "fails (returns NULL, FALSE or 0)";
        break;
      case Outcome::kSuccess:
        *os << "succeeds (returns a valid handle or pointer, TRUE or non-zero)";
        break;
      case Outcome::kValue:
        *os << "returns " << FormatValue(value_);
        break;
    }
    if (error_) {
      *os << " with last error " << DescribeError(*error_);
    } else {
      *os << " (last error not checked)";
    }
  }

  void DescribeNegationTo(std::ostream* os) const {
    *os << "is not a call that ";
    DescribeTo(os);
  }

 private:
  Outcome outcome_;
  V value_;
  std::optional<DWORD> error_;
};

}  // namespace internal

// Prints a CallResult in failure messages: "returned NULL, last error 87 ERROR_INVALID_PARAMETER".
template <typename T>
void PrintTo(const CallResult<T>& result, std::ostream* os) {
  *os << "returned " << internal::FormatValue(result.value) << ", last error " << DescribeError(result.error);
}

// The call failed (NULL, FALSE or 0) and set `error`.
inline internal::CallMatcher<int> FailsWith(DWORD error) { return {internal::Outcome::kFailure, 0, error}; }

// The call succeeded and the last error is `error`: SucceedsWith(0), SucceedsWith(ERROR_ALREADY_EXISTS).
inline internal::CallMatcher<int> SucceedsWith(DWORD error) { return {internal::Outcome::kSuccess, 0, error}; }

// The call succeeded; the last error is not checked (Windows leaves it alone on many successes).
inline internal::CallMatcher<int> Succeeds() { return {internal::Outcome::kSuccess, 0, std::nullopt}; }

// The call returned exactly `value`; the last error is not checked: Returns(WAIT_OBJECT_0).
template <typename V>
internal::CallMatcher<V> Returns(V value) {
  return {internal::Outcome::kValue, value, std::nullopt};
}

// The call returned exactly `value` and set `error`: ReturnsWithError(WAIT_FAILED, ERROR_INVALID_HANDLE).
template <typename V>
internal::CallMatcher<V> ReturnsWithError(V value, DWORD error) {
  return {internal::Outcome::kValue, value, error};
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_HARNESS_MATCHERS_H_
