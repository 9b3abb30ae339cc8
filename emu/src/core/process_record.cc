#include "core/process_record.h"

#include <pthread.h>
#include <sys/mman.h>
#include <windows.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "posix/process_sys.h"

namespace winipc {
namespace {

constexpr char kRecordMemFdName[] = "winipc-mailbox";

ProcessRecord* own_record = nullptr;
posix::Fd own_record_fd;

std::atomic_ref<uint32_t> Word32(uint32_t& w) { return std::atomic_ref<uint32_t>(w); }

}  // namespace

Result<posix::Fd> NewProcessRecord(const std::string& socket_name, bool suspended) {
  auto fd = posix::MemFd(kRecordMemFdName);
  if (!fd.ok()) return fd.status();
  WINIPC_RETURN_IF_ERROR(posix::Truncate(fd->get(), kRecordSize));
  ProcessRecord r = {};
  r.magic = kRecordMagic;
  std::strncpy(r.socket_name, socket_name.c_str(), sizeof r.socket_name - 1);
  r.suspended = suspended ? 1 : 0;
  r.threads = 1;  // slot 0: the main thread, whose id is the process id
  WINIPC_RETURN_IF_ERROR(posix::WriteAt(fd->get(), &r, sizeof r, 0));
  return fd;
}

ProcessRecord* MapProcessRecord(int fd) {
  auto mapped = posix::Map(nullptr, kRecordSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (!mapped.ok()) return nullptr;
  auto* record = static_cast<ProcessRecord*>(mapped.value());
  if (record->magic != kRecordMagic) {
    UnmapProcessRecord(record);
    return nullptr;
  }
  return record;
}

void UnmapProcessRecord(ProcessRecord* record) {
  if (record != nullptr) (void)posix::Unmap(record, kRecordSize);
}

Result<posix::Fd> FindProcessRecord(pid_t pid, uint64_t start_time) {
  auto fd = posix::FindMemFd(pid, kRecordMemFdName);
  if (!fd.ok()) return fd.status();
  // Checked after the descriptor is open: if the pid still names the process that started then, the record is
  // its own, and stays readable after it ends.
  auto start = posix::ProcessStartTime(pid);
  if (!start.ok() || start.value() != start_time) return Status(ERROR_FILE_NOT_FOUND);
  return fd;
}

void SetRecordOwner(ProcessRecord& record, pid_t pid, uint64_t start_time) {
  record.start_time = start_time;
  record.pid = pid;
  Word32(ThreadSlot(record, 0)->tid).store(static_cast<uint32_t>(pid));  // Linux: the main thread's id is the pid
}

PublishedHandle* PublishedHandles(ProcessRecord& record) {
  return reinterpret_cast<PublishedHandle*>(reinterpret_cast<unsigned char*>(&record) + kPublishedOffset);
}

ThreadRecord* ThreadSlot(ProcessRecord& record, uint32_t index) {
  if (index >= kThreadSlots) return nullptr;
  return reinterpret_cast<ThreadRecord*>(reinterpret_cast<unsigned char*>(&record) + kThreadsOffset) + index;
}

std::optional<uint32_t> NewThreadSlot(ProcessRecord& record, uint32_t tid) {
  uint32_t index = Word32(record.threads).load();
  do {
    if (index >= kThreadSlots) return std::nullopt;
  } while (!Word32(record.threads).compare_exchange_weak(index, index + 1));
  Word32(ThreadSlot(record, index)->tid).store(tid);
  return index;
}

std::optional<uint32_t> FindThreadSlot(ProcessRecord& record, uint32_t tid) {
  const uint32_t count = std::min(Word32(record.threads).load(), kThreadSlots);
  for (uint32_t i = count; i-- > 0;) {  // an ended thread's id may have been reused: only a running one counts
    ThreadRecord& slot = *ThreadSlot(record, i);
    if (Word32(slot.tid).load() == tid && Word32(slot.ended).load() == kThreadRunning) return i;
  }
  return std::nullopt;
}

std::optional<uint32_t> RecordedExitCode(const ProcessRecord& record) {
  const uint64_t exit = std::atomic_ref<uint64_t>(const_cast<uint64_t&>(record.exit)).load();
  if (!(exit & kExitRecorded)) return std::nullopt;
  return static_cast<uint32_t>(exit);
}

void RecordExitCode(ProcessRecord& record, uint32_t exit_code) {
  uint64_t none = 0;
  (void)std::atomic_ref<uint64_t>(record.exit).compare_exchange_strong(none, kExitRecorded | exit_code);
}

void EndThreadSlot(ThreadRecord& slot, uint32_t exit_code) {
  // The code first: a reader that sees kThreadEnded reads it. A holder that saw the process end first has
  // already set kThreadEndedWithProcess, and readers then take the process's code instead.
  Word32(slot.exit_code).store(exit_code);
  uint32_t running = kThreadRunning;
  if (Word32(slot.ended).compare_exchange_strong(running, kThreadEnded)) posix::FutexWakeAll(&slot.ended);
}

void EndThreadSlotsWithProcess(ProcessRecord& record) {
  const uint32_t count = std::min(Word32(record.threads).load(), kThreadSlots);
  for (uint32_t i = 0; i < count; ++i) {
    ThreadRecord& slot = *ThreadSlot(record, i);
    uint32_t running = kThreadRunning;
    if (Word32(slot.ended).compare_exchange_strong(running, kThreadEndedWithProcess)) {
      posix::FutexWakeAll(&slot.ended);
    }
  }
}

ProcessRecord* OwnRecord() { return std::atomic_ref<ProcessRecord*>(own_record).load(); }

int OwnRecordFd() { return own_record_fd.get(); }

void SetOwnRecord(ProcessRecord* record, posix::Fd fd) {
  // A child made by fork() without exec inherits the pointer, but the record is its parent's: it makes its own.
  static const bool forgotten_in_forks = [] {
    return pthread_atfork(nullptr, nullptr, [] { std::atomic_ref<ProcessRecord*>(own_record).store(nullptr); }) == 0;
  }();
  (void)forgotten_in_forks;
  own_record_fd = std::move(fd);
  std::atomic_ref<ProcessRecord*>(own_record).store(record);
}

}  // namespace winipc
