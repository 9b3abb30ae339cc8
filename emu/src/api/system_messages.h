// The English text Windows' FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM) gives for each error code emu reports.
#ifndef WINIPC_API_SYSTEM_MESSAGES_H_
#define WINIPC_API_SYSTEM_MESSAGES_H_

#include <cstdint>

namespace winipc::api {

// The message for `code` with its trailing "\r\n", as Windows stores it (inserts such as %1 left in), or nullptr
// for a code emu has no text for. An HRESULT made from a Win32 code (0x8007xxxx) has that code's text.
const char* SystemMessageText(uint32_t code);

// The codes that have a text, in ascending order (for tests that walk the table).
int SystemMessageCount();
uint32_t SystemMessageCode(int index);

}  // namespace winipc::api

#endif  // WINIPC_API_SYSTEM_MESSAGES_H_
