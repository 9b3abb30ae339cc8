// DuplicateHandle within one process: access of the duplicate, DUPLICATE_CLOSE_SOURCE, bad sources, the
// current-process pseudo-handle, and a duplicate keeping its object alive.
//
// https://learn.microsoft.com/en-us/windows/win32/api/handleapi/nf-handleapi-duplicatehandle
#include <cstring>
#include <string>

#include "harness/harness.h"

namespace winipc::conformance {
namespace {

// What *lpTargetHandle holds before a call, to see whether the call wrote it.
HANDLE Sentinel() { return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(0x5554)); }

ScopedHandle NewMapping(const char* name = nullptr) {
  return ScopedHandle(CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 4096, name));
}

// Tests that a DUPLICATE_SAME_ACCESS duplicate is a new handle value for the same object.
TEST(DuplicateHandle, SameAccessGivesNewHandleToSameObject) {
  BEHAVIOUR("HD-DUP-001");
  ScopedHandle event(CreateEventA(nullptr, FALSE, FALSE, nullptr));
  ASSERT_TRUE(event);
  HANDLE duplicate = Sentinel();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), event.get(), GetCurrentProcess(), &duplicate, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  ASSERT_TRUE(owned);
  EXPECT_NE(duplicate, event.get());
  ASSERT_TRUE(SetEvent(duplicate));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(event.get(), 0)), ReturnsWithError(WAIT_OBJECT_0, kPoisonError))
      << "SetEvent through the duplicate signals the original's event";
}

// Tests that a duplicate asked for FILE_MAP_READ can map a read view but not a write view.
TEST(DuplicateHandle, ReadAccessDuplicateCannotMapForWrite) {
  BEHAVIOUR("HD-DUP-002");
  ScopedHandle mapping = NewMapping();
  ASSERT_TRUE(mapping);
  HANDLE duplicate = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(DuplicateHandle(GetCurrentProcess(), mapping.get(), GetCurrentProcess(), &duplicate,
                                   FILE_MAP_READ, FALSE, 0)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MapViewOfFile(duplicate, FILE_MAP_WRITE, 0, 0, 0)), FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  const auto read = Call(MapViewOfFile(duplicate, FILE_MAP_READ, 0, 0, 0));
  ScopedView view(read.value);
  EXPECT_THAT(read, SucceedsWith(kPoisonError));
}

// Tests that a duplicate asked for access 0 is created but cannot map any view.
TEST(DuplicateHandle, ZeroAccessDuplicateCannotMap) {
  BEHAVIOUR("HD-DUP-003");
  ScopedHandle mapping = NewMapping();
  ASSERT_TRUE(mapping);
  HANDLE duplicate = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(
      Call(DuplicateHandle(GetCurrentProcess(), mapping.get(), GetCurrentProcess(), &duplicate, 0, FALSE, 0)),
      SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  ASSERT_TRUE(owned);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MapViewOfFile(duplicate, FILE_MAP_READ, 0, 0, 0)), FailsWith(ERROR_ACCESS_DENIED));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(MapViewOfFile(duplicate, FILE_MAP_WRITE, 0, 0, 0)), FailsWith(ERROR_ACCESS_DENIED));
}

// Tests that DUPLICATE_CLOSE_SOURCE returns the source's own value and closes the source: the object then has
// just that one handle.
TEST(DuplicateHandle, CloseSourceReturnsSameValueAndClosesSource) {
  BEHAVIOUR("HD-DUP-004");
  const std::string name = UniqueName("hd-dup-close-source");
  HANDLE source = CreateEventA(nullptr, TRUE, FALSE, name.c_str());
  ASSERT_NE(source, nullptr);
  HANDLE duplicate = Sentinel();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), source, GetCurrentProcess(), &duplicate, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)),
              SucceedsWith(kPoisonError));
  EXPECT_EQ(duplicate, source);
  ScopedHandle owned(duplicate);
  ASSERT_TRUE(owned);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(duplicate)), SucceedsWith(kPoisonError));
  owned.reset();
  // Had the source stayed open, the name would still be there.
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(OpenEventA(SYNCHRONIZE, FALSE, name.c_str())), FailsWith(ERROR_FILE_NOT_FOUND));
}

// Tests that a source handle that is not open (forged, NULL, closed) fails with ERROR_INVALID_HANDLE and sets
// *lpTargetHandle to NULL.
TEST(DuplicateHandle, InvalidSourceFailsAndClearsTarget) {
  BEHAVIOUR("HD-DUP-005");
  HANDLE from_closed = Sentinel();
  const auto stale = CallWithClosedHandle([&](HANDLE h) {
    return Call(DuplicateHandle(GetCurrentProcess(), h, GetCurrentProcess(), &from_closed, 0, FALSE,
                                DUPLICATE_SAME_ACCESS));
  });
  EXPECT_THAT(stale, FailsWith(ERROR_INVALID_HANDLE)) << "a handle just closed";
  EXPECT_EQ(from_closed, nullptr);
  const struct {
    const char* what;
    HANDLE handle;
  } cases[] = {{"forged 0x1234", ForgedHandle()}, {"NULL", nullptr}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    HANDLE duplicate = Sentinel();
    SetLastError(kPoisonError);
    EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), c.handle, GetCurrentProcess(), &duplicate, 0, FALSE,
                                     DUPLICATE_SAME_ACCESS)),
                FailsWith(ERROR_INVALID_HANDLE));
    EXPECT_EQ(duplicate, nullptr);
  }
}

