#include "core/job.h"

#include <windows.h>

#include <vector>

#include "posix/sys.h"

namespace winipc {
namespace {
constexpr uint32_t kSignalled = 1;

// A member ended by TerminateJobObject gives up its objects as an exiting process does (Windows closes its
// handles), from the signal handler: the signal may have interrupted any code, so nothing waits on this process's
// own locks there (Namespace::LetGoOfEverything).
void LetGoOnTermination() { Namespace::LetGoOfEverything(/*in_signal_handler=*/true); }
}  // namespace

Status Job::AssignCurrentProcess() {
  const int pid = posix::CurrentProcessId();
  auto start = posix::ProcessStartTime(pid);
  if (!start.ok()) return start.status();
  posix::InstallJobTerminationHandler(&LetGoOnTermination);
  HoldGate();
  Member* table = members();
  Member* free_slot = nullptr;
  bool present = false;
  for (uint32_t i = 0; i < kMaxMembers; ++i) {
    Member& m = table[i];
    if (m.pid != 0) {
      // A member that has exited (or whose pid now belongs to someone else) leaves its slot.
      auto alive = posix::ProcessStartTime(m.pid);
      if (!alive.ok() || alive.value() != m.start_time) m = Member{};
    }
    if (m.pid == pid && m.start_time == start.value()) present = true;
    if (m.pid == 0 && free_slot == nullptr) free_slot = &m;
  }
  Status result = Status::Ok();
  if (!present) {
    if (free_slot == nullptr) {
      result = Status(ERROR_NOT_ENOUGH_QUOTA);
    } else {
      *free_slot = Member{pid, 0, start.value()};
    }
  }
  ReleaseGate([](uint32_t state) { return state; });
  return result;
}

void Job::Terminate(uint32_t exit_code) {
  HoldGate();
  std::vector<Member> targets;
  Member* table = members();
  for (uint32_t i = 0; i < kMaxMembers; ++i) {
    if (table[i].pid != 0) targets.push_back(table[i]);
    table[i] = Member{};
  }
  ReleaseGate([](uint32_t state) { return state | kSignalled; });
  const int self = posix::CurrentProcessId();
  bool self_member = false;
  for (const Member& m : targets) {
    auto start = posix::ProcessStartTime(m.pid);
    if (!start.ok() || start.value() != m.start_time) continue;  // already gone
    if (m.pid == self) {
      self_member = true;
      continue;
    }
    (void)posix::SendJobTermination(m.pid, exit_code);
  }
  if (self_member) {
    Namespace::LetGoOfEverything(/*in_signal_handler=*/false);
    posix::ExitProcessNow(exit_code);
  }
}

Take Job::TryTake(WaitSlot&) {
  return ConsumeUnlessGated([](uint32_t state) -> std::optional<uint32_t> {
    if (!(state & kSignalled)) return std::nullopt;
    return state;
  });
}

bool Job::LockedSignalled(WaitSlot&) { return (Word(sync().state).load() & kSignalled) != 0; }

Result<std::shared_ptr<Job>> CreateJobObject(const std::optional<ObjectName>& name, bool* existed) {
  CreateSpec spec{ObjectType::kJob, 4096, [](SharedHeader* h) { h->sync = SyncState{}; }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kJob, &spec, existed) : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Job>(std::move(file).value());
}

}  // namespace winipc
