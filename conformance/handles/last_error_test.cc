// The last error after a successful call: Create* set it (0 or ERROR_ALREADY_EXISTS), everything else leaves
// it alone. And it is per thread.
//
// https://learn.microsoft.com/en-us/windows/win32/api/errhandlingapi/nf-errhandlingapi-getlasterror
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// (CreateEvent's 0 / ERROR_ALREADY_EXISTS are EV-CREATE-001/002/005.)
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

constexpr DWORD kWaitMs = 10000;

// What each row may use, made before the row poisons the last error: a named manual-reset event (not
// signalled) and a named 64 KiB read-write section with a read-write view.
struct Objects {
  std::string event_name = UniqueName("er-last-event");
  std::string mapping_name = UniqueName("er-last-mapping");
  ScopedHandle event{CreateEventA(nullptr, TRUE, FALSE, event_name.c_str())};
  ScopedHandle mapping{
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0x10000, mapping_name.c_str())};
  ScopedView view{MapViewOfFile(mapping.get(), FILE_MAP_ALL_ACCESS, 0, 0, 0)};
};

// A call's result as an integer, so rows returning HANDLE, BOOL, DWORD, SIZE_T or a pointer share one table.
template <typename T>
CallResult<uintptr_t> Widen(const CallResult<T>& result) {
  if constexpr (std::is_pointer_v<T>) {
    return {reinterpret_cast<uintptr_t>(result.value), result.error};
  } else {
    return {static_cast<uintptr_t>(result.value), result.error};
  }
}

struct LastErrorCase {
  const char* id;
  const char* name;
  // Poisons the last error right before the one call it checks, and returns that call's result. Anything
  // the call returns that needs closing is closed after the result (and its last error) was recorded.
  CallResult<uintptr_t> (*call)(Objects& objects);
  DWORD expected_error;                 // kPoisonError: the call leaves the last error alone
  std::optional<DWORD> expected_value;  // for calls whose success is not "non-zero" (WaitForSingleObject)
};

