#include "core/transfer.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <windows.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/event.h"
#include "core/job.h"
#include "core/mutex.h"
#include "core/name_table.h"
#include "core/namespace.h"
#include "core/process.h"
#include "core/process_record.h"
#include "core/section.h"
#include "core/semaphore.h"
#include "core/timer.h"
#include "posix/process_sys.h"

namespace winipc {
namespace {

constexpr uint32_t kParcelMagic = kRecordMagic;
constexpr char kInheritVariable[] = "WINIPC_INHERIT";
constexpr char kMailboxVariable[] = "WINIPC_MAILBOX";
constexpr char kMailboxMemoryVariable[] = "WINIPC_MAILBOX_MEMORY";

struct Parcel {
  uint32_t magic;
  uint32_t type;
  uint32_t access;
  uint32_t flags;
  uint64_t value;
  int32_t fd;  // inheritance: the descriptor number in the child (the object's file, or a process's pidfd)
  uint32_t named;
  uint32_t scope;
  // A process or thread handle: the process's record (inheritance: its descriptor number in the child), who the
  // process is, and the thread's slot in the record. Over the socket the descriptors go in that order, each only
  // if `carried` says so.
  int32_t record_fd;
  uint32_t carried;  // kCarriesFirst: the object's file or the pidfd; kCarriesRecord: the record
  int32_t pid;
  uint64_t start_time;
  uint32_t slot;
  uint32_t unused;
  char file_name[256];
};
constexpr uint32_t kCarriesFirst = 1;
constexpr uint32_t kCarriesRecord = 2;

constexpr uint32_t kCloseMagic = 0x45534C43;  // "CLSE": close the handle `value` (DUPLICATE_CLOSE_SOURCE)

std::recursive_mutex mailbox_mutex;  // recursive: taking mail in may close a handle, which may look at mail
posix::Fd mailbox_socket;            // this process's, once made

std::string NewSocketName() {
  static std::atomic<uint32_t> serial{0};
  return "winipc-" + std::to_string(posix::CurrentProcessId()) + "-" +
         std::to_string(posix::MonotonicNowNs()) + "-" + std::to_string(serial.fetch_add(1));
}

// This process keeps its record and socket, and starts publishing its handles.
void OpenOwnMailbox(posix::Fd memory, posix::Fd socket, bool wait_if_suspended) {
  ProcessRecord* record = MapProcessRecord(memory.get());
  if (record == nullptr) return;
  SetRecordOwner(*record, posix::CurrentProcessId(), OwnStartTime());
  SetOwnRecord(record, std::move(memory));
  mailbox_socket = std::move(socket);
  HandleTable::Get().PublishTo(PublishedHandles(*record), kPublishedSlots, &record->pending);
  BeginOwnRecord(wait_if_suspended);
}

std::shared_ptr<Object> MakeObject(ObjectType type, std::unique_ptr<ObjectFile> file) {
  switch (type) {
    case ObjectType::kSection: {
      auto section = SectionFromObjectFile(std::move(file));  // a file-backed one reopens its file
      return section.ok() ? std::move(section).value() : nullptr;
    }
    case ObjectType::kEvent:
      return std::make_shared<Event>(std::move(file));
    case ObjectType::kMutex:
      return MakeMutex(std::move(file));
    case ObjectType::kSemaphore:
      return std::make_shared<Semaphore>(std::move(file));
    case ObjectType::kWaitableTimer:
      return std::make_shared<Timer>(std::move(file));
    case ObjectType::kJob:
      return std::make_shared<Job>(std::move(file));
    default:
      return nullptr;
  }
}

// What a handle takes along: the object's file, or a process's pidfd and record.
struct Carried {
  posix::Fd first;
  posix::Fd record;
};

// The parcel for a handle and the descriptors to send with it.
Result<Carried> Wrap(const HandleEntry& entry, uint64_t value, uint32_t access, uint32_t flags, Parcel* parcel) {
  *parcel = Parcel{};
  parcel->magic = kParcelMagic;
  parcel->type = static_cast<uint32_t>(entry.object->type());
  parcel->access = access;
  parcel->flags = flags;
  parcel->value = value;
  parcel->fd = -1;
  parcel->record_fd = -1;
  Carried carried;
  const ObjectType type = entry.object->type();
  if (type == ObjectType::kProcess || type == ObjectType::kThread) {
    auto process = ParcelForProcessObject(*entry.object);
    if (!process.ok()) return process.status();
    parcel->pid = process->pid;
    parcel->start_time = process->start_time;
    parcel->slot = process->slot;
    carried.first = std::move(process->pidfd);
    carried.record = std::move(process->record);
  } else {
    const ObjectFile* file = entry.object->file();
    if (file == nullptr) return Status(ERROR_NOT_SUPPORTED);
    auto fd = Namespace::DescriptorForAnotherProcess(*file);
    if (!fd.ok()) return fd.status();
    parcel->named = file->named() ? 1 : 0;
    parcel->scope = static_cast<uint32_t>(file->scope());
    std::strncpy(parcel->file_name, file->file_name().c_str(), sizeof parcel->file_name - 1);
    carried.first = std::move(fd).value();
  }
  parcel->carried = (carried.first.valid() ? kCarriesFirst : 0) | (carried.record.valid() ? kCarriesRecord : 0);
  return carried;
}

Status Unwrap(const Parcel& parcel, Carried carried, HandleTable& table) {
  if (parcel.magic != kParcelMagic) return Status(ERROR_INVALID_PARAMETER);
  const auto type = static_cast<ObjectType>(parcel.type);
  std::shared_ptr<Object> object;
  if (type == ObjectType::kProcess || type == ObjectType::kThread) {
    ProcessParcel process;
    process.pid = parcel.pid;
    process.start_time = parcel.start_time;
    process.slot = parcel.slot;
    process.pidfd = std::move(carried.first);
    process.record = std::move(carried.record);
    auto made = ProcessObjectFromParcel(type, std::move(process));
    if (!made.ok()) return made.status();
    object = std::move(made).value();
  } else {
    auto file =
        Namespace::Adopt(std::move(carried.first), type, parcel.named != 0, static_cast<Scope>(parcel.scope),
                         std::string(parcel.file_name, strnlen(parcel.file_name, sizeof parcel.file_name)));
    if (!file.ok()) return file.status();
    object = MakeObject(type, std::move(file).value());
  }
  if (!object) return Status(ERROR_INVALID_PARAMETER);
  return table.InsertAt(parcel.value, std::move(object), parcel.access, parcel.flags);
}

// The descriptors of a parcel received over the socket, in the order Wrap's caller sent them.
Carried FromReceived(const Parcel& parcel, std::vector<posix::Fd> fds) {
  Carried carried;
  size_t next = 0;
  if ((parcel.carried & kCarriesFirst) && next < fds.size()) carried.first = std::move(fds[next++]);
  if ((parcel.carried & kCarriesRecord) && next < fds.size()) carried.record = std::move(fds[next++]);
  return carried;
}

std::vector<int> ToSend(const Carried& carried) {
  std::vector<int> fds;
  if (carried.first.valid()) fds.push_back(carried.first.get());
  if (carried.record.valid()) fds.push_back(carried.record.get());
  return fds;
}

int DescriptorFromEnvironment(const char* variable) {
  const char* text = getenv(variable);
  if (text == nullptr) return -1;
  const int fd = atoi(text);
  unsetenv(variable);  // not for this process's own children
  return fd > 2 ? fd : -1;
}

// A child emu started: takes its handles, its record (with its mailbox) before main runs, and waits there if it
// was created suspended.
__attribute__((constructor)) void StartFromParent() {
  if (getenv(kInheritVariable) == nullptr && getenv(kMailboxMemoryVariable) == nullptr) return;
  (void)HandleTable::Get();  // adopts the inherited handles
  const int socket = DescriptorFromEnvironment(kMailboxVariable);
  const int memory = DescriptorFromEnvironment(kMailboxMemoryVariable);
  if (memory >= 0) {
    (void)posix::SetCloseOnExec(memory);
    if (socket >= 0) (void)posix::SetCloseOnExec(socket);
    std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
    OpenOwnMailbox(posix::Fd(memory), posix::Fd(socket), /*wait_if_suspended=*/true);
  }
}

}  // namespace

bool IsLaunchVariable(const std::string& entry) {
  for (const char* variable : {kInheritVariable, kMailboxVariable, kMailboxMemoryVariable}) {
    const size_t n = std::strlen(variable);
    if (entry.size() > n && entry.compare(0, n, variable) == 0 && entry[n] == '=') return true;
  }
  return false;
}

void AdoptInheritedHandles(HandleTable& table) {
  const int payload_fd = DescriptorFromEnvironment(kInheritVariable);
  if (payload_fd < 0) return;
  posix::Fd payload(payload_fd);
  uint32_t count = 0;
  if (!posix::ReadAt(payload.get(), &count, sizeof count, 0).ok()) return;
  for (uint32_t i = 0; i < count; ++i) {
    Parcel parcel;
    if (!posix::ReadAt(payload.get(), &parcel, sizeof parcel, 8 + uint64_t{i} * sizeof(Parcel)).ok()) break;
    Carried carried;
    for (auto [number, owner] : {std::pair{parcel.fd, &carried.first}, std::pair{parcel.record_fd, &carried.record}}) {
      if (number <= 2) continue;
      (void)posix::SetCloseOnExec(number);
      *owner = posix::Fd(number);
    }
    (void)Unwrap(parcel, std::move(carried), table);
  }
}

void ReceiveSentHandles(HandleTable& table) {
  std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
  if (!mailbox_socket.valid()) return;
  if (ProcessRecord* own = OwnRecord()) table.MarkReceived(std::atomic_ref<uint32_t>(own->pending).load());
  for (;;) {
    Parcel parcel;
    auto fds = posix::ReceiveWithDescriptors(mailbox_socket.get(), &parcel, sizeof parcel);
    if (!fds) return;
    if (parcel.magic == kCloseMagic) {
      (void)table.Close(parcel.value);  // another process duplicated it out with DUPLICATE_CLOSE_SOURCE
    } else {
      (void)Unwrap(parcel, FromReceived(parcel, std::move(*fds)), table);
    }
  }
}

Result<Launch> PrepareLaunch(bool inherit_handles, bool suspended) {
  Launch launch;
  // The child's record and mailbox socket, made now so that handles can be sent to it, and its exit code read,
  // as soon as CreateProcess returns.
  launch.mailbox_name = NewSocketName();
  auto record = NewProcessRecord(launch.mailbox_name, suspended);
  if (!record.ok()) return record.status();
  auto parent_copy = posix::DupDescriptor(record->get());
  if (!parent_copy.ok()) return parent_copy.status();
  launch.record = std::move(parent_copy).value();
  launch.keep_fds.push_back(record->get());
  launch.environment.push_back(std::string(kMailboxMemoryVariable) + "=" + std::to_string(record->get()));
  launch.owned.push_back(std::move(record).value());
  auto socket = posix::BindDatagramSocket(launch.mailbox_name);
  if (socket.ok()) {
    launch.keep_fds.push_back(socket->get());
    launch.environment.push_back(std::string(kMailboxVariable) + "=" + std::to_string(socket->get()));
    launch.owned.push_back(std::move(socket).value());
  }
  if (!inherit_handles) return launch;
  std::vector<Parcel> parcels;
  for (const auto& [value, entry] : HandleTable::Get().Snapshot()) {
    if (!(entry.flags & kHandleFlagInherit)) continue;
    Parcel parcel;
    auto carried = Wrap(entry, value, entry.access, entry.flags, &parcel);
    if (!carried.ok()) continue;  // files do not travel (yet)
    parcel.fd = carried->first.valid() ? carried->first.get() : -1;
    parcel.record_fd = carried->record.valid() ? carried->record.get() : -1;
    const ObjectFile* file = entry.object->file();
    if (file != nullptr && file->in_table()) {
      // An object in the arena travels without a descriptor: the child is recorded by its pid until it runs.
      launch.named_in_table.emplace_back(entry.object, parcel.fd >= 0 ? parcel.fd : NameHolder::kInTransit);
    }
    for (posix::Fd* fd : {&carried->first, &carried->record}) {
      if (!fd->valid()) continue;
      launch.keep_fds.push_back(fd->get());
      launch.owned.push_back(std::move(*fd));
    }
    parcels.push_back(parcel);
  }
  auto payload = posix::MemFd("winipc-inherit");
  if (!payload.ok()) return payload.status();
  const uint32_t count = static_cast<uint32_t>(parcels.size());
  WINIPC_RETURN_IF_ERROR(posix::WriteAt(payload->get(), &count, sizeof count, 0));
  if (!parcels.empty()) {
    WINIPC_RETURN_IF_ERROR(posix::WriteAt(payload->get(), parcels.data(), parcels.size() * sizeof(Parcel), 8));
  }
  launch.keep_fds.push_back(payload->get());
  launch.environment.push_back(std::string(kInheritVariable) + "=" + std::to_string(payload->get()));
  launch.owned.push_back(std::move(payload).value());
  return launch;
}

void LaunchSucceeded(Launch& launch, int pid) {
  // Before the parent's copies close: the parent may close its own handle at once, and on Windows the child's
  // inherited handle keeps the name from the moment CreateProcess returns.
  for (const auto& [object, fd] : launch.named_in_table) {
    Namespace::HoldForProcess(*object->file(), pid, fd, /*started_child=*/true);
  }
  launch.named_in_table.clear();
  launch.owned.clear();  // the child has its own copies now
}

void EnsureMailbox() {
  std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
  if (OwnRecord() != nullptr) return;
  const std::string name = NewSocketName();
  auto socket = posix::BindDatagramSocket(name);
  auto memory = NewProcessRecord(name, /*suspended=*/false);
  if (socket.ok() && memory.ok()) {
    OpenOwnMailbox(std::move(memory).value(), std::move(socket).value(), /*wait_if_suspended=*/false);
  }
}

Result<uintptr_t> SendHandle(Process& target, const HandleEntry& entry, uint32_t access, uint32_t flags) {
  ProcessRecord* box = target.record();
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);  // not an emu process that can receive handles
  const std::string socket_name(box->socket_name, strnlen(box->socket_name, sizeof box->socket_name));
  const uint32_t index = std::atomic_ref<uint32_t>(box->next).fetch_add(1);
  const uintptr_t value = kRemoteHandleBase + uintptr_t{index} * 4;
  Parcel parcel;
  auto carried = Wrap(entry, value, access, flags, &parcel);
  const ObjectFile* file = entry.object->file();
  if (carried.ok() && file != nullptr && file->in_table()) {
    Namespace::HoldForProcess(*file, target.pid(), NameHolder::kInTransit);  // before the source may close
  }
  Status sent = carried.ok() ? posix::SendWithDescriptors(socket_name, &parcel, sizeof parcel, ToSend(*carried))
                             : carried.status();
  if (sent.ok()) std::atomic_ref<uint32_t>(box->pending).fetch_add(1);
  if (!sent.ok()) {
    if (carried.ok() && file != nullptr && file->in_table()) {
      Namespace::ForgetHoldOf(*file, target.pid(), NameHolder::kInTransit);
    }
    return sent;
  }
  return value;
}

