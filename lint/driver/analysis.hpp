#pragma once
// The analysis facade: files in, findings and tool errors out. The CLI, the language server, the
// tests and the benchmarks all call this; none of them re-implements a step of it.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eval/evaluator.hpp"
#include "graph/graph.hpp"
#include "graph/provider_mapping.hpp"
#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "rules/engine.hpp"
#include "rules/rule.hpp"
#include "source/source_file.hpp"
#include "source/workspace.hpp"
#include "support/tool_error.hpp"

namespace erlint::driver {

struct ReportedFinding {
  rules::Finding finding;
  std::string file;                 // path of the file the primary range is in
  Position start, end;              // resolved positions
  bool suppressed = false;          // matched an erlint-ignore (kept, never silently dropped)
  std::string suppression_reason;
  std::string fingerprint;          // stable across moved lines and reformatting
  std::optional<rules::Severity> fail_on;  // from the configuration that governs its file
};

struct ReportedUndecided {
  rules::Undecided undecided;
  std::string file;
  Position start;
};

// Limits a configuration file may change (`limits:` in .erlint.yaml); unset ones keep the
// defaults of AnalysisOptions. Reading and parsing limits apply to the files the configuration
// governs; the graph-wide ones (loops, modules) come from the configuration of the first path.
struct LimitSettings {
  std::optional<std::uint64_t> parse_time_budget_ms;
  std::optional<std::uint64_t> max_file_bytes;
  std::optional<std::uint64_t> max_nesting_depth;
  std::optional<std::uint64_t> max_loop_items;
  std::optional<std::uint64_t> max_module_depth;
  std::optional<std::uint64_t> max_module_instances;
};

// What one .erlint.yaml says (driver/config.hpp reads it), for the files it governs.
struct RuleSettings {
  std::string config_path;                                     // empty: no configuration file
  std::vector<std::string> disabled_rules;                     // not run unless named by --rule
  std::map<std::string, rules::Severity> severity_overrides;   // rule ID -> severity of its findings
  std::map<std::string, std::map<std::string, model::Value>> rule_options;  // merged over Rule::options
  std::vector<std::string> exclude_globs;                      // gitignore-style patterns, relative to exclude_root
  std::string exclude_root;                                    // empty: the current folder
  std::optional<rules::Severity> fail_on;
  LimitSettings limits;
};

// Where a running analysis is, for a progress line drawn by another thread.
struct AnalysisProgress {
  enum Phase : int { Discovering, Reading, Parsing, Building, Checking, Done };
  std::atomic<int> phase{Discovering};
  std::atomic<std::size_t> files_done{0};
  std::atomic<std::size_t> files_total{0};
};

struct AnalysisOptions {
  std::vector<std::string> paths;          // files and folders; empty means "."
  std::vector<std::string> rule_ids;       // run only these (empty: all enabled)
  // --parameters: ARM parameter or .bicepparam files whose values apply to the templates named in
  // `paths` (instead of the parameter files found beside them by name).
  std::vector<std::string> parameter_files;
  parse::ParseOptions parse;
  ReadLimits read;
  eval::Limits eval;
  std::size_t max_module_depth = 16;        // module / nested deployment nesting
  std::size_t max_module_instances = 2000;  // module and nested-deployment expansions under one root unit
  unsigned jobs = 0;                       // 0: one per core
  // In-memory contents that override files on disk (the editor's open buffers).
  std::map<std::string, std::string> overlays;
  // The settings of every file (--config, or the defaults) ...
  RuleSettings settings;
  // ... unless each file follows the nearest .erlint.yaml in its folder or above (files with none
  // keep `settings`). A configuration that does not load stops the analysis with ERR-CONFIG errors.
  bool nearest_config = false;
  AnalysisProgress* progress = nullptr;  // updated as the analysis goes, when set
  // Free each file's expression trees once the graph is built (keeping comments and problems).
  bool release_models = true;
};

struct AnalysisStats {
  std::map<std::string, std::size_t> files_by_language;
  std::map<std::string, std::size_t> bytes_by_language;
  std::size_t resources = 0;
  std::map<std::string, std::size_t> checked_by_rule;
  std::map<std::string, std::chrono::milliseconds> time_by_rule;  // time spent in each rule
  std::vector<std::string> config_files;   // the configurations that governed some file
  std::chrono::milliseconds elapsed{0};
  // Time per phase, in order: discover, read, parse (and lower), graph, rules, findings
  // (positions resolved, suppressions applied, sorted), and the memory held when it ended.
  struct Phase {
    std::string name;
    std::chrono::milliseconds time{0};
    std::size_t resident_bytes = 0;
  };
  std::vector<Phase> phases;
};

struct AnalysisResult {
  SourceManager sources;
  std::vector<std::unique_ptr<model::Template>> templates;
  graph::Graph graph;
  std::vector<ReportedFinding> findings;     // sorted by file, line, column, rule
  std::vector<ReportedUndecided> undecided;
  std::vector<ToolError> errors;             // sorted by file, line
  AnalysisStats stats;
};

// Where the rule pack and provider mapping are found: --rules-dir, then $ERLINT_RULES_DIR, then
// the folder the build was configured with, then <exe>/../share/erlint/rules.
std::string default_rules_dir();

class Analyzer {
 public:
  // Loads the rules and the azurerm mapping; problems land in errors().
  explicit Analyzer(std::string rules_dir);

  const std::vector<std::unique_ptr<rules::Rule>>& rules() const { return rules_; }
  const rules::Rule* rule(std::string_view id) const;
  const std::vector<ToolError>& load_errors() const { return load_errors_; }
  const std::string& rules_dir() const { return rules_dir_; }

  AnalysisResult analyze(const AnalysisOptions& options) const;

 private:
  std::string rules_dir_;
  std::vector<std::unique_ptr<rules::Rule>> rules_;
  std::optional<graph::ProviderMapping> azurerm_;
  std::vector<ToolError> load_errors_;
};

}  // namespace erlint::driver
