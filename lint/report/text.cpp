// The terminal report: one block per finding with a code frame, like a compiler's.
#include <map>

#include <fmt/format.h>

#include "report/report.hpp"
#include "support/strings.hpp"

namespace erlint::report {

namespace {

struct Palette {
  bool on;
  std::string paint(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

std::string_view severity_color(rules::Severity s) {
  switch (s) {
    case rules::Severity::Error: return "1;31";
    case rules::Severity::Warning: return "1;33";
    case rules::Severity::Note: return "1;36";
  }
  return "0";
}

void code_frame(std::ostream& out, const SourceFile& file, Position start, Position end, std::string_view label, const Palette& p) {
  std::string_view line = file.line_text(start.line);
  std::string number = std::to_string(start.line);
  std::string gutter(number.size(), ' ');
  std::uint32_t width = 1;
  if (end.line == start.line && end.column > start.column) width = end.column - start.column;
  else width = static_cast<std::uint32_t>(line.size() >= start.column ? line.size() - start.column + 1 : 1);
  std::string marker(start.column > 0 ? start.column - 1 : 0, ' ');
  // Keep tabs aligned under the source line.
  for (std::size_t i = 0; i < marker.size() && i < line.size(); ++i)
    if (line[i] == '\t') marker[i] = '\t';
  out << p.paint("1;34", gutter + " |") << "\n";
  out << p.paint("1;34", number + " |") << " " << line << "\n";
  out << p.paint("1;34", gutter + " |") << " " << marker << p.paint("1;31", std::string(std::max<std::uint32_t>(1, width), '^'));
  if (!label.empty()) out << " " << label;
  out << "\n";
}

// One line per MCSB control: its rules, their findings, the resources they checked and the
// checks they could not decide.
void write_controls_summary(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer) {
  struct Row {
    std::vector<std::string> rules;
    std::size_t findings = 0, checked = 0, undecided = 0;
  };
  std::map<std::string, Row> rows;
  for (const auto& rule : analyzer.rules()) {
    auto ran = result.stats.checked_by_rule.find(rule->id);
    if (ran == result.stats.checked_by_rule.end()) continue;
    for (const auto& control : rule->controls) {
      Row& row = rows[control];
      row.rules.push_back(rule->id);
      row.checked += ran->second;
      for (const auto& f : result.findings)
        if (f.finding.rule_id == rule->id && !f.suppressed) ++row.findings;
      for (const auto& u : result.undecided)
        if (u.undecided.rule_id == rule->id) ++row.undecided;
    }
  }
  out << fmt::format("\n{:<8} {:>6} {:>9} {:>18} {:>20}  {}\n", "control", "rules", "findings", "resources checked", "resources undecided", "rule IDs");
  for (const auto& [control, row] : rows)
    out << fmt::format("{:<8} {:>6} {:>9} {:>18} {:>20}  {}\n", control, row.rules.size(), row.findings, row.checked, row.undecided,
                       fmt::join(row.rules, " "));
  out << "\n";
}

}  // namespace

void write_text(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options) {
  Palette p{options.color};
  std::size_t counts[3] = {0, 0, 0};
  std::size_t suppressed = 0;
  for (const auto& reported : result.findings) {
    if (reported.suppressed) {
      ++suppressed;
      if (!options.show_suppressed) continue;
    }
    const rules::Finding& f = reported.finding;
    counts[static_cast<int>(f.severity)] += 1;
    const rules::Rule* rule = analyzer.rule(f.rule_id);
    out << p.paint(severity_color(f.severity), fmt::format("{}[{}]", rules::severity_name(f.severity), f.rule_id)) << ": "
        << p.paint("1", rule ? rule->title : f.rule_id) << (reported.suppressed ? " (suppressed)" : "") << "\n";
    out << p.paint("1;34", "  --> ") << fmt::format("{}:{}:{}", reported.file, reported.start.line, reported.start.column) << "\n";
    if (const SourceFile* file = result.sources.file(f.range.file)) code_frame(out, *file, reported.start, reported.end, f.message, p);
    for (const auto& related : f.related) {
      if (const SourceFile* file = result.sources.file(related.range.file)) {
        Position pos = file->position(related.range.begin);
        out << p.paint("1;34", "  ::: ") << fmt::format("{}:{}:{}  {}", file->path(), pos.line, pos.column, related.message) << "\n";
      }
    }
    if (rule) {
      if (!rule->docs.why.empty()) out << "   = why: " << trim(rule->docs.why) << "\n";
      std::string controls = fmt::format("{}", fmt::join(rule->controls, ", "));
      if (!rule->policy.empty()) controls += fmt::format(" · policy {}", fmt::join(rule->policy, ", "));
      out << "   = control: MCSB " << controls << "\n";
      out << "   = docs: erlint explain " << rule->id << "\n";
    }
    if (reported.suppressed) out << "   = suppressed: " << reported.suppression_reason << "\n";
    out << "\n";
  }
  for (const auto& e : result.errors) {
    std::string where = e.file.empty() ? std::string("erlint") : e.line ? fmt::format("{}:{}:{}", e.file, e.line, e.column) : e.file;
    out << p.paint(e.is_warning ? "1;33" : "1;31", fmt::format("{}[{}]", e.is_warning ? "warning" : "error", error_code_id(e.code)))
        << ": " << where << ": " << e.message << "\n";
  }
  if (options.explain_unknown && !result.undecided.empty()) {
    out << "\nUndecided (a value the rule needs is not known in the analysed source):\n";
    for (const auto& u : result.undecided)
      out << fmt::format("  {}:{}:{}  {}  {}: {}\n", u.file, u.start.line, u.start.column, u.undecided.rule_id,
                         u.undecided.resource_name, u.undecided.reason);
  }
  if (options.controls_summary) write_controls_summary(out, result, analyzer);
  if (options.quiet) return;
  std::size_t files = 0;
  for (const auto& [_, n] : result.stats.files_by_language) files += n;
  out << fmt::format("{} error{}, {} warning{}, {} note{}", counts[2], counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s",
                     counts[0], counts[0] == 1 ? "" : "s");
  if (suppressed) out << fmt::format(" ({} suppressed)", suppressed);
  if (options.baseline_matched) out << fmt::format(" ({} matched the baseline)", *options.baseline_matched);
  if (!options.changed_since.empty()) out << fmt::format(" ({} on lines unchanged since {})", options.unchanged_hidden, options.changed_since);
  if (!result.errors.empty()) out << fmt::format("; {} tool diagnostic{}", result.errors.size(), result.errors.size() == 1 ? "" : "s");
  out << fmt::format(" in {} file{}, {} resource{} ({} ms)\n", files, files == 1 ? "" : "s", result.stats.resources,
                     result.stats.resources == 1 ? "" : "s", result.stats.elapsed.count());
}

}  // namespace erlint::report
