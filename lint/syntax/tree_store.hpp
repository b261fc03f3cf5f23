#pragma once
// Syntax trees kept from one analysis to the next, for tree-sitter's incremental parsing: the
// language server keeps each open document's tree, applies every edit to it with ts_tree_edit, and
// hands it to the next parse, which then re-uses every subtree the edit did not touch.
#include <memory>
#include <string>
#include <string_view>

#include "syntax/tree_sitter.hpp"

namespace erlint::syntax {

// What a front end derives from a tree (its flattened form), kept beside the tree so that the next
// parse can re-use the parts an edit did not touch.
struct DerivedSyntax {
  virtual ~DerivedSyntax() = default;
};

class TreeStore {
 public:
  virtual ~TreeStore() = default;
  // A tree to re-use when parsing `text` for `path` (edited to match `text`), or null. The caller
  // owns it. Called from the analysis' worker threads at the same time for different paths.
  virtual Tree take(const std::string& path, std::string_view text) = 0;
  // The tree parsed from `text` for `path`, for the next analysis.
  virtual void keep(const std::string& path, std::string_view text, Tree tree) = 0;
  // What the front end derived from the tree `take` last returned for `path` and kept with
  // keep_derived, or null. That tree may have been edited since: the derived form is for the text
  // it was parsed from, before the edits.
  virtual std::shared_ptr<const DerivedSyntax> derived(const std::string&) { return nullptr; }
  // Keeps what was derived from the tree just kept for `path`.
  virtual void keep_derived(const std::string&, std::shared_ptr<const DerivedSyntax>) {}
};

}  // namespace erlint::syntax
