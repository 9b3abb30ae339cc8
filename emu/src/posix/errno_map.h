// The one errno -> Win32 error table. Every system call failure in emu passes through here.
#ifndef WINIPC_POSIX_ERRNO_MAP_H_
#define WINIPC_POSIX_ERRNO_MAP_H_

#include "core/status.h"

namespace winipc::posix {

uint32_t Win32ErrorFromErrno(int err);
inline Status StatusFromErrno(int err) { return Status(Win32ErrorFromErrno(err)); }

}  // namespace winipc::posix

#endif  // WINIPC_POSIX_ERRNO_MAP_H_
