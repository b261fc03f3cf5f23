#pragma once
// HCL syntax (a FlatTree) → the neutral model::Expr. Used by the Terraform front end for
// attribute values and for blocks lowered as objects.
#include <cstdint>
#include <string>
#include <string_view>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "parse/parse_options.hpp"
#include "parse/terraform/hcl_tree.hpp"
#include "source/source_file.hpp"

namespace erlint::parse::hcl {

class Lowerer {
 public:
  Lowerer(const SourceFile& file, const FlatTree& tree, const ParseOptions& options, model::Template& out)
      : file_(file), src_(file.text()), tree_(tree), options_(options), out_(out) {}

  // --- tree access -------------------------------------------------------------------------
  const Node& node(std::uint32_t index) const { return tree_.nodes[index]; }
  K kind(std::uint32_t index) const { return tree_.nodes[index].kind; }
  std::string_view text(std::uint32_t index) const;
  Range range(std::uint32_t index) const { return Range{file_.id(), node(index).begin, node(index).end}; }
  Range span(std::uint32_t begin, std::uint32_t end) const { return Range{file_.id(), begin, end}; }
  // The first child of `parent` of kind `k` (kNone if there is none).
  std::uint32_t child_of_kind(std::uint32_t parent, K k) const;

  // --- expressions -------------------------------------------------------------------------
  // Lowers an `expression` node (or any node that can stand for a value: literal_value,
  // variable_expr, collection_value, ...).
  model::ExprPtr expression(std::uint32_t index);

  // --- blocks ------------------------------------------------------------------------------
  // A block's body as an Object: attributes are entries; nested blocks are grouped by type into
  // an Array of Objects (dynamic blocks become For expressions); block labels go to `__labels`.
  model::ExprPtr block_object(std::uint32_t block);
  // The attribute's name (its identifier) and value expression nodes.
  std::uint32_t attribute_name(std::uint32_t attribute) const { return child_of_kind(attribute, K::Identifier); }
  std::uint32_t attribute_value(std::uint32_t attribute) const { return child_of_kind(attribute, K::Expression); }
  // The `body` child of a block (kNone for an empty block).
  std::uint32_t block_body(std::uint32_t block) const { return child_of_kind(block, K::Body); }
  // The block's type identifier and labels (string_lit or identifier nodes before `{`).
  std::uint32_t block_type(std::uint32_t block) const { return child_of_kind(block, K::Identifier); }
  // The value of a label or a plain string literal, unescaped.
  std::string label_text(std::uint32_t label) const;
  // Unescapes the content of a quoted HCL string (`\n`, `\"`, `\uXXXX`, `$${`, `%%{`, ...).
  static std::string unescape_quoted(std::string_view raw);

  const FlatTree& tree() const { return tree_; }
  const SourceFile& file() const { return file_; }

 private:
  struct DepthGuard;

  bool enter(Range where);
  model::ExprPtr too_deep(Range where);
  model::ExprPtr term(std::uint32_t first, std::uint32_t stop);
  model::ExprPtr base(std::uint32_t index, std::uint32_t& next, std::uint32_t stop);
  model::ExprPtr literal(std::uint32_t index);
  model::ExprPtr number(std::uint32_t index);
  model::ExprPtr string_lit(std::uint32_t index);
  model::ExprPtr quoted_template(std::uint32_t index);
  model::ExprPtr heredoc(std::uint32_t index);
  model::ExprPtr tuple(std::uint32_t index);
  model::ExprPtr object(std::uint32_t index);
  model::ExprPtr call(std::uint32_t index);
  model::ExprPtr for_expr(std::uint32_t index);
  model::ExprPtr operation(std::uint32_t index);
  model::ExprPtr conditional(std::uint32_t index);
  model::ExprPtr splat(model::ExprPtr collection, std::uint32_t index, std::uint32_t begin);
  model::ExprPtr dynamic_block(std::uint32_t block);
  model::ExprPtr block_object(std::uint32_t block, bool with_labels);
  std::string index_path_segment(std::uint32_t index_node) const;
  void check_single_line(std::uint32_t string_node, std::string_view literal);

  const SourceFile& file_;
  std::string_view src_;
  const FlatTree& tree_;
  const ParseOptions& options_;
  model::Template& out_;
  std::uint32_t depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace erlint::parse::hcl
