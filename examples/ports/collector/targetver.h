#pragma once

// Including SDKDDKVer.h defines the highest available Windows platform.
// To build for an earlier platform, include WinSDKVer.h and set _WIN32_WINNT before including SDKDDKVer.h.
#include <SDKDDKVer.h>
