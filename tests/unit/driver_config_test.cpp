// lint/driver/config: .erlint.yaml parsing and its errors (with positions), gitignore-style
// exclusion, rule selection and configured rule copies; the escaping of the report formats.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "driver/config.hpp"
#include "report/report.hpp"

using namespace erlint;
using driver::glob_match;
using driver::path_excluded;

namespace {

std::vector<std::string> messages(const std::vector<ToolError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message);
  return out;
}

std::unique_ptr<rules::Rule> rule_with_option(std::string id) {
  auto rule = std::make_unique<rules::Rule>();
  rule->id = std::move(id);
  rule->severity = rules::Severity::Warning;
  rule->options["exempt_subnets"] = model::Value::array({model::Value::string_value("GatewaySubnet")});
  rule->options["ports"] = model::Value::array({model::Value::number_value(22)});
  rule->violation = std::make_unique<rules::Condition>();
  rule->violation->kind = rules::Condition::Kind::Present;
  rule->violation->path = "properties.x";
  return rule;
}

}  // namespace

TEST_CASE("glob_match: * and ? stay within a segment, ** spans folders", "[config]") {
  CHECK(glob_match("*.json", "a.json"));
  CHECK_FALSE(glob_match("*.json", "dir/a.json"));
  CHECK(glob_match("legacy/*.json", "legacy/a.json"));
  CHECK_FALSE(glob_match("legacy/*.json", "legacy/sub/a.json"));
  CHECK(glob_match("**/generated", "generated"));
  CHECK(glob_match("**/generated", "a/b/generated"));
  CHECK(glob_match("modules/**", "modules/a/b.tf"));
  CHECK(glob_match("a/**/b.tf", "a/b.tf"));
  CHECK(glob_match("a/**/b.tf", "a/x/y/b.tf"));
  CHECK(glob_match("file?.tf", "file1.tf"));
  CHECK_FALSE(glob_match("file?.tf", "file10.tf"));
  CHECK(glob_match("net[0-9].tf", "net7.tf"));
  CHECK_FALSE(glob_match("net[!0-9].tf", "net7.tf"));
  CHECK(glob_match("net[!0-9].tf", "netx.tf"));
  CHECK(glob_match("\\*.tf", "*.tf"));
  CHECK_FALSE(glob_match("\\*.tf", "a.tf"));
}

TEST_CASE("path_excluded: gitignore semantics relative to the root", "[config]") {
  const std::string root = "/repo";
  CHECK(path_excluded("/repo/a/generated/x.bicep", {"generated/"}, root));      // a folder at any depth
  CHECK_FALSE(path_excluded("/repo/a/generated", {"generated/"}, root));        // a file of that name is not a folder
  CHECK(path_excluded("/repo/a/generated", {"generated"}, root));
  CHECK(path_excluded("/repo/legacy/old.json", {"legacy/*.json"}, root));
  CHECK_FALSE(path_excluded("/repo/x/legacy/old.json", {"legacy/*.json"}, root));  // anchored: contains a slash
  CHECK(path_excluded("/repo/x/legacy/old.json", {"**/legacy/*.json"}, root));
  CHECK(path_excluded("/repo/x.tfvars", {"*.tfvars"}, root));
  CHECK(path_excluded("/repo/a/b/x.tfvars", {"*.tfvars"}, root));
  CHECK(path_excluded("/repo/top.json", {"/top.json"}, root));
  CHECK_FALSE(path_excluded("/repo/a/top.json", {"/top.json"}, root));
  // Negation: the last matching pattern wins.
  CHECK_FALSE(path_excluded("/repo/legacy/keep.json", {"legacy/*.json", "!legacy/keep.json"}, root));
  CHECK(path_excluded("/repo/legacy/other.json", {"legacy/*.json", "!legacy/keep.json"}, root));
  // Outside the root: never excluded.
  CHECK_FALSE(path_excluded("/elsewhere/generated/x.bicep", {"generated/"}, root));
  CHECK_FALSE(path_excluded("/repo/a.bicep", {}, root));
}

TEST_CASE("parse_config: a full file", "[config]") {
  std::vector<ToolError> errors;
  auto config = driver::parse_config(R"(
rules:
  ER-NS-006:
    enabled: false
    severity: note
    options:
      exempt_subnets: [snet-a, "snet-b"]
  ER-NS-001:
exclude:
  - "**/generated/"
fail_on: error
)",
                                     "x/.erlint.yaml", errors);
  REQUIRE(errors.empty());
  REQUIRE(config);
  REQUIRE(config->rules.count("ER-NS-006"));
  const auto& r = config->rules.at("ER-NS-006");
  CHECK(r.enabled == false);
  CHECK(r.severity == rules::Severity::Note);
  REQUIRE(r.options.at("exempt_subnets").items.size() == 2);
  CHECK(r.options.at("exempt_subnets").items[1].text == "snet-b");
  CHECK(r.mark.line == 3);
  CHECK(config->rules.count("ER-NS-001"));
  CHECK(config->exclude == std::vector<std::string>{"**/generated/"});
  CHECK(config->fail_on == rules::Severity::Error);

  errors.clear();
  auto empty = driver::parse_config("", "e.yaml", errors);
  CHECK(empty);
  CHECK(errors.empty());
}