// Tests that duplicating GetCurrentProcess() gives a real handle (not the pseudo-handle) that can be waited on
// and times out while the process runs.
TEST(DuplicateHandle, CurrentProcessPseudoHandleGivesRealHandle) {
  BEHAVIOUR("HD-DUP-006");
  HANDLE process = Sentinel();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), GetCurrentProcess(), &process, 0,
                                   FALSE, DUPLICATE_SAME_ACCESS)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(process);
  ASSERT_TRUE(owned) << "got " << process;
  EXPECT_NE(process, GetCurrentProcess());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(process) % 4, 0u);
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(WaitForSingleObject(process, 0)), ReturnsWithError(WAIT_TIMEOUT, kPoisonError));
}

// Tests that a duplicate keeps the object and its name alive after the original handle is closed.
TEST(DuplicateHandle, DuplicateKeepsObjectAndNameAlive) {
  BEHAVIOUR("HD-DUP-007");
  const std::string name = UniqueName("hd-dup-keeps");
  ScopedHandle original = NewMapping(name.c_str());
  ASSERT_TRUE(original);
  {
    ScopedView view(MapViewOfFile(original.get(), FILE_MAP_WRITE, 0, 0, 0));
    ASSERT_TRUE(view);
    std::strcpy(view.as<char>(), "kept");
  }
  HANDLE duplicate = nullptr;
  ASSERT_TRUE(DuplicateHandle(GetCurrentProcess(), original.get(), GetCurrentProcess(), &duplicate, 0, FALSE,
                              DUPLICATE_SAME_ACCESS));
  ScopedHandle owned(duplicate);
  original.reset();

  SetLastError(kPoisonError);
  const auto opened = Call(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ScopedHandle reopened(opened.value);
  ASSERT_THAT(opened, SucceedsWith(kPoisonError)) << "the name outlives the original handle";
  ScopedView view(MapViewOfFile(reopened.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view);
  EXPECT_STREQ(view.as<const char>(), "kept");
}

// Tests that a duplicate within the process may ask for more access than the source handle has.
TEST(DuplicateHandle, DuplicateMayWidenAccessWithinProcess) {
  BEHAVIOUR("HD-DUP-008");
  const std::string name = UniqueName("hd-dup-widen");
  ScopedHandle mapping = NewMapping(name.c_str());
  ScopedHandle read_only(OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str()));
  ASSERT_TRUE(mapping && read_only);
  ScopedView refused(MapViewOfFile(read_only.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_FALSE(refused) << "the source handle itself cannot map for write";
  HANDLE duplicate = nullptr;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(DuplicateHandle(GetCurrentProcess(), read_only.get(), GetCurrentProcess(), &duplicate,
                                   FILE_MAP_ALL_ACCESS, FALSE, 0)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  SetLastError(kPoisonError);
  const auto mapped = Call(MapViewOfFile(duplicate, FILE_MAP_WRITE, 0, 0, 0));
  ScopedView view(mapped.value);
  EXPECT_THAT(mapped, SucceedsWith(kPoisonError));
}

// Tests that DUPLICATE_CLOSE_SOURCE returns the source's own value even when a lower handle value is free.
TEST(DuplicateHandle, CloseSourceKeepsValueWhenLowerValueIsFree) {
  BEHAVIOUR("HD-DUP-009");
  HANDLE a = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  HANDLE b = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_TRUE(a != nullptr && b != nullptr);
  HANDLE lower = a < b ? a : b;
  HANDLE higher = a < b ? b : a;
  ASSERT_TRUE(CloseHandle(lower));
  HANDLE duplicate = Sentinel();
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(DuplicateHandle(GetCurrentProcess(), higher, GetCurrentProcess(), &duplicate, 0, FALSE,
                                   DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE)),
              SucceedsWith(kPoisonError));
  ScopedHandle owned(duplicate);
  EXPECT_EQ(duplicate, higher) << "not the free lower value " << lower;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(SetEvent(duplicate)), SucceedsWith(kPoisonError));
}

// Tests that DUPLICATE_CLOSE_SOURCE closes the source even when the duplication itself fails (the target process
// handle is not valid).
TEST(DuplicateHandle, CloseSourceClosesSourceEvenWhenDuplicationFails) {
  BEHAVIOUR("HD-DUP-010");
  HANDLE source = CreateEventA(nullptr, TRUE, FALSE, nullptr);
  ASSERT_NE(source, nullptr);
  HANDLE duplicate = Sentinel();
  SetLastError(kPoisonError);
  const auto duplicated = Call(DuplicateHandle(GetCurrentProcess(), source, ForgedHandle(), &duplicate, 0, FALSE,
                                               DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE));
  SetLastError(kPoisonError);
  const auto closed_again = Call(CloseHandle(source));  // at once: a freed value is soon given to another handle
  EXPECT_THAT(duplicated, FailsWith(ERROR_INVALID_HANDLE));
  EXPECT_EQ(duplicate, nullptr);
  EXPECT_THAT(closed_again, FailsWith(ERROR_INVALID_HANDLE)) << "the source should be closed already";
}

}  // namespace
}  // namespace winipc::conformance
