#pragma once
// Re-using a flat tree across an incremental parse (the language server). Both front ends flatten
// tree-sitter's tree into a preorder array of nodes; after an edit, a top-level statement (Bicep)
// or block (Terraform) the edit did not touch is copied from the previous array, with its offsets
// and indices shifted, instead of being walked again with tree-sitter's cursor.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "syntax/tree_store.hpp"

namespace erlint::parse {

// A top-level node of the old flat tree that may be copied.
struct ReusableNode {
  std::uint32_t edited_begin, edited_end;  // where it is in the old tree after the edits
  std::uint32_t index, subtree_end;        // its preorder slice in the old flat tree
  std::uint16_t symbol;
  bool changed;                            // an edit touched it (ts_node_has_changes)
};

// `FlatTree` is either front end's: nodes with begin, end, first_child, next (and parent, for
// Bicep), index 0 the root and never a child; comments as indices in document order.
template <typename FlatTree>
struct FlatTreeReuse {
  static constexpr std::uint32_t kNone = 0;

  FlatTreeReuse(const FlatTree& old_tree, const TSRange* changed_ranges, std::uint32_t changed_range_count)
      : old(&old_tree), changed(changed_ranges), changed_count(changed_range_count) {}

  // Re-use is only tried between two trees without errors (error recovery can reshape anything).
  static bool applies(TSNode root, TSNode old_root, const FlatTree& old_tree) {
    return !ts_node_has_error(root) && !ts_node_has_error(old_root) && old_tree.errors.empty() && !old_tree.nodes.empty();
  }

  const FlatTree* old = nullptr;
  std::vector<ReusableNode> candidates;  // in document order
  const TSRange* changed = nullptr;
  std::uint32_t changed_count = 0;
  std::size_t reused = 0;

  // The old slice for a new top-level node, if the edits left it as it was: same extent and
  // symbol, not edited, not in a changed range.
  const ReusableNode* find(TSNode node) const {
    const std::uint32_t begin = ts_node_start_byte(node), end = ts_node_end_byte(node);
    auto it = std::lower_bound(candidates.begin(), candidates.end(), begin,
                               [](const ReusableNode& r, std::uint32_t b) { return r.edited_begin < b; });
    if (it == candidates.end() || it->edited_begin != begin || it->edited_end != end || it->changed ||
        it->symbol != ts_node_symbol(node) || it->subtree_end <= it->index + 1)
      return nullptr;
    const auto& before = old->nodes[it->index];
    if (before.end - before.begin != end - begin) return nullptr;
    for (std::uint32_t i = 0; i < changed_count; ++i)
      if (begin <= changed[i].end_byte && changed[i].start_byte <= end) return nullptr;
    return &*it;
  }

  // Copies the descendants of an old top-level node below the node just added at `top`, shifted
  // to where that node is now.
  void copy_descendants(const ReusableNode& from, std::uint32_t top, FlatTree& out) {
    const std::uint32_t shift = out.nodes[top].begin - old->nodes[from.index].begin;  // wraps for a move left
    const std::uint32_t base = top - from.index;                                    // the same wrap, for indices
    auto moved = [&](std::uint32_t index) { return index == kNone ? kNone : index + base; };
    out.nodes[top].first_child = moved(old->nodes[from.index].first_child);
    for (std::uint32_t i = from.index + 1; i < from.subtree_end; ++i) {
      auto n = old->nodes[i];
      n.begin += shift;
      n.end += shift;
      n.first_child = moved(n.first_child);
      n.next = moved(n.next);
      if constexpr (requires { n.parent; }) n.parent = moved(n.parent);
      out.nodes.push_back(n);
    }
    auto first = std::lower_bound(old->comments.begin(), old->comments.end(), from.index);
    for (auto it = first; it != old->comments.end() && *it < from.subtree_end; ++it) out.comments.push_back(*it + base);
    ++reused;
  }
};

// The language server's flattening of a file just parsed incrementally from `old_tree` (edited):
// re-uses the flat tree kept with `old_tree`, if any, for what the edits did not touch, and keeps
// the new syntax tree and flat tree in `trees` for the next edit. `flatten(root, out)` and
// `flatten_reusing(root, old_root, old, changed, count, out)` are the front end's.
template <typename FlatTree, typename Flatten, typename FlattenReusing>
std::shared_ptr<const FlatTree> flatten_and_keep(syntax::TreeStore& trees, const std::string& path, std::string_view text,
                                                 const syntax::Tree& old_tree, syntax::Tree new_tree, Flatten flatten,
                                                 FlattenReusing flatten_reusing) {
  auto flat = std::make_shared<FlatTree>();
  const TSNode root = ts_tree_root_node(new_tree.get());
  auto old_derived = old_tree ? trees.derived(path) : nullptr;
  if (const auto* old_flat = dynamic_cast<const FlatTree*>(old_derived.get())) {
    std::uint32_t count = 0;
    TSRange* changed = ts_tree_get_changed_ranges(old_tree.get(), new_tree.get(), &count);
    flatten_reusing(root, ts_tree_root_node(old_tree.get()), *old_flat, changed, count, *flat);
    std::free(changed);
  } else {
    flatten(root, *flat);
  }
  trees.keep(path, text, std::move(new_tree));
  trees.keep_derived(path, flat);
  return flat;
}

}  // namespace erlint::parse
