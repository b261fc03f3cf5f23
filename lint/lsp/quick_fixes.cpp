#include "lsp/quick_fixes.hpp"

#include <cctype>

#include "lsp/diagnostics.hpp"
#include "support/strings.hpp"

namespace erlint::lsp {

namespace {

using json = nlohmann::json;
using model::Value;

// The values at a dotted path; a `*` segment stands for every item of a list.
void values_at(const Value& root, std::string_view path, std::vector<const Value*>& out) {
  if (path.empty()) {
    out.push_back(&root);
    return;
  }
  std::size_t dot = path.find('.');
  std::string_view segment = path.substr(0, dot);
  std::string_view rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (segment == "*") {
    if (root.kind == model::ValueKind::Array)
      for (const Value& item : root.items) values_at(item, rest, out);
    return;
  }
  if (const Value* next = root.at_path(segment)) values_at(*next, rest, out);
}

// True when `source` (the text at the value's range) is the value written as a literal.
bool is_literal_text(const Value& value, std::string_view source) {
  switch (value.kind) {
    // Either literal: azurerm inverted some attributes (bgp_route_propagation_enabled = false is
    // disableBgpRoutePropagation: true), so the written literal may be the value's negation.
    case model::ValueKind::Bool: return source == "true" || source == "false";
    case model::ValueKind::String:
      return source.size() >= 2 && (source.front() == '\'' || source.front() == '"') && source.back() == source.front() &&
             source.substr(1, source.size() - 2) == value.text;
    default: return false;
  }
}

// The Terraform attribute name written before `= value` on the value's line.
std::string attribute_before(std::string_view text, std::size_t offset) {
  std::size_t i = offset;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i == 0 || text[i - 1] != '=') return {};
  --i;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  std::size_t end = i;
  while (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '_' || text[i - 1] == '-')) --i;
  return std::string(text.substr(i, end - i));
}

}  // namespace

json rule_fix_actions(const driver::ReportedFinding& reported, const rules::Rule& rule, const driver::AnalysisResult& result,
                      const std::function<std::string(const std::string&)>& uri_of) {
  json actions = json::array();
  const graph::ResourceNode* node = result.graph.by_key(reported.finding.resource_key);
  if (!node) return actions;
  for (const rules::QuickFix& fix : rule.fixes) {
    const graph::ResourceNode* target = node;
    if (!fix.follow.empty()) {
      const Value* reference = node->body.at_path(fix.follow);
      target = reference ? result.graph.resolve_reference(*reference) : nullptr;
      if (!target) continue;
    }
    std::vector<const Value*> values;
    values_at(target->body, fix.path, values);
    for (const Value* value : values) {
      if (!(value->origin & model::kOriginLiteral) || (value->origin & (model::kOriginParameter | model::kOriginParameterDefault))) continue;
      const SourceFile* file = result.sources.file(value->range.file);
      if (!file || value->range.end > file->text().size() || value->range.begin >= value->range.end) continue;
      std::string_view text = file->text();
      if (!is_literal_text(*value, text.substr(value->range.begin, value->range.end - value->range.begin))) continue;
      if (!fix.when_ci.empty()) {
        bool listed = false;
        for (const std::string& when : fix.when_ci) listed = listed || iequals(when, value->text);
        if (!listed) continue;
      }
      std::string language = fix_language(file->path());
      auto replacement = fix.replacement.end();
      if (language == "terraform") replacement = fix.replacement.find("terraform:" + attribute_before(text, value->range.begin));
      if (replacement == fix.replacement.end()) replacement = fix.replacement.find(language);
      if (replacement == fix.replacement.end()) continue;
      Position start = file->position(value->range.begin);
      Position end = file->position(value->range.end);
      LspRange range{start.line - 1, start.utf16_column, end.line - 1, end.utf16_column};
      json edit{{"range", to_json(range)}, {"newText", replacement->second}};
      actions.push_back({{"title", fix.title}, {"kind", "quickfix"}, {"isPreferred", true},
                         {"edit", {{"changes", {{uri_of(file->path()), json::array({edit})}}}}}});
    }
  }
  return actions;
}

}  // namespace erlint::lsp
