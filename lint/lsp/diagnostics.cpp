#include "lsp/diagnostics.hpp"

#include <algorithm>
#include <tuple>

#include "lsp/quick_fixes.hpp"
#include "rules/rule.hpp"
#include "source/file_kind.hpp"
#include "support/diagnostic_code.hpp"

namespace erlint::lsp {

namespace {

using json = nlohmann::json;

int lsp_severity(rules::Severity severity) {
  switch (severity) {
    case rules::Severity::Error: return 1;
    case rules::Severity::Warning: return 2;
    case rules::Severity::Note: return 3;
  }
  return 2;
}

std::uint32_t line0(std::uint32_t line1) { return line1 > 0 ? line1 - 1 : 0; }

// A ToolError's 1-based line and byte column as a 0-based line and UTF-16 column.
std::pair<std::uint32_t, std::uint32_t> tool_position(const SourceFile* file, std::uint32_t line, std::uint32_t column,
                                                      bool end_of_line) {
  if (line == 0) return {0, 0};
  if (!file || line > file->line_count()) return {line0(line), column > 0 ? column - 1 : 0};
  std::string_view text = file->line_text(line);
  auto line_start = static_cast<std::uint32_t>(text.data() - file->text().data());
  std::uint32_t byte_column = end_of_line ? static_cast<std::uint32_t>(text.size())
                                          : std::min<std::uint32_t>(column > 0 ? column - 1 : 0, static_cast<std::uint32_t>(text.size()));
  return {line0(line), file->position(line_start + byte_column).utf16_column};
}

}  // namespace

json to_json(const LspRange& r) {
  return json{{"start", {{"line", r.start_line}, {"character", r.start_character}}},
              {"end", {{"line", r.end_line}, {"character", r.end_character}}}};
}

std::string fix_language(std::string_view path) {
  FileKind kind = kind_from_path(path);
  if (kind == FileKind::Bicep || kind == FileKind::BicepParams) return "bicep";
  if (kind == FileKind::Terraform || kind == FileKind::TerraformVars) return "terraform";
  return "arm";
}

std::map<std::string, std::vector<DiagnosticRecord>> collect_diagnostics(
    const driver::AnalysisResult& result, const driver::Analyzer& analyzer,
    const std::function<std::string(const std::string&)>& uri_of) {
  std::map<std::string, std::vector<DiagnosticRecord>> by_file;

  for (const driver::ReportedFinding& reported : result.findings) {
    if (reported.suppressed) continue;
    const rules::Finding& finding = reported.finding;
    DiagnosticRecord record;
    record.code = finding.rule_id;
    record.is_rule = true;
    record.range = {line0(reported.start.line), reported.start.utf16_column, line0(reported.end.line), reported.end.utf16_column};
    json d{{"range", to_json(record.range)},
           {"severity", lsp_severity(finding.severity)},
           {"code", finding.rule_id},
           {"source", "erlint"},
           {"message", finding.message}};
    if (const rules::Rule* rule = analyzer.rule(finding.rule_id)) {
      d["codeDescription"] = {{"href", rules::docs_url(*rule)}};
      record.fixes = rule_fix_actions(reported, *rule, result, uri_of);
    }
    json related = json::array();
    for (const rules::RelatedLocation& location : finding.related) {
      const SourceFile* file = result.sources.file(location.range.file);
      if (!file) continue;
      Position start = file->position(location.range.begin);
      Position end = file->position(location.range.end);
      LspRange r{line0(start.line), start.utf16_column, line0(end.line), end.utf16_column};
      related.push_back({{"location", {{"uri", uri_of(file->path())}, {"range", to_json(r)}}}, {"message", location.message}});
    }
    if (!related.empty()) d["relatedInformation"] = std::move(related);
    record.diagnostic = std::move(d);
    by_file[reported.file].push_back(std::move(record));
  }

  for (const ToolError& error : result.errors) {
    if (error.file.empty()) continue;
    const SourceFile* file = result.sources.find(error.file);
    auto [start_line, start_character] = tool_position(file, error.line, error.column, false);
    std::pair<std::uint32_t, std::uint32_t> end{start_line, start_character};
    if (error.end_line > 0) end = tool_position(file, error.end_line, error.end_column, false);
    else if (error.line > 0) end = tool_position(file, error.line, 0, true);  // no end: to the end of the line
    if (std::tie(end.first, end.second) < std::tie(start_line, start_character)) end = {start_line, start_character};
    DiagnosticRecord record;
    record.code = std::string(error_code_id(error.code));
    record.range = {start_line, start_character, end.first, end.second};
    record.diagnostic = json{{"range", to_json(record.range)},
                             {"severity", error.is_warning ? 2 : 1},
                             {"code", record.code},
                             {"source", "erlint"},
                             {"message", error.message}};
    by_file[error.file].push_back(std::move(record));
  }
  return by_file;
}

}  // namespace erlint::lsp
