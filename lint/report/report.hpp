#pragma once
// Output formats. Each writes the same AnalysisResult; tool errors are kept apart from findings.
#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "driver/analysis.hpp"

namespace erlint::report {

struct ReportOptions {
  bool color = false;
  bool show_suppressed = false;     // text: list suppressed findings too
  bool explain_unknown = false;     // text: list the undecided rule checks
  bool controls_summary = false;    // text: a summary per MCSB control (--controls)
  bool quiet = false;               // text: findings only, no summary
  // --baseline: how many findings the baseline accounted for (text summary, JSON "baseline").
  std::optional<std::size_t> baseline_matched;
  // --changed-since: the git ref, and how many findings were on unchanged lines.
  std::string changed_since;
  std::size_t unchanged_hidden = 0;
  std::string tool_version = "0.0.0";  // SARIF tool.driver.version
  std::string source_root;             // SARIF SRCROOT: URIs are relative to it (empty: the current folder)
};

void write_text(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);
void write_json(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);
// SARIF 2.1.0 for code-scanning services: full rule metadata, relative URIs under SRCROOT, partial
// fingerprints, related locations, in-source suppressions; tool errors are notifications, not results.
void write_sarif(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);
// GitHub Actions workflow commands (::error file=...,line=...::message): annotations on the pull request.
void write_github(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);
// JUnit XML (Azure Pipelines' PublishTestResults, GitLab, Jenkins): a test suite per analysed file,
// a failed test case per finding, an <error> per tool error.
void write_junit(std::ostream& out, const driver::AnalysisResult& result, const driver::Analyzer& analyzer, const ReportOptions& options);

// The escaping of workflow-command values (exposed for the tests): the message escapes %, \r and
// \n; a property value also escapes ':' and ','.
std::string github_escape_data(std::string_view text);
std::string github_escape_property(std::string_view text);
// XML character data and attribute values: & < > " ' escaped, characters XML 1.0 forbids dropped.
std::string xml_escape(std::string_view text);

}  // namespace erlint::report
