// A process's record: the one shared file (a memfd called "winipc-mailbox") through which other processes see an
// emu process, with no server. It holds
// - the mailbox other processes send handles to (core/transfer.h): the socket's name and two counters;
// - the process's full 32-bit exit code, written when it exits or is terminated (Linux keeps 8 bits of an exit
//   status, and only for the parent), and the word a child created suspended waits on;
// - one slot per thread whose handle has left the process (slot 0 is always the main thread): its id, its exit
//   code and a futex word set when it ends;
// - the process's handles as it publishes them, for DuplicateHandle out of it.
//
// Whoever holds a handle to the process (or to one of its threads) keeps a descriptor of the record, so the exit
// code stays readable after the process is gone, and waits on the thread words. Others find the record among
// /proc/<pid>/fd (same user only); a child emu starts gets its record from its parent, ready before CreateProcess
// returns, and any other process makes one when it first deals with another process (core/transfer.h).
#ifndef WINIPC_CORE_PROCESS_RECORD_H_
#define WINIPC_CORE_PROCESS_RECORD_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/handles.h"
#include "core/status.h"
#include "posix/sys.h"

namespace winipc {

struct ThreadRecord {
  uint32_t tid;
  uint32_t ended;  // futex word: kThreadRunning, kThreadEnded (exit_code is final) or kThreadEndedWithProcess
  uint32_t exit_code;
  uint32_t unused;
};
inline constexpr uint32_t kThreadRunning = 0;
inline constexpr uint32_t kThreadEnded = 1;
inline constexpr uint32_t kThreadEndedWithProcess = 2;  // the process ended first: its exit code is the thread's

struct ProcessRecord {
  // The mailbox (core/transfer.cc).
  uint32_t magic;
  uint32_t next;     // the next remote handle index, taken with an atomic add
  uint32_t pending;  // bumped by every sender after sending
  uint32_t unused;
  char socket_name[96];
  // The process.
  uint64_t exit;        // 0 while it runs; then kExitRecorded | the exit code, written once
  uint32_t suspended;   // futex word: 1 until the parent resumes the main thread
  uint32_t threads;     // thread slots handed out (slot 0, the main thread, is there from the start)
  int32_t pid;
  uint32_t unused2;
  uint64_t start_time;  // posix::ProcessStartTime: tells this process from a later one with the same pid
};
inline constexpr uint32_t kRecordMagic = 0x4C435250;  // "PRCL"
inline constexpr uint64_t kExitRecorded = uint64_t{1} << 32;

inline constexpr uint64_t kPublishedOffset = 4096;
inline constexpr size_t kPublishedSlots = 16384;  // handles 4 .. 65536 can be taken out by another process
inline constexpr uint64_t kThreadsOffset = kPublishedOffset + kPublishedSlots * sizeof(PublishedHandle);
inline constexpr uint32_t kThreadSlots = 65536;
inline constexpr uint64_t kRecordSize = kThreadsOffset + uint64_t{kThreadSlots} * sizeof(ThreadRecord);
inline constexpr uint32_t kNoThreadSlot = UINT32_MAX;

// A new record (sparse: only the pages touched cost memory) for a process not started yet, or this one.
Result<posix::Fd> NewProcessRecord(const std::string& socket_name, bool suspended);
// Maps a record; nullptr if it is not one.
ProcessRecord* MapProcessRecord(int fd);
void UnmapProcessRecord(ProcessRecord* record);
// Opens the record of process `pid` anew (it must still be the process that started at `start_time`);
// ERROR_FILE_NOT_FOUND if it has none (not an emu process that deals with others), or is gone.
Result<posix::Fd> FindProcessRecord(pid_t pid, uint64_t start_time);
// Fills in who the record is for, once that process exists.
void SetRecordOwner(ProcessRecord& record, pid_t pid, uint64_t start_time);

PublishedHandle* PublishedHandles(ProcessRecord& record);
// Slot `index`, or nullptr past the end.
ThreadRecord* ThreadSlot(ProcessRecord& record, uint32_t index);
// A new slot for thread `tid`; nullopt when every slot is taken.
std::optional<uint32_t> NewThreadSlot(ProcessRecord& record, uint32_t tid);
// The slot of the running thread `tid` (OpenThread), if it has one.
std::optional<uint32_t> FindThreadSlot(ProcessRecord& record, uint32_t tid);

// The exit code, once recorded.
std::optional<uint32_t> RecordedExitCode(const ProcessRecord& record);
// Records the exit code unless one is already there (the first of ExitProcess and TerminateProcess wins).
void RecordExitCode(ProcessRecord& record, uint32_t exit_code);

// A thread's end, by the thread itself (its exit code), or by a holder that saw its process end first. Either
// wakes the slot's waiters, in every process; the first to end the slot decides how it ended.
void EndThreadSlot(ThreadRecord& slot, uint32_t exit_code);
void EndThreadSlotsWithProcess(ProcessRecord& record);

// This process's own record, once it has one (core/transfer.cc makes it), and its descriptor. A child made by
// fork() has none of its own until it makes one.
ProcessRecord* OwnRecord();
int OwnRecordFd();
void SetOwnRecord(ProcessRecord* record, posix::Fd fd);

}  // namespace winipc

#endif  // WINIPC_CORE_PROCESS_RECORD_H_
