#pragma once
// Limits every front end honours, so that no input can hang or crash a run.
#include <chrono>
#include <cstdint>

namespace erlint::syntax {
class TreeStore;
}

namespace erlint::parse {

struct ParseOptions {
  std::chrono::milliseconds time_budget{1000};  // per file, CPU time of the parsing thread; tree-sitter is stopped when it is spent
  std::uint32_t max_nesting_depth = 256;       // deeper values are cut off with an ERR-LIMIT
  // Trees of earlier parses to re-use (the language server's open documents); null: parse afresh
  // and drop each tree once the file is lowered.
  syntax::TreeStore* trees = nullptr;
};

}  // namespace erlint::parse
