/* winipc emu: <basetsd.h>, integer types of fixed and pointer size (LP64: a pointer and a long are 64 bits, a Windows LONG
 * stays 32) */
#ifndef WINIPC_BASETSD_H_
#define WINIPC_BASETSD_H_

#include <stddef.h>
#include <stdint.h>

typedef unsigned long long DWORD64;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef size_t SIZE_T;
typedef intptr_t SSIZE_T;
typedef long long LONG64, INT64;
typedef unsigned long long ULONG64, UINT64, DWORDLONG;
typedef int INT32, LONG32;
typedef unsigned int UINT32, ULONG32, DWORD32;
typedef short INT16;
typedef unsigned short UINT16;
typedef signed char INT8;
typedef unsigned char UINT8;
typedef ULONG_PTR *PULONG_PTR;
typedef DWORD_PTR *PDWORD_PTR;
typedef LONG_PTR *PLONG_PTR;
typedef UINT_PTR *PUINT_PTR;
typedef INT_PTR *PINT_PTR;
typedef ULONG_PTR KAFFINITY;
typedef DWORD64 *PDWORD64;
typedef LONG64 *PLONG64;
typedef ULONG64 *PULONG64;

/* Handles and pointers as 32-bit numbers, and back (the SDK's conversions; handle values fit in 32 bits). */
#define HandleToULong(h) ((unsigned long)(ULONG_PTR)(h))
#define HandleToLong(h) ((long)(LONG_PTR)(h))
#define ULongToHandle(ul) ((void*)(ULONG_PTR)(ul))
#define LongToHandle(l) ((void*)(LONG_PTR)(l))
#define PtrToUlong(p) ((unsigned long)(ULONG_PTR)(p))
#define PtrToLong(p) ((long)(LONG_PTR)(p))
#define PtrToUint(p) ((unsigned int)(UINT_PTR)(p))
#define PtrToInt(p) ((int)(INT_PTR)(p))
#define UlongToPtr(ul) ((void*)(ULONG_PTR)(ul))
#define UIntToPtr(ui) ((void*)(UINT_PTR)(ui))
#define IntToPtr(i) ((void*)(INT_PTR)(i))
#define LongToPtr(l) ((void*)(LONG_PTR)(l))

#endif /* WINIPC_BASETSD_H_ */
