// One-time initialisation: InitOnceExecuteOnce across threads, a failing init function, and the two-step
// InitOnceBeginInitialize/InitOnceComplete, synchronous and asynchronous.
//
// https://learn.microsoft.com/en-us/windows/win32/sync/one-time-initialization
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-initonceexecuteonce
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-initoncebegininitialize
// https://learn.microsoft.com/en-us/windows/win32/api/synchapi/nf-synchapi-initoncecomplete
#include <atomic>

#include "harness/harness.h"
#include "insync/insync_threads.h"

namespace winipc::conformance {
namespace {

std::atomic<int> init_calls{0};
alignas(8) int the_context_target = 0;

// Counts its calls, stays inside a while (so that other threads arrive meanwhile), and gives &the_context_target.
BOOL CALLBACK SlowInit(PINIT_ONCE, PVOID parameter, PVOID* context) {
  ++init_calls;
  Sleep(20);
  *static_cast<int*>(parameter) = 42;
  *context = &the_context_target;
  return TRUE;
}

// Fails with last error ERROR_FILE_NOT_FOUND on its first call, succeeds after.
BOOL CALLBACK FailsFirstTime(PINIT_ONCE, PVOID parameter, PVOID*) {
  auto* calls = static_cast<int*>(parameter);
  if ((*calls)++ == 0) {
    SetLastError(ERROR_FILE_NOT_FOUND);
    return FALSE;
  }
  return TRUE;
}

// Tests that INIT_ONCE is pointer-sized and INIT_ONCE_STATIC_INIT all zero, like InitOnceInitialize.
TEST(InitOnce, IsPointerSizedAndStaticallyInitialised) {
  BEHAVIOUR("IS-ONCE-001");
  EXPECT_EQ(sizeof(INIT_ONCE), sizeof(void*));
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  EXPECT_EQ(once.Ptr, nullptr);
  once.Ptr = &once;
  InitOnceInitialize(&once);
  EXPECT_EQ(once.Ptr, nullptr);
}

// Tests that InitOnceExecuteOnce called by four threads at once runs the function exactly once, and every caller
// returns TRUE after it finished, with the context it produced.
TEST(InitOnce, ExecuteOnceRunsTheFunctionOnceForAllThreads) {
  BEHAVIOUR("IS-ONCE-002");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;  // not static: each run of the test starts afresh
  init_calls = 0;
  int value = 0;
  std::atomic<int> good{0};
  ASSERT_TRUE(RunOnThreads(4, [&](int) {
    void* context = nullptr;
    if (InitOnceExecuteOnce(&once, SlowInit, &value, &context) && context == &the_context_target &&
        value == 42) {
      ++good;
    }
  }));
  EXPECT_EQ(init_calls, 1);
  EXPECT_EQ(good, 4);
}

// Tests that when the init function fails, InitOnceExecuteOnce returns FALSE with the last error the function
// left, and the next call runs the function again.
TEST(InitOnce, FailedInitIsTriedAgain) {
  BEHAVIOUR("IS-ONCE-003");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  int calls = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceExecuteOnce(&once, FailsFirstTime, &calls, nullptr)), FailsWith(ERROR_FILE_NOT_FOUND));
  EXPECT_THAT(Call(InitOnceExecuteOnce(&once, FailsFirstTime, &calls, nullptr)), Succeeds());
  EXPECT_THAT(Call(InitOnceExecuteOnce(&once, FailsFirstTime, &calls, nullptr)), Succeeds());
  EXPECT_EQ(calls, 2);
}

// Tests that in the two-step form the first InitOnceBeginInitialize says pending, InitOnceComplete stores the context,
// and later calls say not pending and hand the context back.
TEST(InitOnce, BeginThenCompleteHandsTheContextToLaterCallers) {
  BEHAVIOUR("IS-ONCE-004");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending = -1;
  void* context = &once;
  SetLastError(kPoisonError);
  ASSERT_THAT(Call(InitOnceBeginInitialize(&once, 0, &pending, &context)), Succeeds());
  EXPECT_EQ(pending, TRUE);
  ASSERT_THAT(Call(InitOnceComplete(&once, 0, &the_context_target)), Succeeds());
  pending = -1;
  context = nullptr;
  EXPECT_THAT(Call(InitOnceBeginInitialize(&once, 0, &pending, &context)), Succeeds());
  EXPECT_EQ(pending, FALSE);
  EXPECT_EQ(context, &the_context_target);
  context = nullptr;
  EXPECT_THAT(Call(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context)), Succeeds());
  EXPECT_EQ(pending, FALSE);
  EXPECT_EQ(context, &the_context_target);
  EXPECT_EQ(GetLastError(), kPoisonError);
}

