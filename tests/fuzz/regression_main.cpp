// The regression test of a libFuzzer harness, for the normal build (any compiler, no libFuzzer):
// links the harness's LLVMFuzzerTestOneInput and feeds it every file of the given folders (the
// inputs that once crashed, leaked or hung it, kept in tests/fuzz/regressions/<harness>/), in name
// order. A crash or a sanitizer report fails the test; so does an input slower than the limit
// (seconds, from ERLINT_FUZZ_REGRESSION_TIMEOUT, default 10: the -timeout of the fuzz campaign).
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    std::error_code ec;
    if (fs::is_directory(argv[i], ec)) {
      for (const auto& entry : fs::directory_iterator(argv[i]))
        if (entry.is_regular_file() && entry.path().filename().string().front() != '.') inputs.push_back(entry.path());
    } else if (fs::is_regular_file(argv[i], ec)) {
      inputs.emplace_back(argv[i]);
    } else {
      std::fprintf(stderr, "no such file or folder: %s\n", argv[i]);
      return 2;
    }
  }
  std::sort(inputs.begin(), inputs.end());
  const char* limit_env = std::getenv("ERLINT_FUZZ_REGRESSION_TIMEOUT");
  const double limit = limit_env && *limit_env ? std::atof(limit_env) : 10.0;
  int failures = 0;
  for (const fs::path& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto start = std::chrono::steady_clock::now();
    // A copy in a buffer of its own size, as libFuzzer passes it, so that ASan sees overreads.
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    static std::uint8_t none = 0;
    LLVMFuzzerTestOneInput(data.empty() ? &none : data.data(), data.size());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    bool slow = seconds > limit;
    failures += slow ? 1 : 0;
    std::printf("%s %s (%zu bytes, %.3f s)\n", slow ? "SLOW" : "ok  ", path.filename().c_str(), data.size(), seconds);
  }
  std::printf("%zu inputs, %d over the %.0f s limit\n", inputs.size(), failures, limit);
  return failures == 0 ? 0 : 1;
}