namespace {

// The object a handle another process published names, as an object of this process.
Result<std::shared_ptr<Object>> TakePublished(Process& source, const PublishedHandle& slot) {
  const auto type = static_cast<ObjectType>(slot.type);
  if (slot.fd == PublishedHandle::kInArena) {
    // A Local sync object in the name table's arena: taken if its entry is still that object (a handle to it is
    // still open somewhere), which the stripe lock settles against a close in the source.
    auto file = Namespace::AdoptFromArena(type, slot.detail, slot.serial, slot.table);
    if (!file.ok()) return file.status();
    return MakeObject(type, std::move(file).value());
  }
  if (slot.fd < 0) return Status(ERROR_NOT_SUPPORTED);  // a file, or a process emu knows no record of
  auto path = posix::DescriptorPath(source.pid(), slot.fd);
  auto fd = posix::ReopenDescriptor(source.pid(), slot.fd);
  if (!path.ok() || !fd.ok()) return Status(ERROR_INVALID_HANDLE);
  if (type == ObjectType::kProcess || type == ObjectType::kThread) {
    // The descriptor is the record of the process the handle names: it says who that is.
    return TakeProcessObject(type, std::move(fd).value(), slot.detail);
  }
  WINIPC_RETURN_IF_ERROR(posix::LockByte(fd->get(), 0, posix::LockKind::kShared, false));
  const auto name = Namespace::NameOfPath(path.value());
  auto file = Namespace::Adopt(std::move(fd).value(), type, name.has_value(), name ? name->first : Scope::kLocal,
                               name ? name->second : std::string());
  if (!file.ok()) return file.status();
  return MakeObject(type, std::move(file).value());
}

}  // namespace

