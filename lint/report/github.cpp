// GitHub Actions workflow commands: each line becomes an annotation on the run and on the pull
// request's diff. https://docs.github.com/actions/reference/workflow-commands-for-github-actions
//   ::error file=hub.bicep,line=20,col=11,endLine=20,endColumn=50,title=ER-NS-001::message
#include <algorithm>

#include <fmt/format.h>

#include "report/report.hpp"

namespace erlint::report {

namespace {

std::string_view command(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::Error: return "error";
    case rules::Severity::Warning: return "warning";
    case rules::Severity::Note: return "notice";
  }
  return "warning";
}

std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string github_escape_data(std::string_view text) { return escape(text, false); }
std::string github_escape_property(std::string_view text) { return escape(text, true); }

void write_github(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options) {
  for (const auto& reported : result.findings) {
    if (reported.suppressed && !options.show_suppressed) continue;
    const rules::Finding& f = reported.finding;
    std::string properties = fmt::format("file={},line={},col={}", github_escape_property(reported.file), reported.start.line, reported.start.column);
    // GitHub's end column is inclusive; erlint's end is the position after the last character.
    if (reported.end.line > reported.start.line || (reported.end.line == reported.start.line && reported.end.column > reported.start.column)) {
      std::uint32_t end_column = reported.end.column > 1 ? reported.end.column - 1 : 1;
      if (reported.end.line == reported.start.line) end_column = std::max(end_column, reported.start.column);
      properties += fmt::format(",endLine={},endColumn={}", reported.end.line, end_column);
    }
    properties += fmt::format(",title={}", github_escape_property(f.rule_id));
    std::string message = f.message;
    if (const rules::Rule* rule = analyzer.rule(f.rule_id)) message += fmt::format(" ({}; erlint explain {})", rule->title, rule->id);
    for (const auto& related : f.related)
      if (const SourceFile* file = result.sources.file(related.range.file)) {
        Position pos = file->position(related.range.begin);
        message += fmt::format("\n  {}:{}:{}: {}", file->path(), pos.line, pos.column, related.message);
      }
    if (reported.suppressed) message += fmt::format("\n  suppressed: {}", reported.suppression_reason);
    std::string_view kind = reported.suppressed ? std::string_view("notice") : command(f.severity);
    out << "::" << kind << " " << properties << "::" << github_escape_data(message) << "\n";
  }
  for (const auto& e : result.errors) {
    std::string properties;
    if (!e.file.empty()) {
      properties = fmt::format("file={}", github_escape_property(e.file));
      if (e.line) properties += fmt::format(",line={}", e.line);
      if (e.line && e.column) properties += fmt::format(",col={}", e.column);
      properties += ",";
    }
    properties += fmt::format("title={}", github_escape_property(error_code_id(e.code)));
    out << "::" << (e.is_warning ? "warning" : "error") << " " << properties << "::" << github_escape_data(e.message) << "\n";
  }
}

}  // namespace erlint::report
