#pragma once
// Reads rule files. A broken rule file is an ERR-CONFIG error with file:line:col, never a crash
// and never a silently skipped rule.
#include <string>
#include <vector>

#include "rules/rule.hpp"
#include "support/tool_error.hpp"

namespace erlint::rules {

// Loads one rule file; nullptr (with an error) when it is invalid.
std::unique_ptr<Rule> load_rule_file(const std::string& path, std::vector<ToolError>& errors);

// Loads every *.yaml under `directory` except the providers/ folder, sorted by ID. Duplicate IDs
// and IDs that differ from the file name are errors.
std::vector<std::unique_ptr<Rule>> load_rule_directory(const std::string& directory, std::vector<ToolError>& errors);

}  // namespace erlint::rules
