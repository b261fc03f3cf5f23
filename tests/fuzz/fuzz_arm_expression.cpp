// libFuzzer harness for the ARM template expression language (the text inside a "[...]" JSON
// string): the input is the string's content, parsed as an expression and lowered as a string
// value. Every range of the tree must lie inside the string token (quotes included).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "parse/arm/arm_expression.hpp"

using namespace erlint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // As if the string were the only token of file 0: the quotes, then the content.
  const Range token{0, 0, static_cast<std::uint32_t>(size + 2)};
  std::vector<model::Problem> problems;
  (void)parse::is_arm_expression(text);
  model::ExprPtr parsed = parse::parse_arm_expression(text, token, problems);
  model::ExprPtr lowered = parse::lower_arm_string(text, token, problems);
  for (const model::ExprPtr& root : {parsed, lowered})
    fuzz::for_each_expr(root, [&](const model::Expr& e) { fuzz::require_range(e.range, 0, size + 2); });
  for (const model::Problem& problem : problems) fuzz::require_range(problem.range, 0, size + 2);
  return 0;
}
