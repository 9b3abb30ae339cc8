/* winipc emu: <minwindef.h>, the basic Windows types and macros */
#ifndef WINIPC_MINWINDEF_H_
#define WINIPC_MINWINDEF_H_

#include <basetsd.h>
#include <sal.h>

/* ---- calling conventions and annotations (no-ops on Linux x86-64) ---- */
#define WINAPI
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#define APIENTRY
#define CALLBACK
#define WINBASEAPI
#define CONST const
#define VOID void
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
/* Windows code marks parameters it does not use, and spells 64-bit integers the Microsoft C way. */
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#endif
#ifndef __int64
#define __int64 long long
#endif
/* Microsoft's declaration specifiers, as GCC attributes: __declspec(align(16)), (noinline), (noreturn), (thread),
 * (dllexport) (a visible symbol), (dllimport), (selectany), (deprecated), (restrict), (novtable) (nothing). */
#ifndef __declspec
#define __declspec(spec) __winipc_declspec_##spec
#define __winipc_declspec_align(n) __attribute__((aligned(n)))
#define __winipc_declspec_noinline __attribute__((noinline))
#define __winipc_declspec_noreturn __attribute__((noreturn))
#define __winipc_declspec_thread __thread
#define __winipc_declspec_dllexport __attribute__((visibility("default")))
#define __winipc_declspec_dllimport
#define __winipc_declspec_selectany __attribute__((weak))
#define __winipc_declspec_deprecated __attribute__((deprecated))
#define __winipc_declspec_restrict
#define __winipc_declspec_novtable
#define __winipc_declspec_nothrow __attribute__((nothrow))
#define __winipc_declspec_noalias
#define __winipc_declspec_safebuffers
#define __winipc_declspec_empty_bases
#define __winipc_declspec_uuid(id)
#define __winipc_declspec_allocate(section)
#endif
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#ifndef FORCEINLINE
#define FORCEINLINE __forceinline
#endif
#ifndef DECLSPEC_NORETURN
#define DECLSPEC_NORETURN __declspec(noreturn)
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __declspec(align(x))
#endif

/* Structured exception handling keywords, for the normal path: `__try { A } __finally { B }` runs A, then B;
 * `__try { A } __except (filter) { B }` runs A, and B only for a C++ exception (no hardware faults, no filter).
 * In C++, __try is libstdc++'s own spelling of `try` (same definition, so including both is fine). */
#if defined(__cplusplus) && defined(__cpp_exceptions)
#ifndef __try
#define __try try
#endif
#define __finally catch (...) { throw; } if (1)
#define __except(filter) catch (...)
#elif defined(__cplusplus)
#ifndef __try
#define __try if (true)
#endif
#define __finally if (1)
#define __except(filter) if (0)
#else
#define __try if (1)
#define __finally if (1)
#define __except(filter) if (0)
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif

/* ---- base types ---- */
typedef int BOOL;
typedef unsigned char BYTE;
typedef unsigned char BOOLEAN;
typedef unsigned short WORD;
typedef unsigned int DWORD;
typedef int LONG;
typedef unsigned int ULONG;
typedef int INT;
typedef unsigned int UINT;
typedef short SHORT;
typedef unsigned short USHORT;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef long long LONGLONG;
typedef unsigned long long ULONGLONG;
typedef void *PVOID, *LPVOID, *HANDLE;
typedef const void *LPCVOID;
typedef HANDLE *PHANDLE, *LPHANDLE;
typedef BOOL *PBOOL, *LPBOOL;
typedef DWORD *PDWORD, *LPDWORD;
typedef SIZE_T *PSIZE_T;
typedef LONG *PLONG, *LPLONG;
typedef BYTE *PBYTE, *LPBYTE;
typedef WORD *PWORD, *LPWORD;
typedef INT *PINT, *LPINT;
typedef UINT *PUINT;
typedef ULONG *PULONG;
typedef USHORT *PUSHORT;
typedef UCHAR *PUCHAR;
typedef SHORT *PSHORT;
typedef LONGLONG *PLONGLONG;
typedef ULONGLONG *PULONGLONG;
typedef float FLOAT, *PFLOAT;
typedef BOOLEAN *PBOOLEAN;

/* STRICT (the SDK's default, unless NO_STRICT): window, instance and module handles are distinct pointer
 * types, so that overloads and mix-ups are checked; HANDLE stays void*. */
#if !defined(NO_STRICT) && !defined(STRICT)
#define STRICT 1
#endif
#ifdef STRICT
#define DECLARE_HANDLE(name) \
  struct name##__ {          \
    int unused;              \
  };                         \
  typedef struct name##__* name
#else
#define DECLARE_HANDLE(name) typedef HANDLE name
#endif
DECLARE_HANDLE(HWND);
DECLARE_HANDLE(HINSTANCE);
DECLARE_HANDLE(HKEY);
typedef HINSTANCE HMODULE;
typedef HKEY* PHKEY;
typedef int HFILE;
#define HFILE_ERROR ((HFILE)-1)
typedef INT_PTR(WINAPI* FARPROC)(void);
typedef INT_PTR(WINAPI* NEARPROC)(void);
typedef INT_PTR(WINAPI* PROC)(void);
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;
typedef WORD ATOM;

typedef struct _FILETIME {
  DWORD dwLowDateTime;
  DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

/* ---- values ---- */
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef NULL
#define NULL 0
#endif
#define MAX_PATH 260

#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))
#define MAKEWORD(a, b) ((WORD)(((BYTE)(a)) | ((WORD)((BYTE)(b))) << 8))
#define MAKELONG(a, b) ((LONG)(((WORD)(a)) | ((DWORD)((WORD)(b))) << 16))

/* min and max: macros in C, as the SDK has them unless NOMINMAX. In C++ libstdc++ removes such macros
 * (<bits/c++config.h> undefines them) and its own headers would break on them, so C++ gets std::min and
 * std::max in the global namespace instead: `min(a, b)` compiles for two arguments of one type. */
#ifndef NOMINMAX
#ifndef __cplusplus
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#endif
#endif

#endif /* WINIPC_MINWINDEF_H_ */
