#pragma once
// A lenient JSON reader that builds model::Expr trees with a source range on every node.
//
// It accepts what Azure Resource Manager accepts (its JSON parser is Newtonsoft's, which is lax):
// `//` and `/* */` comments, trailing commas, raw newlines inside strings, single-quoted strings
// and unquoted property names. Everything else that is not JSON becomes a Syntax Problem with the
// exact location, and reading goes on after the bad part where it reasonably can; nothing throws.
//
// The reader recurses once per nesting level, and never deeper than the depth limit: a value
// nested deeper is skipped by an iterative scan, reported as ERR-LIMIT and replaced by an Error
// expr, so a 100,000-deep array costs one linear scan and no stack.
#include <cstdint>
#include <string_view>
#include <vector>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "source/range.hpp"

namespace erlint::parse {

// The reader never recurses deeper than this, whatever the options ask for: a level costs about
// 650 bytes of stack in a release build (about 5 KiB under AddressSanitizer), so 1024 levels stay
// well inside a worker thread's stack.
inline constexpr std::uint32_t kMaxJsonDepthCeiling = 1024;

struct JsonReadOptions {
  std::uint32_t max_nesting_depth = 256;  // containers nested deeper are cut off (ERR-LIMIT)
  bool arm_expressions = true;            // string values "[...]" are parsed as ARM expressions
  std::uint32_t max_problems = 100;       // after this many syntax errors the rest is not read
};

struct JsonDocument {
  model::ExprPtr root;                   // null only when the text holds no value at all
  std::vector<model::Comment> comments;  // in source order
  std::vector<model::Problem> problems;  // syntax errors and limits, in source order
  bool truncated = false;                // a limit cut part of the document off
};

// `text` is the file's text (SourceFile::text(), BOM already removed); every Range refers to
// `file` with byte offsets into `text`.
JsonDocument read_json(std::string_view text, FileId file, const JsonReadOptions& options);

}  // namespace erlint::parse
