#pragma once
// A flat copy of a tree-sitter HCL tree: one walk with a cursor (no recursion, so any nesting depth
// is fine) turns the tree into an array of nodes with O(1) first-child / next-sibling links and a
// small node-kind enum instead of type strings. The lowering then never calls back into
// tree-sitter (ts_node_child(i) is linear in i) and never compares type names.
#include <cstdint>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "syntax/tree_store.hpp"

namespace erlint::parse::hcl {

// Node kinds of @tree-sitter-grammars/tree-sitter-hcl 1.2.0 (src/node-types.json), plus the few
// anonymous tokens the lowering looks at.
enum class K : std::uint8_t {
  Other,
  Error,  // an ERROR node
  Comment,
  ConfigFile,
  Body,
  Attribute,
  Block,
  BlockStart,
  BlockEnd,
  Identifier,
  Expression,
  LiteralValue,
  NumericLit,
  BoolLit,
  NullLit,
  StringLit,
  QuotedTemplateStart,
  QuotedTemplateEnd,
  TemplateLiteral,
  CollectionValue,
  Tuple,
  TupleStart,
  TupleEnd,
  Object,
  ObjectStart,
  ObjectEnd,
  ObjectElem,
  Index,
  NewIndex,
  LegacyIndex,
  GetAttr,
  Splat,
  AttrSplat,
  FullSplat,
  ForExpr,
  ForTupleExpr,
  ForObjectExpr,
  ForIntro,
  ForCond,
  VariableExpr,
  FunctionCall,
  FunctionArguments,
  Ellipsis,
  Conditional,
  Operation,
  UnaryOperation,
  BinaryOperation,
  TemplateExpr,
  QuotedTemplate,
  HeredocTemplate,
  HeredocStart,
  HeredocIdentifier,
  StripMarker,
  TemplateInterpolation,
  TemplateInterpolationStart,
  TemplateInterpolationEnd,
  TemplateDirective,
  // anonymous tokens
  Operator,  // + - * / % == != < > <= >= && || !  (the text is the operator)
  LParen,
  RParen,
};

inline constexpr std::uint32_t kNone = 0;  // index 0 is the root, never a child or a sibling

struct Node {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t first_child = kNone;
  std::uint32_t next = kNone;
  std::uint16_t symbol = 0;
  K kind = K::Other;
  bool missing = false;
};

struct FlatTree final : syntax::DerivedSyntax {
  std::vector<Node> nodes;          // preorder; nodes[0] is the root
  std::vector<std::uint32_t> errors;    // outermost ERROR and MISSING nodes, in document order
  std::vector<std::uint32_t> comments;  // comment nodes, in document order

  const Node& operator[](std::uint32_t index) const { return nodes[index]; }
  void clear() {
    nodes.clear();
    errors.clear();
    comments.clear();
  }
};

// Fills `out` from the tree rooted at `root` (of the HCL language).
void flatten(TSNode root, FlatTree& out);

// The same, re-using `old` (flattened from the tree before an incremental parse) for every top-level
// block or attribute that the edits did not touch: `old_root` is that tree after ts_tree_edit, and
// `changed` the ranges ts_tree_get_changed_ranges(old tree, new tree) gives. The language server
// saves most of the walk over the new tree this way. Returns how many top-level nodes were re-used
// (none when either tree has errors).
std::size_t flatten_reusing(TSNode root, TSNode old_root, const FlatTree& old, const TSRange* changed, std::uint32_t changed_count,
                            FlatTree& out);

// The grammar's name for a symbol (for messages about MISSING nodes).
std::string_view symbol_name(std::uint16_t symbol);

}  // namespace erlint::parse::hcl
