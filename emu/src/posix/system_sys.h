// The system calls behind the process-environment and system-information functions (issue 14): names, memory,
// processors and affinity, CPU times. Only this directory calls into the kernel.
#ifndef WINIPC_POSIX_SYSTEM_SYS_H_
#define WINIPC_POSIX_SYSTEM_SYS_H_

#include <cstdint>
#include <string>

#include "core/status.h"

namespace winipc::posix {

// uname's nodename ("host.example.org").
std::string NodeName();
// The login name of the real user id (getpwuid_r), or the id in decimal when the password database lacks it.
std::string UserName();

struct MemoryFigures {
  uint64_t total_physical;
  uint64_t available_physical;  // MemAvailable of /proc/meminfo (free RAM the kernel can hand out)
  uint64_t total_swap;
  uint64_t free_swap;
  uint64_t process_virtual;  // the address space this process maps (VmSize)
};
MemoryFigures Memory();

// Affinity masks of CPUs 0..63. `tid` 0 is the calling thread.
Result<uint64_t> ThreadAffinity(int tid);
Status SetThreadAffinity(int tid, uint64_t mask);
// Sets every thread of this process (the kernel keeps affinity per thread).
Status SetAllThreadsAffinity(uint64_t mask);
// The CPUs the system has online (bit i = CPU i).
uint64_t OnlineCpuMask();
// The CPU the calling thread runs on (sched_getcpu), 0 when unknown.
unsigned CurrentCpu();

// CPU times of a process or a thread, in nanoseconds; `start_realtime_ns` is when it started on the realtime
// clock (Unix epoch), from its start in clock ticks after boot.
struct TaskTimes {
  int64_t start_realtime_ns;
  uint64_t kernel_ns;
  uint64_t user_ns;
};
// `tid` 0: the whole process `pid` (children not counted). The calling process and thread use getrusage for
// microsecond times; others are read from /proc in clock ticks.
Result<TaskTimes> TimesOf(int pid, int tid);

// True when a tracer (a debugger) is attached to this process (TracerPid of /proc/self/status).
bool BeingTraced();

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_SYSTEM_SYS_H_
