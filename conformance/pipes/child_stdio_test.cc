// A child started with its standard handles redirected (STARTUPINFO.dwFlags = STARTF_USESTDHANDLES,
// bInheritHandles TRUE): what it reads and writes through GetStdHandle goes to the handles the parent gave, the
// pattern of "Creating a Child Process with Redirected Input and Output".
// https://learn.microsoft.com/en-us/windows/win32/procthread/creating-a-child-process-with-redirected-input-and-output
#include <windows.h>

#include <string>
#include <vector>

#include "harness/harness.h"
#include "pipes/anonymous_pipe.h"

namespace winipc::conformance {
namespace {

using pipes::AnonymousPipe;
using pipes::MakeAnonymousPipe;
using pipes::ReadToEnd;
using pipes::WriteText;

// A pipe whose write end the child inherits and whose read end stays with the parent.
AnonymousPipe PipeForChildToWrite() {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, nullptr, TRUE};
  AnonymousPipe pipe = MakeAnonymousPipe(&inherit);
  EXPECT_TRUE(SetHandleInformation(pipe.read_end.get(), HANDLE_FLAG_INHERIT, 0));
  return pipe;
}

AnonymousPipe PipeForChildToRead() {
  SECURITY_ATTRIBUTES inherit = {sizeof inherit, nullptr, TRUE};
  AnonymousPipe pipe = MakeAnonymousPipe(&inherit);
  EXPECT_TRUE(SetHandleInformation(pipe.write_end.get(), HANDLE_FLAG_INHERIT, 0));
  return pipe;
}

// Starts the child main `name` with the three standard handles given; the process handle, or NULL.
ScopedHandle StartWithStdHandles(const std::string& name, HANDLE input, HANDLE output, HANDLE error) {
  std::string command_line = ChildCommandLine(name);
  STARTUPINFOA startup = {};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = input;
  startup.hStdOutput = output;
  startup.hStdError = error;
  PROCESS_INFORMATION info = {};
  SetLastError(kPoisonError);
  const BOOL started = CreateProcessA(ChildProgramPath().c_str(), command_line.data(), nullptr, nullptr, TRUE, 0,
                                      nullptr, nullptr, &startup, &info);
  EXPECT_TRUE(started) << DescribeError(GetLastError());
  if (!started) return ScopedHandle();
  CloseHandle(info.hThread);
  return ScopedHandle(info.hProcess);
}

// The parent's standard error made inheritable, so a child's failure message reaches the test's output.
HANDLE InheritableStandardError() {
  const HANDLE error = GetStdHandle(STD_ERROR_HANDLE);
  if (error != nullptr && error != INVALID_HANDLE_VALUE) SetHandleInformation(error, HANDLE_FLAG_INHERIT, HANDLE_FLAG_INHERIT);
  return error;
}

DWORD ExitCodeAfterWait(HANDLE process) {
  EXPECT_EQ(WaitForSingleObject(process, kChildTimeoutMs), WAIT_OBJECT_0);
  DWORD code = 0;
  EXPECT_TRUE(GetExitCodeProcess(process, &code));
  return code;
}

CHILD_MAIN(StdioWritesBothStreams) {
  const HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
  const HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
  CHILD_CHECK(out != nullptr && out != INVALID_HANDLE_VALUE);
  CHILD_CHECK(err != nullptr && err != INVALID_HANDLE_VALUE);
  CHILD_CHECK(WriteText(out, "to standard output"));
  CHILD_CHECK(WriteText(err, "to standard error"));
  return 0;
}

// Tests that a child's standard output and error are the pipes the parent gave, each getting its own bytes, and
// that the parent reads to ERROR_BROKEN_PIPE once the child has exited and the parent closed its write ends.
TEST(CreateProcess, StdHandlesRedirectOutputAndError) {
  BEHAVIOUR("PR-STDIO-001");
  AnonymousPipe out = PipeForChildToWrite();
  AnonymousPipe err = PipeForChildToWrite();
  ScopedHandle child = StartWithStdHandles("StdioWritesBothStreams", nullptr, out.write_end.get(), err.write_end.get());
  ASSERT_NE(child.get(), nullptr);
  out.write_end.reset();  // the child holds the only write ends now
  err.write_end.reset();
  DWORD out_end = 0;
  DWORD err_end = 0;
  const std::string out_text = ReadToEnd(out.read_end.get(), &out_end);
  const std::string err_text = ReadToEnd(err.read_end.get(), &err_end);
  EXPECT_EQ(ExitCodeAfterWait(child.get()), 0u) << err_text;
  EXPECT_EQ(out_text, "to standard output");
  EXPECT_EQ(err_text, "to standard error");
  EXPECT_EQ(out_end, DWORD{ERROR_BROKEN_PIPE});
  EXPECT_EQ(err_end, DWORD{ERROR_BROKEN_PIPE});
}

CHILD_MAIN(StdioEchoesInput) {
  const HANDLE in = GetStdHandle(STD_INPUT_HANDLE);
  CHILD_CHECK(in != nullptr && in != INVALID_HANDLE_VALUE);
  DWORD end = 0;
  const std::string text = ReadToEnd(in, &end);
  CHILD_CHECK_EQ(end, DWORD{ERROR_BROKEN_PIPE});
  CHILD_CHECK(WriteText(GetStdHandle(STD_OUTPUT_HANDLE), "echo: " + text));
  return 0;
}

// Tests that a child reads its standard input from the pipe the parent writes, sees the end of it as
// ERROR_BROKEN_PIPE once the parent closes its write end, and answers on its redirected standard output.
TEST(CreateProcess, StdHandlesRedirectInput) {
  BEHAVIOUR("PR-STDIO-002");
  AnonymousPipe in = PipeForChildToRead();
  AnonymousPipe out = PipeForChildToWrite();
  ScopedHandle child =
      StartWithStdHandles("StdioEchoesInput", in.read_end.get(), out.write_end.get(), InheritableStandardError());
  ASSERT_NE(child.get(), nullptr);
  in.read_end.reset();
  out.write_end.reset();
  ASSERT_TRUE(WriteText(in.write_end.get(), "first line\nsecond line\n"));
  in.write_end.reset();  // the end of the child's input
  DWORD end = 0;
  const std::string answer = ReadToEnd(out.read_end.get(), &end);
  EXPECT_EQ(ExitCodeAfterWait(child.get()), 0u);
  EXPECT_EQ(answer, "echo: first line\nsecond line\n");
  EXPECT_EQ(end, DWORD{ERROR_BROKEN_PIPE});
}

CHILD_MAIN(StdioReportsNullOutput) {
  // Nothing to write to: the answer is the exit code.
  return GetStdHandle(STD_OUTPUT_HANDLE) == nullptr ? 0 : 1;
}

// Tests that a standard handle given as NULL is NULL in the child (GetStdHandle returns NULL, not a handle on
// the parent's stream).
TEST(CreateProcess, StdHandlesNullStaysNull) {
  BEHAVIOUR("PR-STDIO-003");
  ScopedHandle child = StartWithStdHandles("StdioReportsNullOutput", nullptr, nullptr, InheritableStandardError());
  ASSERT_NE(child.get(), nullptr);
  EXPECT_EQ(ExitCodeAfterWait(child.get()), 0u);
}

}  // namespace
}  // namespace winipc::conformance
