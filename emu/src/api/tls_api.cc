// TlsAlloc, TlsGetValue, TlsSetValue, TlsFree; SwitchToThread.
//
// A process has kTlsSlots indexes (64 + 1024, what Windows guarantees). Windows gives every thread a zero value for
// a newly allocated index, including an index freed and allocated again; emu gets that without visiting other
// threads: each index has a generation, bumped by TlsAlloc, and a thread's cell counts only if it was set in the
// current generation (core/tls_slots.h).
#include <windows.h>

#include <memory>
#include <mutex>

#include "api/boundary.h"
#include "core/tls_slots.h"
#include "posix/sys.h"

namespace {

using winipc::TlsCell;
using winipc::kTlsBaseSlots;
using winipc::kTlsSlots;

std::mutex allocation_mutex;
bool allocated[kTlsSlots];            // under allocation_mutex
uint32_t generation[kTlsSlots];       // written under allocation_mutex, read atomically by every thread

// The calling thread's cells: the first 64 always, the expansion slots once one is set.
thread_local TlsCell base_cells[kTlsBaseSlots];
thread_local std::unique_ptr<TlsCell[]> expansion_cells;

TlsCell* CellFor(DWORD index, bool create) {
  if (index < kTlsBaseSlots) return &base_cells[index];
  if (!expansion_cells) {
    if (!create) return nullptr;
    expansion_cells.reset(new TlsCell[kTlsSlots - kTlsBaseSlots]());
  }
  return &expansion_cells[index - kTlsBaseSlots];
}

uint32_t Generation(DWORD index) { return __atomic_load_n(&generation[index], __ATOMIC_ACQUIRE); }

}  // namespace

using winipc::api::Fail;

extern "C" DWORD WINAPI TlsAlloc(void) {
  std::lock_guard<std::mutex> lock(allocation_mutex);
  const auto index = winipc::FirstFreeTlsSlot(allocated, kTlsSlots);
  if (!index) return Fail(winipc::Status(ERROR_NO_MORE_ITEMS), DWORD{TLS_OUT_OF_INDEXES});
  allocated[*index] = true;
  __atomic_add_fetch(&generation[*index], 1, __ATOMIC_RELEASE);  // every thread's old value is gone
  return *index;
}

extern "C" BOOL WINAPI TlsFree(DWORD dwTlsIndex) {
  std::lock_guard<std::mutex> lock(allocation_mutex);
  if (dwTlsIndex >= kTlsSlots || !allocated[dwTlsIndex]) return Fail(winipc::Status(ERROR_INVALID_PARAMETER), FALSE);
  allocated[dwTlsIndex] = false;
  return TRUE;
}

extern "C" LPVOID WINAPI TlsGetValue(DWORD dwTlsIndex) {
  if (dwTlsIndex >= kTlsSlots) return Fail(winipc::Status(ERROR_INVALID_PARAMETER), LPVOID(nullptr));
  const TlsCell* cell = CellFor(dwTlsIndex, false);
  SetLastError(ERROR_SUCCESS);  // as Windows does, so that a NULL value can be told from a failure
  return winipc::TlsValue(cell, Generation(dwTlsIndex));
}

extern "C" BOOL WINAPI TlsSetValue(DWORD dwTlsIndex, LPVOID lpTlsValue) {
  if (dwTlsIndex >= kTlsSlots) return Fail(winipc::Status(ERROR_INVALID_PARAMETER), FALSE);
  TlsCell* cell = CellFor(dwTlsIndex, true);
  cell->generation = Generation(dwTlsIndex);
  cell->value = lpTlsValue;
  return TRUE;
}

extern "C" BOOL WINAPI SwitchToThread(void) {
  // sched_yield cannot say whether another thread ran; like Wine, emu says it did.
  winipc::posix::Yield();
  return TRUE;
}
