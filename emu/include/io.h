/* winipc emu: <io.h> of the Microsoft C runtime: low-level file I/O by descriptor, and _access. Windows code calls
 * these with underscore names; here each is the POSIX call of the same meaning (a descriptor is a Linux file
 * descriptor). The _O_* flags are Linux's O_* values under Microsoft's names, and _O_BINARY/_O_TEXT are 0: Linux
 * files have no text mode, so a program that opened a file in text mode reads "\r\n" where Windows gave "\n"
 * (docs/porting.md, "The C runtime"). */
#ifndef WINIPC_IO_H_
#define WINIPC_IO_H_

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>

#include <winipc/crt.h>

#define _O_RDONLY O_RDONLY
#define _O_WRONLY O_WRONLY
#define _O_RDWR O_RDWR
#define _O_APPEND O_APPEND
#define _O_CREAT O_CREAT
#define _O_TRUNC O_TRUNC
#define _O_EXCL O_EXCL
#define _O_TEXT 0
#define _O_BINARY 0
#define _O_RAW _O_BINARY
#define _O_NOINHERIT O_CLOEXEC
#define _O_SEQUENTIAL 0
#define _O_RANDOM 0
#define _O_TEMPORARY 0
#define _O_SHORT_LIVED 0
#define _O_WTEXT 0
#define _O_U16TEXT 0
#define _O_U8TEXT 0
#ifndef O_BINARY
#define O_BINARY 0
#endif
#ifndef O_TEXT
#define O_TEXT 0
#endif
#define _S_IREAD S_IRUSR
#define _S_IWRITE S_IWUSR
#define _S_IEXEC S_IXUSR
#define _S_IFMT S_IFMT
#define _S_IFDIR S_IFDIR
#define _S_IFREG S_IFREG
#define _S_IFCHR S_IFCHR

#ifdef __cplusplus
extern "C" {
#endif

/* Each checks its arguments as the Microsoft C runtime does: a negative descriptor or a NULL buffer calls the
 * invalid-parameter handler, then fails with errno EBADF or EINVAL (emu/src/crt/io.cc). */
int _access(const char* path, int mode); /* 0 exists, 2 write, 4 read, 6 both */
int _open(const char* path, int flags, ...); /* the permission (_S_IREAD, _S_IWRITE) only with _O_CREAT */
int _close(int fd);
int _read(int fd, void* buffer, unsigned int count);
int _write(int fd, const void* buffer, unsigned int count);
long _lseek(int fd, long offset, int origin);
long long _lseeki64(int fd, long long offset, int origin);
long _tell(int fd);
long long _telli64(int fd);
int _dup(int fd);
int _dup2(int fd, int target); /* 0 on success, as Microsoft's (POSIX returns the descriptor) */
int _isatty(int fd);
int _unlink(const char* path);
int _chmod(const char* path, int mode); /* only _S_IWRITE means something: read-only or not */
int _commit(int fd);
int _chsize(int fd, long size);
int _chsize_s(int fd, long long size);
long _filelength(int fd);
long long _filelengthi64(int fd);
int _eof(int fd);
int _setmode(int fd, int mode); /* the previous mode; Linux descriptors are always binary */
int _fileno(FILE* stream);
/* The wide forms take UTF-16 names (tchar.h's _topen, _taccess, _tunlink, _tchmod in UNICODE builds). */
int _wopen(const winipc_wchar16_t* path, int flags, ...);
int _waccess(const winipc_wchar16_t* path, int mode);
int _wunlink(const winipc_wchar16_t* path);
int _wchmod(const winipc_wchar16_t* path, int mode);


#ifdef __cplusplus
}
#endif

#endif /* WINIPC_IO_H_ */
