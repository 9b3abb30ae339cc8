#include "harness/waiters.h"

#include <chrono>
#include <thread>

#include "harness/error_names.h"
#include "harness/handshake.h"
#include "harness/matchers.h"
#include "harness/scoped_handle.h"

namespace winipc::conformance {
namespace {

HANDLE OpenForWaiting(const std::string& kind, const std::string& name) {
  if (kind == "event") return OpenEventA(SYNCHRONIZE, FALSE, name.c_str());
  if (kind == "semaphore") return OpenSemaphoreA(SYNCHRONIZE, FALSE, name.c_str());
  return nullptr;
}

const char* KindName(WaitableKind kind) { return kind == WaitableKind::kEvent ? "event" : "semaphore"; }

}  // namespace

// args: kind, object name, handshake name, wait in ms.
CHILD_MAIN(WaitOnNamedObject) {
  ScopedHandle object(OpenForWaiting(args.at(0), args.at(1)));
  CHILD_CHECK(object) << "opening " << args.at(0) << " " << args.at(1) << " failed: " << DescribeError(GetLastError());
  Handshake ready = Handshake::Open(args.at(2));
  CHILD_CHECK(ready.Signal());
  SetLastError(kPoisonError);
  const auto waited = Call(WaitForSingleObject(object.get(), static_cast<DWORD>(std::stoul(args.at(3)))));
  if (waited.value == WAIT_TIMEOUT) return kWaiterTimedOut;
  CHILD_CHECK_THAT(waited, ReturnsWithError(WAIT_OBJECT_0, kPoisonError));
  return 0;
}

std::vector<Child> StartWaiters(WaitableKind kind, const std::string& name, int count, DWORD wait_ms) {
  std::vector<Child> waiters;
  for (int i = 0; i < count; ++i) {
    Handshake ready = Handshake::Create("waiter-ready");
    waiters.push_back(SpawnChild("WaitOnNamedObject", {KindName(kind), name, ready.name(), std::to_string(wait_ms)}));
    EXPECT_TRUE(ready.Wait(kChildTimeoutMs)) << "waiter " << i << " never became ready";
  }
  // Give the waiters a moment to block; correctness does not depend on it.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return waiters;
}

}  // namespace winipc::conformance
