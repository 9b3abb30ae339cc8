/* winipc: the Win32 error codes emu reports (values as in the Windows SDK; plain int
   literals, since Windows' 32-bit "long" is "int" on Linux). */
#ifndef WINIPC_WINERROR_H_
#define WINIPC_WINERROR_H_

#define ERROR_SUCCESS 0
#define NO_ERROR 0
#define ERROR_INVALID_FUNCTION 1
#define ERROR_FILE_NOT_FOUND 2
#define ERROR_PATH_NOT_FOUND 3
#define ERROR_TOO_MANY_OPEN_FILES 4
#define ERROR_ACCESS_DENIED 5
#define ERROR_INVALID_HANDLE 6
#define ERROR_NOT_ENOUGH_MEMORY 8
#define ERROR_INVALID_ACCESS 12
#define ERROR_OUTOFMEMORY 14
#define ERROR_BAD_LENGTH 24
#define ERROR_SHARING_VIOLATION 32
#define ERROR_HANDLE_EOF 38
#define ERROR_GEN_FAILURE 31
#define ERROR_NOT_SUPPORTED 50
#define ERROR_FILE_EXISTS 80
#define ERROR_INVALID_PARAMETER 87
#define ERROR_BUFFER_OVERFLOW 111
#define ERROR_BROKEN_PIPE 109
#define ERROR_DISK_FULL 112
#define ERROR_CALL_NOT_IMPLEMENTED 120
#define ERROR_INSUFFICIENT_BUFFER 122
#define ERROR_INVALID_NAME 123
#define ERROR_MOD_NOT_FOUND 126
#define ERROR_NEGATIVE_SEEK 131
#define ERROR_BAD_PATHNAME 161
#define ERROR_ALREADY_EXISTS 183
#define ERROR_BAD_EXE_FORMAT 193
#define ERROR_ENVVAR_NOT_FOUND 203
#define ERROR_FILENAME_EXCED_RANGE 206
#define ERROR_PIPE_BUSY 231
#define ERROR_NO_DATA 232
#define ERROR_NO_MORE_ITEMS 259
#define ERROR_DIRECTORY 267
#define ERROR_NOT_OWNER 288
#define ERROR_TOO_MANY_POSTS 298
#define ERROR_INVALID_ADDRESS 487
#define ERROR_NOACCESS 998
#define ERROR_INVALID_FLAGS 1004
#define ERROR_FILE_INVALID 1006
#define ERROR_MAPPED_ALIGNMENT 1132
#define ERROR_USER_MAPPED_FILE 1224
#define ERROR_UNKNOWN_REVISION 1305
#define ERROR_REVISION_MISMATCH 1306
#define ERROR_PRIVILEGE_NOT_HELD 1314
#define ERROR_INVALID_ACL 1336
#define ERROR_INVALID_SECURITY_DESCR 1338
#define ERROR_NO_SYSTEM_RESOURCES 1450
#define ERROR_COMMITMENT_LIMIT 1455
#define ERROR_TIMEOUT 1460
#define ERROR_NO_UNICODE_TRANSLATION 1113
#define ERROR_NOT_ENOUGH_QUOTA 1816

/* ---- Overlapped I/O (issue 13; ERROR_GEN_FAILURE is above) ---- */
#define ERROR_MORE_DATA 234
#define ERROR_MR_MID_NOT_FOUND 317
#define ERROR_OPERATION_ABORTED 995
#define ERROR_IO_INCOMPLETE 996
#define ERROR_IO_PENDING 997
#define ERROR_NOT_FOUND 1168
/* ---- end of overlapped I/O ---- */

/* ---- memory, modules, messages (issue 14) ---- */
#define ERROR_INVALID_BLOCK 9
#define ERROR_PROC_NOT_FOUND 127
#define ERROR_NOT_LOCKED 158
#define ERROR_RESOURCE_LANG_NOT_FOUND 1815
/* ---- end of memory, modules, messages ---- */

/* ---- directories, attributes, copy/move/find, byte-range locks (issue 14) ---- */
#define ERROR_NOT_SAME_DEVICE 17
#define ERROR_NO_MORE_FILES 18
#define ERROR_LOCK_VIOLATION 33
#define ERROR_DIR_NOT_EMPTY 145
/* ---- end of directories, attributes, copy/move/find, byte-range locks ---- */

/* ---- HRESULT values (strsafe.h, COM-style results) ---- */
#ifndef SUCCEEDED
#define SUCCEEDED(hr) (((int)(hr)) >= 0)
#endif
#ifndef FAILED
#define FAILED(hr) (((int)(hr)) < 0)
#endif
#ifndef S_OK
#define S_OK ((int)0)
#define S_FALSE ((int)1)
#define E_INVALIDARG ((int)0x80070057)
#define E_OUTOFMEMORY ((int)0x8007000E)
#define E_FAIL ((int)0x80004005)
#define E_NOTIMPL ((int)0x80004001)
#endif

#endif /* WINIPC_WINERROR_H_ */
