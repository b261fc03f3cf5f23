#pragma once
// `.erlint.yaml`: which rules run, at which severity and with which options, which files are
// skipped, and the severity that fails a run. Every mistake in the file is an ERR-CONFIG error with
// file:line:col; nothing is silently ignored.
//
//   rules:
//     ER-NS-006: { enabled: false, severity: note, options: { exempt_subnets: [snet-a] } }
//   exclude: ["**/generated/", "legacy/*.json"]
//   fail_on: warning
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "driver/analysis.hpp"
#include "model/value.hpp"
#include "rules/rule.hpp"
#include "support/tool_error.hpp"

namespace erlint::driver {

inline constexpr const char* kConfigFileName = ".erlint.yaml";

struct ConfigMark {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based
};

struct RuleConfig {
  std::optional<bool> enabled;
  std::optional<rules::Severity> severity;
  std::map<std::string, model::Value> options;
  ConfigMark mark;                                 // the rule ID key
  std::map<std::string, ConfigMark> option_marks;  // each option name
};

struct Config {
  std::string path;  // the file it was read from (empty: no file, the defaults)
  std::map<std::string, RuleConfig> rules;
  std::vector<std::string> exclude;
  std::optional<rules::Severity> fail_on;
  LimitSettings limits;
};

// The nearest .erlint.yaml in the folder of `path` (or `path` itself when it is a folder) or in a
// folder above it; empty when there is none. Relative to the current folder when below it.
std::string find_config(const std::string& path);

// Reads and checks a configuration file's shape. Every problem is an ERR-CONFIG error; nullopt when
// the file cannot be read or is not YAML, else what could be read (a run must not go on when
// `errors` grew: the caller checks).
std::optional<Config> load_config(const std::string& path, std::vector<ToolError>& errors);
std::optional<Config> parse_config(const std::string& text, const std::string& path, std::vector<ToolError>& errors);

// Checks the rule IDs and option names against the rule pack and copies the settings into
// `settings`. False (with ERR-CONFIG errors) when the configuration names something that is not there.
bool apply_config(const Config& config, const std::vector<std::unique_ptr<rules::Rule>>& rules, RuleSettings& settings,
                  std::vector<ToolError>& errors);

// One gitignore-style glob against a slash-separated path: `*` and `?` stay within a path segment,
// `**/` matches any number of folders, `/**` everything inside, `[a-z]` a character class.
bool glob_match(std::string_view pattern, std::string_view path);

// True when `path` is excluded by the gitignore-style `patterns`, read relative to the folder
// `root` (empty: the current folder). A pattern without a slash matches a file or folder name at
// any depth, a trailing slash matches folders only, `!pattern` includes again; the last match wins.
bool path_excluded(const std::string& path, const std::vector<std::string>& patterns, const std::string& root);

// Whether a rule runs: named by --rule (`rule_ids`), or (without --rule) not disabled in the configuration.
bool rule_selected(const std::string& id, const std::vector<std::string>& rule_ids, const RuleSettings& settings);

// A copy of the rule with the configured severity and options merged over its defaults; nullptr
// when the configuration changes nothing for this rule (run the rule itself).
std::unique_ptr<rules::Rule> configured_rule(const rules::Rule& rule, const RuleSettings& settings);

}  // namespace erlint::driver
