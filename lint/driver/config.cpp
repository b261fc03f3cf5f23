#include "driver/config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace erlint::driver {

namespace fs = std::filesystem;
using model::Value;

namespace {

// Longer than any path can be (PATH_MAX); it also bounds glob_match()'s recursion (see there).
constexpr std::size_t kMaxExcludePatternBytes = 4096;

// YAML aliases can make an option value contain itself (`x: &a [*a]`) or expand exponentially;
// no setting legitimately nests this deep or holds this many values.
constexpr std::size_t kMaxValueDepth = 64;
constexpr std::size_t kMaxValueNodes = 100000;

struct Checker {
  const std::string& path;
  std::vector<ToolError>& errors;
  bool ok = true;
  std::size_t value_nodes = 0;  // read by yaml_value() so far

  void fail(const YAML::Mark& mark, std::string message) {
    ok = false;
    errors.push_back({ErrorCode::Config, path, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1), 0, 0,
                      std::move(message)});
  }
  void fail(const ConfigMark& mark, std::string message) {
    ok = false;
    errors.push_back({ErrorCode::Config, path, mark.line, mark.column, 0, 0, std::move(message)});
  }
};

ConfigMark mark_of(const YAML::Node& node) {
  return {static_cast<std::uint32_t>(node.Mark().line + 1), static_cast<std::uint32_t>(node.Mark().column + 1)};
}

// A YAML node as a rule value, the way rule files read their option defaults: unquoted scalars may
// be booleans or numbers, quoted ones are always strings.
Value yaml_value(const YAML::Node& node, Checker& check, std::size_t depth = 0) {
  if (depth > kMaxValueDepth)
    throw YAML::Exception(node.Mark(), fmt::format("a value nested deeper than {} levels (does a YAML alias contain itself?)", kMaxValueDepth));
  if (++check.value_nodes > kMaxValueNodes)
    throw YAML::Exception(node.Mark(), fmt::format("more than {} values (YAML aliases that expand exponentially?)", kMaxValueNodes));
  if (node.IsSequence()) {
    Value array = Value::array({});
    for (const auto& item : node) array.items.push_back(yaml_value(item, check, depth + 1));
    return array;
  }
  if (node.IsMap()) {
    Value object = Value::object({});
    for (const auto& entry : node) object.set(entry.first.as<std::string>(), yaml_value(entry.second, check, depth + 1));
    return object;
  }
  if (node.IsNull()) return Value::null();
  std::string text = node.as<std::string>();
  if (node.Tag() != "!") {
    if (text == "true") return Value::boolean_value(true);
    if (text == "false") return Value::boolean_value(false);
    char* end = nullptr;
    double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0') return Value::number_value(number);
  }
  return Value::string_value(text);
}

std::optional<rules::Severity> severity_of(const YAML::Node& node, Checker& check, std::string_view key) {
  if (node.IsScalar())
    if (auto s = rules::parse_severity(node.as<std::string>())) return s;
  check.fail(node.Mark(), fmt::format("'{}' takes error, warning or note", key));
  return std::nullopt;
}

void read_rule(const std::string& id, const YAML::Node& key, const YAML::Node& body, Config& config, Checker& check) {
  RuleConfig rule;
  rule.mark = mark_of(key);
  if (body.IsNull()) {
    config.rules[id] = std::move(rule);
    return;
  }
  if (!body.IsMap()) {
    check.fail(body.Mark(), fmt::format("the settings of rule '{}' are a map: enabled, severity, options", id));
    return;
  }
  for (auto it = body.begin(); it != body.end(); ++it) {
    std::string name = it->first.as<std::string>();
    const YAML::Node value = it->second;  // a copy: `it->` is a proxy that dies with the statement
    if (name == "enabled") {
      std::string text = value.IsScalar() ? value.as<std::string>() : "";
      if (text == "true" || text == "false") rule.enabled = text == "true";
      else check.fail(value.Mark(), "'enabled' takes true or false");
    } else if (name == "severity") {
      rule.severity = severity_of(value, check, "severity");
    } else if (name == "options") {
      if (value.IsNull()) continue;
      if (!value.IsMap()) {
        check.fail(value.Mark(), "'options' is a map of option name -> value");
        continue;
      }
      for (auto option = value.begin(); option != value.end(); ++option) {
        std::string option_name = option->first.as<std::string>();
        rule.options[option_name] = yaml_value(option->second, check);
        rule.option_marks[option_name] = mark_of(option->first);
      }
    } else {
      check.fail(it->first.Mark(), fmt::format("unknown key '{}' in the settings of rule '{}' (enabled, severity, options)", name, id));
    }
  }
  config.rules[id] = std::move(rule);
}