// The rows, one behaviour each:
//   ER-LAST-001  CreateFileMapping of a new name sets the last error to 0.
//   ER-LAST-002  CreateFileMapping of an existing section's name sets ERROR_ALREADY_EXISTS.
//   ER-LAST-003  a successful OpenEvent leaves the last error untouched.
//   ER-LAST-004  a successful OpenFileMapping leaves the last error untouched.
//   ER-LAST-005  a successful MapViewOfFile leaves the last error untouched.
//   ER-LAST-006  a successful UnmapViewOfFile leaves the last error untouched.
//   ER-LAST-007  a successful FlushViewOfFile leaves the last error untouched.
//   ER-LAST-008  a successful VirtualQuery leaves the last error untouched.
//   ER-LAST-009  a successful CloseHandle leaves the last error untouched.
//   ER-LAST-010  a successful DuplicateHandle leaves the last error untouched.
//   ER-LAST-011  a successful SetEvent leaves the last error untouched.
//   ER-LAST-012  a successful ResetEvent leaves the last error untouched.
//   ER-LAST-013  WaitForSingleObject returning WAIT_OBJECT_0 leaves the last error untouched.
//   ER-LAST-014  WaitForSingleObject returning WAIT_TIMEOUT leaves the last error untouched.
const LastErrorCase kCases[] = {
    {"ER-LAST-001", "CreateFileMappingNewNameSetsZero",
     [](Objects&) {
       const std::string name = UniqueName("er-last-new-mapping");
       SetLastError(kPoisonError);
       const auto result =
           Call(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name.c_str()));
       ScopedHandle owner(result.value);
       return Widen(result);
     },
     0, std::nullopt},
    {"ER-LAST-002", "CreateFileMappingExistingNameSetsAlreadyExists",
     [](Objects& o) {
       SetLastError(kPoisonError);
       const auto result = Call(
           CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0x10000, o.mapping_name.c_str()));
       ScopedHandle owner(result.value);
       return Widen(result);
     },
     ERROR_ALREADY_EXISTS, std::nullopt},
    {"ER-LAST-003", "OpenEventLeavesItAlone",
     [](Objects& o) {
       SetLastError(kPoisonError);
       const auto result = Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, o.event_name.c_str()));
       ScopedHandle owner(result.value);
       return Widen(result);
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-004", "OpenFileMappingLeavesItAlone",
     [](Objects& o) {
       SetLastError(kPoisonError);
       const auto result = Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, o.mapping_name.c_str()));
       ScopedHandle owner(result.value);
       return Widen(result);
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-005", "MapViewOfFileLeavesItAlone",
     [](Objects& o) {
       SetLastError(kPoisonError);
       const auto result = Call(MapViewOfFile(o.mapping.get(), FILE_MAP_READ, 0, 0, 0));
       ScopedView owner(result.value);
       return Widen(result);
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-006", "UnmapViewOfFileLeavesItAlone",
     [](Objects& o) {
       void* view = o.view.release();
       SetLastError(kPoisonError);
       return Widen(Call(UnmapViewOfFile(view)));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-007", "FlushViewOfFileLeavesItAlone",
     [](Objects& o) {
       o.view.as<char>()[0] = 'x';
       SetLastError(kPoisonError);
       return Widen(Call(FlushViewOfFile(o.view.get(), 0)));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-008", "VirtualQueryLeavesItAlone",
     [](Objects& o) {
       MEMORY_BASIC_INFORMATION info;
       SetLastError(kPoisonError);
       return Widen(Call(VirtualQuery(o.view.get(), &info, sizeof info)));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-009", "CloseHandleLeavesItAlone",
     [](Objects& o) {
       HANDLE event = o.event.release();
       SetLastError(kPoisonError);
       return Widen(Call(CloseHandle(event)));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-010", "DuplicateHandleLeavesItAlone",
     [](Objects& o) {
       HANDLE duplicate = nullptr;
       SetLastError(kPoisonError);
       const auto result = Call(DuplicateHandle(GetCurrentProcess(), o.event.get(), GetCurrentProcess(),
                                                &duplicate, 0, FALSE, DUPLICATE_SAME_ACCESS));
       ScopedHandle owner(duplicate);
       return Widen(result);
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-011", "SetEventLeavesItAlone",
     [](Objects& o) {
       SetLastError(kPoisonError);
       return Widen(Call(SetEvent(o.event.get())));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-012", "ResetEventLeavesItAlone",
     [](Objects& o) {
       SetEvent(o.event.get());
       SetLastError(kPoisonError);
       return Widen(Call(ResetEvent(o.event.get())));
     },
     kPoisonError, std::nullopt},
    {"ER-LAST-013", "WaitForSingleObjectSignalledLeavesItAlone",
     [](Objects& o) {
       SetEvent(o.event.get());
       SetLastError(kPoisonError);
       return Widen(Call(WaitForSingleObject(o.event.get(), 0)));
     },
     kPoisonError, DWORD{WAIT_OBJECT_0}},
    {"ER-LAST-014", "WaitForSingleObjectTimeoutLeavesItAlone",
     [](Objects& o) {
       SetLastError(kPoisonError);
       return Widen(Call(WaitForSingleObject(o.event.get(), 0)));
     },
     kPoisonError, DWORD{WAIT_TIMEOUT}},
};

class LastErrorOnSuccess : public ::testing::TestWithParam<LastErrorCase> {};

// Tests that a successful call sets the last error exactly as Windows does: Create* to 0 or
// ERROR_ALREADY_EXISTS, every other call of this table not at all.
TEST_P(LastErrorOnSuccess, MatchesWindows) {
  const LastErrorCase& row = GetParam();
  BEHAVIOUR(row.id);
  Objects objects;
  ASSERT_TRUE(objects.event && objects.mapping && objects.view);
  const CallResult<uintptr_t> result = row.call(objects);
  if (row.expected_value) {
    EXPECT_THAT(result, ReturnsWithError(uintptr_t{*row.expected_value}, row.expected_error));
  } else {
    EXPECT_THAT(result, SucceedsWith(row.expected_error));
  }
}

INSTANTIATE_TEST_SUITE_P(Calls, LastErrorOnSuccess, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<LastErrorCase>& info) {
                           return std::string(info.param.name);
                         });

// Tests that the last error is per thread: SetLastError in one thread does not change another thread's value.
TEST(LastError, IsPerThread) {
  BEHAVIOUR("ER-LAST-015");
  ScopedHandle go(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ScopedHandle done(CreateEventA(nullptr, TRUE, FALSE, nullptr));
  ASSERT_TRUE(go && done);
  DWORD other_after_set = 0;
  std::thread other([&] {
    if (WaitForSingleObject(go.get(), kWaitMs) != WAIT_OBJECT_0) return;
    SetLastError(ERROR_ALREADY_EXISTS);
    other_after_set = GetLastError();
    SetEvent(done.get());
  });
  // Only calls that leave the last error alone (ER-LAST-011, ER-LAST-013) run between the poison and the read;
  // starting and joining the thread may well change it, so both happen outside.
  SetLastError(kPoisonError);
  const bool signalled = SetEvent(go.get()) && WaitForSingleObject(done.get(), kWaitMs) == WAIT_OBJECT_0;
  const DWORD mine = GetLastError();
  other.join();
  ASSERT_TRUE(signalled) << "the other thread did not answer";
  EXPECT_EQ(other_after_set, static_cast<DWORD>(ERROR_ALREADY_EXISTS));
  EXPECT_EQ(mine, kPoisonError) << "the other thread's SetLastError changed this thread's value";
}

}  // namespace
}  // namespace winipc::conformance
