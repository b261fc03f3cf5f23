#pragma once
// Hover text for a diagnostic: the rule's title, why it matters and how to fix it in the
// document's language, as Markdown.
#include <string>
#include <string_view>

#include "lsp/diagnostics.hpp"
#include "rules/rule.hpp"

namespace erlint::lsp {

// `rule` is null for tool errors (ERR-SYNTAX, ...) and unknown IDs. `language`: bicep, arm or terraform.
std::string hover_markdown(const DiagnosticRecord& record, const rules::Rule* rule, std::string_view language);

}  // namespace erlint::lsp