// limits: { parse_time_budget_ms: 2000, max_file_bytes: 8388608, ... }: positive whole numbers.
void read_limits(const YAML::Node& node, LimitSettings& limits, Checker& check) {
  if (node.IsNull()) return;
  if (!node.IsMap()) {
    check.fail(node.Mark(), "'limits' is a map of limit name -> number");
    return;
  }
  const std::pair<const char*, std::optional<std::uint64_t> LimitSettings::*> known[] = {
      {"parse_time_budget_ms", &LimitSettings::parse_time_budget_ms}, {"max_file_bytes", &LimitSettings::max_file_bytes},
      {"max_nesting_depth", &LimitSettings::max_nesting_depth},       {"max_loop_items", &LimitSettings::max_loop_items},
      {"max_module_depth", &LimitSettings::max_module_depth},         {"max_module_instances", &LimitSettings::max_module_instances}};
  for (const auto& entry : node) {
    std::string name = entry.first.as<std::string>();
    auto field = std::find_if(std::begin(known), std::end(known), [&](const auto& k) { return name == k.first; });
    if (field == std::end(known)) {
      check.fail(entry.first.Mark(), fmt::format("unknown limit '{}' (parse_time_budget_ms, max_file_bytes, max_nesting_depth, "
                                                 "max_loop_items, max_module_depth, max_module_instances)", name));
      continue;
    }
    std::string text = entry.second.IsScalar() ? entry.second.as<std::string>() : std::string();
    char* end = nullptr;
    unsigned long long number = text.empty() || text.front() == '-' ? 0 : std::strtoull(text.c_str(), &end, 10);
    if (!end || *end != '\0' || number == 0 || number > (1ull << 40)) {
      check.fail(entry.second.Mark(), fmt::format("limit '{}' takes a positive whole number", name));
      continue;
    }
    limits.*(field->second) = number;
  }
}

std::string_view kind_name(model::ValueKind kind) {
  switch (kind) {
    case model::ValueKind::Null: return "null";
    case model::ValueKind::Bool: return "a boolean";
    case model::ValueKind::Number: return "a number";
    case model::ValueKind::String: return "a string";
    case model::ValueKind::Array: return "a list";
    case model::ValueKind::Object: return "a map";
    case model::ValueKind::Unknown: return "unknown";
  }
  return "a value";
}

}  // namespace

std::string find_config(const std::string& path) {
  std::error_code ec;
  fs::path start = fs::absolute(path.empty() ? fs::path(".") : fs::path(path), ec).lexically_normal();
  if (ec) return {};
  fs::path dir = fs::is_directory(start, ec) ? start : start.parent_path();
  while (true) {
    fs::path candidate = dir / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) {
      fs::path cwd = fs::current_path(ec);
      fs::path relative = candidate.lexically_relative(cwd);
      if (!ec && !relative.empty() && *relative.begin() != "..") return relative.string();
      return candidate.string();
    }
    if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
    dir = dir.parent_path();
  }
}

std::optional<Config> load_config(const std::string& path, std::vector<ToolError>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back({ErrorCode::Config, path, 0, 0, 0, 0, "cannot read the configuration file"});
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config(text.str(), path, errors);
}

