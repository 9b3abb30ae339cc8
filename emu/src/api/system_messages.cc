// The system message table: Windows' English text for every code in <winerror.h>.
//
// Source: Microsoft Learn, "System Error Codes" (0-499, 500-999, 1000-1299, 1300-1699, 1700-3999), which lists
// the text FormatMessage returns for each code; Windows stores each with a trailing CR LF. Wine's own table is
// shorter wording ("File not found." for ERROR_FILE_NOT_FOUND), so it is not the oracle here: see MS-FORMAT-001
// in conformance/expectations/wine.txt. emu/tools/system_messages/ prints Wine's texts for comparison.
// A code added to <winerror.h> needs its row here (the unit test SystemMessages.EveryWinerrorCodeHasText).
#include "api/system_messages.h"

#include <algorithm>
#include <iterator>

namespace winipc::api {
namespace {

struct Message {
  uint32_t code;
  const char* text;
};

// Sorted by code.
constexpr Message kMessages[] = {
    {0, "The operation completed successfully.\r\n"},
    {1, "Incorrect function.\r\n"},
    {2, "The system cannot find the file specified.\r\n"},
    {3, "The system cannot find the path specified.\r\n"},
    {4, "The system cannot open the file.\r\n"},
    {5, "Access is denied.\r\n"},
    {6, "The handle is invalid.\r\n"},
    {8, "Not enough memory resources are available to process this command.\r\n"},
    {9, "The storage control block address is invalid.\r\n"},
    {12, "The access code is invalid.\r\n"},
    {14, "Not enough memory resources are available to complete this operation.\r\n"},
    {17, "The system cannot move the file to a different disk drive.\r\n"},
    {18, "There are no more files.\r\n"},
    {24, "The program issued a command but the command length is incorrect.\r\n"},
    {31, "A device attached to the system is not functioning.\r\n"},
    {32, "The process cannot access the file because it is being used by another process.\r\n"},
    {33, "The process cannot access the file because another process has locked a portion of the file.\r\n"},
    {38, "Reached the end of the file.\r\n"},
    {50, "The request is not supported.\r\n"},
    {80, "The file exists.\r\n"},
    {87, "The parameter is incorrect.\r\n"},
    {109, "The pipe has been ended.\r\n"},
    {111, "The file name is too long.\r\n"},
    {112, "There is not enough space on the disk.\r\n"},
    {120, "This function is not supported on this system.\r\n"},
    {122, "The data area passed to a system call is too small.\r\n"},
    {123, "The filename, directory name, or volume label syntax is incorrect.\r\n"},
    {126, "The specified module could not be found.\r\n"},
    {127, "The specified procedure could not be found.\r\n"},
    {131, "An attempt was made to move the file pointer before the beginning of the file.\r\n"},
    {145, "The directory is not empty.\r\n"},
    {158, "The segment is already unlocked.\r\n"},
    {161, "The specified path is invalid.\r\n"},
    {183, "Cannot create a file when that file already exists.\r\n"},
    {193, "%1 is not a valid Win32 application.\r\n"},
    {203, "The system could not find the environment option that was entered.\r\n"},
    {206, "The filename or extension is too long.\r\n"},
    {231, "All pipe instances are busy.\r\n"},
    {232, "The pipe is being closed.\r\n"},
    {234, "More data is available.\r\n"},
    {259, "No more data is available.\r\n"},
    {267, "The directory name is invalid.\r\n"},
    {288, "Attempt to release mutex not owned by caller.\r\n"},
    {298, "Too many posts were made to a semaphore.\r\n"},
    {317, "The system cannot find message text for message number 0x%1 in the message file for %2.\r\n"},
    {487, "Attempt to access invalid address.\r\n"},
    {995, "The I/O operation has been aborted because of either a thread exit or an application request.\r\n"},
    {996, "Overlapped I/O event is not in a signaled state.\r\n"},
    {997, "Overlapped I/O operation is in progress.\r\n"},
    {998, "Invalid access to memory location.\r\n"},
    {1004, "Invalid flags.\r\n"},
    {1006, "The volume for a file has been externally altered so that the opened file is no longer valid.\r\n"},
    {1113, "No mapping for the Unicode character exists in the target multi-byte code page.\r\n"},
    {1132, "The base address or the file offset specified does not have the proper alignment.\r\n"},
    {1168, "Element not found.\r\n"},
    {1224, "The requested operation cannot be performed on a file with a user-mapped section open.\r\n"},
    {1305, "The revision level is unknown.\r\n"},
    {1306, "Indicates two revision levels are incompatible.\r\n"},
    {1314, "A required privilege is not held by the client.\r\n"},
    {1336, "The access control list (ACL) structure is invalid.\r\n"},
    {1338, "The security descriptor structure is invalid.\r\n"},
    {1450, "Insufficient system resources exist to complete the requested service.\r\n"},
    {1455, "The paging file is too small for this operation to complete.\r\n"},
    {1460, "This operation returned because the timeout period expired.\r\n"},
    {1815, "The specified resource language ID cannot be found in the image file.\r\n"},
    {1816, "Not enough quota is available to process this command.\r\n"},
};

}  // namespace

const char* SystemMessageText(uint32_t code) {
  // HRESULT_FROM_WIN32: FACILITY_WIN32 with the failure bit.
  if ((code & 0xFFFF0000u) == 0x80070000u) code &= 0xFFFFu;
  auto it = std::lower_bound(std::begin(kMessages), std::end(kMessages), code,
                             [](const Message& m, uint32_t c) { return m.code < c; });
  return it != std::end(kMessages) && it->code == code ? it->text : nullptr;
}

int SystemMessageCount() { return static_cast<int>(std::size(kMessages)); }
uint32_t SystemMessageCode(int i) { return kMessages[i].code; }

}  // namespace winipc::api
