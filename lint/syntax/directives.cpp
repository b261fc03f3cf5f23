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

// A rule ID: upper-case letters and digits in dash-separated parts, starting with a letter
// (ER-NS-001, ERR-UNUSED-SUPPRESSION). Other words ("TODO", "because") are not IDs.
bool looks_like_rule_id(std::string_view token) {
  if (token.empty() || token.front() < 'A' || token.front() > 'Z' || token.find('-') == std::string_view::npos) return false;
  for (std::string_view part : split(token, '-')) {
    if (part.empty()) return false;
    for (char c : part)
      if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool is_id_separator(char c) { return c == ' ' || c == '\t' || c == ','; }

struct IdList {
  std::vector<std::string> ids;
  bool colon = false;      // the list ended at a colon
  std::string_view rest;   // what follows the list (after the colon, if any), trimmed
};

// Reads "ID, ID ID" until a colon, the end, or a word that is not a rule ID.
IdList read_ids(std::string_view text) {
  IdList out;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (is_id_separator(c)) { ++i; continue; }
    if (c == ':') {
      out.colon = true;
      ++i;
      break;
    }
    size_t start = i;
    while (i < text.size() && !is_id_separator(text[i]) && text[i] != ':') ++i;
    std::string_view token = text.substr(start, i - start);
    if (!looks_like_rule_id(token)) {
      i = start;  // some other word: the ID list is over
      break;
    }
    out.ids.emplace_back(token);
  }
  out.rest = trim(text.substr(i));
  return out;
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
    IdList list = read_ids(rest);
    if (list.ids.empty()) return std::nullopt;
    // The reason is the text after the colon; without a colon there is none (an ignore then needs one).
    return Directive{prefix.kind, std::move(list.ids), list.colon ? std::string(list.rest) : std::string()};
  }
  return std::nullopt;
}

}  // namespace erlint::syntax
