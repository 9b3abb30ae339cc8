// A small subset of Google Benchmark's API (1.7), for the Windows build of the Win32 scenarios.
//
// Debian has no mingw-w64 package of Google Benchmark and the build machine has no network, so the scenarios
// that run under Wine are timed by this harness instead. It keeps Google Benchmark's rules where they decide
// the number: the timed region is exactly the `for (auto _ : state)` loop, the iteration count grows until one
// run lasts --benchmark_min_time seconds (at most 10x per step, as Google Benchmark does), real (wall) time is
// reported, and the JSON it writes has the fields of Google Benchmark's `--benchmark_format=json` that
// runners/bench.py reads. The same scenario source also builds against this header on Linux
// (winipc_bench_emu_mini), so emu can be measured by both harnesses and Wine is compared with emu under the same
// harness (bench/README.md).
#ifndef WINIPC_BENCH_MINI_BENCHMARK_H_
#define WINIPC_BENCH_MINI_BENCHMARK_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace benchmark {

using IterationCount = int64_t;

class State {
 public:
  State(IterationCount max_iterations, std::vector<int64_t> ranges)
      : max_iterations_(max_iterations), ranges_(std::move(ranges)) {}

  struct Value {};
  class Iterator {
   public:
    Iterator(State* state, IterationCount left) : state_(state), left_(left) {}
    Value operator*() const { return {}; }
    Iterator& operator++() {
      --left_;
      return *this;
    }
    bool operator!=(const Iterator&) {
      if (left_ > 0) return true;
      state_->Finish();
      return false;
    }

   private:
    State* state_;
    IterationCount left_;
  };

  Iterator begin() {
    Start();
    return Iterator(this, error_ ? 0 : max_iterations_);
  }
  Iterator end() { return Iterator(this, 0); }

  int64_t range(std::size_t pos = 0) const { return pos < ranges_.size() ? ranges_[pos] : 0; }
  IterationCount iterations() const { return finished_ ? max_iterations_ : 0; }
  IterationCount max_iterations() const { return max_iterations_; }
  void SetBytesProcessed(int64_t bytes) { bytes_processed_ = bytes; }
  void SetLabel(const std::string& label) { label_ = label; }
  void SkipWithError(const char* message) {
    error_ = true;
    error_message_ = message;
  }
  bool error_occurred() const { return error_; }
  void PauseTiming();
  void ResumeTiming();

  // Read by the runner (mini_benchmark.cc).
  double seconds() const { return seconds_; }
  int64_t bytes_processed() const { return bytes_processed_; }
  const std::string& label() const { return label_; }
  const std::string& error_message() const { return error_message_; }

 private:
  using Clock = std::chrono::steady_clock;
  void Start();
  void Finish();

  IterationCount max_iterations_;
  std::vector<int64_t> ranges_;
  Clock::time_point started_{};
  double seconds_ = 0;
  bool running_ = false;
  bool finished_ = false;
  bool error_ = false;
  int64_t bytes_processed_ = 0;
  std::string label_;
  std::string error_message_;
};

namespace internal {

using Function = void (*)(State&);

class Benchmark {
 public:
  Benchmark(std::string name, Function function) : name_(std::move(name)), function_(function) {}
  Benchmark* Arg(int64_t value) {
    args_.push_back(value);
    return this;
  }
  Benchmark* UseRealTime() { return this; }  // the only clock this harness has
  Benchmark* Iterations(IterationCount n) {
    iterations_ = n;
    return this;
  }

  const std::string& name() const { return name_; }
  Function function() const { return function_; }
  const std::vector<int64_t>& args() const { return args_; }
  IterationCount fixed_iterations() const { return iterations_; }

 private:
  std::string name_;
  Function function_;
  std::vector<int64_t> args_;
  IterationCount iterations_ = 0;
};

Benchmark* RegisterBenchmarkInternal(Benchmark* benchmark);

}  // namespace internal

void Initialize(int* argc, char** argv);
bool ReportUnrecognizedArguments(int argc, char** argv);
size_t RunSpecifiedBenchmarks();
void Shutdown();

template <class T>
inline void DoNotOptimize(T const& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}
inline void ClobberMemory() { asm volatile("" : : : "memory"); }

}  // namespace benchmark

#define WINIPC_BENCH_CONCAT2(a, b) a##b
#define WINIPC_BENCH_CONCAT(a, b) WINIPC_BENCH_CONCAT2(a, b)
#define BENCHMARK(function)                                                       \
  static ::benchmark::internal::Benchmark* WINIPC_BENCH_CONCAT(bench_, __LINE__) \
      [[maybe_unused]] = ::benchmark::internal::RegisterBenchmarkInternal(        \
          new ::benchmark::internal::Benchmark(#function, function))

#endif  // WINIPC_BENCH_MINI_BENCHMARK_H_
