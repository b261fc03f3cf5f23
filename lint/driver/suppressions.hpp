#pragma once
// Inline suppressions: `// erlint-ignore ER-NS-001: reason` (the next line, or the same line when
// written after code), `// erlint-ignore-file ER-LT-001: reason` (the whole file), and ARM's
// "metadata": {"erlint-ignore": ["ER-NS-001: reason"]} on a resource. A reason is required, and
// an ignore that suppresses nothing is reported.
#include <set>
#include <string>
#include <vector>

#include "model/template.hpp"
#include "source/source_file.hpp"
#include "support/tool_error.hpp"

namespace erlint::driver {

struct ReportedFinding;

struct Suppression {
  std::vector<std::string> rule_ids;
  std::string reason;
  std::uint32_t line = 0;     // the line it applies to; 0 = the whole file
  std::uint32_t written_at = 0;
  std::uint32_t column = 0;
  bool used = false;
};

struct FileSuppressions {
  std::string path;
  std::vector<Suppression> entries;
};

FileSuppressions collect_suppressions(const model::Template& file, const SourceFile& source, std::vector<ToolError>& errors);

// Marks the findings a suppression covers; returns false when none does.
bool apply_suppressions(FileSuppressions& suppressions, ReportedFinding& finding);

// Reports ignores that suppressed nothing, among those naming only rules that ran.
void report_unused(const FileSuppressions& suppressions, const std::set<std::string>& rules_run, std::vector<ToolError>& errors);

}  // namespace erlint::driver