std::optional<Config> parse_config(const std::string& text, const std::string& path, std::vector<ToolError>& errors) {
  Checker check{path, errors};
  Config config;
  config.path = path;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    check.fail(e.mark, e.msg);
    return std::nullopt;
  }
  try {
    if (root.IsNull()) return config;  // an empty file: the defaults
    if (!root.IsMap()) {
      check.fail(root.Mark(), "a configuration file is a YAML map with the keys rules, exclude and fail_on");
      return std::nullopt;
    }
    for (auto it = root.begin(); it != root.end(); ++it) {
      std::string key = it->first.as<std::string>();
      const YAML::Node value = it->second;  // a copy: `it->` is a proxy that dies with the statement
      if (key == "rules") {
        if (value.IsNull()) continue;
        if (!value.IsMap()) {
          check.fail(value.Mark(), "'rules' is a map of rule ID -> {enabled, severity, options}");
          continue;
        }
        for (auto rule = value.begin(); rule != value.end(); ++rule) read_rule(rule->first.as<std::string>(), rule->first, rule->second, config, check);
      } else if (key == "exclude") {
        if (value.IsNull()) continue;
        if (!value.IsSequence()) {
          check.fail(value.Mark(), "'exclude' is a list of gitignore-style patterns");
          continue;
        }
        for (const auto& pattern : value) {
          if (!pattern.IsScalar() || pattern.as<std::string>().empty() || pattern.as<std::string>() == "!")
            check.fail(pattern.Mark(), "an 'exclude' pattern is a non-empty string");
          else if (pattern.as<std::string>().size() > kMaxExcludePatternBytes)
            check.fail(pattern.Mark(), fmt::format("an 'exclude' pattern is at most {} bytes long", kMaxExcludePatternBytes));
          else config.exclude.push_back(pattern.as<std::string>());
        }
      } else if (key == "fail_on") {
        config.fail_on = severity_of(value, check, "fail_on");
      } else if (key == "limits") {
        read_limits(value, config.limits, check);
      } else {
        check.fail(it->first.Mark(), fmt::format("unknown key '{}' (a configuration file has rules, exclude, fail_on and limits)", key));
      }
    }
  } catch (const YAML::Exception& e) {
    check.fail(e.mark, e.msg);
  }
  // With shape errors the rest is still returned, so that apply_config() can report unknown rule
  // IDs and options in the same run: the user sees every mistake at once.
  return config;
}

bool apply_config(const Config& config, const std::vector<std::unique_ptr<rules::Rule>>& rules, RuleSettings& settings,
                  std::vector<ToolError>& errors) {
  Checker check{config.path, errors};
  settings.config_path = config.path;
  if (config.fail_on) settings.fail_on = config.fail_on;
  settings.limits = config.limits;
  // In the order of the file, so that the errors are too.
  std::vector<std::pair<std::string, const RuleConfig*>> in_order;
  for (const auto& [id, rule_config] : config.rules) in_order.emplace_back(id, &rule_config);
  std::stable_sort(in_order.begin(), in_order.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second->mark.line, a.second->mark.column) < std::tie(b.second->mark.line, b.second->mark.column);
  });
  for (const auto& entry : in_order) {
    const std::string& id = entry.first;  // not a structured binding: clang 14 cannot capture one in a lambda
    const RuleConfig& rule_config = *entry.second;
    auto found = std::find_if(rules.begin(), rules.end(), [&](const auto& r) { return r->id == id; });
    if (found == rules.end()) {
      check.fail(rule_config.mark, fmt::format("no rule '{}' in the rule pack (see erlint rules)", id));
      continue;
    }
    const rules::Rule& rule = **found;
    if (rule_config.enabled == false) settings.disabled_rules.push_back(id);
    if (rule_config.severity) settings.severity_overrides[id] = *rule_config.severity;
    for (const auto& [name, value] : rule_config.options) {
      ConfigMark mark = rule_config.option_marks.at(name);
      auto known = rule.options.find(name);
      if (known == rule.options.end()) {
        std::vector<std::string> names;
        for (const auto& [n, _] : rule.options) names.push_back(n);
        check.fail(mark, names.empty() ? fmt::format("rule '{}' has no options", id)
                                       : fmt::format("rule '{}' has no option '{}' (it has: {})", id, name, fmt::join(names, ", ")));
        continue;
      }
      const Value& fallback = known->second;
      if (!fallback.is_null() && value.kind != fallback.kind) {
        check.fail(mark, fmt::format("option '{}' of rule '{}' takes {}, not {}", name, id, kind_name(fallback.kind), kind_name(value.kind)));
        continue;
      }
      settings.rule_options[id][name] = value;
    }
  }
  if (!config.exclude.empty()) {
    settings.exclude_globs.insert(settings.exclude_globs.end(), config.exclude.begin(), config.exclude.end());
    if (!config.path.empty()) settings.exclude_root = fs::path(config.path).parent_path().string();
  }
  return check.ok;
}

