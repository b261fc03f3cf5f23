#include "rules/loader.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "rules/operators.hpp"
#include "support/strings.hpp"

namespace erlint::rules {

namespace fs = std::filesystem;
using model::Value;

namespace {

struct RuleError {
  YAML::Mark mark;
  std::string message;
};

[[noreturn]] void fail(const YAML::Node& at, std::string message) { throw RuleError{at.Mark(), std::move(message)}; }

// A missing key has no position of its own: report it at the map that should hold it.
std::string required(const YAML::Node& map, const char* key) {
  YAML::Node node = map[key];
  if (!node) fail(map, fmt::format("'{}' is required", key));
  if (!node.IsScalar()) fail(node, fmt::format("'{}' must be a string", key));
  return node.as<std::string>();
}

// YAML aliases can make a condition or a value contain itself (`violation: &v {not: *v}`) or expand
// exponentially; no rule legitimately nests this deep or holds this many values. parse_rule()
// resets the count for each file.
constexpr std::size_t kMaxDepth = 64;
constexpr std::size_t kMaxNodes = 100000;
thread_local std::size_t nodes_read = 0;

void enter(const YAML::Node& node, std::size_t depth) {
  if (depth > kMaxDepth) fail(node, fmt::format("nested deeper than {} levels (does a YAML alias contain itself?)", kMaxDepth));
  if (++nodes_read > kMaxNodes) fail(node, fmt::format("more than {} values (YAML aliases that expand exponentially?)", kMaxNodes));
}

std::string scalar(const YAML::Node& node, std::string_view what) {
  if (!node.IsScalar()) fail(node, fmt::format("'{}' must be a string", what));
  return node.as<std::string>();
}

std::vector<std::string> string_list(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (!node) return out;
  if (node.IsScalar()) return {node.as<std::string>()};
  if (!node.IsSequence()) fail(node, fmt::format("'{}' must be a list of strings", what));
  for (const auto& item : node) out.push_back(scalar(item, what));
  return out;
}

Value yaml_value(const YAML::Node& node, std::size_t depth = 0) {
  enter(node, depth);
  if (node.IsSequence()) {
    Value array = Value::array({});
    for (const auto& item : node) array.items.push_back(yaml_value(item, depth + 1));
    return array;
  }
  if (node.IsMap()) {
    Value object = Value::object({});
    for (const auto& entry : node) object.set(entry.first.as<std::string>(), yaml_value(entry.second, depth + 1));
    return object;
  }
  if (node.IsNull()) return Value::null();
  std::string text = node.as<std::string>();
  if (node.Tag() != "!") {  // unquoted scalars may be numbers or booleans
    if (text == "true") return Value::boolean_value(true);
    if (text == "false") return Value::boolean_value(false);
    char* end = nullptr;
    double number = std::strtod(text.c_str(), &end);
    if (!text.empty() && end && *end == '\0') return Value::number_value(number);
  }
  return Value::string_value(text);
}

Condition parse_condition(const YAML::Node& node, std::size_t depth = 0);

std::vector<Condition> parse_list(const YAML::Node& node, std::string_view what, std::size_t depth) {
  if (!node.IsSequence()) fail(node, fmt::format("'{}' takes a list of conditions", what));
  std::vector<Condition> out;
  for (const auto& item : node) out.push_back(parse_condition(item, depth + 1));
  return out;
}

Condition parse_condition(const YAML::Node& node, std::size_t depth) {
  enter(node, depth);
  if (!node.IsMap()) fail(node, "a condition is a map (all, any, not, present, absent, path, some, every, follow, referenced_by)");
  Condition c;
  std::vector<Condition> conjuncts;
  // Keys that belong together in one condition: `path` + an operator, `some`/`every`/`follow` + `where`.
  std::string path;
  bool has_path = false;
  for (const auto& entry : node) {
    std::string key = entry.first.as<std::string>();
    const YAML::Node& v = entry.second;
    if (key == "all" || key == "any") {
      Condition group;
      group.kind = key == "all" ? Condition::Kind::All : Condition::Kind::Any;
      group.children = parse_list(v, key, depth);
      conjuncts.push_back(std::move(group));
    } else if (key == "not") {
      Condition negation;
      negation.kind = Condition::Kind::Not;
      negation.children.push_back(parse_condition(v, depth + 1));
      conjuncts.push_back(std::move(negation));
    } else if (key == "present" || key == "absent") {
      Condition test;
      test.kind = key == "present" ? Condition::Kind::Present : Condition::Kind::Absent;
      test.path = scalar(v, key);
      conjuncts.push_back(std::move(test));
    } else if (key == "path") {
      path = scalar(v, key);
      has_path = true;
    } else if (key == "some" || key == "every" || key == "follow") {
      Condition walk;
      walk.kind = key == "some" ? Condition::Kind::Some : key == "every" ? Condition::Kind::Every : Condition::Kind::Follow;
      walk.path = scalar(v, key);
      if (!node["where"]) fail(v, fmt::format("'{}' needs a 'where' condition", key));
      walk.children.push_back(parse_condition(node["where"], depth + 1));
      if (node["label"]) walk.label = scalar(node["label"], "label");
      conjuncts.push_back(std::move(walk));
    } else if (key == "referenced_by") {
      Condition walk;
      walk.kind = Condition::Kind::ReferencedBy;
      if (!v.IsMap()) fail(v, "'referenced_by' takes {type, via, at, undecided}");
      walk.referencing_type = required(v, "type");
      walk.via = v["via"] ? scalar(v["via"], "referenced_by.via") : "scope";
      if (v["undecided"]) walk.undecided = scalar(v["undecided"], "referenced_by.undecided");
      if (v["at"]) {
        std::string at = scalar(v["at"], "referenced_by.at");
        if (at != "self" && at != "parent") fail(v["at"], "'referenced_by.at' is self or parent");
        walk.at_parent = at == "parent";
      }
      for (const auto& field : v) {
        std::string name = field.first.as<std::string>();
        if (name != "type" && name != "via" && name != "undecided" && name != "at")
          fail(field.first, fmt::format("unknown key '{}' in 'referenced_by' (type, via, at, undecided)", name));
      }
      if (node["where"]) walk.children.push_back(parse_condition(node["where"], depth + 1));
      if (node["label"]) walk.label = scalar(node["label"], "label");
      conjuncts.push_back(std::move(walk));
    } else if (key == "parent" || key == "children") {
      Condition walk;
      walk.kind = key == "parent" ? Condition::Kind::Parent : Condition::Kind::Children;
      walk.referencing_type = scalar(v, key);
      if (node["where"]) walk.children.push_back(parse_condition(node["where"], depth + 1));
      if (node["label"]) walk.label = scalar(node["label"], "label");
      conjuncts.push_back(std::move(walk));
    } else if (key == "where" || key == "label") {
      // read together with some/every/follow/referenced_by
    } else if (find_operator(key)) {
      Condition test;
      test.kind = Condition::Kind::Test;
      test.op = key;
      test.argument = yaml_value(v, depth + 1);
      conjuncts.push_back(std::move(test));
    } else {
      fail(entry.first, fmt::format("unknown condition key or operator '{}'", key));
    }
  }
  if (has_path) {
    bool any_test = false;
    for (auto& conjunct : conjuncts)
      if (conjunct.kind == Condition::Kind::Test) {
        conjunct.path = path;
        any_test = true;
      }
    if (!any_test) fail(node, "'path' needs an operator beside it (equals_ci, is_true, cidr_contains, ...)");
  } else {
    for (const auto& conjunct : conjuncts)
      if (conjunct.kind == Condition::Kind::Test) fail(node, fmt::format("operator '{}' needs a 'path'", conjunct.op));
  }
  if (conjuncts.empty()) fail(node, "empty condition");
  if (conjuncts.size() == 1) return std::move(conjuncts.front());
  c.kind = Condition::Kind::All;
  c.children = std::move(conjuncts);
  return c;
}

std::unique_ptr<Rule> parse_rule(const YAML::Node& root, const std::string& path) {
  nodes_read = 0;
  if (!root.IsMap()) fail(root, "a rule file is a YAML map");
  static const std::set<std::string> known{"id", "name", "title", "severity", "controls", "policy", "status", "since", "select",
                                           "violation", "report_at", "message", "docs", "fixes", "options"};
  for (const auto& entry : root) {
    std::string key = entry.first.as<std::string>();
    if (!known.count(key)) fail(entry.first, fmt::format("unknown key '{}' in a rule file", key));
  }
  auto rule = std::make_unique<Rule>();
  rule->source_path = path;
  rule->id = required(root, "id");
  rule->name = required(root, "name");
  rule->title = required(root, "title");
  auto severity = parse_severity(required(root, "severity"));
  if (!severity) fail(root["severity"], "severity must be error, warning or note");
  rule->severity = *severity;
  rule->controls = string_list(root["controls"], "controls");
  rule->policy = string_list(root["policy"], "policy");
  if (root["status"]) rule->status = scalar(root["status"], "status");
  if (root["since"]) rule->since = scalar(root["since"], "since");
  const YAML::Node select = root["select"];
  if (!select || !select.IsMap()) fail(root, "a rule needs 'select: {type: ...}'");
  rule->select_types = string_list(select["type"], "select.type");
  if (rule->select_types.empty()) fail(select, "'select' needs a 'type'");
  if (select["where"]) rule->where = std::make_unique<Condition>(parse_condition(select["where"]));
  if (!root["violation"]) fail(root, "a rule needs a 'violation' condition (the bad pattern)");
  rule->violation = std::make_unique<Condition>(parse_condition(root["violation"]));
  if (root["report_at"]) rule->report_at = scalar(root["report_at"], "report_at");
  rule->message = required(root, "message");
  if (const YAML::Node docs = root["docs"]) {
    if (docs["what"]) rule->docs.what = scalar(docs["what"], "docs.what");
    if (docs["why"]) rule->docs.why = scalar(docs["why"], "docs.why");
    if (const YAML::Node fix = docs["fix"]) {
      if (fix.IsScalar()) rule->docs.fix["all"] = fix.as<std::string>();
      else if (fix.IsMap())
        for (const auto& f : fix) rule->docs.fix[f.first.as<std::string>()] = scalar(f.second, "docs.fix");
      else fail(fix, "'docs.fix' is a string or a map of language -> text");
    }
    rule->docs.references = string_list(docs["references"], "docs.references");
  }
  if (const YAML::Node fixes = root["fixes"]) {
    if (!fixes.IsSequence()) fail(fixes, "'fixes' is a list");
    for (const auto& f : fixes) {
      QuickFix fix;
      if (!f.IsMap()) fail(f, "a fix is a map: title, path, replacement (and follow, when_ci)");
      for (const auto& key : f) {
        std::string name = key.first.as<std::string>();
        if (name != "title" && name != "follow" && name != "path" && name != "when_ci" && name != "replacement")
          fail(key.first, fmt::format("unknown key '{}' in a fix (title, follow, path, when_ci, replacement)", name));
      }
      fix.title = required(f, "title");
      fix.path = required(f, "path");
      if (f["follow"]) fix.follow = scalar(f["follow"], "follow");
      if (f["when_ci"]) fix.when_ci = string_list(f["when_ci"], "when_ci");
      if (!f["replacement"] || !f["replacement"].IsMap()) fail(f, "a fix needs 'replacement: {bicep, arm, terraform}'");
      for (const auto& r : f["replacement"]) {
        std::string language = r.first.as<std::string>();
        if (language != "bicep" && language != "arm" && language != "terraform")
          fail(r.first, fmt::format("a fix's replacement is per language (bicep, arm, terraform), not '{}'", language));
        if (language == "terraform" && r.second.IsMap()) {
          for (const auto& attribute : r.second)
            fix.replacement["terraform:" + attribute.first.as<std::string>()] = scalar(attribute.second, "replacement.terraform");
        } else {
          fix.replacement[language] = scalar(r.second, "replacement");
        }
      }
      rule->fixes.push_back(std::move(fix));
    }
  }
  if (const YAML::Node options = root["options"]) {
    if (!options.IsMap()) fail(options, "'options' is a map of name -> default value");
    for (const auto& o : options) rule->options[o.first.as<std::string>()] = yaml_value(o.second);
  }
  return rule;
}

}  // namespace

std::unique_ptr<Rule> load_rule_file(const std::string& path, std::vector<ToolError>& errors) {
  try {
    return parse_rule(YAML::LoadFile(path), path);
  } catch (const RuleError& e) {
    errors.push_back({ErrorCode::Config, path, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1), 0,
                      0, e.message});
  } catch (const YAML::Exception& e) {
    errors.push_back({ErrorCode::Config, path, static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1), 0,
                      0, e.msg});
  }
  return nullptr;
}

