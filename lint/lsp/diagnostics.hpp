#pragma once
// An analysis result as LSP diagnostics, grouped by file. Each diagnostic keeps its rule ID and
// range next to the JSON sent to the client, so that hover and code actions answer from the same
// data the editor shows.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "driver/analysis.hpp"

namespace erlint::lsp {

struct LspRange {
  std::uint32_t start_line = 0, start_character = 0;  // 0-based line, UTF-16 column
  std::uint32_t end_line = 0, end_character = 0;
  friend bool operator==(const LspRange&, const LspRange&) = default;
};

nlohmann::json to_json(const LspRange& range);

struct DiagnosticRecord {
  std::string code;      // rule ID (ER-NS-001) or tool error ID (ERR-SYNTAX)
  bool is_rule = false;  // a rule finding (can be suppressed with erlint-ignore)
  LspRange range;
  nlohmann::json diagnostic;  // the LSP Diagnostic object
  nlohmann::json fixes = nlohmann::json::array();  // the rule's quick fixes (CodeActions) for it
};

// Which language a path is in, as the rule docs' fix map names it: bicep, arm or terraform.
std::string fix_language(std::string_view path);

// Rule findings (not suppressed ones) and tool errors, keyed by the file path they are in. Tool
// errors without a file are left out. `uri_of` turns a path into the URI the client knows it by.
std::map<std::string, std::vector<DiagnosticRecord>> collect_diagnostics(
    const driver::AnalysisResult& result, const driver::Analyzer& analyzer,
    const std::function<std::string(const std::string&)>& uri_of);

}  // namespace erlint::lsp
