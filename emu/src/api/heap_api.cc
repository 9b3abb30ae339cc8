// Heaps: GetProcessHeap, HeapCreate and the Heap* functions, and the local/global heap (Local*, Global*) that
// Windows keeps on the process heap. Blocks come from malloc with a header; each heap knows its live blocks, so a
// pointer that is not one (freed twice, or never allocated) is reported instead of corrupting memory, and
// HeapDestroy frees what is left.
#include <windows.h>

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <new>
#include <unordered_set>


namespace {

// Before every block: what Heap*/Local* report about it. 32 bytes, so blocks keep malloc's 16-byte alignment.
struct alignas(16) BlockHeader {
  SIZE_T size;
  struct Heap* heap;
  UINT local_flags;  // LMEM_MOVEABLE, as LocalFlags/GlobalFlags report it
  UINT lock_count;   // LocalLock/GlobalLock nesting of a moveable block
};

struct Heap {
  std::mutex mutex;
  std::unordered_set<void*> blocks;  // user addresses
};

struct HeapRegistry {
  std::mutex mutex;
  std::unordered_set<Heap*> heaps;
};

HeapRegistry& Heaps() {
  static HeapRegistry* registry = new HeapRegistry();
  return *registry;
}

Heap* ProcessHeap() {
  static Heap* heap = [] {
    Heap* h = new Heap();
    std::lock_guard<std::mutex> guard(Heaps().mutex);
    Heaps().heaps.insert(h);
    return h;
  }();
  return heap;
}

Heap* FindHeap(HANDLE handle) {
  Heap* heap = static_cast<Heap*>(handle);
  if (heap == ProcessHeap()) return heap;
  std::lock_guard<std::mutex> guard(Heaps().mutex);
  return Heaps().heaps.count(heap) ? heap : nullptr;
}

BlockHeader* HeaderOf(void* block) { return static_cast<BlockHeader*>(block) - 1; }

// Larger than any heap can hold: Windows refuses sizes near the top of the address space up front.
constexpr SIZE_T kMaxBlock = SIZE_T(1) << 47;

void* Allocate(Heap* heap, SIZE_T bytes, bool zero, UINT local_flags) {
  if (bytes > kMaxBlock) return nullptr;
  void* raw = zero ? std::calloc(1, sizeof(BlockHeader) + bytes) : std::malloc(sizeof(BlockHeader) + bytes);
  if (raw == nullptr) return nullptr;
  BlockHeader* header = static_cast<BlockHeader*>(raw);
  header->size = bytes;
  header->heap = heap;
  header->local_flags = local_flags;
  header->lock_count = 0;
  void* block = header + 1;
  std::lock_guard<std::mutex> guard(heap->mutex);
  heap->blocks.insert(block);
  return block;
}

bool Owns(Heap* heap, const void* block) {
  std::lock_guard<std::mutex> guard(heap->mutex);
  return heap->blocks.count(const_cast<void*>(block)) != 0;
}

bool Release(Heap* heap, void* block) {
  {
    std::lock_guard<std::mutex> guard(heap->mutex);
    if (heap->blocks.erase(block) == 0) return false;
  }
  std::free(HeaderOf(block));
  return true;
}

// Resizes a block: in place when it shrinks (or stays), otherwise moved unless `in_place_only`. New bytes are zero
// when `zero`. nullptr when it cannot.
void* Resize(Heap* heap, void* block, SIZE_T bytes, bool zero, bool in_place_only) {
  BlockHeader* header = HeaderOf(block);
  const SIZE_T old_size = header->size;
  if (bytes <= old_size) {
    header->size = bytes;
    return block;
  }
  if (in_place_only || bytes > kMaxBlock) return nullptr;
  std::lock_guard<std::mutex> guard(heap->mutex);
  void* raw = std::realloc(header, sizeof(BlockHeader) + bytes);
  if (raw == nullptr) return nullptr;
  heap->blocks.erase(block);
  header = static_cast<BlockHeader*>(raw);
  header->size = bytes;
  void* moved = header + 1;
  if (zero) std::memset(static_cast<char*>(moved) + old_size, 0, bytes - old_size);
  heap->blocks.insert(moved);
  return moved;
}

}  // namespace

