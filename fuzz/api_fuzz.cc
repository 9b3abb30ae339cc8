// Fuzzes sequences of API calls with hostile arguments: the input is a program of one-byte opcodes and their
// operands over a pool of 8 handle slots and 4 views: sections (pagefile- and file-backed), views, events,
// mutexes, semaphores, waitable timers, files (CreateFile, ReadFile, WriteFile, file pointer, size, end of file),
// jobs (never terminated: that would end the fuzzer) and threads. Handles are drawn from the pool, from closed handles, from
// pseudo-handles and from forged values; sizes, offsets, access masks and protections are hostile. Only zero
// timeouts (no hangs), no write past a view's requested length, no call that ends the process. After each input
// every handle is closed and every view unmapped; nothing may crash, no name may outlive its handles, and nothing
// may appear outside the namespace directories (sandbox.h).
#include <windows.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

#include "sandbox.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  winipc_fuzz::EnterSandbox();
  return 0;
}

namespace {

constexpr int kSlots = 8;
constexpr int kViews = 4;

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  uint32_t U32() {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | Byte();
    return v;
  }
  bool Bool() { return Byte() & 1; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

struct View {
  void* base = nullptr;
  SIZE_T size = 0;  // as requested; 0 = "to the end of the section", then neither read nor written
  bool writable = false;
};

struct State {
  HANDLE slots[kSlots] = {};
  View views[kViews];
  HANDLE last_closed = nullptr;
};

const char* const kNames[] = {nullptr, "fz0", "fz1", "Local\\fz2", "Global\\fz3", "", "Local\\", "Global\\fz3\\x"};

const char* Name(Reader& r) { return kNames[r.Byte() % (sizeof kNames / sizeof kNames[0])]; }

// File names, relative to the sandbox's working directory (the only files an input may leave, removed after it),
// and hostile ones that must fail: a drive, a missing directory, wildcards, an empty name, the directory itself.
const char* const kFiles[] = {"f0.dat", "f1.dat", "f0.dat", "C:\\f.dat", "missing\\f.dat", "f*.dat", "", "."};
const char* const kMadeFiles[] = {"f0.dat", "f1.dat"};

const char* FileName(Reader& r) { return kFiles[r.Byte() % (sizeof kFiles / sizeof kFiles[0])]; }

DWORD WINAPI Returns(LPVOID parameter) { return static_cast<DWORD>(reinterpret_cast<uintptr_t>(parameter)); }

// A handle: a pool slot most of the time, else something hostile.
HANDLE AnyHandle(Reader& r, State& s) {
  uint8_t b = r.Byte();
  if (b < 160) return s.slots[b % kSlots];
  switch (b % 8) {
    case 0: return nullptr;
    case 1: return INVALID_HANDLE_VALUE;  // also GetCurrentProcess()
    case 2: return GetCurrentThread();
    case 3: return s.last_closed;
    case 4: return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(4 * (r.Byte() + 1)));
    case 5: return reinterpret_cast<HANDLE>(static_cast<uintptr_t>(r.U32()));
    case 6: return reinterpret_cast<HANDLE>(reinterpret_cast<uintptr_t>(s.slots[r.Byte() % kSlots]) + 1);
    default: return reinterpret_cast<HANDLE>(static_cast<intptr_t>(-static_cast<intptr_t>(r.Byte() % 16)));
  }
}

DWORD Access(Reader& r) {
  static const DWORD kCommon[] = {0, FILE_MAP_READ, FILE_MAP_WRITE, FILE_MAP_ALL_ACCESS, FILE_MAP_COPY,
                                  FILE_MAP_READ | FILE_MAP_EXECUTE, SYNCHRONIZE, EVENT_ALL_ACCESS, MAXIMUM_ALLOWED,
                                  GENERIC_READ | GENERIC_WRITE};
  uint8_t b = r.Byte();
  if (b < 200) return kCommon[b % (sizeof kCommon / sizeof kCommon[0])];
  return r.U32();
}

DWORD Protect(Reader& r) {
  static const DWORD kCommon[] = {PAGE_READONLY, PAGE_READWRITE, PAGE_WRITECOPY, PAGE_EXECUTE_READ,
                                  PAGE_EXECUTE_READWRITE, PAGE_NOACCESS, PAGE_READWRITE | SEC_COMMIT,
                                  PAGE_READWRITE | SEC_RESERVE, PAGE_READONLY | SEC_IMAGE, PAGE_GUARD | PAGE_READWRITE};
  uint8_t b = r.Byte();
  if (b < 200) return kCommon[b % (sizeof kCommon / sizeof kCommon[0])];
  return r.U32();
}

// A 64-bit size or offset as (high, low): zero, small, page-ish, misaligned, past 4 GiB, enormous.
void Size64(Reader& r, DWORD* high, DWORD* low) {
  static const uint64_t kSizes[] = {0, 1, 4095, 4096, 4097, 65536, 65537, 1 << 20, 1ull << 32, ~0ull, 0x7fffffffffffffffull};
  uint8_t b = r.Byte();
  uint64_t v = b < 200 ? kSizes[b % (sizeof kSizes / sizeof kSizes[0])] : (uint64_t{r.U32()} << (r.Byte() % 40));
  *high = static_cast<DWORD>(v >> 32);
  *low = static_cast<DWORD>(v);
}

SIZE_T ViewLength(Reader& r) {
  static const SIZE_T kLengths[] = {0, 1, 4096, 4097, 65536, 1 << 20, SIZE_MAX, SIZE_MAX / 2};
  uint8_t b = r.Byte();
  return b < 200 ? kLengths[b % (sizeof kLengths / sizeof kLengths[0])] : SIZE_T{r.U32()};
}

// An address: a view's base, inside a view, misaligned, NULL, or forged.
void* Address(Reader& r, State& s) {
  const View& v = s.views[r.Byte() % kViews];
  char* base = static_cast<char*>(v.base);
  switch (r.Byte() % 6) {
    case 0: return base;
    case 1: return base ? base + 1 : nullptr;
    case 2: return base && v.size > 4096 ? base + 4096 : base;
    case 3: return nullptr;
    case 4: return reinterpret_cast<void*>(static_cast<uintptr_t>(r.U32()) << 16);
    default: return &s;  // the stack: not a view
  }
}

// WINIPC_FUZZ_TRACE=1: the calls that made a handle or a view, to read a crash's input.
bool Tracing() {
  static const bool tracing = std::getenv("WINIPC_FUZZ_TRACE") != nullptr;
  return tracing;
}

void Put(State& s, int slot, HANDLE h) {
  if (Tracing()) std::fprintf(stderr, "  slot %d = %p (was %p)\n", slot, h, s.slots[slot]);
  if (h == nullptr || h == INVALID_HANDLE_VALUE) return;
  if (s.slots[slot] != nullptr) CloseHandle(s.slots[slot]);
  s.slots[slot] = h;
}

void PutView(State& s, Reader& r, void* base, SIZE_T size, DWORD access) {
  if (base == nullptr) return;
  View& v = s.views[r.Byte() % kViews];
  if (v.base != nullptr) UnmapViewOfFile(v.base);
  if (Tracing()) std::fprintf(stderr, "view %p: access %#x, length %#zx\n", base, access, size);
  // Touch the first and the last byte the caller asked for: a view emu returned must be that long. Only as far as
  // the view's protection allows, which VirtualQuery tells: a view mapped with none of read, write and copy, or
  // with bits no FILE_MAP_* has, is PAGE_NOACCESS on Windows (Wine) and in emu (VW-PROT); the pages of a
  // SEC_RESERVE section are reserved, not committed, and fault on Windows too. Written only when writable:
  // FILE_MAP_COPY with FILE_MAP_READ is a read-only view (as in ReactOS).
  MEMORY_BASIC_INFORMATION mbi{};
  const bool committed = VirtualQuery(base, &mbi, sizeof mbi) == sizeof mbi && mbi.State == MEM_COMMIT;
  const DWORD page = committed ? (mbi.Protect & 0xff) : PAGE_NOACCESS;
  const bool readable =
      page != PAGE_NOACCESS && page != 0 && page != PAGE_EXECUTE && (mbi.Protect & PAGE_GUARD) == 0;
  const bool writable = readable && (page == PAGE_READWRITE || page == PAGE_WRITECOPY ||
                                     page == PAGE_EXECUTE_READWRITE || page == PAGE_EXECUTE_WRITECOPY);
  v = View{base, size, writable && (access & FILE_MAP_WRITE) != 0};
  if (readable && size != 0 && size <= (SIZE_T{1} << 32)) {
    volatile char* p = static_cast<volatile char*>(base);
    char first = p[0], last = p[size - 1];
    if (v.writable) {
      p[0] = first;
      p[size - 1] = last;
    }
  }
}

void Step(Reader& r, State& s) {
  const int slot = r.Byte() % kSlots;
  const int op = r.Byte() % 34;
  if (Tracing()) std::fprintf(stderr, "op %d, slot %d\n", op, slot);
  switch (op) {
    case 0: {
      DWORD hi, lo;
      DWORD prot = Protect(r);
      Size64(r, &hi, &lo);
      HANDLE file = r.Byte() < 230 ? INVALID_HANDLE_VALUE : AnyHandle(r, s);  // or a wrong-type "file"
      const char* name = Name(r);
      HANDLE h = CreateFileMappingA(file, nullptr, prot, hi, lo, name);
      if (Tracing()) std::fprintf(stderr, "CreateFileMappingA(%p, %#x, %#x:%#x, %s) = %p\n", file, prot, hi, lo, name ? name : "NULL", h);
      Put(s, slot, h);
      break;
    }
    case 1: {
      DWORD access = Access(r);
      BOOL inherit = r.Bool();
      Put(s, slot, OpenFileMappingA(access, inherit, Name(r)));
      break;
    }
    case 2:
    case 3: {
      HANDLE h = AnyHandle(r, s);
      DWORD access = Access(r), hi, lo;
      Size64(r, &hi, &lo);
      SIZE_T length = ViewLength(r);
      void* base;
      if (r.Bool()) {
        base = MapViewOfFile(h, access, hi, lo, length);
      } else {
        base = MapViewOfFileEx(h, access, hi, lo, length, Address(r, s));
      }
      PutView(s, r, base, length, access);
      break;
    }
    case 4: {
      int i = r.Byte() % kViews;
      if (r.Bool()) {
        if (UnmapViewOfFile(s.views[i].base)) s.views[i] = View{};
      } else {
        void* a = Address(r, s);
        if (UnmapViewOfFile(a)) {
          for (View& v : s.views) {
            if (v.base == a) v = View{};
          }
        }
      }
      break;
    }
    case 5: {
      void* a = Address(r, s);
      FlushViewOfFile(a, ViewLength(r));
      break;
    }
    case 6: {
      MEMORY_BASIC_INFORMATION mbi;
      void* a = Address(r, s);
      SIZE_T length = r.Bool() ? sizeof mbi : r.Byte() % (sizeof mbi + 1);
      VirtualQuery(a, &mbi, length);
      break;
    }
    case 7: {
      HANDLE h = AnyHandle(r, s);
      if (CloseHandle(h)) {
        s.last_closed = h;
        for (HANDLE& x : s.slots) {
          if (x == h) x = nullptr;
        }
      }
      break;
    }
    case 8: {
      HANDLE source = AnyHandle(r, s), out = nullptr;
      HANDLE target_process = r.Byte() < 200 ? GetCurrentProcess() : AnyHandle(r, s);
      DWORD access = Access(r);
      BOOL inherit = r.Bool();
      DWORD options = r.Byte() % 4;
      if (DuplicateHandle(GetCurrentProcess(), source, target_process, &out, access, inherit, options)) Put(s, slot, out);
      if (options & DUPLICATE_CLOSE_SOURCE) {
        // Windows closes the source even when the duplication fails.
        for (HANDLE& x : s.slots) {
          if (x == source && x != out) x = nullptr;
        }
      }
      break;
    }
    case 9: {
      BOOL manual = r.Bool(), initial = r.Bool();
      Put(s, slot, CreateEventA(nullptr, manual, initial, Name(r)));
      break;
    }
    case 10: SetEvent(AnyHandle(r, s)); break;
    case 11: ResetEvent(AnyHandle(r, s)); break;
    case 12: PulseEvent(AnyHandle(r, s)); break;
    case 13: WaitForSingleObject(AnyHandle(r, s), 0); break;
    case 14: {
      HANDLE handles[MAXIMUM_WAIT_OBJECTS + 8];
      for (HANDLE& h : handles) h = s.slots[0];
      DWORD n = r.Byte() % (MAXIMUM_WAIT_OBJECTS + 9);
      for (DWORD i = 0; i < n && i < 8; ++i) handles[i] = AnyHandle(r, s);
      BOOL all = r.Bool();
      // NULL only with a count of zero: Windows reads the array before checking anything else but the count.
      WaitForMultipleObjects(n, n == 0 && r.Bool() ? nullptr : handles, all, 0);
      break;
    }
    case 15: {
      BOOL owner = r.Bool();
      Put(s, slot, CreateMutexA(nullptr, owner, Name(r)));
      break;
    }
    case 16: ReleaseMutex(AnyHandle(r, s)); break;
    case 17: {
      LONG initial = static_cast<LONG>(r.Byte() < 200 ? r.Byte() % 4 : r.U32());
      LONG maximum = static_cast<LONG>(r.Byte() < 200 ? r.Byte() % 4 : r.U32());
      Put(s, slot, CreateSemaphoreA(nullptr, initial, maximum, Name(r)));
      break;
    }
    case 18: {
      HANDLE h = AnyHandle(r, s);
      LONG count = static_cast<LONG>(r.Byte() < 200 ? r.Byte() % 4 : r.U32());
      LONG previous;
      ReleaseSemaphore(h, count, r.Bool() ? &previous : nullptr);
      break;
    }
    case 19: {
      BOOL manual = r.Bool();
      Put(s, slot, CreateWaitableTimerA(nullptr, manual, Name(r)));
      break;
    }
    case 20: {
      HANDLE h = AnyHandle(r, s);
      LARGE_INTEGER due;
      static const LONGLONG kDue[] = {0, -1, -10000, 1, -0x7fffffffffffffffll, 0x7fffffffffffffffll};
      due.QuadPart = r.Byte() < 200 ? kDue[r.Byte() % 6] : static_cast<LONGLONG>(r.U32()) * (r.Bool() ? -1 : 1);
      LONG period = static_cast<LONG>(r.Byte() < 200 ? r.Byte() % 3 : r.U32());
      BOOL resume = r.Bool();
      SetWaitableTimer(h, &due, period, nullptr, nullptr, resume);
      break;
    }
    case 21: CancelWaitableTimer(AnyHandle(r, s)); break;
    case 22: {
      DWORD access = Access(r);
      Put(s, slot, OpenEventA(access, FALSE, Name(r)));
      break;
    }
    case 23: {
      DWORD access = Access(r);
      Put(s, slot, OpenMutexA(access, FALSE, Name(r)));
      break;
    }
    case 24: {
      DWORD access = Access(r);
      Put(s, slot, OpenSemaphoreA(access, FALSE, Name(r)));
      break;
    }
    case 25: {
      DWORD access = Access(r);
      Put(s, slot, OpenWaitableTimerA(access, FALSE, Name(r)));
      break;
    }
    case 26: {
      static const DWORD kAccess[] = {GENERIC_READ, GENERIC_WRITE, GENERIC_READ | GENERIC_WRITE, 0, FILE_APPEND_DATA};
      const DWORD access = r.Byte() < 200 ? kAccess[r.Byte() % 5] : r.U32();
      const DWORD share = r.Byte() < 200 ? r.Byte() % 8 : r.U32();
      const DWORD disposition = r.Byte() < 230 ? 1 + r.Byte() % 5 : r.U32();
      static const DWORD kFlags[] = {FILE_ATTRIBUTE_NORMAL, FILE_FLAG_DELETE_ON_CLOSE, FILE_ATTRIBUTE_READONLY,
                                     FILE_FLAG_OVERLAPPED, FILE_FLAG_WRITE_THROUGH};
      const DWORD flags = r.Byte() < 200 ? kFlags[r.Byte() % 5] : r.U32();
      const char* name = FileName(r);
      HANDLE h = CreateFileA(name, access, share, nullptr, disposition, flags, nullptr);
      if (Tracing()) std::fprintf(stderr, "CreateFileA(%s, %#x, %#x, %u, %#x) = %p\n", name, access, share, disposition, flags, h);
      Put(s, slot, h);
      break;
    }
    case 27:
    case 28: {
      // A buffer of exactly the length given, or NULL (ERROR_NOACCESS on Windows, never a crash).
      char buffer[4096];
      const DWORD length = r.Byte() % 5 == 0 ? 0 : r.Byte() * 16;
      char* data = r.Byte() < 240 ? buffer : nullptr;
      DWORD done = 0;
      OVERLAPPED at{};
      at.Offset = r.Byte() < 200 ? r.Byte() * 100 : r.U32();
      at.OffsetHigh = r.Byte() < 240 ? 0 : r.U32();
      LPOVERLAPPED overlapped = r.Bool() ? &at : nullptr;
      LPDWORD transferred = r.Byte() < 220 ? &done : nullptr;
      HANDLE h = AnyHandle(r, s);
      if (op == 27) {
        ReadFile(h, data, length, transferred, overlapped);
      } else {
        if (data != nullptr) std::memset(data, 'w', length);
        WriteFile(h, data, length, transferred, overlapped);
      }
      break;
    }
    case 29: {
      HANDLE h = AnyHandle(r, s);
      LARGE_INTEGER distance, now;
      static const LONGLONG kDistances[] = {0, 1, -1, 4096, 1ll << 32, -(1ll << 40), 0x7fffffffffffffffll};
      distance.QuadPart = r.Byte() < 200 ? kDistances[r.Byte() % 7] : static_cast<LONGLONG>(r.U32());
      const DWORD method = r.Byte() < 230 ? r.Byte() % 3 : r.U32();
      if (r.Bool()) {
        SetFilePointerEx(h, distance, r.Bool() ? &now : nullptr, method);
      } else {
        LONG high = static_cast<LONG>(distance.QuadPart >> 32);
        SetFilePointer(h, static_cast<LONG>(distance.LowPart), r.Bool() ? &high : nullptr, method);
      }
      break;
    }
    case 30: {
      HANDLE h = AnyHandle(r, s);
      DWORD high = 0;
      LARGE_INTEGER size;
      switch (r.Byte() % 4) {
        case 0: SetEndOfFile(h); break;
        case 1: GetFileSize(h, r.Bool() ? &high : nullptr); break;
        case 2: GetFileSizeEx(h, r.Bool() ? &size : nullptr); break;
        default: FlushFileBuffers(h); break;
      }
      break;
    }
    case 31: {
      if (r.Bool()) {
        Put(s, slot, CreateJobObjectA(nullptr, Name(r)));
      } else {
        Put(s, slot, OpenJobObjectA(Access(r), FALSE, Name(r)));
      }
      break;
    }
    case 32: {
      // A job and a process from the pool or forged; INVALID_HANDLE_VALUE is this process, which then stays in
      // the job (no TerminateJobObject here).
      HANDLE job = AnyHandle(r, s);
      AssignProcessToJobObject(job, AnyHandle(r, s));
      break;
    }
    default: {
      static const SIZE_T kStacks[] = {0, 1, 65536, SIZE_MAX};
      const SIZE_T stack = kStacks[r.Byte() % 4];
      const DWORD flags = r.Byte() < 200 ? (r.Bool() ? CREATE_SUSPENDED : 0) : r.U32();
      void* parameter = reinterpret_cast<void*>(static_cast<uintptr_t>(r.Byte()));
      HANDLE thread = CreateThread(nullptr, stack, Returns, parameter, flags, nullptr);
      Put(s, slot, thread);
      HANDLE h = AnyHandle(r, s);
      DWORD code;
      if (r.Bool()) ResumeThread(h);
      GetExitCodeThread(h, r.Bool() ? &code : nullptr);
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static uint64_t runs = 0;
  Reader r(data, size);
  State s;
  for (int steps = 0; !r.empty() && steps < 64; ++steps) Step(r, s);
  for (View& v : s.views) {
    if (v.base != nullptr) UnmapViewOfFile(v.base);
  }
  for (HANDLE h : s.slots) {
    if (h != nullptr) CloseHandle(h);
  }
  // The files an input made are its own (not a leak of emu's): removed, so the working directory stays empty.
  for (const char* name : kMadeFiles) {
    if (!DeleteFileA(name)) unlink(name);
  }
  winipc_fuzz::CheckNothingLeft();
  if (++runs % 256 == 0) winipc_fuzz::CheckSandbox();
  return 0;
}
