#pragma once
// Which configuration governs each file. Teams keep one .erlint.yaml at the repository root and
// sometimes another in a sub-project; each file follows the nearest one in its folder or above, the
// way .gitignore and .editorconfig work. Each configuration is read and checked once per run.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "driver/analysis.hpp"
#include "rules/rule.hpp"
#include "support/tool_error.hpp"

namespace erlint::driver {

class ConfigScopes {
 public:
  // `fallback` governs files no configuration file does (and every file when `nearest` is false).
  ConfigScopes(const RuleSettings& fallback, bool nearest, const std::vector<std::unique_ptr<rules::Rule>>& rules);

  // The settings for the file at `path`; problems of a configuration file land in `errors` once.
  const RuleSettings& for_file(const std::string& path, std::vector<ToolError>& errors);

  // True when a configuration that governs some file did not load (the run must stop).
  bool failed() const { return failed_; }

  // The configuration files that governed at least one file, in the order they were found.
  const std::vector<std::string>& used() const { return used_; }

 private:
  const RuleSettings* for_folder(const std::string& absolute_folder, std::vector<ToolError>& errors);

  const RuleSettings& fallback_;
  bool nearest_;
  const std::vector<std::unique_ptr<rules::Rule>>& rules_;
  std::map<std::string, const RuleSettings*> by_folder_;                  // absolute folder -> its settings
  std::map<std::string, std::unique_ptr<RuleSettings>> by_config_file_;   // absolute config path -> settings
  std::vector<std::string> used_;
  bool failed_ = false;
};

}  // namespace erlint::driver
