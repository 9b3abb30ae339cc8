// The Microsoft C runtime's invalid-parameter path: a function given a bad argument calls the handler (the thread's,
// else the process's, else the default, which ends the process) and, if the handler returns, sets errno and returns
// its documented failure value. This is not "last error": the C runtime never calls SetLastError.
#ifndef WINIPC_CRT_INVALID_PARAMETER_H_
#define WINIPC_CRT_INVALID_PARAMETER_H_

namespace winipc::crt {

// Calls the invalid-parameter handler; when it returns, sets errno to `error` and returns `error`.
int InvalidParameter(int error);

}  // namespace winipc::crt

#endif  // WINIPC_CRT_INVALID_PARAMETER_H_
