/* winipc emu: <winsdkver.h>, the newest Windows version this SDK knows (targetver.h of some Visual Studio templates
 * includes it before setting _WIN32_WINNT). */
#ifndef WINIPC_WINSDKVER_H_
#define WINIPC_WINSDKVER_H_

#define _WIN32_MAXVER 0x0A00
#define _WIN32_WINDOWS_MAXVER 0x0A00
#define NTDDI_MAXVER 0x0A00
#define _WIN32_IE_MAXVER 0x0A00
#define _WIN32_WINNT_MAXVER 0x0A00
#define WINVER_MAXVER 0x0A00

#endif /* WINIPC_WINSDKVER_H_ */
