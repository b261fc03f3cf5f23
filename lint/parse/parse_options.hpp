#pragma once
// Limits every front end honours, so that no input can hang or crash a run.
#include <chrono>
#include <cstdint>

namespace erlint::parse {

struct ParseOptions {
  std::chrono::milliseconds time_budget{2000};  // per file; tree-sitter is stopped when it is spent
  std::uint32_t max_nesting_depth = 256;       // deeper values are cut off with an ERR-LIMIT
};

}  // namespace erlint::parse
