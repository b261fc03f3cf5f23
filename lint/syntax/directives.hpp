#pragma once
// Directives written in comments. Fixture annotations (`expect: ER-NS-001`, `ok: ER-NS-001`) and
// user suppressions (`erlint-ignore ER-NS-001: reason`, `erlint-ignore-file ...`) share this parser,
// and it only ever sees comment text, never string contents.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace erlint::syntax {

enum class DirectiveKind { Expect, Ok, Ignore, IgnoreFile };

struct Directive {
  DirectiveKind kind;
  std::vector<std::string> rule_ids;
  std::string reason;  // for ignores: the text after the colon (required; empty means missing)
};

// Parses the text of one comment (markers `//`, `#`, `/* */` already removed or not: both work).
std::optional<Directive> parse_directive(std::string_view comment_text);

}  // namespace erlint::syntax
