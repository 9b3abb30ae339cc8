#include "posix/errno_map.h"

#include <errno.h>
#include <windows.h>

namespace winipc::posix {

uint32_t Win32ErrorFromErrno(int err) {
  switch (err) {
    case 0:
      return ERROR_SUCCESS;
    case ENOENT:
      return ERROR_FILE_NOT_FOUND;
    case ENOTDIR:
      return ERROR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EROFS:
    case ELOOP:  // a symlink planted where emu expects its own file or directory
      return ERROR_ACCESS_DENIED;
    case EBADF:
      return ERROR_INVALID_HANDLE;
    case EPIPE:  // a write to a pipe nobody can read any more
      return ERROR_NO_DATA;
    case ENOMEM:
    case EOVERFLOW:
    case EFBIG:
      return ERROR_NOT_ENOUGH_MEMORY;
    case EMFILE:
    case ENFILE:
      return ERROR_TOO_MANY_OPEN_FILES;
    case ENOSPC:
    case EDQUOT:
      return ERROR_DISK_FULL;
    case EEXIST:
      return ERROR_ALREADY_EXISTS;
    case ENAMETOOLONG:
      return ERROR_FILENAME_EXCED_RANGE;
    case EINVAL:
      return ERROR_INVALID_PARAMETER;
    case EFAULT:
      return ERROR_NOACCESS;
    case EAGAIN:
    case EBUSY:
      return ERROR_SHARING_VIOLATION;
    case ETIMEDOUT:
      return ERROR_TIMEOUT;
    case ENOSYS:
    case EOPNOTSUPP:
      return ERROR_NOT_SUPPORTED;
    default:
      return ERROR_INVALID_FUNCTION;
  }
}

}  // namespace winipc::posix