// Tests that INIT_ONCE_CHECK_ONLY before the initialisation completed fails (ERROR_GEN_FAILURE) and starts
// nothing.
TEST(InitOnce, CheckOnlyBeforeCompletionFails) {
  BEHAVIOUR("IS-ONCE-005");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending = -1;
  void* context = nullptr;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceBeginInitialize(&once, INIT_ONCE_CHECK_ONLY, &pending, &context)),
              FailsWith(ERROR_GEN_FAILURE));
  EXPECT_EQ(once.Ptr, nullptr);
}

// Tests that InitOnceComplete refuses a context with the reserved low bits set (ERROR_INVALID_PARAMETER), and
// INIT_ONCE_CHECK_ONLY together with INIT_ONCE_ASYNC is refused the same way.
TEST(InitOnce, BadContextAndFlagsAreRefused) {
  BEHAVIOUR("IS-ONCE-006");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending = -1;
  ASSERT_TRUE(InitOnceBeginInitialize(&once, 0, &pending, nullptr));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceComplete(&once, 0, reinterpret_cast<void*>(uintptr_t{0x1001}))),
              FailsWith(ERROR_INVALID_PARAMETER));
  EXPECT_THAT(Call(InitOnceComplete(&once, 0, nullptr)), Succeeds());
  INIT_ONCE other = INIT_ONCE_STATIC_INIT;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceBeginInitialize(&other, INIT_ONCE_CHECK_ONLY | INIT_ONCE_ASYNC, &pending, nullptr)),
              FailsWith(ERROR_INVALID_PARAMETER));
}

// Tests that with INIT_ONCE_ASYNC two callers may both be told to initialise; the first InitOnceComplete wins, the second
// fails, and later callers get the winner's context.
TEST(InitOnce, AsyncFirstCompletionWins) {
  BEHAVIOUR("IS-ONCE-007");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL first_pending = -1, second_pending = -1;
  ASSERT_TRUE(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &first_pending, nullptr));
  ASSERT_TRUE(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &second_pending, nullptr));
  EXPECT_EQ(first_pending, TRUE);
  EXPECT_EQ(second_pending, TRUE);
  alignas(8) static int winner = 0, loser = 0;
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceComplete(&once, INIT_ONCE_ASYNC, &winner)), Succeeds());
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceComplete(&once, INIT_ONCE_ASYNC, &loser)), FailsWith(ERROR_GEN_FAILURE));
  BOOL pending = -1;
  void* context = nullptr;
  EXPECT_TRUE(InitOnceBeginInitialize(&once, INIT_ONCE_ASYNC, &pending, &context));
  EXPECT_EQ(pending, FALSE);
  EXPECT_EQ(context, &winner);
}

// Tests that InitOnceComplete with INIT_ONCE_INIT_FAILED puts the once back to the start: the next
// InitOnceBeginInitialize is pending again.
TEST(InitOnce, InitFailedStartsOver) {
  BEHAVIOUR("IS-ONCE-008");
  INIT_ONCE once = INIT_ONCE_STATIC_INIT;
  BOOL pending = -1;
  ASSERT_TRUE(InitOnceBeginInitialize(&once, 0, &pending, nullptr));
  SetLastError(kPoisonError);
  EXPECT_THAT(Call(InitOnceComplete(&once, INIT_ONCE_INIT_FAILED, nullptr)), Succeeds());
  pending = -1;
  EXPECT_TRUE(InitOnceBeginInitialize(&once, 0, &pending, nullptr));
  EXPECT_EQ(pending, TRUE);
  EXPECT_TRUE(InitOnceComplete(&once, 0, nullptr));
}

}  // namespace
}  // namespace winipc::conformance