TEST_CASE("parse_config: every mistake with its position", "[config]") {
  std::vector<ToolError> errors;
  driver::parse_config(R"(rules:
  ER-NS-001:
    severity: fatal
    enabled: maybe
    colour: red
exclude: one
fail_on: [error]
extra: 1
)",
                       ".erlint.yaml", errors);
  auto m = messages(errors);
  REQUIRE(m.size() == 6);
  CHECK(m[0] == "3:15 'severity' takes error, warning or note");
  CHECK(m[1] == "4:14 'enabled' takes true or false");
  CHECK(m[2].rfind("5:5 unknown key 'colour'", 0) == 0);
  CHECK(m[3] == "6:10 'exclude' is a list of gitignore-style patterns");
  CHECK(m[4] == "7:10 'fail_on' takes error, warning or note");
  CHECK(m[5].rfind("8:1 unknown key 'extra'", 0) == 0);
  for (const auto& e : errors) CHECK(e.code == ErrorCode::Config);

  errors.clear();
  CHECK_FALSE(driver::parse_config("rules: [\n", ".erlint.yaml", errors));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].line == 2);

  errors.clear();
  CHECK_FALSE(driver::parse_config("- a\n- b\n", ".erlint.yaml", errors));
  CHECK(errors.size() == 1);
}

TEST_CASE("apply_config: checks IDs, options and types; configured_rule merges", "[config]") {
  std::vector<std::unique_ptr<rules::Rule>> pack;
  pack.push_back(rule_with_option("ER-NS-006"));
  pack.push_back(rule_with_option("ER-NS-007"));
  std::vector<ToolError> errors;
  auto config = driver::parse_config(R"(rules:
  ER-NS-006:
    severity: error
    options: { exempt_subnets: [snet-x] }
  ER-NS-007: { enabled: false }
exclude: [generated/]
)",
                                     "cfg/.erlint.yaml", errors);
  REQUIRE(config);
  driver::RuleSettings options;
  CHECK(driver::apply_config(*config, pack, options, errors));
  CHECK(errors.empty());
  CHECK(options.disabled_rules == std::vector<std::string>{"ER-NS-007"});
  CHECK(options.exclude_root == "cfg");
  CHECK(options.config_path == "cfg/.erlint.yaml");
  CHECK_FALSE(driver::rule_selected("ER-NS-007", {}, options));
  CHECK(driver::rule_selected("ER-NS-006", {}, options));
  std::vector<std::string> named = {"ER-NS-007"};  // --rule wins over the configuration
  CHECK(driver::rule_selected("ER-NS-007", named, options));
  CHECK_FALSE(driver::rule_selected("ER-NS-006", named, options));

  auto copy = driver::configured_rule(*pack[0], options);
  REQUIRE(copy);
  CHECK(copy->severity == rules::Severity::Error);
  CHECK(copy->options.at("exempt_subnets").items.at(0).text == "snet-x");
  CHECK(copy->options.at("ports").items.at(0).number == 22);  // untouched defaults stay
  REQUIRE(copy->violation);
  CHECK(copy->violation->path == "properties.x");
  CHECK(pack[0]->options.at("exempt_subnets").items.at(0).text == "GatewaySubnet");  // the pack is not changed
  CHECK_FALSE(driver::configured_rule(*pack[1], options));  // nothing configured: run the rule itself

  errors.clear();
  auto bad = driver::parse_config(R"(rules:
  ER-XX-001: {}
  ER-NS-006:
    options:
      exempt_subnet: []
      ports: "22"
)",
                                  ".erlint.yaml", errors);
  REQUIRE(bad);
  driver::RuleSettings unused;
  CHECK_FALSE(driver::apply_config(*bad, pack, unused, errors));
  auto m = messages(errors);
  REQUIRE(m.size() == 3);
  CHECK(m[0] == "2:3 no rule 'ER-XX-001' in the rule pack (see erlint rules)");
  CHECK(m[1] == "5:7 rule 'ER-NS-006' has no option 'exempt_subnet' (it has: exempt_subnets, ports)");
  CHECK(m[2] == "6:7 option 'ports' of rule 'ER-NS-006' takes a list, not a string");
}

TEST_CASE("report escaping: GitHub workflow commands and XML", "[report]") {
  CHECK(report::github_escape_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b");
  CHECK(report::github_escape_property("dir,x:y/100%.tf\n") == "dir%2Cx%3Ay/100%25.tf%0A");
  CHECK(report::xml_escape("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  CHECK(report::xml_escape(std::string("a\x01" "b\x1f" "c\n", 6)) == "abc&#10;");
  CHECK(report::xml_escape("x\xEF\xBF\xBEy") == "xy");      // U+FFFE is not an XML character
  CHECK(report::xml_escape("caf\xC3\xA9") == "caf\xC3\xA9");  // UTF-8 stays
}
