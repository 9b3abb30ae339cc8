// The path of the running benchmark program, so a scenario can start its partner process from it.
#ifndef WINIPC_BENCH_SELF_PATH_H_
#define WINIPC_BENCH_SELF_PATH_H_

#include <string>

namespace winipc::bench {

// GetModuleFileNameA on Windows; /proc/self/exe on Linux (emu has no GetModuleFileName).
std::string SelfPath();

}  // namespace winipc::bench

#endif  // WINIPC_BENCH_SELF_PATH_H_
