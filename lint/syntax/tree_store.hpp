#pragma once
// Syntax trees kept from one analysis to the next, for tree-sitter's incremental parsing: the
// language server keeps each open document's tree, applies every edit to it with ts_tree_edit, and
// hands it to the next parse, which then re-uses every subtree the edit did not touch.
#include <string>
#include <string_view>

#include "syntax/tree_sitter.hpp"

namespace erlint::syntax {

class TreeStore {
 public:
  virtual ~TreeStore() = default;
  // A tree to re-use when parsing `text` for `path` (edited to match `text`), or null. The caller
  // owns it. Called from the analysis' worker threads at the same time for different paths.
  virtual Tree take(const std::string& path, std::string_view text) = 0;
  // The tree parsed from `text` for `path`, for the next analysis.
  virtual void keep(const std::string& path, std::string_view text, Tree tree) = 0;
};

}  // namespace erlint::syntax
