/* winipc emu: <wchar.h> is the system's, plus the wide C runtime on UTF-16 that Windows code expects (see
 * <winipc/crt_wide.h> for how wcslen & co. reach it) and the Microsoft-only wide names (wcscpy_s, _wcsicmp, ...). */
#pragma GCC system_header  /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <wchar.h>

#if !defined(WINIPC_WCHAR_H_) && defined(_WCHAR_H)
#define WINIPC_WCHAR_H_
#include <winipc/crt_wide.h>
#endif