Result<TakenHandle> TakeHandle(Process& source, uintptr_t value) {
  value &= ~uintptr_t{3};
  if (value < 4 || value >= kRemoteHandleBase) return Status(ERROR_INVALID_HANDLE);
  ProcessRecord* box = source.record();
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);  // it does not publish its handles
  const size_t index = (value >> 2) - 1;
  PublishedHandle slot = {};
  if (index < kPublishedSlots) slot = PublishedHandles(*box)[index];
  if (!slot.used) return Status(ERROR_INVALID_HANDLE);
  auto object = TakePublished(source, slot);
  if (!object.ok()) return object.status();
  if (!object.value()) return Status(ERROR_INVALID_HANDLE);
  return TakenHandle{std::move(object).value(), slot.access, slot.flags};
}

Status RequestClose(Process& source, uintptr_t value) {
  ProcessRecord* box = source.record();
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);
  const std::string socket_name(box->socket_name, strnlen(box->socket_name, sizeof box->socket_name));
  Parcel parcel = {};
  parcel.magic = kCloseMagic;
  parcel.value = value;
  Status sent = posix::SendWithDescriptors(socket_name, &parcel, sizeof parcel, {});
  if (sent.ok()) std::atomic_ref<uint32_t>(box->pending).fetch_add(1);
  return sent;
}

}  // namespace winipc
