#include "lsp/code_actions.hpp"

#include <fmt/format.h>

#include "source/file_kind.hpp"

namespace erlint::lsp {

namespace {

using json = nlohmann::json;

json insertion(const Document& document, std::uint32_t line, std::string text) {
  LspRange at{line, 0, line, 0};
  json edit{{"range", to_json(at)}, {"newText", std::move(text)}};
  return json{{"changes", {{document.uri, json::array({edit})}}}};
}

}  // namespace

std::string_view comment_marker(std::string_view path) {
  FileKind kind = kind_from_path(path);
  return kind == FileKind::Terraform || kind == FileKind::TerraformVars ? "#" : "//";
}

json ignore_actions(const Document& document, const DiagnosticRecord& record) {
  json actions = json::array();
  if (!record.is_rule) return actions;
  std::string_view text = document.text;
  std::string_view eol = text.find("\r\n") != std::string_view::npos ? "\r\n" : "\n";
  std::string_view marker = comment_marker(document.path);

  // The indentation of the finding's line.
  std::size_t line_start = offset_from_utf16(text, record.range.start_line, 0);
  std::size_t indent_end = line_start;
  while (indent_end < text.size() && (text[indent_end] == ' ' || text[indent_end] == '\t')) ++indent_end;
  std::string indent(text.substr(line_start, indent_end - line_start));

  json diagnostics = json::array({record.diagnostic});
  actions.push_back({{"title", fmt::format("Ignore {} on this line", record.code)},
                     {"kind", "quickfix"},
                     {"diagnostics", diagnostics},
                     {"edit", insertion(document, record.range.start_line,
                                        fmt::format("{}{} erlint-ignore {}: <reason>{}", indent, marker, record.code, eol))}});
  actions.push_back({{"title", fmt::format("Ignore {} in this file", record.code)},
                     {"kind", "quickfix"},
                     {"diagnostics", diagnostics},
                     {"edit", insertion(document, 0, fmt::format("{} erlint-ignore-file {}: <reason>{}", marker, record.code, eol))}});
  return actions;
}

}  // namespace erlint::lsp
