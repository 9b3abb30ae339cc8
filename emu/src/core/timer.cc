#include "core/timer.h"

#include <windows.h>

#include <atomic>

#include "posix/sys.h"

namespace winipc {
namespace {
constexpr uint32_t kSignalled = 1;
constexpr uint32_t kOneGeneration = 2;
// "Armed" (SyncState::b), due_ns and period_ns change only under the gate, but TryTake and DueNs read them
// without it (to decide whether to take the gate, or how long to sleep), so every access is atomic: a plain
// store beside those loads is a data race (ThreadSanitizer, under SetWaitableTimer's conformance tests).
std::atomic_ref<int64_t> Time(int64_t& t) { return std::atomic_ref<int64_t>(t); }
}  // namespace

uint32_t Timer::FireIfDue(uint32_t state) {
  SyncState& s = sync();
  if (Word(s.b).load() == 0) return state;  // not armed
  const int64_t now = posix::MonotonicNowNs();
  const int64_t due = Time(s.due_ns).load();
  if (now < due) return state;
  const int64_t period = Time(s.period_ns).load();
  if (period > 0) {
    // Expiries nobody saw are not counted: the next one is the first period boundary after now.
    const int64_t missed = (now - due) / period + 1;
    Time(s.due_ns).store(due + missed * period);
  } else {
    Word(s.b).store(0);
  }
  return state | kSignalled;
}

void Timer::Set(int64_t due_ns, int64_t period_ns) {
  HoldGate();
  Time(sync().due_ns).store(due_ns);
  Time(sync().period_ns).store(period_ns);
  Word(sync().b).store(1);
  ReleaseGate([](uint32_t state) { return (state & ~kSignalled) + kOneGeneration; });
}

void Timer::Cancel() {
  HoldGate();
  Word(sync().b).store(0);
  ReleaseGate([](uint32_t state) { return state + kOneGeneration; });
}

Take Timer::TryTake(WaitSlot&) {
  SyncState& s = sync();
  if (Word(s.b).load() != 0 && posix::MonotonicNowNs() >= Time(s.due_ns).load()) {
    if (TakeGate() != Take::kTaken) return Take::kBusy;
    ReleaseGate([this](uint32_t state) { return FireIfDue(state); });
  }
  const bool manual = manual_reset();
  return ConsumeUnlessGated([manual](uint32_t state) -> std::optional<uint32_t> {
    if (!(state & kSignalled)) return std::nullopt;
    return manual ? state : (state & ~kSignalled);
  });
}

std::optional<int64_t> Timer::DueNs() {
  if (Word(sync().b).load() == 0) return std::nullopt;
  return Time(sync().due_ns).load();
}

bool Timer::LockedSignalled(WaitSlot&) {
  const uint32_t state = Word(sync().state).load();
  const uint32_t fired = FireIfDue(state);
  if (fired != state) {
    uint64_t old = Pair(sync()).load();
    while (!Pair(sync()).compare_exchange_weak(old, MakePair(GateOf(old), StateOf(old) | kSignalled))) {
    }
  }
  return (fired & kSignalled) != 0;
}

void Timer::Commit(WaitSlot&) {
  const bool manual = manual_reset();
  ReleaseGate([manual](uint32_t state) { return manual ? state : (state & ~kSignalled); });
}

namespace {
// FILETIME counts 100 ns ticks from 1601-01-01 UTC; CLOCK_REALTIME counts ns from 1970-01-01.
constexpr int64_t kFileTimeAtUnixEpoch = 116444736000000000;
}  // namespace

uint64_t SystemTimeAsFileTime() {
  return static_cast<uint64_t>(posix::RealtimeNowNs() / 100 + kFileTimeAtUnixEpoch);
}

int64_t MonotonicDueFromWindows(int64_t due) {
  const int64_t now = posix::MonotonicNowNs();
  if (due < 0) {
    const int64_t relative_ns = (due < INT64_MIN / 100) ? INT64_MAX : -due * 100;
    return relative_ns > INT64_MAX - now ? INT64_MAX : now + relative_ns;
  }
  const int64_t ahead_ticks = due - static_cast<int64_t>(SystemTimeAsFileTime());
  if (ahead_ticks <= 0) return now;
  return ahead_ticks > (INT64_MAX - now) / 100 ? INT64_MAX : now + ahead_ticks * 100;
}

Result<std::shared_ptr<Timer>> CreateTimerObject(const std::optional<ObjectName>& name, bool manual_reset,
                                                 bool* existed) {
  CreateSpec spec{ObjectType::kWaitableTimer, 0, [&](SharedHeader* h) {
                    h->sync = SyncState{};
                    h->sync.a = manual_reset ? 1 : 0;
                  }};
  auto file = name ? Namespace::Acquire(*name, ObjectType::kWaitableTimer, &spec, existed)
                   : Namespace::CreateUnnamed(spec);
  if (!file.ok()) return file.status();
  if (!name) *existed = false;
  return std::make_shared<Timer>(std::move(file).value());
}

}  // namespace winipc
