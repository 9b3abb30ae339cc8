/* winipc emu: <intrin.h>, the Microsoft compiler intrinsics Windows code calls directly, as GCC builtins.
 *
 * The _Interlocked* forms take a pointer to any integer type of the right size (Windows' `long` is 32 bits, Linux's
 * 64; a LONG or DWORD counter gets a 32-bit operation, a `long` one a 64-bit one), and return what the Windows
 * intrinsics return. On x86 the processor intrinsics (__rdtsc, _mm_pause, ...) come from GCC's <x86intrin.h>. */
#ifndef WINIPC_INTRIN_H_
#define WINIPC_INTRIN_H_

#include <stddef.h>
#include <stdint.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

/* The new value. */
#define _InterlockedIncrement(p) __atomic_add_fetch((p), 1, __ATOMIC_SEQ_CST)
#define _InterlockedDecrement(p) __atomic_sub_fetch((p), 1, __ATOMIC_SEQ_CST)
#define _InterlockedIncrement16 _InterlockedIncrement
#define _InterlockedDecrement16 _InterlockedDecrement
#define _InterlockedIncrement64 _InterlockedIncrement
#define _InterlockedDecrement64 _InterlockedDecrement
/* The old value. */
#define _InterlockedExchange(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
#define _InterlockedExchange8 _InterlockedExchange
#define _InterlockedExchange16 _InterlockedExchange
#define _InterlockedExchange64 _InterlockedExchange
#define _InterlockedExchangePointer _InterlockedExchange
#define _InterlockedExchangeAdd(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define _InterlockedExchangeAdd8 _InterlockedExchangeAdd
#define _InterlockedExchangeAdd16 _InterlockedExchangeAdd
#define _InterlockedExchangeAdd64 _InterlockedExchangeAdd
#define _InterlockedAnd(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
#define _InterlockedOr(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define _InterlockedXor(p, v) __atomic_fetch_xor((p), (v), __ATOMIC_SEQ_CST)
#define _InterlockedAnd8 _InterlockedAnd
#define _InterlockedOr8 _InterlockedOr
#define _InterlockedXor8 _InterlockedXor
#define _InterlockedAnd16 _InterlockedAnd
#define _InterlockedOr16 _InterlockedOr
#define _InterlockedXor16 _InterlockedXor
#define _InterlockedAnd64 _InterlockedAnd
#define _InterlockedOr64 _InterlockedOr
#define _InterlockedXor64 _InterlockedXor
/* (destination, exchange, comparand): the old value; the exchange happened if it equals the comparand. */
#define _InterlockedCompareExchange(p, exchange, comparand) __sync_val_compare_and_swap((p), (comparand), (exchange))
#define _InterlockedCompareExchange8 _InterlockedCompareExchange
#define _InterlockedCompareExchange16 _InterlockedCompareExchange
#define _InterlockedCompareExchange64 _InterlockedCompareExchange
#define _InterlockedCompareExchangePointer _InterlockedCompareExchange

/* _BitScanForward/_BitScanReverse(&index, mask): 1 and the index of the lowest (highest) set bit, or 0 when the
 * mask is 0 (the index is then left alone). The index may be a DWORD or an unsigned long. */
static inline unsigned char winipc_bit_scan(void* index, size_t index_size, unsigned long long mask, int reverse) {
  unsigned long long at;
  if (mask == 0) return 0;
  at = reverse ? 63u - (unsigned)__builtin_clzll(mask) : (unsigned)__builtin_ctzll(mask);
  if (index_size == sizeof(uint32_t)) {
    *(uint32_t*)index = (uint32_t)at;
  } else {
    *(uint64_t*)index = (uint64_t)at;
  }
  return 1;
}
#define _BitScanForward(index, mask) winipc_bit_scan((index), sizeof(*(index)), (uint32_t)(mask), 0)
#define _BitScanReverse(index, mask) winipc_bit_scan((index), sizeof(*(index)), (uint32_t)(mask), 1)
#define _BitScanForward64(index, mask) winipc_bit_scan((index), sizeof(*(index)), (uint64_t)(mask), 0)
#define _BitScanReverse64(index, mask) winipc_bit_scan((index), sizeof(*(index)), (uint64_t)(mask), 1)

#define __popcnt16(v) ((unsigned short)__builtin_popcount((unsigned short)(v)))
#define __popcnt(v) ((unsigned int)__builtin_popcount((unsigned int)(v)))
#define __popcnt64(v) ((unsigned long long)__builtin_popcountll((unsigned long long)(v)))
#define _byteswap_ushort(v) __builtin_bswap16((uint16_t)(v))
#define _byteswap_ulong(v) __builtin_bswap32((uint32_t)(v))
#define _byteswap_uint64(v) __builtin_bswap64((uint64_t)(v))

/* A breakpoint: SIGTRAP, which ends the process unless a debugger is attached (Windows: a breakpoint exception). */
#if defined(__x86_64__) || defined(__i386__)
#define __debugbreak() __asm__ volatile("int3")
#else
#define __debugbreak() __builtin_trap()
#endif
#define _ReturnAddress() __builtin_return_address(0)
#define _AddressOfReturnAddress() ((void*)((char*)__builtin_frame_address(0) + sizeof(void*)))

#endif /* WINIPC_INTRIN_H_ */
