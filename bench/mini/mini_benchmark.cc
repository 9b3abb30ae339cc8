// The runner of the Google Benchmark subset in include/benchmark/benchmark.h: flags, iteration growth, JSON.
#include "benchmark/benchmark.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

namespace benchmark {

void State::Start() {
  running_ = true;
  seconds_ = 0;
  started_ = Clock::now();
}

void State::Finish() {
  if (running_) PauseTiming();
  finished_ = !error_;
}

void State::PauseTiming() {
  seconds_ += std::chrono::duration<double>(Clock::now() - started_).count();
  running_ = false;
}

void State::ResumeTiming() {
  running_ = true;
  started_ = Clock::now();
}

namespace {

struct Flags {
  double min_time = 0.5;  // Google Benchmark 1.7's default
  int repetitions = 1;
  std::string filter = ".";
  std::string out;
  std::string format = "console";
};

Flags& TheFlags() {
  static Flags flags;
  return flags;
}

std::vector<std::unique_ptr<internal::Benchmark>>& Registry() {
  static std::vector<std::unique_ptr<internal::Benchmark>> registry;
  return registry;
}

bool TakeFlag(const char* argument, const char* name, std::string* value) {
  const size_t length = std::strlen(name);
  if (std::strncmp(argument, name, length) != 0 || argument[length] != '=') return false;
  *value = argument + length + 1;
  return true;
}

std::string JsonString(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      quoted += escaped;
      continue;
    }
    quoted += c;
  }
  return quoted + "\"";
}

struct Run {
  std::string name;
  std::string run_name;
  int repetitions;
  int repetition_index;
  IterationCount iterations;
  double real_time_ns;
  int64_t bytes_processed;
  std::string label;
  std::string error;
};

// One measurement as Google Benchmark makes it: 1 iteration, then more (at most 10x per step, aiming 40% past
// the minimum time) until one run lasts min_time.
Run Measure(const internal::Benchmark& benchmark, const std::vector<int64_t>& ranges, const std::string& name) {
  const Flags& flags = TheFlags();
  IterationCount iterations = benchmark.fixed_iterations() ? benchmark.fixed_iterations() : 1;
  for (;;) {
    State state(iterations, ranges);
    benchmark.function()(state);
    if (state.error_occurred()) return {name, name, 0, 0, 0, 0, 0, "", state.error_message()};
    const double seconds = state.seconds();
    const bool done = benchmark.fixed_iterations() != 0 || seconds >= flags.min_time || iterations >= 1000000000;
    if (done) {
      const double bytes_per_second = seconds > 0 ? state.bytes_processed() / seconds : 0;
      return {name, name, 0, 0, iterations, seconds * 1e9 / static_cast<double>(iterations),
              static_cast<int64_t>(bytes_per_second), state.label(), ""};
    }
    double multiplier = flags.min_time * 1.4 / std::max(seconds, 1e-9);
    multiplier = std::min(multiplier, 10.0);
    iterations = std::max<IterationCount>(iterations + 1, static_cast<IterationCount>(iterations * multiplier));
  }
}

std::string Context() {
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S+00:00", std::gmtime(&now));
  std::ostringstream out;
  out << "  \"context\": {\n    \"date\": " << JsonString(date) << ",\n    \"harness\": \"winipc mini_benchmark\",\n"
      << "    \"num_cpus\": " << std::thread::hardware_concurrency() << ",\n"
      << "    \"library_build_type\": \"release\"\n  },\n";
  return out.str();
}

void WriteJson(std::ostream& out, const std::vector<Run>& runs) {
  out << "{\n" << Context() << "  \"benchmarks\": [\n";
  for (size_t i = 0; i < runs.size(); ++i) {
    const Run& run = runs[i];
    out << "    {\n      \"name\": " << JsonString(run.name) << ",\n      \"run_name\": " << JsonString(run.run_name)
        << ",\n      \"run_type\": \"iteration\",\n      \"repetitions\": " << run.repetitions
        << ",\n      \"repetition_index\": " << run.repetition_index << ",\n";
    if (!run.error.empty()) {
      out << "      \"error_occurred\": true,\n      \"error_message\": " << JsonString(run.error) << ",\n";
    }
    char times[160];
    std::snprintf(times, sizeof times, "      \"iterations\": %lld,\n      \"real_time\": %.6e,\n      \"cpu_time\": %.6e",
                  static_cast<long long>(run.iterations), run.real_time_ns, run.real_time_ns);
    out << times << ",\n      \"time_unit\": \"ns\"";
    if (run.bytes_processed) out << ",\n      \"bytes_per_second\": " << run.bytes_processed;
    if (!run.label.empty()) out << ",\n      \"label\": " << JsonString(run.label);
    out << "\n    }" << (i + 1 < runs.size() ? "," : "") << "\n";
  }
  out << "  ]\n}\n";
}

}  // namespace

namespace internal {
Benchmark* RegisterBenchmarkInternal(Benchmark* benchmark) {
  Registry().emplace_back(benchmark);
  return benchmark;
}
}  // namespace internal

void Initialize(int* argc, char** argv) {
  Flags& flags = TheFlags();
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    std::string value;
    if (TakeFlag(argv[i], "--benchmark_min_time", &value)) {
      flags.min_time = std::atof(value.c_str());
    } else if (TakeFlag(argv[i], "--benchmark_repetitions", &value)) {
      flags.repetitions = std::max(1, std::atoi(value.c_str()));
    } else if (TakeFlag(argv[i], "--benchmark_filter", &value)) {
      flags.filter = value;
    } else if (TakeFlag(argv[i], "--benchmark_out", &value)) {
      flags.out = value;
    } else if (TakeFlag(argv[i], "--benchmark_format", &value)) {
      flags.format = value;
    } else if (TakeFlag(argv[i], "--benchmark_out_format", &value)) {
      // JSON is the only file format.
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
}

bool ReportUnrecognizedArguments(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) std::fprintf(stderr, "%s: error: unrecognized command-line flag: %s\n", argv[0], argv[i]);
  return argc > 1;
}

size_t RunSpecifiedBenchmarks() {
  const Flags& flags = TheFlags();
  const std::regex filter(flags.filter);
  std::vector<Run> runs;
  for (const auto& benchmark : Registry()) {
    std::vector<std::vector<int64_t>> instances;
    if (benchmark->args().empty()) instances.push_back({});
    for (int64_t arg : benchmark->args()) instances.push_back({arg});
    for (const auto& ranges : instances) {
      std::string name = benchmark->name();
      for (int64_t arg : ranges) name += "/" + std::to_string(arg);
      name += "/real_time";  // Google Benchmark's suffix for UseRealTime(); this harness only has real time
      if (!std::regex_search(name, filter)) continue;
      for (int repetition = 0; repetition < flags.repetitions; ++repetition) {
        Run run = Measure(*benchmark, ranges, name);
        run.repetitions = flags.repetitions;
        run.repetition_index = repetition;
        if (flags.format == "console") {
          if (run.error.empty()) {
            std::printf("%-48s %14.1f ns %12lld\n", name.c_str(), run.real_time_ns,
                        static_cast<long long>(run.iterations));
          } else {
            std::printf("%-48s ERROR: %s\n", name.c_str(), run.error.c_str());
          }
          std::fflush(stdout);
        }
        runs.push_back(run);
      }
    }
  }
  if (flags.format == "json") WriteJson(std::cout, runs);
  if (!flags.out.empty()) {
    std::ofstream out(flags.out);
    WriteJson(out, runs);
  }
  return runs.size();
}

void Shutdown() {}

}  // namespace benchmark
