// Anonymous pipes for CreatePipe and PeekNamedPipe: making one, asking how much it holds, and reading its first
// bytes without taking them.
#ifndef WINIPC_POSIX_PIPE_SYS_H_
#define WINIPC_POSIX_PIPE_SYS_H_

#include <cstddef>
#include <cstdint>
#include <utility>

#include "core/status.h"
#include "posix/sys.h"

namespace winipc::posix {

// A pipe, read end first, both close-on-exec. `size` (0: the system's default) is a hint for the pipe's buffer,
// as nSize is for CreatePipe: the kernel rounds it up to a page and caps it at /proc/sys/fs/pipe-max-size.
Result<std::pair<Fd, Fd>> MakePipe(uint32_t size);

bool IsPipe(int fd);

struct PipeLevel {
  uint32_t available = 0;     // bytes that a read would get now
  bool writers_gone = false;  // no write end is open any more (with nothing left: the pipe has ended)
};
Result<PipeLevel> PipeLevelOf(int fd);

// Copies up to `length` of the bytes waiting in the pipe (never blocking), leaving them there to be read.
Result<size_t> PeekPipe(int fd, void* buffer, size_t length);

// A write to a pipe whose read ends are all closed fails with EPIPE (ERROR_NO_DATA) instead of ending the process
// with SIGPIPE, as Windows programs expect. Children started afterwards inherit the setting (POSIX keeps an
// ignored signal ignored across exec).
void IgnoreBrokenPipeSignal();

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_PIPE_SYS_H_
