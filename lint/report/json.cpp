// The JSON report: a stable, documented schema (README "JSON output"), 1-based lines and columns.
#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace erlint::report {

void write_json(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer&, const ReportOptions& options) {
  nlohmann::ordered_json doc;
  doc["findings"] = nlohmann::ordered_json::array();
  for (const auto& reported : result.findings) {
    const rules::Finding& f = reported.finding;
    nlohmann::ordered_json item;
    item["rule"] = f.rule_id;
    item["severity"] = std::string(rules::severity_name(f.severity));
    item["file"] = reported.file;
    item["line"] = reported.start.line;
    item["column"] = reported.start.column;
    item["end_line"] = reported.end.line;
    item["end_column"] = reported.end.column;
    item["message"] = f.message;
    item["resource"] = {{"type", f.resource_type}, {"name", f.resource_name}};
    item["fingerprint"] = reported.fingerprint;
    item["suppressed"] = reported.suppressed;
    if (reported.suppressed) item["suppression_reason"] = reported.suppression_reason;
    nlohmann::ordered_json related = nlohmann::ordered_json::array();
    for (const auto& r : f.related) {
      const SourceFile* file = result.sources.file(r.range.file);
      if (!file) continue;
      Position pos = file->position(r.range.begin);
      related.push_back({{"file", file->path()}, {"line", pos.line}, {"column", pos.column}, {"message", r.message}});
    }
    item["related"] = related;
    doc["findings"].push_back(std::move(item));
  }
  doc["errors"] = nlohmann::ordered_json::array();
  for (const auto& e : result.errors) {
    doc["errors"].push_back({{"code", std::string(error_code_id(e.code))},
                             {"file", e.file},
                             {"line", e.line},
                             {"column", e.column},
                             {"message", e.message},
                             {"severity", e.is_warning ? "warning" : "error"}});
  }
  doc["undecided"] = nlohmann::ordered_json::array();
  for (const auto& u : result.undecided) {
    doc["undecided"].push_back({{"rule", u.undecided.rule_id},
                                {"file", u.file},
                                {"line", u.start.line},
                                {"column", u.start.column},
                                {"resource", u.undecided.resource_name},
                                {"reason", u.undecided.reason}});
  }
  if (options.baseline_matched) doc["baseline"] = {{"matched", *options.baseline_matched}};
  if (!options.changed_since.empty()) doc["changed_since"] = {{"ref", options.changed_since}, {"unchanged", options.unchanged_hidden}};
  out << doc.dump(2) << "\n";
}

}  // namespace erlint::report
