// libFuzzer harness for the configuration loader: the input is the text of a .erlint.yaml. Any
// text must give a Config or ERR-CONFIG errors, never a crash; what it reads is then checked
// against the rule pack (apply_config) and each rule configured. The exclude patterns it yields go
// through the gitignore-style matcher, against a few paths and against each other (so that the
// fuzzer controls both sides of the match and can look for patterns that take exponential time).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "driver/analysis.hpp"
#include "driver/config.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<ToolError> errors;
  std::optional<driver::Config> config = driver::parse_config(text, "/erlint-fuzz/.erlint.yaml", errors);
  if (!config) return 0;
  static const driver::Analyzer analyzer(driver::default_rules_dir());
  driver::RuleSettings settings;
  (void)driver::apply_config(*config, analyzer.rules(), settings, errors);
  for (const auto& rule : analyzer.rules())
    if (driver::rule_selected(rule->id, {}, settings)) (void)driver::configured_rule(*rule, settings);
  static const std::vector<std::string> paths{
      "/erlint-fuzz/main.bicep", "/erlint-fuzz/modules/network/hub/main.tf",
      "/erlint-fuzz/generated/arm/azuredeploy.parameters.json", "/erlint-fuzz/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q.bicep"};
  for (const std::string& path : paths) (void)driver::path_excluded(path, config->exclude, "/erlint-fuzz");
  std::size_t pairs = 0;
  for (const std::string& pattern : config->exclude)
    for (const std::string& subject : config->exclude)
      if (++pairs <= 64) (void)driver::glob_match(pattern, subject);
  return 0;
}
