// CreateProcess with STARTF_USESTDHANDLES: the descriptors a child gets as its standard input, output and error.
#ifndef WINIPC_API_CHILD_STDIO_H_
#define WINIPC_API_CHILD_STDIO_H_

#include <windows.h>

#include <array>
#include <optional>

namespace winipc::api {

// nullopt without STARTF_USESTDHANDLES or without bInheritHandles (the child shares this process's standard
// streams). Otherwise the descriptor behind each of hStdInput, hStdOutput, hStdError, or -1 for one that is not a
// file handle (NULL, INVALID_HANDLE_VALUE, an event...): that standard stream is closed in the child, whose
// GetStdHandle then returns NULL.
std::optional<std::array<int, 3>> ChildStdDescriptors(DWORD startup_flags, HANDLE input, HANDLE output,
                                                      HANDLE error, bool inherit_handles);

}  // namespace winipc::api

#endif  // WINIPC_API_CHILD_STDIO_H_
