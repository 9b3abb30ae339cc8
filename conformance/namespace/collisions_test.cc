// One namespace for every object type: a name held by one type is refused to the others, in this process and
// across processes, and is free again once its holder is gone. Six types are tried, every ordered pair of them
// for Create and for Open: events, file mappings, semaphores, mutexes, waitable timers and job objects.
// https://learn.microsoft.com/en-us/windows/win32/sync/object-names
// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createeventa
// https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-createsemaphorea
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createmutexa
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-createwaitabletimerw
// https://learn.microsoft.com/en-us/windows/win32/api/jobapi2/nf-jobapi2-createjobobjectw
#include <cstring>
#include <ostream>
#include <string>

#include "filemapping/section_probe.h"
#include "harness/harness.h"
#include "namespace/holders.h"

namespace winipc::conformance {
namespace {

// The calls that meet a name: create or open, of each type, through the A or the W function.
enum class Attempt {
  kCreateMapping,
  kOpenMapping,
  kCreateEvent,
  kOpenEvent,
  kCreateSemaphore,
  kOpenSemaphore,
  kCreateMutex,
  kOpenMutex,
  kCreateTimer,
  kOpenTimer,
  kCreateJob,
  kOpenJob,
};

CallResult<HANDLE> TryName(Attempt attempt, const std::string& name, bool wide) {
  const std::basic_string<WCHAR> wide_name = Wide(name);
  SetLastError(kPoisonError);
  switch (attempt) {
    case Attempt::kCreateMapping:
      return wide ? Call(CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, 0x10000,
                                            wide_name.c_str()))
                  : Call(CreateSectionA(name));
    case Attempt::kOpenMapping:
      return wide ? Call(OpenFileMappingW(FILE_MAP_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str()));
    case Attempt::kCreateEvent:
      return wide ? Call(CreateEventW(nullptr, TRUE, FALSE, wide_name.c_str()))
                  : Call(CreateEventA(nullptr, TRUE, FALSE, name.c_str()));
    case Attempt::kOpenEvent:
      return wide ? Call(OpenEventW(EVENT_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenEventA(EVENT_ALL_ACCESS, FALSE, name.c_str()));
    case Attempt::kCreateSemaphore:
      return wide ? Call(CreateSemaphoreW(nullptr, 0, 1, wide_name.c_str()))
                  : Call(CreateSemaphoreA(nullptr, 0, 1, name.c_str()));
    case Attempt::kOpenSemaphore:
      return wide ? Call(OpenSemaphoreW(SEMAPHORE_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name.c_str()));
    case Attempt::kCreateMutex:
      return wide ? Call(CreateMutexW(nullptr, FALSE, wide_name.c_str()))
                  : Call(CreateMutexA(nullptr, FALSE, name.c_str()));
    case Attempt::kOpenMutex:
      return wide ? Call(OpenMutexW(MUTEX_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenMutexA(MUTEX_ALL_ACCESS, FALSE, name.c_str()));
    case Attempt::kCreateTimer:
      return wide ? Call(CreateWaitableTimerW(nullptr, TRUE, wide_name.c_str()))
                  : Call(CreateWaitableTimerA(nullptr, TRUE, name.c_str()));
    case Attempt::kOpenTimer:
      return wide ? Call(OpenWaitableTimerW(TIMER_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenWaitableTimerA(TIMER_ALL_ACCESS, FALSE, name.c_str()));
    case Attempt::kCreateJob:
      return wide ? Call(CreateJobObjectW(nullptr, wide_name.c_str())) : Call(CreateJobObjectA(nullptr, name.c_str()));
    case Attempt::kOpenJob:
      return wide ? Call(OpenJobObjectW(JOB_OBJECT_ALL_ACCESS, FALSE, wide_name.c_str()))
                  : Call(OpenJobObjectA(JOB_OBJECT_ALL_ACCESS, FALSE, name.c_str()));
  }
  return {nullptr, 0};
}

// A name held by one type, met by a call for the other type.
struct CollisionRow {
  const char* id;
  const char* label;
  Holder holder;
  Attempt attempt;
};

void PrintTo(const CollisionRow& row, std::ostream* os) { *os << row.label; }

class NameCollisionByType : public ::testing::TestWithParam<CollisionRow> {};

// Tests that a name held by one type fails Create and Open of another type with ERROR_INVALID_HANDLE, through A
// and W (one behaviour per row, see the table).
TEST_P(NameCollisionByType, OtherTypeFailsInvalidHandle) {
  const CollisionRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("collide");
  ScopedHandle holder(CreateHolder(row.holder, name));
  ASSERT_TRUE(holder) << HolderName(row.holder);
  for (bool wide : {false, true}) {
    const auto result = TryName(row.attempt, name, wide);
    ScopedHandle handle(result.value);
    EXPECT_THAT(result, FailsWith(ERROR_INVALID_HANDLE)) << (wide ? "W function" : "A function");
  }
}

// Behaviours:
//   NS-COLLIDE-001  an event's name fails CreateFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-002  an event's name fails OpenFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-003  a file mapping's name fails CreateEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-004  a file mapping's name fails OpenEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-011  a semaphore's name fails CreateEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-012  a semaphore's name fails OpenEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-013  a semaphore's name fails CreateFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-014  a semaphore's name fails OpenFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-015  an event's name fails CreateSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-016  an event's name fails OpenSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-017  a file mapping's name fails CreateSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-018  a file mapping's name fails OpenSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-019  an event's name fails CreateMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-020  an event's name fails OpenMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-021  an event's name fails CreateWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-022  an event's name fails OpenWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-023  an event's name fails CreateJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-024  an event's name fails OpenJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-025  a file mapping's name fails CreateMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-026  a file mapping's name fails OpenMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-027  a file mapping's name fails CreateWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-028  a file mapping's name fails OpenWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-029  a file mapping's name fails CreateJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-030  a file mapping's name fails OpenJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-031  a semaphore's name fails CreateMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-032  a semaphore's name fails OpenMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-033  a semaphore's name fails CreateWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-034  a semaphore's name fails OpenWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-035  a semaphore's name fails CreateJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-036  a semaphore's name fails OpenJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-037  a mutex's name fails CreateEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-038  a mutex's name fails OpenEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-039  a mutex's name fails CreateFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-040  a mutex's name fails OpenFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-041  a mutex's name fails CreateSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-042  a mutex's name fails OpenSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-043  a mutex's name fails CreateWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-044  a mutex's name fails OpenWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-045  a mutex's name fails CreateJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-046  a mutex's name fails OpenJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-047  a waitable timer's name fails CreateEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-048  a waitable timer's name fails OpenEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-049  a waitable timer's name fails CreateFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-050  a waitable timer's name fails OpenFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-051  a waitable timer's name fails CreateSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-052  a waitable timer's name fails OpenSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-053  a waitable timer's name fails CreateMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-054  a waitable timer's name fails OpenMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-055  a waitable timer's name fails CreateJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-056  a waitable timer's name fails OpenJobObject with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-057  a job object's name fails CreateEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-058  a job object's name fails OpenEvent with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-059  a job object's name fails CreateFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-060  a job object's name fails OpenFileMapping with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-061  a job object's name fails CreateSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-062  a job object's name fails OpenSemaphore with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-063  a job object's name fails CreateMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-064  a job object's name fails OpenMutex with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-065  a job object's name fails CreateWaitableTimer with ERROR_INVALID_HANDLE.
//   NS-COLLIDE-066  a job object's name fails OpenWaitableTimer with ERROR_INVALID_HANDLE.
const CollisionRow kCollisionRows[] = {
    {"NS-COLLIDE-001", "EventThenCreateFileMapping", Holder::kEvent, Attempt::kCreateMapping},
    {"NS-COLLIDE-002", "EventThenOpenFileMapping", Holder::kEvent, Attempt::kOpenMapping},
    {"NS-COLLIDE-003", "MappingThenCreateEvent", Holder::kMapping, Attempt::kCreateEvent},
    {"NS-COLLIDE-004", "MappingThenOpenEvent", Holder::kMapping, Attempt::kOpenEvent},
    {"NS-COLLIDE-011", "SemaphoreThenCreateEvent", Holder::kSemaphore, Attempt::kCreateEvent},
    {"NS-COLLIDE-012", "SemaphoreThenOpenEvent", Holder::kSemaphore, Attempt::kOpenEvent},
    {"NS-COLLIDE-013", "SemaphoreThenCreateFileMapping", Holder::kSemaphore, Attempt::kCreateMapping},
    {"NS-COLLIDE-014", "SemaphoreThenOpenFileMapping", Holder::kSemaphore, Attempt::kOpenMapping},
    {"NS-COLLIDE-015", "EventThenCreateSemaphore", Holder::kEvent, Attempt::kCreateSemaphore},
    {"NS-COLLIDE-016", "EventThenOpenSemaphore", Holder::kEvent, Attempt::kOpenSemaphore},
    {"NS-COLLIDE-017", "MappingThenCreateSemaphore", Holder::kMapping, Attempt::kCreateSemaphore},
    {"NS-COLLIDE-018", "MappingThenOpenSemaphore", Holder::kMapping, Attempt::kOpenSemaphore},
    {"NS-COLLIDE-019", "EventThenCreateMutex", Holder::kEvent, Attempt::kCreateMutex},
    {"NS-COLLIDE-020", "EventThenOpenMutex", Holder::kEvent, Attempt::kOpenMutex},
    {"NS-COLLIDE-021", "EventThenCreateWaitableTimer", Holder::kEvent, Attempt::kCreateTimer},
    {"NS-COLLIDE-022", "EventThenOpenWaitableTimer", Holder::kEvent, Attempt::kOpenTimer},
    {"NS-COLLIDE-023", "EventThenCreateJobObject", Holder::kEvent, Attempt::kCreateJob},
    {"NS-COLLIDE-024", "EventThenOpenJobObject", Holder::kEvent, Attempt::kOpenJob},
    {"NS-COLLIDE-025", "MappingThenCreateMutex", Holder::kMapping, Attempt::kCreateMutex},
    {"NS-COLLIDE-026", "MappingThenOpenMutex", Holder::kMapping, Attempt::kOpenMutex},
    {"NS-COLLIDE-027", "MappingThenCreateWaitableTimer", Holder::kMapping, Attempt::kCreateTimer},
    {"NS-COLLIDE-028", "MappingThenOpenWaitableTimer", Holder::kMapping, Attempt::kOpenTimer},
    {"NS-COLLIDE-029", "MappingThenCreateJobObject", Holder::kMapping, Attempt::kCreateJob},
    {"NS-COLLIDE-030", "MappingThenOpenJobObject", Holder::kMapping, Attempt::kOpenJob},
    {"NS-COLLIDE-031", "SemaphoreThenCreateMutex", Holder::kSemaphore, Attempt::kCreateMutex},
    {"NS-COLLIDE-032", "SemaphoreThenOpenMutex", Holder::kSemaphore, Attempt::kOpenMutex},
    {"NS-COLLIDE-033", "SemaphoreThenCreateWaitableTimer", Holder::kSemaphore, Attempt::kCreateTimer},
    {"NS-COLLIDE-034", "SemaphoreThenOpenWaitableTimer", Holder::kSemaphore, Attempt::kOpenTimer},
    {"NS-COLLIDE-035", "SemaphoreThenCreateJobObject", Holder::kSemaphore, Attempt::kCreateJob},
    {"NS-COLLIDE-036", "SemaphoreThenOpenJobObject", Holder::kSemaphore, Attempt::kOpenJob},
    {"NS-COLLIDE-037", "MutexThenCreateEvent", Holder::kMutex, Attempt::kCreateEvent},
    {"NS-COLLIDE-038", "MutexThenOpenEvent", Holder::kMutex, Attempt::kOpenEvent},
    {"NS-COLLIDE-039", "MutexThenCreateFileMapping", Holder::kMutex, Attempt::kCreateMapping},
    {"NS-COLLIDE-040", "MutexThenOpenFileMapping", Holder::kMutex, Attempt::kOpenMapping},
    {"NS-COLLIDE-041", "MutexThenCreateSemaphore", Holder::kMutex, Attempt::kCreateSemaphore},
    {"NS-COLLIDE-042", "MutexThenOpenSemaphore", Holder::kMutex, Attempt::kOpenSemaphore},
    {"NS-COLLIDE-043", "MutexThenCreateWaitableTimer", Holder::kMutex, Attempt::kCreateTimer},
    {"NS-COLLIDE-044", "MutexThenOpenWaitableTimer", Holder::kMutex, Attempt::kOpenTimer},
    {"NS-COLLIDE-045", "MutexThenCreateJobObject", Holder::kMutex, Attempt::kCreateJob},
    {"NS-COLLIDE-046", "MutexThenOpenJobObject", Holder::kMutex, Attempt::kOpenJob},
    {"NS-COLLIDE-047", "TimerThenCreateEvent", Holder::kTimer, Attempt::kCreateEvent},
    {"NS-COLLIDE-048", "TimerThenOpenEvent", Holder::kTimer, Attempt::kOpenEvent},
    {"NS-COLLIDE-049", "TimerThenCreateFileMapping", Holder::kTimer, Attempt::kCreateMapping},
    {"NS-COLLIDE-050", "TimerThenOpenFileMapping", Holder::kTimer, Attempt::kOpenMapping},
    {"NS-COLLIDE-051", "TimerThenCreateSemaphore", Holder::kTimer, Attempt::kCreateSemaphore},
    {"NS-COLLIDE-052", "TimerThenOpenSemaphore", Holder::kTimer, Attempt::kOpenSemaphore},
    {"NS-COLLIDE-053", "TimerThenCreateMutex", Holder::kTimer, Attempt::kCreateMutex},
    {"NS-COLLIDE-054", "TimerThenOpenMutex", Holder::kTimer, Attempt::kOpenMutex},
    {"NS-COLLIDE-055", "TimerThenCreateJobObject", Holder::kTimer, Attempt::kCreateJob},
    {"NS-COLLIDE-056", "TimerThenOpenJobObject", Holder::kTimer, Attempt::kOpenJob},
    {"NS-COLLIDE-057", "JobThenCreateEvent", Holder::kJob, Attempt::kCreateEvent},
    {"NS-COLLIDE-058", "JobThenOpenEvent", Holder::kJob, Attempt::kOpenEvent},
    {"NS-COLLIDE-059", "JobThenCreateFileMapping", Holder::kJob, Attempt::kCreateMapping},
    {"NS-COLLIDE-060", "JobThenOpenFileMapping", Holder::kJob, Attempt::kOpenMapping},
    {"NS-COLLIDE-061", "JobThenCreateSemaphore", Holder::kJob, Attempt::kCreateSemaphore},
    {"NS-COLLIDE-062", "JobThenOpenSemaphore", Holder::kJob, Attempt::kOpenSemaphore},
    {"NS-COLLIDE-063", "JobThenCreateMutex", Holder::kJob, Attempt::kCreateMutex},
    {"NS-COLLIDE-064", "JobThenOpenMutex", Holder::kJob, Attempt::kOpenMutex},
    {"NS-COLLIDE-065", "JobThenCreateWaitableTimer", Holder::kJob, Attempt::kCreateTimer},
    {"NS-COLLIDE-066", "JobThenOpenWaitableTimer", Holder::kJob, Attempt::kOpenTimer},
};

INSTANTIATE_TEST_SUITE_P(Rows, NameCollisionByType, ::testing::ValuesIn(kCollisionRows),
                         [](const auto& info) { return std::string(info.param.label); });

// A name whose holder closed, then opened and created as the other type.
struct FreedRow {
  const char* id;
  const char* label;
  Holder holder;
  Attempt open;
  Attempt create;
};

void PrintTo(const FreedRow& row, std::ostream* os) { *os << row.label; }

class NameFreedByClose : public ::testing::TestWithParam<FreedRow> {};

// Tests that once the holder's last handle is closed its name is free for the other type: not found by Open,
// created by Create with last error 0 (one behaviour per row, see the table).
TEST_P(NameFreedByClose, OtherTypeCreatesWithLastErrorZero) {
  const FreedRow& row = GetParam();
  BEHAVIOUR(row.id);
  const std::string name = UniqueName("freed");
  ScopedHandle holder(CreateHolder(row.holder, name));
  ASSERT_TRUE(holder) << HolderName(row.holder);
  holder.reset();

  const auto opened = TryName(row.open, name, false);
  ScopedHandle opened_handle(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_FILE_NOT_FOUND));
  const auto created = TryName(row.create, name, false);
  ScopedHandle created_handle(created.value);
  EXPECT_THAT(created, SucceedsWith(0));
}

// Behaviours:
//   NS-COLLIDE-005  a closed event's name is free for a file mapping.
//   NS-COLLIDE-006  a closed file mapping's name is free for an event.
//   NS-COLLIDE-067  a closed mutex's name is free for a waitable timer.
//   NS-COLLIDE-068  a closed waitable timer's name is free for a job object.
//   NS-COLLIDE-069  a closed job object's name is free for a mutex.
const FreedRow kFreedRows[] = {
    {"NS-COLLIDE-005", "EventClosedThenFileMapping", Holder::kEvent, Attempt::kOpenMapping, Attempt::kCreateMapping},
    {"NS-COLLIDE-006", "MappingClosedThenEvent", Holder::kMapping, Attempt::kOpenEvent, Attempt::kCreateEvent},
    {"NS-COLLIDE-067", "MutexClosedThenWaitableTimer", Holder::kMutex, Attempt::kOpenTimer, Attempt::kCreateTimer},
    {"NS-COLLIDE-068", "TimerClosedThenJobObject", Holder::kTimer, Attempt::kOpenJob, Attempt::kCreateJob},
    {"NS-COLLIDE-069", "JobClosedThenMutex", Holder::kJob, Attempt::kOpenMutex, Attempt::kCreateMutex},
};

INSTANTIATE_TEST_SUITE_P(Rows, NameFreedByClose, ::testing::ValuesIn(kFreedRows),
                         [](const auto& info) { return std::string(info.param.label); });

// Tests that a refused cross-type Create leaves the holder untouched: still found by name, with its state (an
// event's signal, a section's bytes).
TEST(NameCollision, RefusedCreateLeavesHolderIntact) {
  BEHAVIOUR("NS-COLLIDE-007");
  const std::string event_name = UniqueName("intact-event");
  ScopedHandle event(CreateHolder(Holder::kEvent, event_name));
  ASSERT_TRUE(event);
  ASSERT_TRUE(SetEvent(event.get()));
  const auto mapping = TryName(Attempt::kCreateMapping, event_name, false);
  ScopedHandle mapping_handle(mapping.value);
  ASSERT_THAT(mapping, FailsWith(ERROR_INVALID_HANDLE));
  ScopedHandle event_again(OpenEventA(EVENT_ALL_ACCESS, FALSE, event_name.c_str()));
  ASSERT_TRUE(event_again) << "the event's name is gone";
  EXPECT_EQ(WaitForSingleObject(event_again.get(), 0), WAIT_OBJECT_0) << "the event lost its signal";

  const std::string section_name = UniqueName("intact-section");
  const std::string text = "intact " + section_name;
  ScopedHandle section(CreateHolder(Holder::kMapping, section_name));
  ASSERT_TRUE(section);
  ScopedView view(MapViewOfFile(section.get(), FILE_MAP_WRITE, 0, 0, 0));
  ASSERT_TRUE(view);
  std::memcpy(view.get(), text.c_str(), text.size() + 1);
  const auto created_event = TryName(Attempt::kCreateEvent, section_name, false);
  ScopedHandle created_event_handle(created_event.value);
  ASSERT_THAT(created_event, FailsWith(ERROR_INVALID_HANDLE));
  ScopedHandle section_again(OpenFileMappingA(FILE_MAP_READ, FALSE, section_name.c_str()));
  ASSERT_TRUE(section_again) << "the section's name is gone";
  ScopedView view_again(MapViewOfFile(section_again.get(), FILE_MAP_READ, 0, 0, 0));
  ASSERT_TRUE(view_again);
  EXPECT_EQ(std::string(view_again.as<char>()), text);
}

// Creates an event named args[0], signals handshake args[1], and holds the event until handshake args[2].
CHILD_MAIN(HoldsEventName) {
  SetLastError(kPoisonError);
  const auto created = Call(CreateEventA(nullptr, TRUE, FALSE, args.at(0).c_str()));
  ScopedHandle event(created.value);
  CHILD_CHECK_THAT(created, SucceedsWith(0));
  Handshake ready = Handshake::Open(args.at(1));
  Handshake release = Handshake::Open(args.at(2));
  CHILD_CHECK(ready && release) << "could not open the handshakes";
  CHILD_CHECK(ready.Signal());
  CHILD_CHECK(release.Wait(kChildTimeoutMs)) << "the parent never released the name";
  return 0;
}

// Tests that an event held by another process refuses its name to a file mapping, and that the name is free
// once that process has closed it.
TEST(NameCollision, NameHeldByAnotherProcess) {
  BEHAVIOUR("NS-COLLIDE-008");
  const std::string name = UniqueName("cross-process");
  Handshake ready = Handshake::Create("holder-ready");
  Handshake release = Handshake::Create("holder-release");
  ASSERT_TRUE(ready && release);
  Child child = SpawnChild("HoldsEventName", {name, ready.name(), release.name()});
  ASSERT_TRUE(ready.Wait(kChildTimeoutMs)) << "the child never created the event";

  const auto created = TryName(Attempt::kCreateMapping, name, false);
  ScopedHandle created_handle(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_HANDLE)) << "CreateFileMappingA while the child holds the name";
  const auto opened = TryName(Attempt::kOpenMapping, name, false);
  ScopedHandle opened_handle(opened.value);
  EXPECT_THAT(opened, FailsWith(ERROR_INVALID_HANDLE)) << "OpenFileMappingA while the child holds the name";

  ASSERT_TRUE(release.Signal());
  ASSERT_EQ(child.Wait(kChildTimeoutMs), 0);
  const auto after = TryName(Attempt::kCreateMapping, name, false);
  ScopedHandle after_handle(after.value);
  EXPECT_THAT(after, SucceedsWith(0)) << "CreateFileMappingA after the child exited";
}

// A CreateFileMapping call that is invalid whatever the name.
struct InvalidOnOtherTypeRow {
  const char* label;
  DWORD protect;
  DWORD size_low;
};

void PrintTo(const InvalidOnOtherTypeRow& row, std::ostream* os) { *os << row.label; }

class NameCollisionInvalidCall : public ::testing::TestWithParam<InvalidOnOtherTypeRow> {};

// Tests that parameters are checked before the type: an invalid CreateFileMapping (size 0, bad protection) on an
// event's name fails ERROR_INVALID_PARAMETER, not ERROR_INVALID_HANDLE.
TEST_P(NameCollisionInvalidCall, FailsInvalidParameter) {
  BEHAVIOUR("NS-COLLIDE-009");
  const std::string name = UniqueName("invalid-on-event");
  ScopedHandle event(CreateHolder(Holder::kEvent, name));
  ASSERT_TRUE(event);
  SetLastError(kPoisonError);
  const auto created = Call(
      CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, GetParam().protect, 0, GetParam().size_low, name.c_str()));
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_PARAMETER));
}

