/* winipc emu: <winuser.h>: message boxes and beeps (a console program's: printed, and the terminal bell) */
#ifndef WINIPC_WINUSER_H_
#define WINIPC_WINUSER_H_

#include <stdarg.h>
#include <minwinbase.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MessageBox (printed to the console by emu). */
#define MB_OK 0x00000000
#define MB_OKCANCEL 0x00000001
#define MB_ICONERROR 0x00000010
#define MB_ICONWARNING 0x00000030
#define MB_ICONINFORMATION 0x00000040
#define IDOK 1
#define IDCANCEL 2
#define MB_ICONHAND 0x00000010
#define MB_ICONQUESTION 0x00000020
#define MB_ICONEXCLAMATION 0x00000030
#define MB_ICONASTERISK 0x00000040
BOOL WINAPI MessageBeep(UINT uType);

int WINAPI MessageBoxA(HWND hWnd, LPCSTR lpText, LPCSTR lpCaption, UINT uType);
int WINAPI MessageBoxW(HWND hWnd, LPCWSTR lpText, LPCWSTR lpCaption, UINT uType);
#if WINIPC_UNICODE
#define MessageBox MessageBoxW
#else
#define MessageBox MessageBoxA
#endif

/* wsprintf: user32's printf, with Microsoft's conversions (no floating point on Windows) and at most 1024
 * characters written, the NUL included. */
#ifndef WINAPIV
#define WINAPIV
#endif
int WINAPIV wsprintfA(LPSTR buffer, LPCSTR format, ...);
int WINAPIV wsprintfW(LPWSTR buffer, LPCWSTR format, ...);
int WINAPI wvsprintfA(LPSTR buffer, LPCSTR format, va_list args);
int WINAPI wvsprintfW(LPWSTR buffer, LPCWSTR format, va_list args);
#if WINIPC_UNICODE
#define wsprintf wsprintfW
#define wvsprintf wvsprintfW
#else
#define wsprintf wsprintfA
#define wvsprintf wvsprintfA
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WINIPC_WINUSER_H_ */
