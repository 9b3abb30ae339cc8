// Everything a conformance test needs: include "harness/harness.h" and put the tests in
// namespace winipc::conformance { namespace { ... } }.
//
// Installed, this harness is winipc's test kit (winipc::testkit, pkg-config winipc-testkit): a porting team's own
// tests include the same header; winipc::testkit names the same namespace (docs/testing-your-port.md).
//
// This directory is the only place in the suite that knows which OS it runs on; tests are written against the
// Win32 API alone. See child.h (cross-process tests), matchers.h (return value + last error), behaviour.h
// (BEHAVIOUR IDs), names.h (UniqueName, Wide, Narrow), scoped_handle.h, handshake.h.
#ifndef WINIPC_CONFORMANCE_HARNESS_HARNESS_H_
#define WINIPC_CONFORMANCE_HARNESS_HARNESS_H_

#include <windows.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "harness/behaviour.h"
#include "harness/child.h"
#include "harness/error_names.h"
#include "harness/handshake.h"
#include "harness/implementation.h"
#include "harness/matchers.h"
#include "harness/names.h"
#include "harness/other_thread.h"
#include "harness/scoped_handle.h"
#include "harness/stale_handle.h"
#include "harness/waiters.h"

namespace winipc {
namespace testkit = conformance;  // the name a team's tests may use
}  // namespace winipc

#endif  // WINIPC_CONFORMANCE_HARNESS_HARNESS_H_