std::vector<std::unique_ptr<Rule>> load_rule_directory(const std::string& directory, std::vector<ToolError>& errors) {
  std::vector<std::unique_ptr<Rule>> rules;
  std::error_code ec;
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(directory, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory() && it->path().filename() == "providers") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && it->path().extension() == ".yaml") files.push_back(it->path());
  }
  if (ec) errors.push_back({ErrorCode::Config, directory, 0, 0, 0, 0, fmt::format("cannot read the rules folder: {}", ec.message())});
  std::sort(files.begin(), files.end());
  std::set<std::string> ids;
  for (const auto& file : files) {
    auto rule = load_rule_file(file.string(), errors);
    if (!rule) continue;
    if (rule->id != file.stem().string()) {
      errors.push_back({ErrorCode::Config, file.string(), 1, 1, 0, 0,
                        fmt::format("rule id '{}' differs from its file name '{}'", rule->id, file.filename().string())});
      continue;
    }
    if (!ids.insert(rule->id).second) {
      errors.push_back({ErrorCode::Config, file.string(), 1, 1, 0, 0, fmt::format("duplicate rule id '{}'", rule->id)});
      continue;
    }
    rules.push_back(std::move(rule));
  }
  std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a->id < b->id; });
  return rules;
}

}  // namespace erlint::rules
