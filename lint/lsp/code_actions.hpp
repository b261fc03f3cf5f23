#pragma once
// Quick fixes offered on a finding: "Ignore ER-XX-NNN on this line" (an erlint-ignore comment on
// its own line above, with the same indentation) and "Ignore ER-XX-NNN in this file" (an
// erlint-ignore-file comment at the top), each as a WorkspaceEdit.
#include <string_view>

#include <nlohmann/json.hpp>

#include "lsp/diagnostics.hpp"
#include "lsp/documents.hpp"

namespace erlint::lsp {

// "#" for Terraform (.tf, .tfvars), "//" for Bicep and ARM JSON (Azure accepts comments in templates).
std::string_view comment_marker(std::string_view path);

// The two ignore actions for a rule finding (an empty array for tool errors).
nlohmann::json ignore_actions(const Document& document, const DiagnosticRecord& record);

}  // namespace erlint::lsp
