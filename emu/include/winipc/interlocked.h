/* winipc emu: the Interlocked functions, MemoryBarrier, YieldProcessor and _ReadWriteBarrier of <winnt.h>, over
 * GCC's __atomic builtins (included by <winnt.h>; include that instead).
 *
 * Each is a static inline function (C and C++), with Windows' argument order and return value: Increment,
 * Decrement and Add return the NEW value; Exchange, ExchangeAdd, CompareExchange, And, Or and Xor return the OLD
 * value. Every one is a full barrier (sequentially consistent), as on x86 Windows; the Acquire/Release/NoFence
 * spellings map to the same. */
#ifndef WINIPC_INTERLOCKED_H_
#define WINIPC_INTERLOCKED_H_

#define WINIPC_ILK_SC __ATOMIC_SEQ_CST

/* 32-bit (LONG) */
static __inline__ LONG InterlockedIncrement(LONG volatile* Addend) {
  return __atomic_add_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedDecrement(LONG volatile* Addend) {
  return __atomic_sub_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedExchange(LONG volatile* Target, LONG Value) {
  return __atomic_exchange_n(Target, Value, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedExchangeAdd(LONG volatile* Addend, LONG Value) {
  return __atomic_fetch_add(Addend, Value, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedAdd(LONG volatile* Addend, LONG Value) {
  return __atomic_add_fetch(Addend, Value, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedCompareExchange(LONG volatile* Destination, LONG Exchange, LONG Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WINIPC_ILK_SC, WINIPC_ILK_SC);
  return Comparand; /* the value found, whether or not it was replaced */
}
static __inline__ LONG InterlockedAnd(LONG volatile* Destination, LONG Value) {
  return __atomic_fetch_and(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedOr(LONG volatile* Destination, LONG Value) {
  return __atomic_fetch_or(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ LONG InterlockedXor(LONG volatile* Destination, LONG Value) {
  return __atomic_fetch_xor(Destination, Value, WINIPC_ILK_SC);
}

/* 64-bit (LONG64) */
static __inline__ LONG64 InterlockedIncrement64(LONG64 volatile* Addend) {
  return __atomic_add_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedDecrement64(LONG64 volatile* Addend) {
  return __atomic_sub_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedExchange64(LONG64 volatile* Target, LONG64 Value) {
  return __atomic_exchange_n(Target, Value, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedExchangeAdd64(LONG64 volatile* Addend, LONG64 Value) {
  return __atomic_fetch_add(Addend, Value, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedAdd64(LONG64 volatile* Addend, LONG64 Value) {
  return __atomic_add_fetch(Addend, Value, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedCompareExchange64(LONG64 volatile* Destination, LONG64 Exchange,
                                                      LONG64 Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WINIPC_ILK_SC, WINIPC_ILK_SC);
  return Comparand;
}
static __inline__ LONG64 InterlockedAnd64(LONG64 volatile* Destination, LONG64 Value) {
  return __atomic_fetch_and(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedOr64(LONG64 volatile* Destination, LONG64 Value) {
  return __atomic_fetch_or(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ LONG64 InterlockedXor64(LONG64 volatile* Destination, LONG64 Value) {
  return __atomic_fetch_xor(Destination, Value, WINIPC_ILK_SC);
}

/* 16-bit (SHORT) */
static __inline__ SHORT InterlockedIncrement16(SHORT volatile* Addend) {
  return __atomic_add_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ SHORT InterlockedDecrement16(SHORT volatile* Addend) {
  return __atomic_sub_fetch(Addend, 1, WINIPC_ILK_SC);
}
static __inline__ SHORT InterlockedExchange16(SHORT volatile* Target, SHORT Value) {
  return __atomic_exchange_n(Target, Value, WINIPC_ILK_SC);
}
static __inline__ SHORT InterlockedCompareExchange16(SHORT volatile* Destination, SHORT Exchange, SHORT Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WINIPC_ILK_SC, WINIPC_ILK_SC);
  return Comparand;
}
static __inline__ SHORT InterlockedAnd16(SHORT volatile* Destination, SHORT Value) {
  return __atomic_fetch_and(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ SHORT InterlockedOr16(SHORT volatile* Destination, SHORT Value) {
  return __atomic_fetch_or(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ SHORT InterlockedXor16(SHORT volatile* Destination, SHORT Value) {
  return __atomic_fetch_xor(Destination, Value, WINIPC_ILK_SC);
}

/* 8-bit (CHAR) */
static __inline__ CHAR InterlockedExchange8(CHAR volatile* Target, CHAR Value) {
  return __atomic_exchange_n(Target, Value, WINIPC_ILK_SC);
}
static __inline__ CHAR InterlockedCompareExchange8(CHAR volatile* Destination, CHAR Exchange, CHAR Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WINIPC_ILK_SC, WINIPC_ILK_SC);
  return Comparand;
}
static __inline__ CHAR InterlockedAnd8(CHAR volatile* Destination, CHAR Value) {
  return __atomic_fetch_and(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ CHAR InterlockedOr8(CHAR volatile* Destination, CHAR Value) {
  return __atomic_fetch_or(Destination, Value, WINIPC_ILK_SC);
}
static __inline__ CHAR InterlockedXor8(CHAR volatile* Destination, CHAR Value) {
  return __atomic_fetch_xor(Destination, Value, WINIPC_ILK_SC);
}

/* Pointers */
static __inline__ PVOID InterlockedExchangePointer(PVOID volatile* Target, PVOID Value) {
  return __atomic_exchange_n(Target, Value, WINIPC_ILK_SC);
}
static __inline__ PVOID InterlockedCompareExchangePointer(PVOID volatile* Destination, PVOID Exchange,
                                                          PVOID Comparand) {
  __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, WINIPC_ILK_SC, WINIPC_ILK_SC);
  return Comparand;
}

/* The ordered and unfenced variants: every Interlocked function here is already a full barrier. */
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedIncrementRelease InterlockedIncrement
#define InterlockedIncrementNoFence InterlockedIncrement
#define InterlockedDecrementAcquire InterlockedDecrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedDecrementNoFence InterlockedDecrement
#define InterlockedExchangeAcquire InterlockedExchange
#define InterlockedExchangeNoFence InterlockedExchange
#define InterlockedExchangeAddAcquire InterlockedExchangeAdd
#define InterlockedExchangeAddRelease InterlockedExchangeAdd
#define InterlockedExchangeAddNoFence InterlockedExchangeAdd
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence InterlockedCompareExchange
#define InterlockedIncrementAcquire64 InterlockedIncrement64
#define InterlockedIncrementRelease64 InterlockedIncrement64
#define InterlockedDecrementAcquire64 InterlockedDecrement64
#define InterlockedDecrementRelease64 InterlockedDecrement64
#define InterlockedCompareExchangeAcquire64 InterlockedCompareExchange64
#define InterlockedCompareExchangeRelease64 InterlockedCompareExchange64
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedExchangePointerNoFence InterlockedExchangePointer
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence InterlockedCompareExchangePointer

/* Barriers. MemoryBarrier orders every load and store (a full fence); _ReadWriteBarrier stops only the
 * compiler; YieldProcessor is the spin-wait hint (PAUSE on x86). */
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define _ReadWriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _ReadBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#define _WriteBarrier() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define YieldProcessor() __builtin_ia32_pause()
#elif defined(__aarch64__) || defined(__arm__)
#define YieldProcessor() __asm__ __volatile__("yield" ::: "memory")
#else
#define YieldProcessor() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

#endif /* WINIPC_INTERLOCKED_H_ */
