/* winipc emu: <malloc.h> is the system's, plus the Microsoft C runtime's aligned allocation and stack allocation
 * names: _aligned_malloc/_aligned_free (emu/src/crt/memory.cc), _alloca, _malloca/_freea. */
#pragma GCC system_header /* #include_next is a GCC extension: no -pedantic warning for it */
#include_next <malloc.h>

#if !defined(WINIPC_MALLOC_H_) && defined(_MALLOC_H)
#define WINIPC_MALLOC_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* `alignment` must be a power of two (else the invalid-parameter handler, then NULL with errno EINVAL). Free the
 * block with _aligned_free, as on Windows (here free() would work too). */
void* _aligned_malloc(size_t size, size_t alignment);
void _aligned_free(void* block);

#ifdef __cplusplus
}
#endif

#define _alloca(size) __builtin_alloca(size)
/* _malloca takes small blocks from the stack on Windows; here every block is from the heap, which _freea frees. */
#define _malloca(size) malloc(size)
#define _freea(p) free(p)
#define _ALLOCA_S_THRESHOLD 1024

#endif
