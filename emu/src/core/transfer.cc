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
#include "core/namespace.h"
#include "core/process.h"
#include "core/section.h"
#include "core/semaphore.h"
#include "core/timer.h"
#include "posix/process_sys.h"

namespace winipc {
namespace {

constexpr uint32_t kParcelMagic = 0x4C435250;  // "PRCL"
constexpr char kInheritVariable[] = "WINIPC_INHERIT";
constexpr char kRecordVariable[] = "WINIPC_RECORD";
constexpr char kMailboxVariable[] = "WINIPC_MAILBOX";
constexpr char kMailboxMemoryVariable[] = "WINIPC_MAILBOX_MEMORY";

struct Parcel {
  uint32_t magic;
  uint32_t type;
  uint32_t access;
  uint32_t flags;
  uint64_t value;
  int32_t fd;  // inheritance: the descriptor number in the child
  uint32_t named;
  uint32_t scope;
  char file_name[256];
};

constexpr uint32_t kCloseMagic = 0x45534C43;  // "CLSE": close the handle `value` (DUPLICATE_CLOSE_SOURCE)

// The mailbox file: who to send to, the next remote value, a counter bumped after each send (the receiver looks
// at its mail when it changes), and the receiver's own handles as it publishes them.
struct Mailbox {
  uint32_t magic;
  uint32_t next;     // the next remote handle index, taken with an atomic add
  uint32_t pending;  // bumped by every sender after sending
  uint32_t unused;
  char socket_name[96];
};
constexpr uint64_t kSlotsOffset = 4096;
constexpr size_t kPublishedSlots = 16384;  // handles 4 .. 65536 can be taken out by another process
constexpr uint64_t kMailboxSize = kSlotsOffset + kPublishedSlots * sizeof(PublishedHandle);

constexpr char kMailboxMemFdName[] = "winipc-mailbox";

std::recursive_mutex mailbox_mutex;  // recursive: taking mail in may close a handle, which may look at mail
posix::Fd mailbox_socket;            // this process's, once made
posix::Fd mailbox_memory;            // this process's mailbox (a memfd others find through /proc/<pid>/fd)
Mailbox* own_mailbox = nullptr;      // mapped

std::string NewSocketName() {
  static std::atomic<uint32_t> serial{0};
  return "winipc-" + std::to_string(posix::CurrentProcessId()) + "-" +
         std::to_string(posix::MonotonicNowNs()) + "-" + std::to_string(serial.fetch_add(1));
}

// A new mailbox naming `socket_name`: a memfd, so it goes with the last process that holds it, however it ends.
Result<posix::Fd> NewMailbox(const std::string& socket_name) {
  auto fd = posix::MemFd(kMailboxMemFdName);
  if (!fd.ok()) return fd.status();
  WINIPC_RETURN_IF_ERROR(posix::Truncate(fd->get(), kMailboxSize));  // sparse: only touched pages cost memory
  Mailbox m = {};
  m.magic = kParcelMagic;
  std::strncpy(m.socket_name, socket_name.c_str(), sizeof m.socket_name - 1);
  WINIPC_RETURN_IF_ERROR(posix::WriteAt(fd->get(), &m, sizeof m, 0));
  return fd;
}

Mailbox* MapMailboxFd(int fd) {
  auto mapped = posix::Map(nullptr, kMailboxSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  return mapped.ok() ? static_cast<Mailbox*>(mapped.value()) : nullptr;
}

// Maps another process's mailbox, found among its descriptors; nullptr if it has none (not an emu process that
// can trade handles) or the pid now belongs to another process.
Mailbox* MapMailbox(pid_t pid, uint64_t start_time) {
  auto fd = posix::FindMemFd(pid, kMailboxMemFdName);
  if (!fd.ok()) return nullptr;
  auto start = posix::ProcessStartTime(pid);
  if (!start.ok() || start.value() != start_time) return nullptr;
  Mailbox* box = MapMailboxFd(fd->get());
  if (box != nullptr && box->magic != kParcelMagic) {
    (void)posix::Unmap(box, kMailboxSize);
    return nullptr;
  }
  return box;
}

void UnmapMailbox(Mailbox* box) { (void)posix::Unmap(box, kMailboxSize); }

PublishedHandle* SlotsOf(Mailbox* box) {
  return reinterpret_cast<PublishedHandle*>(reinterpret_cast<unsigned char*>(box) + kSlotsOffset);
}

// This process keeps its mailbox and socket, and starts publishing its handles.
void OpenOwnMailbox(posix::Fd memory, posix::Fd socket) {
  own_mailbox = MapMailboxFd(memory.get());
  if (own_mailbox == nullptr) return;
  mailbox_memory = std::move(memory);
  mailbox_socket = std::move(socket);
  HandleTable::Get().PublishTo(SlotsOf(own_mailbox), kPublishedSlots, &own_mailbox->pending);
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

// The parcel for a handle and the descriptor to send with it.
Result<posix::Fd> Wrap(const HandleEntry& entry, uint64_t value, uint32_t access, uint32_t flags, Parcel* parcel) {
  const ObjectFile* file = entry.object->file();
  if (file == nullptr) return Status(ERROR_NOT_SUPPORTED);
  auto fd = Namespace::DescriptorForAnotherProcess(*file);
  if (!fd.ok()) return fd.status();
  *parcel = Parcel{};
  parcel->magic = kParcelMagic;
  parcel->type = static_cast<uint32_t>(entry.object->type());
  parcel->access = access;
  parcel->flags = flags;
  parcel->value = value;
  parcel->named = file->named() ? 1 : 0;
  parcel->scope = static_cast<uint32_t>(file->scope());
  std::strncpy(parcel->file_name, file->file_name().c_str(), sizeof parcel->file_name - 1);
  return fd;
}

Status Unwrap(const Parcel& parcel, posix::Fd fd, HandleTable& table) {
  if (parcel.magic != kParcelMagic) return Status(ERROR_INVALID_PARAMETER);
  const auto type = static_cast<ObjectType>(parcel.type);
  auto file = Namespace::Adopt(std::move(fd), type, parcel.named != 0, static_cast<Scope>(parcel.scope),
                               std::string(parcel.file_name, strnlen(parcel.file_name, sizeof parcel.file_name)));
  if (!file.ok()) return file.status();
  std::shared_ptr<Object> object = MakeObject(type, std::move(file).value());
  if (!object) return Status(ERROR_INVALID_PARAMETER);
  return table.InsertAt(parcel.value, std::move(object), parcel.access, parcel.flags);
}

int DescriptorFromEnvironment(const char* variable) {
  const char* text = getenv(variable);
  if (text == nullptr) return -1;
  const int fd = atoi(text);
  unsetenv(variable);  // not for this process's own children
  return fd > 2 ? fd : -1;
}

// A child emu started: takes its handles, its mailbox and its record before main runs.
__attribute__((constructor)) void StartFromParent() {
  if (getenv(kInheritVariable) == nullptr && getenv(kRecordVariable) == nullptr) return;
  (void)HandleTable::Get();  // adopts the inherited handles
  const int socket = DescriptorFromEnvironment(kMailboxVariable);
  const int memory = DescriptorFromEnvironment(kMailboxMemoryVariable);
  if (socket >= 0 && memory >= 0) {
    (void)posix::SetCloseOnExec(socket);
    (void)posix::SetCloseOnExec(memory);
    std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
    OpenOwnMailbox(posix::Fd(memory), posix::Fd(socket));
  }
  const int record = DescriptorFromEnvironment(kRecordVariable);
  if (record >= 0) AttachProcessRecord(record);
}

}  // namespace

bool IsLaunchVariable(const std::string& entry) {
  for (const char* variable : {kInheritVariable, kRecordVariable, kMailboxVariable, kMailboxMemoryVariable}) {
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
    if (parcel.fd <= 2) continue;
    (void)posix::SetCloseOnExec(parcel.fd);
    (void)Unwrap(parcel, posix::Fd(parcel.fd), table);
  }
}

void ReceiveSentHandles(HandleTable& table) {
  std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
  if (!mailbox_socket.valid()) return;
  if (own_mailbox != nullptr) table.MarkReceived(std::atomic_ref<uint32_t>(own_mailbox->pending).load());
  for (;;) {
    Parcel parcel;
    std::optional<posix::Fd> fd = posix::ReceiveWithDescriptor(mailbox_socket.get(), &parcel, sizeof parcel);
    if (!fd) return;
    if (parcel.magic == kCloseMagic) {
      (void)table.Close(parcel.value);  // another process duplicated it out with DUPLICATE_CLOSE_SOURCE
    } else if (fd->valid()) {
      (void)Unwrap(parcel, std::move(*fd), table);
    }
  }
}

Result<Launch> PrepareLaunch(bool inherit_handles, int record_fd) {
  Launch launch;
  launch.keep_fds.push_back(record_fd);
  launch.environment.push_back(std::string(kRecordVariable) + "=" + std::to_string(record_fd));
  // The child's mailbox socket, bound now so that handles can be sent to it as soon as CreateProcess returns.
  launch.mailbox_name = NewSocketName();
  auto socket = posix::BindDatagramSocket(launch.mailbox_name);
  auto memory = NewMailbox(launch.mailbox_name);
  if (socket.ok() && memory.ok()) {
    launch.keep_fds.push_back(socket->get());
    launch.keep_fds.push_back(memory->get());
    launch.environment.push_back(std::string(kMailboxVariable) + "=" + std::to_string(socket->get()));
    launch.environment.push_back(std::string(kMailboxMemoryVariable) + "=" + std::to_string(memory->get()));
    launch.owned.push_back(std::move(socket).value());
    launch.owned.push_back(std::move(memory).value());
  }
  if (!inherit_handles) return launch;
  std::vector<Parcel> parcels;
  for (const auto& [value, entry] : HandleTable::Get().Snapshot()) {
    if (!(entry.flags & kHandleFlagInherit)) continue;
    Parcel parcel;
    auto fd = Wrap(entry, value, entry.access, entry.flags, &parcel);
    if (!fd.ok()) continue;  // threads and processes do not travel (yet)
    parcel.fd = fd->get();
    launch.keep_fds.push_back(fd->get());
    launch.owned.push_back(std::move(fd).value());
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

void LaunchSucceeded(Launch& launch) {
  launch.owned.clear();  // the child has its own copies now
}

void EnsureMailbox() {
  std::lock_guard<std::recursive_mutex> guard(mailbox_mutex);
  if (mailbox_socket.valid()) return;
  const std::string name = NewSocketName();
  auto socket = posix::BindDatagramSocket(name);
  auto memory = NewMailbox(name);
  if (socket.ok() && memory.ok()) OpenOwnMailbox(std::move(memory).value(), std::move(socket).value());
}

Result<uintptr_t> SendHandle(const Process& target, const HandleEntry& entry, uint32_t access, uint32_t flags) {
  Mailbox* box = MapMailbox(target.pid(), target.start_time());
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);  // not an emu process that can receive handles
  const std::string socket_name(box->socket_name, strnlen(box->socket_name, sizeof box->socket_name));
  const uint32_t index = std::atomic_ref<uint32_t>(box->next).fetch_add(1);
  const uintptr_t value = kRemoteHandleBase + uintptr_t{index} * 4;
  Parcel parcel;
  auto fd = Wrap(entry, value, access, flags, &parcel);
  Status sent = fd.ok() ? posix::SendWithDescriptor(socket_name, &parcel, sizeof parcel, fd->get()) : fd.status();
  if (sent.ok()) std::atomic_ref<uint32_t>(box->pending).fetch_add(1);
  UnmapMailbox(box);
  if (!sent.ok()) return sent;
  return value;
}

Result<TakenHandle> TakeHandle(const Process& source, uintptr_t value) {
  value &= ~uintptr_t{3};
  if (value < 4 || value >= kRemoteHandleBase) return Status(ERROR_INVALID_HANDLE);
  Mailbox* box = MapMailbox(source.pid(), source.start_time());
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);  // it does not publish its handles
  const size_t index = (value >> 2) - 1;
  PublishedHandle slot = {};
  if (index < kPublishedSlots) slot = SlotsOf(box)[index];
  UnmapMailbox(box);
  if (!slot.used) return Status(ERROR_INVALID_HANDLE);
  if (slot.fd < 0) return Status(ERROR_NOT_SUPPORTED);  // a thread or process handle
  auto path = posix::DescriptorPath(source.pid(), slot.fd);
  auto fd = posix::ReopenDescriptor(source.pid(), slot.fd);
  if (!path.ok() || !fd.ok()) return Status(ERROR_INVALID_HANDLE);
  WINIPC_RETURN_IF_ERROR(posix::LockByte(fd->get(), 0, posix::LockKind::kShared, false));
  const auto name = Namespace::NameOfPath(path.value());
  const auto type = static_cast<ObjectType>(slot.type);
  auto file = Namespace::Adopt(std::move(fd).value(), type, name.has_value(), name ? name->first : Scope::kLocal,
                               name ? name->second : std::string());
  if (!file.ok()) return file.status();
  std::shared_ptr<Object> object = MakeObject(type, std::move(file).value());
  if (!object) return Status(ERROR_INVALID_HANDLE);
  return TakenHandle{std::move(object), slot.access, slot.flags};
}

Status RequestClose(const Process& source, uintptr_t value) {
  Mailbox* box = MapMailbox(source.pid(), source.start_time());
  if (box == nullptr) return Status(ERROR_NOT_SUPPORTED);
  const std::string socket_name(box->socket_name, strnlen(box->socket_name, sizeof box->socket_name));
  Parcel parcel = {};
  parcel.magic = kCloseMagic;
  parcel.value = value;
  Status sent = posix::SendWithDescriptor(socket_name, &parcel, sizeof parcel, -1);
  if (sent.ok()) std::atomic_ref<uint32_t>(box->pending).fetch_add(1);
  UnmapMailbox(box);
  return sent;
}

}  // namespace winipc