// ---- Heap* ----
// Windows' Heap* functions do not set last error on failure (Microsoft Learn HeapAlloc, HeapSize); emu neither.

extern "C" HANDLE WINAPI GetProcessHeap(void) { return ProcessHeap(); }

extern "C" HANDLE WINAPI HeapCreate(DWORD, SIZE_T, SIZE_T) {
  Heap* heap = new (std::nothrow) Heap();
  if (heap == nullptr) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  std::lock_guard<std::mutex> guard(Heaps().mutex);
  Heaps().heaps.insert(heap);
  return heap;
}

extern "C" BOOL WINAPI HeapDestroy(HANDLE hHeap) {
  Heap* heap = FindHeap(hHeap);
  // The process heap cannot be destroyed.
  if (heap == nullptr || heap == ProcessHeap()) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  {
    std::lock_guard<std::mutex> guard(Heaps().mutex);
    Heaps().heaps.erase(heap);
  }
  for (void* block : heap->blocks) std::free(HeaderOf(block));
  delete heap;
  return TRUE;
}

extern "C" LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes) {
  Heap* heap = FindHeap(hHeap);
  if (heap == nullptr) return nullptr;
  return Allocate(heap, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0, 0);
}

extern "C" LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes) {
  Heap* heap = FindHeap(hHeap);
  if (heap == nullptr || lpMem == nullptr || !Owns(heap, lpMem)) return nullptr;
  return Resize(heap, lpMem, dwBytes, (dwFlags & HEAP_ZERO_MEMORY) != 0,
                (dwFlags & HEAP_REALLOC_IN_PLACE_ONLY) != 0);
}