INSTANTIATE_TEST_SUITE_P(Rows, NameCollisionInvalidCall,
                         ::testing::Values(InvalidOnOtherTypeRow{"ZeroSize", PAGE_READWRITE, 0},
                                           InvalidOnOtherTypeRow{"PageNoaccess", PAGE_NOACCESS, 0x10000}),
                         [](const auto& info) { return std::string(info.param.label); });

// An event created under one spelling, met by CreateFileMapping under another that reaches the same name.
struct AliasRow {
  const char* label;
  const char* event_prefix;
  const char* mapping_prefix;
};

void PrintTo(const AliasRow& row, std::ostream* os) { *os << row.label; }

class NameCollisionThroughAlias : public ::testing::TestWithParam<AliasRow> {};

// Tests that the type check applies to the object a name resolves to: an alias of an event's name ("Local\x" for
// "x", "Local\Global\x" for "Global\x") fails CreateFileMapping with ERROR_INVALID_HANDLE.
TEST_P(NameCollisionThroughAlias, FailsInvalidHandle) {
  BEHAVIOUR("NS-COLLIDE-010");
  const std::string leaf = UniqueName("alias");
  const std::string event_name = GetParam().event_prefix + leaf;
  const std::string mapping_name = GetParam().mapping_prefix + leaf;
  ScopedHandle event(CreateHolder(Holder::kEvent, event_name));
  ASSERT_TRUE(event) << event_name;
  const auto created = TryName(Attempt::kCreateMapping, mapping_name, false);
  ScopedHandle section(created.value);
  EXPECT_THAT(created, FailsWith(ERROR_INVALID_HANDLE)) << mapping_name;
}

INSTANTIATE_TEST_SUITE_P(Rows, NameCollisionThroughAlias,
                         ::testing::Values(AliasRow{"PlainAndLocal", "", "Local\\"},
                                           AliasRow{"LocalAndSession1", "Local\\", "Session\\1\\"},
                                           AliasRow{"GlobalAndLocalGlobal", "Global\\", "Local\\Global\\"}),
                         [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace winipc::conformance
