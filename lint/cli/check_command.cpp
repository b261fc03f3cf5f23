// `erlint check [PATH...]`: analyse files and folders, print a report, exit with what happened.
#include <fstream>
#include <iostream>
#include <optional>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "driver/analysis.hpp"
#include "report/report.hpp"

namespace erlint::cli {

namespace {

constexpr const char* kCheckHelp = R"(Usage: erlint check [OPTIONS] [PATH...]

Lints Bicep, ARM JSON and Terraform files against the ExpressRoute security baseline.
PATH may be files or folders (default: the current folder); files may be given by the hundreds.

Options:
  --format FORMAT      text (default) or json
  --output FILE        write the report to FILE instead of standard output
  --rule ID            run only this rule (repeatable)
  --rules-dir DIR      load rules from DIR (default: the installed rule pack)
  --fail-on SEVERITY   error, warning (default) or note: the lowest severity that fails the run
  --explain-unknown    list the checks that could not be decided, and why
  --show-suppressed    list suppressed findings in the text report
  --color WHEN         auto (default), always or never (NO_COLOR is honoured)
  --jobs N             worker threads (default: one per core)
  --quiet              no summary line
  -h, --help           this help

Exit codes: 0 clean; 1 findings at or above --fail-on, or a file that could not be analysed
(ERR-SYNTAX, ERR-LIMIT, ERR-ENCODING); 2 usage, configuration or I/O error.
)";

}  // namespace

int run_check(const std::vector<std::string>& args) {
  driver::AnalysisOptions options;
  std::string format = "text", output, rules_dir, color = "auto";
  rules::Severity fail_on = rules::Severity::Warning;
  report::ReportOptions report_options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag) -> std::optional<std::string> {
      if (i + 1 >= args.size()) {
        std::cerr << fmt::format("erlint: {} needs a value\n", flag);
        return std::nullopt;
      }
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      std::cout << kCheckHelp;
      return kExitClean;
    } else if (a == "--format") {
      auto v = value(a);
      if (!v) return kExitUsage;
      format = *v;
      if (format != "text" && format != "json") {
        std::cerr << fmt::format("erlint: unknown format '{}' (text or json)\n", format);
        return kExitUsage;
      }
    } else if (a == "--output") {
      auto v = value(a);
      if (!v) return kExitUsage;
      output = *v;
    } else if (a == "--rule") {
      auto v = value(a);
      if (!v) return kExitUsage;
      options.rule_ids.push_back(*v);
    } else if (a == "--rules-dir") {
      auto v = value(a);
      if (!v) return kExitUsage;
      rules_dir = *v;
    } else if (a == "--fail-on") {
      auto v = value(a);
      if (!v) return kExitUsage;
      auto s = rules::parse_severity(*v);
      if (!s) {
        std::cerr << fmt::format("erlint: --fail-on takes error, warning or note, not '{}'\n", *v);
        return kExitUsage;
      }
      fail_on = *s;
    } else if (a == "--explain-unknown") {
      report_options.explain_unknown = true;
    } else if (a == "--show-suppressed") {
      report_options.show_suppressed = true;
    } else if (a == "--quiet") {
      report_options.quiet = true;
    } else if (a == "--color") {
      auto v = value(a);
      if (!v) return kExitUsage;
      color = *v;
      if (color != "auto" && color != "always" && color != "never") {
        std::cerr << "erlint: --color takes auto, always or never\n";
        return kExitUsage;
      }
    } else if (a == "--jobs") {
      auto v = value(a);
      if (!v) return kExitUsage;
      try {
        options.jobs = static_cast<unsigned>(std::stoul(*v));
      } catch (...) {
        std::cerr << "erlint: --jobs takes a number\n";
        return kExitUsage;
      }
    } else if (a.size() > 1 && a[0] == '-' && a != "-") {
      std::cerr << fmt::format("erlint: unknown option '{}' (see erlint check --help)\n", a);
      return kExitUsage;
    } else {
      options.paths.push_back(a);
    }
  }

  driver::Analyzer analyzer(rules_dir.empty() ? driver::default_rules_dir() : rules_dir);
  for (const auto& id : options.rule_ids)
    if (!analyzer.rule(id)) {
      std::cerr << fmt::format("erlint: no rule '{}' (see erlint rules)\n", id);
      return kExitUsage;
    }
  driver::AnalysisResult result = analyzer.analyze(options);

  std::ofstream file;
  if (!output.empty()) {
    file.open(output);
    if (!file) {
      std::cerr << fmt::format("erlint: cannot write '{}'\n", output);
      return kExitUsage;
    }
  }
  std::ostream& out = output.empty() ? std::cout : file;
  bool terminal = output.empty() && isatty(STDOUT_FILENO);
  report_options.color = color == "always" || (color == "auto" && terminal && !std::getenv("NO_COLOR"));
  if (format == "json") report::write_json(out, result, analyzer, report_options);
  else report::write_text(out, result, analyzer, report_options);

  bool config_or_io = false, unanalysed = false;
  for (const auto& e : result.errors) {
    if (e.is_warning) continue;
    if (e.code == ErrorCode::Config || e.code == ErrorCode::Io) config_or_io = true;
    else unanalysed = true;
  }
  if (config_or_io) return kExitUsage;
  for (const auto& f : result.findings)
    if (!f.suppressed && static_cast<int>(f.finding.severity) >= static_cast<int>(fail_on)) return kExitFindings;
  return unanalysed ? kExitFindings : kExitClean;
}

}  // namespace erlint::cli
