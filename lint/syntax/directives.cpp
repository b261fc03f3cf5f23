#include "syntax/directives.hpp"

#include "support/strings.hpp"

namespace erlint::syntax {

namespace {

std::string_view strip_markers(std::string_view text) {
  text = trim(text);
  if (starts_with(text, "//")) text.remove_prefix(2);
  else if (starts_with(text, "#")) text.remove_prefix(1);
  else if (starts_with(text, "/*")) {
    text.remove_prefix(2);
    if (ends_with(text, "*/")) text.remove_suffix(2);
  }
  return trim(text);
}

bool is_rule_id_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; }

// Reads "ID, ID ID" until a colon or the end; returns the rest after the colon.
std::vector<std::string> read_ids(std::string_view& text) {
  std::vector<std::string> ids;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == ',') { ++i; continue; }
    if (c == ':') { ++i; break; }
    size_t start = i;
    while (i < text.size() && is_rule_id_char(text[i])) ++i;
    if (i == start) break;  // some other character: the ID list is over
    ids.emplace_back(text.substr(start, i - start));
  }
  text = trim(text.substr(i));
  return ids;
}

}  // namespace

std::optional<Directive> parse_directive(std::string_view comment_text) {
  std::string_view text = strip_markers(comment_text);
  struct Prefix {
    std::string_view word;
    DirectiveKind kind;
  };
  // Longest prefix first: erlint-ignore-file before erlint-ignore.
  static constexpr Prefix prefixes[] = {{"erlint-ignore-file", DirectiveKind::IgnoreFile},
                                        {"erlint-ignore", DirectiveKind::Ignore},
                                        {"expect:", DirectiveKind::Expect},
                                        {"ok:", DirectiveKind::Ok}};
  for (const auto& prefix : prefixes) {
    if (!starts_with(text, prefix.word)) continue;
    std::string_view rest = text.substr(prefix.word.size());
    if ((prefix.kind == DirectiveKind::Ignore || prefix.kind == DirectiveKind::IgnoreFile) && !rest.empty() &&
        rest[0] != ' ' && rest[0] != '\t')
      continue;
    Directive d{prefix.kind, read_ids(rest), std::string(rest)};
    if (d.rule_ids.empty()) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

}  // namespace erlint::syntax
