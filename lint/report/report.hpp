#pragma once
// Output formats. Each writes the same AnalysisResult; tool errors are kept apart from findings.
#include <ostream>
#include <string>

#include "driver/analysis.hpp"

namespace erlint::report {

struct ReportOptions {
  bool color = false;
  bool show_suppressed = false;     // text: list suppressed findings too
  bool explain_unknown = false;     // text: list the undecided rule checks
  bool quiet = false;               // text: findings only, no summary
};

void write_text(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);
void write_json(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);

}  // namespace erlint::report
