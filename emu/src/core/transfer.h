// Handles that cross into another process: inherited by a child of CreateProcess, or duplicated into any emu
// process with DuplicateHandle. No server: the object travels as file descriptors (for a named or unnamed object,
// a new open file description of its file, holding its own liveness lock, so the object lives while it travels;
// for a process or thread, the process's pidfd and its record, core/process_record.h), with a fixed-size parcel
// saying what it is.
//
// - Inheritance: CreateProcess writes the parcels of the inheritable handles into a memfd and keeps their
//   descriptors open across exec; the child takes them in, at the same values, when it starts.
// - Duplication: a process that can receive handles has a mailbox: an abstract datagram socket, named in its
//   process record (which others find through /proc/<pid>/fd, and which goes with the process, however it ends)
//   with a counter. The sender takes the next value from the counter (values from kRemoteHandleBase up, which the
//   receiver's own allocator never uses), sends the parcel with the descriptors attached (SCM_RIGHTS: the kernel
//   keeps them alive even if the sender exits), and returns the value. The receiver takes queued parcels in when
//   it looks up a value it does not know yet, or when the record's `pending` counter has moved. A mailbox is made
//   on demand: for a child emu starts, by CreateProcess; otherwise when a process first asks for its own id or
//   for another process, or sends a process or thread handle away — a process that never does costs nothing.
// - Duplication out of another process: a process with a mailbox also publishes its handles in its record (type,
//   access, flags and the descriptor number of the object's file, or of the record of the process a process or
//   thread handle names); the taker opens that descriptor anew through /proc/<pid>/fd. DUPLICATE_CLOSE_SOURCE
//   sends the owner a close request, carried out at its next lookup.
#ifndef WINIPC_CORE_TRANSFER_H_
#define WINIPC_CORE_TRANSFER_H_

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/handles.h"
#include "core/status.h"
#include "posix/sys.h"

namespace winipc {

class Process;

// What CreateProcess hands the child besides its command line.
struct Launch {
  std::vector<std::string> environment;  // variables that tell the child where things are
  std::vector<int> keep_fds;             // descriptors the child keeps (same numbers)
  std::vector<posix::Fd> owned;          // the parent's copies, closed once the child runs
  std::string mailbox_name;              // the child's mailbox socket
  posix::Fd record;                      // the child's record, which the parent keeps
  // Inherited objects whose Local name the child holds from its start: the object and the descriptor number.
  std::vector<std::pair<std::shared_ptr<Object>, int>> named_in_table;
};
Result<Launch> PrepareLaunch(bool inherit_handles, bool suspended);
// After the spawn of process `pid`: records the child as a holder of the inherited Local names, and closes the
// parent's copies.
void LaunchSucceeded(Launch& launch, int pid);
// Whether an environment entry is one of emu's launch variables (a stale one is dropped before a spawn).
bool IsLaunchVariable(const std::string& entry);

// Makes this process's mailbox if it has none.
void EnsureMailbox();

// DuplicateHandle into another emu process: the value the object has there. ERROR_NOT_SUPPORTED for objects
// that cannot travel (files) and for a target without a mailbox.
Result<uintptr_t> SendHandle(Process& target, const HandleEntry& entry, uint32_t access, uint32_t flags);

// DuplicateHandle out of another emu process (it publishes its handles in its mailbox file): a new reference to
// the object behind `value` there, with that handle's access and flags.
struct TakenHandle {
  std::shared_ptr<Object> object;
  uint32_t access;
  uint32_t flags;
};
Result<TakenHandle> TakeHandle(Process& source, uintptr_t value);
// DUPLICATE_CLOSE_SOURCE for a handle in another process: asks it to close the handle; it does so the next time it
// looks up any handle.
Status RequestClose(Process& source, uintptr_t value);

}  // namespace winipc

#endif  // WINIPC_CORE_TRANSFER_H_
