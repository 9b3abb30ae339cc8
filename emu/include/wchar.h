/* winipc emu: <wchar.h> is the system's, plus the wide C runtime on UTF-16 that Windows code expects (see
 * <winipc/crt_wide.h> for how wcslen & co. reach it) and the Microsoft-only wide names (wcscpy_s, _wcsicmp, ...). */
#include_next <wchar.h>

#if !defined(WINIPC_WCHAR_H_) && defined(_WCHAR_H)
#define WINIPC_WCHAR_H_
#include <winipc/crt_wide.h>
#endif
