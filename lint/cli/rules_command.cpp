// `erlint rules` lists the rule pack; `erlint explain ID` prints one rule's documentation.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "driver/analysis.hpp"
#include "support/strings.hpp"

namespace erlint::cli {

namespace {

std::string rules_dir_from(const std::vector<std::string>& args, std::vector<std::string>& rest) {
  std::string dir;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--rules-dir" && i + 1 < args.size()) dir = args[++i];
    else rest.push_back(args[i]);
  }
  return dir.empty() ? driver::default_rules_dir() : dir;
}

int print_load_errors(const driver::Analyzer& analyzer) {
  for (const auto& e : analyzer.load_errors())
    std::cerr << fmt::format("error[{}]: {}:{}:{}: {}\n", error_code_id(e.code), e.file, e.line, e.column, e.message);
  return analyzer.load_errors().empty() ? kExitClean : kExitUsage;
}

}  // namespace

int run_rules(const std::vector<std::string>& args) {
  std::vector<std::string> rest;
  driver::Analyzer analyzer(rules_dir_from(args, rest));
  int status = print_load_errors(analyzer);
  std::cout << fmt::format("{:<10} {:<8} {:<10} {}\n", "ID", "SEVERITY", "CONTROLS", "TITLE");
  for (const auto& rule : analyzer.rules())
    std::cout << fmt::format("{:<10} {:<8} {:<10} {}\n", rule->id, rules::severity_name(rule->severity),
                             fmt::format("{}", fmt::join(rule->controls, ",")), rule->title);
  return status;
}

int run_explain(const std::vector<std::string>& args) {
  std::vector<std::string> rest;
  driver::Analyzer analyzer(rules_dir_from(args, rest));
  if (rest.size() != 1) {
    std::cerr << "Usage: erlint explain RULE-ID\n";
    return kExitUsage;
  }
  const rules::Rule* rule = analyzer.rule(rest.front());
  if (!rule) {
    print_load_errors(analyzer);
    std::cerr << fmt::format("erlint: no rule '{}' (see erlint rules)\n", rest.front());
    return kExitUsage;
  }
  std::cout << fmt::format("{} ({}): {}\n", rule->id, rule->name, rule->title);
  std::cout << fmt::format("severity: {} · controls: MCSB {}", rules::severity_name(rule->severity), fmt::join(rule->controls, ", "));
  if (!rule->policy.empty()) std::cout << fmt::format(" · Azure Policy {}", fmt::join(rule->policy, ", "));
  std::cout << fmt::format(" · status: {} · since {}\n\n", rule->status, rule->since);
  if (!rule->docs.what.empty()) std::cout << "What it finds\n  " << trim(rule->docs.what) << "\n\n";
  if (!rule->docs.why.empty()) std::cout << "Why it matters\n  " << trim(rule->docs.why) << "\n\n";
  if (!rule->docs.fix.empty()) {
    std::cout << "How to fix\n";
    for (const auto& [language, text] : rule->docs.fix) std::cout << fmt::format("  [{}] {}\n", language, trim(text));
    std::cout << "\n";
  }
  if (!rule->docs.references.empty()) {
    std::cout << "References\n";
    for (const auto& r : rule->docs.references) std::cout << "  - " << r << "\n";
  }
  return kExitClean;
}

}  // namespace erlint::cli
