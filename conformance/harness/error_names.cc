#include "harness/error_names.h"

#include <cstdio>

namespace winipc::conformance {
namespace {

struct ErrorEntry {
  DWORD code;
  const char* name;
};

// The one table of error names. Numbers rather than the ERROR_* macros, so that the table compiles against
// any windows.h; harness_test checks the entries against the macros each header does define.
constexpr ErrorEntry kErrors[] = {
    {0, "ERROR_SUCCESS"},
    {1, "ERROR_INVALID_FUNCTION"},
    {2, "ERROR_FILE_NOT_FOUND"},
    {3, "ERROR_PATH_NOT_FOUND"},
    {4, "ERROR_TOO_MANY_OPEN_FILES"},
    {5, "ERROR_ACCESS_DENIED"},
    {6, "ERROR_INVALID_HANDLE"},
    {8, "ERROR_NOT_ENOUGH_MEMORY"},
    {14, "ERROR_OUTOFMEMORY"},
    {17, "ERROR_NOT_SAME_DEVICE"},
    {18, "ERROR_NO_MORE_FILES"},
    {24, "ERROR_BAD_LENGTH"},
    {32, "ERROR_SHARING_VIOLATION"},
    {33, "ERROR_LOCK_VIOLATION"},
    {38, "ERROR_HANDLE_EOF"},
    {50, "ERROR_NOT_SUPPORTED"},
    {80, "ERROR_FILE_EXISTS"},
    {87, "ERROR_INVALID_PARAMETER"},
    {109, "ERROR_BROKEN_PIPE"},
    {112, "ERROR_DISK_FULL"},
    {120, "ERROR_CALL_NOT_IMPLEMENTED"},
    {122, "ERROR_INSUFFICIENT_BUFFER"},
    {123, "ERROR_INVALID_NAME"},
    {126, "ERROR_MOD_NOT_FOUND"},
    {127, "ERROR_PROC_NOT_FOUND"},
    {131, "ERROR_NEGATIVE_SEEK"},
    {145, "ERROR_DIR_NOT_EMPTY"},
    {158, "ERROR_NOT_LOCKED"},
    {161, "ERROR_BAD_PATHNAME"},
    {183, "ERROR_ALREADY_EXISTS"},
    {193, "ERROR_BAD_EXE_FORMAT"},
    {206, "ERROR_FILENAME_EXCED_RANGE"},
    {231, "ERROR_PIPE_BUSY"},
    {232, "ERROR_NO_DATA"},
    {234, "ERROR_MORE_DATA"},
    {258, "WAIT_TIMEOUT"},
    {267, "ERROR_DIRECTORY"},
    {288, "ERROR_NOT_OWNER"},
    {298, "ERROR_TOO_MANY_POSTS"},
    {487, "ERROR_INVALID_ADDRESS"},
    {995, "ERROR_OPERATION_ABORTED"},
    {996, "ERROR_IO_INCOMPLETE"},
    {997, "ERROR_IO_PENDING"},
    {998, "ERROR_NOACCESS"},
    {1006, "ERROR_FILE_INVALID"},
    {1132, "ERROR_MAPPED_ALIGNMENT"},
    {1168, "ERROR_NOT_FOUND"},
    {1224, "ERROR_USER_MAPPED_FILE"},
    {1305, "ERROR_UNKNOWN_REVISION"},
    {1314, "ERROR_PRIVILEGE_NOT_HELD"},
    {1336, "ERROR_INVALID_ACL"},
    {1338, "ERROR_INVALID_SECURITY_DESCR"},
    {1450, "ERROR_NO_SYSTEM_RESOURCES"},
    {1455, "ERROR_COMMITMENT_LIMIT"},
    {1460, "ERROR_TIMEOUT"},
    {kPoisonError, "poison (untouched)"},
};

}  // namespace

const char* ErrorName(DWORD error) {
  for (const ErrorEntry& entry : kErrors) {
    if (entry.code == error) return entry.name;
  }
  return "unknown";
}

std::string DescribeError(DWORD error) {
  char number[16];
  // Large codes (the poison, HRESULT-style values) read better in hex.
  std::snprintf(number, sizeof number, error >= 0x10000 ? "0x%lx" : "%lu", static_cast<unsigned long>(error));
  return std::string(number) + " " + ErrorName(error);
}

}  // namespace winipc::conformance
