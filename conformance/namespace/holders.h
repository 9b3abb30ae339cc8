// The six named object types, one object of each that can hold a name: for tests that try one name (or one
// SECURITY_ATTRIBUTES) against every type (namespace/collisions_test.cc, security/security_descriptor_test.cc).
#ifndef WINIPC_CONFORMANCE_NAMESPACE_HOLDERS_H_
#define WINIPC_CONFORMANCE_NAMESPACE_HOLDERS_H_

#include <windows.h>

#include <string>

namespace winipc::conformance {

enum class Holder { kEvent, kMapping, kSemaphore, kMutex, kTimer, kJob };
inline constexpr Holder kHolders[] = {Holder::kEvent, Holder::kMapping, Holder::kSemaphore,
                                      Holder::kMutex, Holder::kTimer,   Holder::kJob};

inline const char* HolderName(Holder holder) {
  switch (holder) {
    case Holder::kEvent:
      return "event";
    case Holder::kMapping:
      return "file mapping";
    case Holder::kSemaphore:
      return "semaphore";
    case Holder::kMutex:
      return "mutex";
    case Holder::kTimer:
      return "waitable timer";
    case Holder::kJob:
      return "job object";
  }
  return "?";
}

// Creates the object that holds `name`: a manual-reset event, a read-write pagefile section of one allocation
// granule, a semaphore (count 0 of 1), an unowned mutex, a manual-reset waitable timer or a job object.
inline HANDLE CreateHolder(Holder holder, const std::string& name, SECURITY_ATTRIBUTES* attributes = nullptr) {
  switch (holder) {
    case Holder::kEvent:
      return CreateEventA(attributes, TRUE, FALSE, name.c_str());
    case Holder::kMapping:
      return CreateFileMappingA(INVALID_HANDLE_VALUE, attributes, PAGE_READWRITE, 0, 0x10000, name.c_str());
    case Holder::kSemaphore:
      return CreateSemaphoreA(attributes, 0, 1, name.c_str());
    case Holder::kMutex:
      return CreateMutexA(attributes, FALSE, name.c_str());
    case Holder::kTimer:
      return CreateWaitableTimerA(attributes, TRUE, name.c_str());
    case Holder::kJob:
      return CreateJobObjectA(attributes, name.c_str());
  }
  return nullptr;
}

// Opens the holder of `name` with a right every type's creator gets.
inline HANDLE OpenHolder(Holder holder, const std::string& name) {
  switch (holder) {
    case Holder::kEvent:
      return OpenEventA(SYNCHRONIZE, FALSE, name.c_str());
    case Holder::kMapping:
      return OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str());
    case Holder::kSemaphore:
      return OpenSemaphoreA(SYNCHRONIZE, FALSE, name.c_str());
    case Holder::kMutex:
      return OpenMutexA(SYNCHRONIZE, FALSE, name.c_str());
    case Holder::kTimer:
      return OpenWaitableTimerA(SYNCHRONIZE, FALSE, name.c_str());
    case Holder::kJob:
      return OpenJobObjectA(JOB_OBJECT_QUERY, FALSE, name.c_str());
  }
  return nullptr;
}

}  // namespace winipc::conformance

#endif  // WINIPC_CONFORMANCE_NAMESPACE_HOLDERS_H_
