/* winipc emu: <windows.h>, the Win32 API for programs that share memory between processes, on Linux.
 *
 * As in the Windows SDK, this is an umbrella over headers with the SDK's names (<windef.h>, <winbase.h>, and
 * the API sets it gathers: <synchapi.h>, <memoryapi.h>, <processthreadsapi.h>, ...), each of which may also be
 * included alone. It brings the C runtime headers the SDK's brings. WIN32_LEAN_AND_MEAN, NOMINMAX and STRICT are
 * honoured (nothing emu has is in the parts LEAN_AND_MEAN leaves out). Nothing here defines _WIN32.
 *
 * Valid C11 and C++. Types keep their Windows sizes on LP64 Linux (DWORD and LONG are 32 bits, WCHAR
 * is a 16-bit UTF-16 code unit). A-functions take UTF-8, W-functions UTF-16; both reach the same
 * objects. In C++, W-functions also accept `L"..."` (32-bit wchar_t) literals through overloads that
 * convert them; compile with -fshort-wchar to make WCHAR the same type as wchar_t instead.
 */
#ifndef WINIPC_WINDOWS_H_
#define WINIPC_WINDOWS_H_

/* The C runtime headers a Windows program gets from <windows.h> (through <winnt.h> and <excpt.h>). */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <excpt.h>
#include <sdkddkver.h>
#include <windef.h>
#include <winerror.h>
#include <winbase.h>
#include <winnls.h>
#include <winuser.h>
#ifndef WIN32_LEAN_AND_MEAN
#include <mmsystem.h> /* as in the SDK: timeGetTime and the timer-resolution calls */
#endif

#if defined(__cplusplus) && !defined(NOMINMAX)
/* See <minwindef.h>: C++ gets std::min and std::max rather than macros. */
#include <algorithm>
using std::max;
using std::min;
#endif

/* wmain: the program's wmain is renamed so that libwinipc_main's main() can find it, whichever of the
 * three signatures it has. In C++ each signature is its own overload, declared weak so the unused ones
 * stay null; in C the single symbol is called with (argc, argv, envp). */
#ifdef __cplusplus
#define wmain winipc_user_wmain
int winipc_user_wmain() __attribute__((weak));
int winipc_user_wmain(int argc, WCHAR** argv) __attribute__((weak));
int winipc_user_wmain(int argc, WCHAR** argv, WCHAR** envp) __attribute__((weak));
#else
#define wmain winipc_user_wmain_c
int winipc_user_wmain_c() __attribute__((weak));
#endif

#if defined(__cplusplus) && !WINIPC_WCHAR_IS_WCHAR_T
#include <winipc/wide_literals.h>
#endif

#endif /* WINIPC_WINDOWS_H_ */
