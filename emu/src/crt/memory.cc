// <malloc.h>'s aligned allocation: _aligned_malloc and _aligned_free over posix_memalign, with the Microsoft C
// runtime's check of the alignment (a power of two; posix_memalign also wants a multiple of sizeof(void*), so a
// smaller power of two is raised to it, which still satisfies the caller).
#include <malloc.h>

#include <cerrno>
#include <cstdlib>

#include "crt/invalid_parameter.h"

extern "C" {

void* _aligned_malloc(size_t size, size_t alignment) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    winipc::crt::InvalidParameter(EINVAL);
    return nullptr;
  }
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  void* block = nullptr;
  const int error = posix_memalign(&block, alignment, size == 0 ? 1 : size);
  if (error != 0) {
    errno = error;
    return nullptr;
  }
  return block;
}

void _aligned_free(void* block) { free(block); }

}  // extern "C"
