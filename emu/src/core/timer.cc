#include "core/timer.h"

#include <windows.h>

#include <atomic>

#include "core/calendar.h"
#include "posix/sys.h"

namespace winipc {
namespace {

constexpr uint32_t kSignalled = 1;
constexpr uint32_t kOneGeneration = 2;  // bits 1-31 of the state word count settings, to wake sleepers

// "Armed" (SyncState::b), due_ns and period_ns change only under the gate, but TryTake and DueNs read them
// without it (to decide whether to take the gate, or how long to sleep), so every access is atomic: a plain
// store beside those loads is a data race (ThreadSanitizer, under SetWaitableTimer's conformance tests).
std::atomic_ref<int64_t> Time(int64_t& t) { return std::atomic_ref<int64_t>(t); }

}  // namespace

Timer::Timer(std::unique_ptr<ObjectFile> file)
    : QueuedWaitable(ObjectType::kWaitableTimer, &file->header()->sync, file->body(), file->body_size(),
                     file->scope() == Scope::kGlobal),
      file_(std::move(file)) {}

uint32_t Timer::Fired(uint32_t state) {
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

uint32_t Timer::Set(int64_t due_ns, int64_t period_ns) {
  DeferWakes defer;
  HoldGate();
  Time(sync().due_ns).store(due_ns);
  Time(sync().period_ns).store(period_ns);
  Word(sync().b).store(1);
  const uint32_t generation = Word(sync().c).fetch_add(1) + 1;
  Word(sync().state).store((Word(sync().state).load() & ~kSignalled) + kOneGeneration);
  // Queued waiters sleep until the old due time: tell them to look again.
  if (queue_.usable()) PokeAll(*this);
  ReleaseQueue();
  return generation;
}

void Timer::Cancel() {
  HoldGate();
  Word(sync().b).store(0);
  Word(sync().c).fetch_add(1);
  Word(sync().state).fetch_add(kOneGeneration);
  ReleaseQueue();
}

uint32_t Timer::Generation() const { return Word(sync().c).load(); }

std::optional<std::pair<int64_t, int64_t>> Timer::Schedule() const {
  if (Word(sync().b).load() == 0) return std::nullopt;
  return std::make_pair(Time(sync().due_ns).load(), Time(sync().period_ns).load());
}

void Timer::GiveBackTaken() {
  if (manual_reset()) return;  // a notification timer gave nothing away
  Signal([](uint32_t s) { return s | kSignalled; });
}

void Timer::FireIfDue() {
  SyncState& s = sync();
  if (Word(s.b).load() == 0 || posix::MonotonicNowNs() < Time(s.due_ns).load()) return;
  DeferWakes defer;
  HoldGate();
  const uint32_t before = Word(s.state).load();
  const uint32_t after = Fired(before);
  if (after != before) {
    Word(s.state).store(after);
    if (queue_.usable()) Offer(*this, OfferMode::kSignal);
  }
  ReleaseQueue();
}

Take Timer::TryTake(WaitSlot&) {
  SyncState& s = sync();
  if (Word(s.b).load() != 0 && posix::MonotonicNowNs() >= Time(s.due_ns).load()) {
    if (GateHeld(Word(s.gate).load())) return Take::kBusy;
    FireIfDue();
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
  const uint32_t fired = Fired(state);
  if (fired != state) Word(sync().state).store(fired);  // the gate is held: nobody else changes it
  return (fired & kSignalled) != 0;
}

void Timer::Commit(WaitSlot&) {
  const bool manual = manual_reset();
  ReleaseGate([manual](uint32_t state) { return manual ? state : (state & ~kSignalled); });
}

// The queue side; the gate is held.
bool Timer::Available() { return (Word(sync().state).load() & kSignalled) != 0; }

void Timer::Consume() { Word(sync().state).fetch_and(~kSignalled); }

void Timer::Return() { Word(sync().state).fetch_or(kSignalled); }

Take Timer::TakeLocked() {
  const uint32_t state = Word(sync().state).load();
  const uint32_t fired = Fired(state);
  if (fired != state) Word(sync().state).store(fired);
  if (!Available()) return Take::kNotSignalled;
  if (!manual_reset()) Consume();
  return Take::kTaken;
}

void Timer::UndoTake(Take taken) {
  if (taken == Take::kTaken && !manual_reset()) Return();
}

// FILETIME counts 100 ns ticks from 1601-01-01 UTC; CLOCK_REALTIME counts ns from 1970-01-01.
uint64_t SystemTimeAsFileTime() {
  return static_cast<uint64_t>(posix::RealtimeNowNs() / 100) + kUnixEpochAsFileTime;
}

uint64_t FileTimeOfMonotonic(int64_t monotonic_ns) {
  const int64_t offset_ns = monotonic_ns - posix::MonotonicNowNs();
  return static_cast<uint64_t>(static_cast<int64_t>(SystemTimeAsFileTime()) + offset_ns / 100);
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
  CreateSpec spec{ObjectType::kWaitableTimer, kQueueBytes, [&](SharedHeader* h) {
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
