// libFuzzer harness for the rule loader and the azurerm mapping loader: arbitrary YAML must give
// ERR-CONFIG errors, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "graph/provider_mapping.hpp"
#include "rules/loader.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path =
      std::filesystem::temp_directory_path().string() + "/erlint-fuzz-rule-" + std::to_string(getpid()) + ".yaml";
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  std::vector<ToolError> errors;
  (void)rules::load_rule_file(path, errors);
  (void)graph::load_provider_mapping(path, errors);
  return 0;
}
