#include "driver/suppressions.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "driver/analysis.hpp"
#include "syntax/directives.hpp"

namespace erlint::driver {

FileSuppressions collect_suppressions(const model::Template& file, const SourceFile& source, std::vector<ToolError>& errors) {
  FileSuppressions out;
  out.path = file.path;
  for (const model::Comment& comment : file.comments) {
    auto directive = syntax::parse_directive(comment.text);
    if (!directive) continue;
    if (directive->kind != syntax::DirectiveKind::Ignore && directive->kind != syntax::DirectiveKind::IgnoreFile) continue;
    Position at = source.position(comment.range.begin);
    if (directive->reason.empty()) {
      errors.push_back({ErrorCode::Config, file.path, at.line, at.column, 0, 0,
                        "erlint-ignore needs a reason after a colon: `erlint-ignore ER-NS-001: why this is acceptable`"});
      continue;
    }
    Suppression s;
    s.rule_ids = directive->rule_ids;
    s.reason = directive->reason;
    s.written_at = at.line;
    s.column = at.column;
    if (directive->kind == syntax::DirectiveKind::IgnoreFile) s.line = 0;
    else s.line = comment.own_line ? at.line + 1 : at.line;
    out.entries.push_back(std::move(s));
  }
  return out;
}

bool apply_suppressions(FileSuppressions& suppressions, ReportedFinding& finding) {
  for (Suppression& s : suppressions.entries) {
    if (std::find(s.rule_ids.begin(), s.rule_ids.end(), finding.finding.rule_id) == s.rule_ids.end()) continue;
    if (s.line != 0 && s.line != finding.start.line) continue;
    s.used = true;
    finding.suppressed = true;
    finding.suppression_reason = s.reason;
    return true;
  }
  return false;
}

void report_unused(const FileSuppressions& suppressions, const std::set<std::string>& rules_run, std::vector<ToolError>& errors) {
  for (const Suppression& s : suppressions.entries)
    if (!s.used && std::all_of(s.rule_ids.begin(), s.rule_ids.end(), [&](const std::string& id) { return rules_run.count(id) > 0; }))
      errors.push_back({ErrorCode::UnusedSuppression, suppressions.path, s.written_at, s.column, 0, 0,
                        fmt::format("erlint-ignore {} suppresses nothing", fmt::join(s.rule_ids, ", ")), true});
}

}  // namespace erlint::driver