namespace {

// glob_match() only ever compares a suffix of the pattern with a suffix of the path, so a state is
// the pair of their lengths. Remembering the states that failed makes the match O(pattern x path):
// without it a pattern with many stars ("m**od*/*****...*/x", found by the fuzzer) took
// exponential time. The recursion is at most pattern + path deep.
using GlobFailures = std::unordered_set<std::uint64_t>;

bool glob_match_from(std::string_view pattern, std::string_view path, GlobFailures& failed);

bool glob_try(std::string_view pattern, std::string_view path, GlobFailures& failed) {
  const std::uint64_t state = (static_cast<std::uint64_t>(pattern.size()) << 32) | path.size();
  if (failed.count(state)) return false;
  if (glob_match_from(pattern, path, failed)) return true;
  failed.insert(state);
  return false;
}

bool glob_match_from(std::string_view pattern, std::string_view path, GlobFailures& failed) {
  while (!pattern.empty()) {
    // A star either matches nothing more (go on with the rest of the pattern) or takes one more
    // character (or folder) and stays: each (pattern, path) state is then decided once, in O(1).
    if (pattern.substr(0, 2) == "**") {
      std::string_view rest = pattern.substr(2);
      if (rest.empty()) return true;  // "**" at the end: everything
      if (rest.front() == '/') {      // "**/": zero or more folders
        if (glob_try(rest.substr(1), path, failed)) return true;
        std::size_t slash = path.find('/');
        return slash != std::string_view::npos && glob_try(pattern, path.substr(slash + 1), failed);
      }
      // "**" inside a segment: anything
      return glob_try(rest, path, failed) || (!path.empty() && glob_try(pattern, path.substr(1), failed));
    }
    char p = pattern.front();
    if (p == '*') {  // anything within the segment
      return glob_try(pattern.substr(1), path, failed) ||
             (!path.empty() && path.front() != '/' && glob_try(pattern, path.substr(1), failed));
    }
    if (path.empty()) return false;
    if (p == '?') {
      if (path.front() == '/') return false;
    } else if (p == '[') {
      std::size_t close = pattern.find(']', pattern.size() > 2 && (pattern[1] == '!' || pattern[1] == '^') ? 3 : 2);
      if (close == std::string_view::npos) {  // no class: a literal '['
        if (path.front() != '[') return false;
      } else {
        std::string_view set = pattern.substr(1, close - 1);
        bool negate = !set.empty() && (set.front() == '!' || set.front() == '^');
        if (negate) set.remove_prefix(1);
        bool in = false;
        for (std::size_t i = 0; i < set.size(); ++i) {
          if (i + 2 < set.size() && set[i + 1] == '-') {
            if (path.front() >= set[i] && path.front() <= set[i + 2]) in = true;
            i += 2;
          } else if (set[i] == path.front()) {
            in = true;
          }
        }
        if (in == negate || path.front() == '/') return false;
        pattern.remove_prefix(close + 1);
        path.remove_prefix(1);
        continue;
      }
    } else {
      if (p == '\\' && pattern.size() > 1) {
        pattern.remove_prefix(1);
        p = pattern.front();
      }
      if (path.front() != p) return false;
    }
    pattern.remove_prefix(1);
    path.remove_prefix(1);
  }
  return path.empty();
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  GlobFailures failed;
  return glob_match_from(pattern, path, failed);
}

bool path_excluded(const std::string& path, const std::vector<std::string>& patterns, const std::string& root) {
  if (patterns.empty()) return false;
  std::error_code ec;
  fs::path file = fs::absolute(path, ec).lexically_normal();
  fs::path base = fs::absolute(root.empty() ? fs::path(".") : fs::path(root), ec).lexically_normal();
  fs::path relative = file.lexically_relative(base);
  if (ec || relative.empty() || *relative.begin() == ".." || relative == ".") return false;
  std::vector<std::string> parts;
  for (const auto& part : relative)
    if (!part.empty() && part != ".") parts.push_back(part.string());
  bool excluded = false;
  for (std::string pattern : patterns) {
    bool negate = !pattern.empty() && pattern.front() == '!';
    if (negate) pattern.erase(0, 1);
    bool folders_only = !pattern.empty() && pattern.back() == '/';
    while (!pattern.empty() && pattern.back() == '/') pattern.pop_back();
    bool anchored = pattern.find('/') != std::string::npos;
    if (!pattern.empty() && pattern.front() == '/') pattern.erase(0, 1);
    if (pattern.empty()) continue;
    std::string prefix;
    bool matched = false;
    for (std::size_t k = 0; k < parts.size() && !matched; ++k) {
      prefix += (k ? "/" : "") + parts[k];
      bool is_folder = k + 1 < parts.size();
      if (folders_only && !is_folder) break;
      matched = glob_match(pattern, anchored ? std::string_view(prefix) : std::string_view(parts[k]));
    }
    if (matched) excluded = !negate;
  }
  return excluded;
}

bool rule_selected(const std::string& id, const std::vector<std::string>& rule_ids, const RuleSettings& settings) {
  if (!rule_ids.empty()) return std::find(rule_ids.begin(), rule_ids.end(), id) != rule_ids.end();
  return std::find(settings.disabled_rules.begin(), settings.disabled_rules.end(), id) == settings.disabled_rules.end();
}

std::unique_ptr<rules::Rule> configured_rule(const rules::Rule& rule, const RuleSettings& settings) {
  auto severity = settings.severity_overrides.find(rule.id);
  auto overrides = settings.rule_options.find(rule.id);
  if (severity == settings.severity_overrides.end() && overrides == settings.rule_options.end()) return nullptr;
  // Rule holds its conditions by unique_ptr, so it is copied member by member.
  auto copy = std::make_unique<rules::Rule>();
  copy->id = rule.id;
  copy->name = rule.name;
  copy->title = rule.title;
  copy->severity = severity != settings.severity_overrides.end() ? severity->second : rule.severity;
  copy->controls = rule.controls;
  copy->policy = rule.policy;
  copy->status = rule.status;
  copy->since = rule.since;
  copy->select_types = rule.select_types;
  if (rule.where) copy->where = std::make_unique<rules::Condition>(*rule.where);
  if (rule.violation) copy->violation = std::make_unique<rules::Condition>(*rule.violation);
  copy->report_at = rule.report_at;
  copy->message = rule.message;
  copy->docs = rule.docs;
  copy->fixes = rule.fixes;
  copy->options = rule.options;
  if (overrides != settings.rule_options.end())
    for (const auto& [name, value] : overrides->second) copy->options[name] = value;
  copy->source_path = rule.source_path;
  return copy;
}

}  // namespace erlint::driver