extern "C" BOOL WINAPI HeapFree(HANDLE hHeap, DWORD, LPVOID lpMem) {
  Heap* heap = FindHeap(hHeap);
  if (heap == nullptr) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (lpMem == nullptr) return TRUE;  // as free(NULL)
  if (!Release(heap, lpMem)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  return TRUE;
}

extern "C" SIZE_T WINAPI HeapSize(HANDLE hHeap, DWORD, LPCVOID lpMem) {
  Heap* heap = FindHeap(hHeap);
  if (heap == nullptr || lpMem == nullptr || !Owns(heap, lpMem)) return ~SIZE_T(0);
  return HeaderOf(const_cast<void*>(lpMem))->size;
}

extern "C" BOOL WINAPI HeapValidate(HANDLE hHeap, DWORD, LPCVOID lpMem) {
  Heap* heap = FindHeap(hHeap);
  if (heap == nullptr) return FALSE;
  return lpMem == nullptr || Owns(heap, lpMem);
}

// ---- Local* and Global* (the same heap; GMEM_* and LMEM_* values agree where emu uses them) ----

namespace {

// Flags emu does not know are ignored, as Windows does.
HLOCAL AllocLocal(UINT flags, SIZE_T bytes) {
  void* block = Allocate(ProcessHeap(), bytes, (flags & LMEM_ZEROINIT) != 0, flags & LMEM_MOVEABLE);
  if (block == nullptr) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return block;
}

bool IsLocal(HLOCAL mem) { return mem != nullptr && Owns(ProcessHeap(), mem); }

HLOCAL FreeLocal(HLOCAL mem) {
  if (mem == nullptr) return nullptr;
  if (!Release(ProcessHeap(), mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return mem;  // Windows hands the bad handle back
  }
  return nullptr;
}

SIZE_T SizeLocal(HLOCAL mem) {
  if (!IsLocal(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return 0;
  }
  return HeaderOf(mem)->size;
}

HLOCAL ReAllocLocal(HLOCAL mem, SIZE_T bytes, UINT flags) {
  if (!IsLocal(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  BlockHeader* header = HeaderOf(mem);
  if (flags & LMEM_MODIFY) {  // only the block's flags change
    if (flags & LMEM_MOVEABLE) header->local_flags |= LMEM_MOVEABLE;
    return mem;
  }
  // A fixed block moves only when the caller allows it (LMEM_MOVEABLE); a moveable one may always move.
  const bool may_move = (flags & LMEM_MOVEABLE) || (header->local_flags & LMEM_MOVEABLE);
  void* resized = Resize(ProcessHeap(), mem, bytes, (flags & LMEM_ZEROINIT) != 0, !may_move);
  if (resized == nullptr) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return resized;
}

LPVOID LockLocal(HLOCAL mem) {
  if (!IsLocal(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  BlockHeader* header = HeaderOf(mem);
  if (header->local_flags & LMEM_MOVEABLE) ++header->lock_count;
  return mem;
}

BOOL UnlockLocal(HLOCAL mem) {
  if (!IsLocal(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  BlockHeader* header = HeaderOf(mem);
  if (!(header->local_flags & LMEM_MOVEABLE)) return TRUE;  // a fixed block is never locked
  if (header->lock_count == 0) {
    SetLastError(ERROR_NOT_LOCKED);
    return FALSE;
  }
  if (--header->lock_count == 0) {
    SetLastError(NO_ERROR);  // FALSE with no error: the last lock went (Microsoft Learn GlobalUnlock)
    return FALSE;
  }
  return TRUE;
}

UINT FlagsLocal(HLOCAL mem) {
  if (!IsLocal(mem)) {
    SetLastError(ERROR_INVALID_HANDLE);
    return LMEM_INVALID_HANDLE;
  }
  const BlockHeader* header = HeaderOf(mem);
  return header->lock_count & 0xff;
}

}  // namespace

extern "C" HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes) { return AllocLocal(uFlags, uBytes); }
extern "C" HLOCAL WINAPI LocalReAlloc(HLOCAL hMem, SIZE_T uBytes, UINT uFlags) {
  return ReAllocLocal(hMem, uBytes, uFlags);
}
extern "C" HLOCAL WINAPI LocalFree(HLOCAL hMem) { return FreeLocal(hMem); }
extern "C" SIZE_T WINAPI LocalSize(HLOCAL hMem) { return SizeLocal(hMem); }
extern "C" LPVOID WINAPI LocalLock(HLOCAL hMem) { return LockLocal(hMem); }
extern "C" BOOL WINAPI LocalUnlock(HLOCAL hMem) { return UnlockLocal(hMem); }
extern "C" UINT WINAPI LocalFlags(HLOCAL hMem) { return FlagsLocal(hMem); }
extern "C" HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes) { return AllocLocal(uFlags, dwBytes); }
extern "C" HGLOBAL WINAPI GlobalReAlloc(HGLOBAL hMem, SIZE_T dwBytes, UINT uFlags) {
  return ReAllocLocal(hMem, dwBytes, uFlags);
}
extern "C" HGLOBAL WINAPI GlobalFree(HGLOBAL hMem) { return FreeLocal(hMem); }
extern "C" SIZE_T WINAPI GlobalSize(HGLOBAL hMem) { return SizeLocal(hMem); }
extern "C" LPVOID WINAPI GlobalLock(HGLOBAL hMem) { return LockLocal(hMem); }
extern "C" BOOL WINAPI GlobalUnlock(HGLOBAL hMem) { return UnlockLocal(hMem); }
extern "C" UINT WINAPI GlobalFlags(HGLOBAL hMem) { return FlagsLocal(hMem); }
extern "C" HGLOBAL WINAPI GlobalHandle(LPCVOID pMem) {
  if (!IsLocal(const_cast<void*>(pMem))) {
    SetLastError(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  return const_cast<void*>(pMem);
}
