// libFuzzer harness for the whole pipeline after parsing: evaluation, graph building and the
// rule pack, on one file written to a temporary folder (the first byte picks its language).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "driver/analysis.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static driver::Analyzer analyzer(driver::default_rules_dir());
  static const std::string folder = [] {
    std::string dir = std::filesystem::temp_directory_path().string() + "/erlint-fuzz-" + std::to_string(getpid());
    std::filesystem::create_directories(dir);
    return dir;
  }();
  static const char* names[] = {"main.bicep", "main.tf", "main.json"};
  std::string path = folder + "/" + names[data[0] % 3];
  driver::AnalysisOptions options;
  options.overlays[path] = std::string(reinterpret_cast<const char*>(data + 1), size - 1);
  options.paths = {path};
  options.jobs = 1;
  (void)analyzer.analyze(options);
  return 0;
}
