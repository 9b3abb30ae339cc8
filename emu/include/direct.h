/* winipc emu: <direct.h> of the Microsoft C runtime: the working directory and making and removing directories,
 * each the POSIX call of the same meaning (emu/src/crt/io.cc). _mkdir takes no permission argument: the directory
 * gets 0777 less the umask, which is what a Windows directory's default security amounts to for its owner. */
#ifndef WINIPC_DIRECT_H_
#define WINIPC_DIRECT_H_

#ifdef __cplusplus
extern "C" {
#endif

int _mkdir(const char* path);
int _rmdir(const char* path);
int _chdir(const char* path);
/* A NULL buffer gets a malloc'ed one of at least `size` bytes (free it); a buffer too small: NULL, errno ERANGE. */
char* _getcwd(char* buffer, int size);

#ifdef __cplusplus
}
#endif

#endif /* WINIPC_DIRECT_H_ */
