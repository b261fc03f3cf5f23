// `erlint init [DIR]`: writes a commented starter .erlint.yaml that lists every rule of the pack
// with its severity and options, all commented out, so that the defaults apply until edited.
#include <filesystem>
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "driver/analysis.hpp"
#include "driver/config.hpp"

namespace erlint::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kInitHelp = R"(Usage: erlint init [--rules-dir DIR] [DIR]

Writes a commented starter .erlint.yaml into DIR (default: the current folder). It lists every
rule with its severity and options, commented out, so the defaults apply until you edit it.
An existing .erlint.yaml is never overwritten.
)";

// A rule value as YAML flow text (JSON is valid YAML flow).
nlohmann::json to_json(const model::Value& v) {
  switch (v.kind) {
    case model::ValueKind::Null:
    case model::ValueKind::Unknown: return nullptr;
    case model::ValueKind::Bool: return v.boolean;
    case model::ValueKind::Number: return v.number;
    case model::ValueKind::String: return v.text;
    case model::ValueKind::Array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& item : v.items) a.push_back(to_json(item));
      return a;
    }
    case model::ValueKind::Object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& m : v.members) o[m.key] = to_json(m.value);
      return o;
    }
  }
  return nullptr;
}

std::string starter(const driver::Analyzer& analyzer) {
  std::string text = R"(# erlint configuration. erlint reads the nearest .erlint.yaml in the folder of the first path
# it checks or above; `erlint check --config FILE` names another, `--no-config` reads none.
# Unknown keys and bad values are errors (ERR-CONFIG), never ignored.

# Per rule: `enabled: false` turns a rule off, `severity: error|warning|note` changes the
# severity of its findings, `options:` sets the rule's options (the defaults are shown).
# `erlint rules` lists the rules, `erlint explain ID` documents one.
rules:
)";
  for (const auto& rule : analyzer.rules()) {
    text += fmt::format("#  {}:  # {}\n", rule->id, rule->title);
    text += "#    enabled: true\n";
    text += fmt::format("#    severity: {}\n", rules::severity_name(rule->severity));
    if (!rule->options.empty()) {
      text += "#    options:\n";
      for (const auto& [name, value] : rule->options) text += fmt::format("#      {}: {}\n", name, to_json(value).dump());
    }
  }
  text += R"(
# Files and folders not to check, gitignore-style, relative to this file: `*` stays within a
# folder, `**/` spans folders, a trailing `/` matches folders only, `!` includes again.
exclude:
#  - "**/generated/"
#  - "legacy/*.json"

# The lowest severity that fails `erlint check` (exit code 1): error, warning or note.
# --fail-on on the command line wins over this.
fail_on: warning

# Limits that keep a run from hanging on a pathological file (each is an ERR-LIMIT when hit).
# The defaults are shown.
#limits:
#  parse_time_budget_ms: 1000       # per file; parsing is stopped when it is spent
#  max_file_bytes: 8388608          # larger files are not read
#  max_nesting_depth: 256           # deeper values are not analysed
#  max_loop_items: 1000             # larger copy/for/count/for_each loops stay unknown
#  max_module_depth: 16             # modules and nested deployments within each other
#  max_module_instances: 2000       # module and nested-deployment expansions in one run
)";
  return text;
}

}  // namespace

int run_init(const std::vector<std::string>& args) {
  std::string rules_dir, dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      std::cout << kInitHelp;
      return kExitClean;
    }
    if (args[i] == "--rules-dir" && i + 1 < args.size()) {
      rules_dir = args[++i];
    } else if (!args[i].empty() && args[i][0] == '-') {
      std::cerr << fmt::format("erlint: unknown option '{}' (see erlint init --help)\n", args[i]);
      return kExitUsage;
    } else if (dir.empty()) {
      dir = args[i];
    } else {
      std::cerr << "Usage: erlint init [--rules-dir DIR] [DIR]\n";
      return kExitUsage;
    }
  }
  fs::path folder = dir.empty() ? fs::path(".") : fs::path(dir);
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    std::cerr << fmt::format("erlint: '{}' is not a folder\n", folder.string());
    return kExitUsage;
  }
  fs::path target = folder / driver::kConfigFileName;
  if (fs::exists(fs::symlink_status(target, ec))) {
    std::cerr << fmt::format("erlint: {} already exists; not overwritten\n", target.string());
    return kExitUsage;
  }
  driver::Analyzer analyzer(rules_dir.empty() ? driver::default_rules_dir() : rules_dir);
  for (const auto& e : analyzer.load_errors())
    std::cerr << fmt::format("error[{}]: {}:{}:{}: {}\n", error_code_id(e.code), e.file, e.line, e.column, e.message);
  if (!analyzer.load_errors().empty()) return kExitUsage;
  // "x": create the file, failing if it appeared meanwhile (never overwrite).
  std::FILE* out = std::fopen(target.c_str(), "wx");
  std::string text = starter(analyzer);
  bool written = out && std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (out && std::fclose(out) != 0) written = false;
  if (!written) {
    std::cerr << fmt::format("erlint: cannot write {}\n", target.string());
    return kExitUsage;
  }
  std::cout << fmt::format("wrote {}\n", target.string());
  return kExitClean;
}

}  // namespace erlint::cli
