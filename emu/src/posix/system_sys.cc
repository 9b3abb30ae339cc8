#include "posix/system_sys.h"

#include <dirent.h>
#include <pwd.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <windows.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "posix/errno_map.h"

namespace winipc::posix {
namespace {

// A /proc file's first line that starts with `key` (e.g. "MemAvailable:"), its number; nullopt if absent.
std::optional<uint64_t> ProcField(const char* path, const char* key) {
  FILE* f = std::fopen(path, "re");
  if (f == nullptr) return std::nullopt;
  char line[256];
  std::optional<uint64_t> value;
  const size_t key_length = std::strlen(key);
  while (std::fgets(line, sizeof line, f) != nullptr) {
    if (std::strncmp(line, key, key_length) == 0) {
      value = std::strtoull(line + key_length, nullptr, 10);
      break;
    }
  }
  std::fclose(f);
  return value;
}

uint64_t MaskOf(const cpu_set_t& set) {
  uint64_t mask = 0;
  for (int cpu = 0; cpu < 64; ++cpu) {
    if (CPU_ISSET(cpu, &set)) mask |= uint64_t{1} << cpu;
  }
  return mask;
}

cpu_set_t SetOf(uint64_t mask) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu = 0; cpu < 64; ++cpu) {
    if (mask & (uint64_t{1} << cpu)) CPU_SET(cpu, &set);
  }
  return set;
}

int64_t ClockNs(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

uint64_t TimevalNs(const struct timeval& tv) {
  return static_cast<uint64_t>(tv.tv_sec) * 1000000000u + static_cast<uint64_t>(tv.tv_usec) * 1000u;
}

// utime, stime and starttime (fields 14, 15 and 22) of a /proc/.../stat file, in clock ticks.
struct StatTicks {
  uint64_t user, kernel, start;
};
std::optional<StatTicks> ReadStat(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "re");
  if (f == nullptr) return std::nullopt;
  char buffer[1024];
  const size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
  std::fclose(f);
  buffer[n] = 0;
  // The command name (field 2) may hold spaces and parentheses: fields are counted from its last ')'.
  const char* p = std::strrchr(buffer, ')');
  if (p == nullptr) return std::nullopt;
  p += 2;  // field 3
  StatTicks ticks{};
  for (int field = 3; field <= 22 && *p != 0; ++field) {
    char* end = nullptr;
    const unsigned long long value = std::strtoull(p, &end, 10);
    if (field == 14) ticks.user = value;
    if (field == 15) ticks.kernel = value;
    if (field == 22) ticks.start = value;
    p = end;
    while (*p == ' ') ++p;
    if (field == 3) {  // the state is a letter, not a number: strtoull did not move
      while (*p != ' ' && *p != 0) ++p;
      while (*p == ' ') ++p;
    }
  }
  return ticks;
}

}  // namespace

std::string NodeName() {
  struct utsname name;
  if (uname(&name) != 0) return "localhost";
  return name.nodename;
}

std::string UserName() {
  const uid_t uid = getuid();
  std::vector<char> buffer(16384);
  struct passwd entry;
  struct passwd* found = nullptr;
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) return found->pw_name;
  return std::to_string(uid);
}

MemoryFigures Memory() {
  MemoryFigures figures{};
  struct sysinfo si;
  if (sysinfo(&si) == 0) {
    figures.total_physical = static_cast<uint64_t>(si.totalram) * si.mem_unit;
    figures.available_physical = static_cast<uint64_t>(si.freeram) * si.mem_unit;
    figures.total_swap = static_cast<uint64_t>(si.totalswap) * si.mem_unit;
    figures.free_swap = static_cast<uint64_t>(si.freeswap) * si.mem_unit;
  }
  if (auto available = ProcField("/proc/meminfo", "MemAvailable:")) figures.available_physical = *available * 1024;
  if (auto size = ProcField("/proc/self/status", "VmSize:")) figures.process_virtual = *size * 1024;
  return figures;
}

Result<uint64_t> ThreadAffinity(int tid) {
  cpu_set_t set;
  if (sched_getaffinity(tid, sizeof set, &set) != 0) return StatusFromErrno(errno);
  return MaskOf(set);
}

Status SetThreadAffinity(int tid, uint64_t mask) {
  const cpu_set_t set = SetOf(mask);
  if (sched_setaffinity(tid, sizeof set, &set) != 0) return StatusFromErrno(errno);
  return Status::Ok();
}

Status SetAllThreadsAffinity(uint64_t mask) {
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return SetThreadAffinity(0, mask);
  Status result = Status::Ok();
  while (struct dirent* entry = readdir(tasks)) {
    if (entry->d_name[0] == '.') continue;
    Status set = SetThreadAffinity(std::atoi(entry->d_name), mask);
    if (!set.ok() && set.code() != StatusFromErrno(ESRCH).code()) result = set;  // a thread that just ended
  }
  closedir(tasks);
  return result;
}

uint64_t OnlineCpuMask() {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n <= 0) return 1;
  return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
}

unsigned CurrentCpu() {
  const int cpu = sched_getcpu();
  return cpu >= 0 ? static_cast<unsigned>(cpu) : 0;
}

Result<TaskTimes> TimesOf(int pid, int tid) {
  const bool self_process = pid == getpid();
  const bool self_thread = self_process && tid == static_cast<int>(syscall(SYS_gettid));
  const std::string path = "/proc/" + std::to_string(pid) + (tid != 0 ? "/task/" + std::to_string(tid) : "") + "/stat";
  auto ticks = ReadStat(path);
  if (!ticks) return Status(self_process ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
  const int64_t hz = sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) : 100;
  const auto ticks_ns = [hz](uint64_t t) { return t * (1000000000u / static_cast<uint64_t>(hz)); };
  // Boot time on the realtime clock: now minus the time since boot (CLOCK_BOOTTIME counts what starttime counts).
  const int64_t boot_ns = ClockNs(CLOCK_REALTIME) - ClockNs(CLOCK_BOOTTIME);
  TaskTimes times{boot_ns + static_cast<int64_t>(ticks_ns(ticks->start)), ticks_ns(ticks->kernel),
                  ticks_ns(ticks->user)};
  struct rusage usage;
  if ((self_process && tid == 0 && getrusage(RUSAGE_SELF, &usage) == 0) ||
      (self_thread && getrusage(RUSAGE_THREAD, &usage) == 0)) {
    times.kernel_ns = TimevalNs(usage.ru_stime);
    times.user_ns = TimevalNs(usage.ru_utime);
  }
  return times;
}

bool BeingTraced() {
  auto tracer = ProcField("/proc/self/status", "TracerPid:");
  return tracer && *tracer != 0;
}

}  // namespace winipc::posix
