/* winipc emu: <direct.h> of the Microsoft C runtime: the working directory and making and removing directories,
 * each the POSIX call of the same meaning (emu/src/crt/io.cc). _mkdir takes no permission argument: the directory
 * gets 0777 less the umask, which is what a Windows directory's default security amounts to for its owner. */
#ifndef WINIPC_DIRECT_H_
#define WINIPC_DIRECT_H_

#include <winipc/crt.h>

#ifdef __cplusplus
extern "C" {
#endif

int _mkdir(const char* path);
int _rmdir(const char* path);
int _chdir(const char* path);
/* A NULL buffer gets a malloc'ed one of at least `size` bytes (free it); a buffer too small: NULL, errno ERANGE. */
char* _getcwd(char* buffer, int size);
/* The wide forms, on UTF-16 (tchar.h's _tmkdir, _trmdir, _tchdir, _tgetcwd in UNICODE builds). */
int _wmkdir(const winipc_wchar16_t* path);
int _wrmdir(const winipc_wchar16_t* path);
int _wchdir(const winipc_wchar16_t* path);
winipc_wchar16_t* _wgetcwd(winipc_wchar16_t* buffer, int size);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_DIRECT_H_ */
