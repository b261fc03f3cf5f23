#pragma once
// The ARM template expression language: the text inside a JSON string "[...]". Parsed into the
// neutral model::Expr so the evaluator never sees ARM syntax.
//
// Lowering conventions (what the evaluator can rely on):
//   concat('a', 1)              Call "concat" (name as written; compare case-insensitively), items = args
//   ns.fn(x)                    Call "ns.fn" (user-defined function, matches model::Function::name)
//   true() / false() / null()   Call "true" / "false" / "null" (ARM has no literals for these)
//   true / false / null (bare)  Bool / Null literals (lenient: ARM itself only knows the calls)
//   'it''s'                     String "it's"
//   42, -1, 1.5                 Number
//   x.name                      Member(items[0] = x, text = "name")
//   x[expr]                     Index(items[0] = x, items[1] = expr)
//   parameters('p'), variables('v'), reference(...), copyIndex(...)  stay plain Calls
// A malformed expression becomes one Error expr (text = the message) and one Syntax Problem at
// the place the parser stopped; nesting deeper than kMaxExpressionDepth is an ERR-LIMIT instead.
//
// Ranges: `string_range` is the range of the JSON string token, quotes included. When the string
// has no escape sequences (its content is exactly `text` plus the two quotes), sub-expression
// ranges are precise byte ranges inside the token; otherwise every node gets `string_range`.
// The root of an expression string always gets the whole `string_range`, so that a finding about
// a property value underlines the whole value, as it does for a plain literal.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "source/range.hpp"

namespace erlint::parse {

inline constexpr std::uint32_t kMaxExpressionDepth = 256;

// True when a JSON string's content is an ARM expression: it starts with '[' and ends with ']'
// and does not start with "[[" (the escape for a literal leading bracket).
bool is_arm_expression(std::string_view text);

// Parses an expression. `expression_text` may include the surrounding brackets
// ("[concat('a')]") or not ("concat('a')"); it is always parsed as an expression.
model::ExprPtr parse_arm_expression(std::string_view expression_text, Range string_range,
                                    std::vector<model::Problem>& problems);

// Lowers the content of one JSON string value of an ARM template: an expression becomes its
// tree, "[[..." (ending in ']') loses the escaping bracket, anything else is a String.
model::ExprPtr lower_arm_string(std::string text, Range string_range, std::vector<model::Problem>& problems);

}  // namespace erlint::parse
