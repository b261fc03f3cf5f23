#pragma once
// The quick fixes a rule file declares (rules::QuickFix), turned into LSP code actions for one
// finding. Only unambiguous edits are offered: the value must be written as a literal in the source
// (not a parameter, variable or default), and the text at its range must be that literal.
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "driver/analysis.hpp"
#include "rules/rule.hpp"

namespace erlint::lsp {

// CodeAction objects (title, kind "quickfix", edit) without their "diagnostics" field.
nlohmann::json rule_fix_actions(const driver::ReportedFinding& finding, const rules::Rule& rule, const driver::AnalysisResult& result,
                                const std::function<std::string(const std::string&)>& uri_of);

}  // namespace erlint::lsp
