#pragma once
// A flat copy of a tree-sitter Bicep tree (grammars/bicep): one cursor walk (no recursion, so any
// nesting depth is fine) turns the tree into an array of nodes with O(1) first-child / next-sibling
// links, a small node-kind enum instead of type strings and the field each node fills in its
// parent. The lowering never calls back into tree-sitter (ts_node_child(i) and
// ts_node_child_by_field_name are linear) and never compares type names.
//
// Anonymous tokens (punctuation, keywords) are dropped, except those that fill a field (operators),
// MISSING tokens and everything inside an ERROR node (the error messages quote them).
#include <cstdint>
#include <string_view>
#include <vector>

#include <tree_sitter/api.h>

#include "syntax/tree_store.hpp"

namespace erlint::parse::bicep {

// Named node types of grammars/bicep/src/node-types.json (types are kept as one kind: the front end
// only reads their text).
enum class K : std::uint8_t {
  Other,  // a named node the lowering does not look at, or an anonymous token
  Error,  // an ERROR node
  Comment,
  Directive,  // diagnostic_directive
  SourceFile,
  // statements
  TargetScope,
  Metadata,
  ParameterDeclaration,
  ParameterAssignment,
  VariableDeclaration,
  OutputDeclaration,
  ResourceDeclaration,
  ModuleDeclaration,
  TestDeclaration,
  TypeDeclaration,
  FunctionDeclaration,
  ImportDeclaration,
  ExtensionDeclaration,
  ExtensionConfigDeclaration,
  AssertDeclaration,
  UsingDeclaration,
  ExtendsDeclaration,
  // statement parts
  Decorator,
  Existing,
  None,
  FunctionParameters,
  FunctionParameter,
  WildcardImport,
  ImportList,
  // expressions
  Identifier,
  Number,
  Boolean,
  Null,
  String,
  MultilineString,
  StringContent,
  EscapeSequence,
  Interpolation,
  Object,
  ObjectProperty,
  SpreadElement,
  Array,
  ForExpression,
  IfExpression,
  TernaryExpression,
  BinaryExpression,
  UnaryExpression,
  LambdaExpression,
  LambdaParameters,
  ParenthesizedExpression,
  CallExpression,
  Arguments,
  MemberExpression,
  SubscriptExpression,
  NonNullAssertion,
  NestedResourceAccess,
  SafeAccess,
  IndexFromEnd,
};

// Fields of the grammar the lowering reads.
enum class F : std::uint8_t {
  None,
  Name,
  Type,
  Value,
  Existing,
  Path,
  Function,
  Arguments,
  Parameters,
  Body,
  Imports,
  Alias,
  Key,
  Item,
  Index,
  Iterable,
  Condition,
  Consequence,
  Alternative,
  Left,
  Operator,
  Right,
  Argument,
  Object,
  Property,
  Safe,
  FromEnd,
  Expression,
  Resource,
  Other,  // a field the lowering does not read
};

inline constexpr std::uint32_t kNone = 0;  // index 0 is the root, never a child or a sibling

struct Node {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t first_child = kNone;
  std::uint32_t next = kNone;
  std::uint32_t parent = kNone;
  std::uint16_t symbol = 0;
  K kind = K::Other;
  F field = F::None;
  bool named = false;
  bool missing = false;
  bool has_error = false;  // an ERROR or MISSING node is at or below this node
};

struct FlatTree final : syntax::DerivedSyntax {
  std::vector<Node> nodes;              // preorder; nodes[0] is the root
  std::vector<std::uint32_t> errors;    // outermost ERROR and MISSING nodes, in document order
  std::vector<std::uint32_t> comments;  // comment nodes, in document order

  const Node& operator[](std::uint32_t index) const { return nodes[index]; }
  void clear() {
    nodes.clear();
    errors.clear();
    comments.clear();
  }
};

// Fills `out` from the tree rooted at `root` (of the Bicep language).
void flatten(TSNode root, FlatTree& out);

// The same, re-using `old` (flattened from the tree before an incremental parse) for every top-level
// statement that the edits did not touch: `old_root` is that tree after ts_tree_edit, and `changed`
// the ranges ts_tree_get_changed_ranges(old tree, new tree) gives. The language server saves most
// of the walk over the new tree this way. Returns how many statements were re-used (none when
// either tree has errors).
std::size_t flatten_reusing(TSNode root, TSNode old_root, const FlatTree& old, const TSRange* changed, std::uint32_t changed_count,
                            FlatTree& out);

// The grammar's name for a symbol (for messages about MISSING nodes).
std::string_view symbol_name(std::uint16_t symbol);

}  // namespace erlint::parse::bicep
