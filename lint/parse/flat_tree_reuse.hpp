#pragma once
// Re-using a flat tree across an incremental parse (the language server). Both front ends flatten
// tree-sitter's tree into a preorder array of nodes; after an edit, a top-level statement (Bicep)
// or block (Terraform) the edit did not touch is copied from the previous array, with its offsets
// and indices shifted, instead of being walked again with tree-sitter's cursor.
#include <algorithm>
#include <cstdint>
#include <vector>

#include <tree_sitter/api.h>

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

}  // namespace erlint::parse
