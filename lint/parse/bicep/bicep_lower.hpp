#pragma once
// Bicep syntax (a FlatTree) → the neutral model::Expr. Used by the Bicep front end for every
// value: declaration values, resource and module bodies, decorator arguments.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "parse/bicep/bicep_tree.hpp"
#include "parse/parse_options.hpp"
#include "source/source_file.hpp"

namespace erlint::parse::bicep {

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
  // The first child of `parent` that fills field `f` (kNone if there is none).
  std::uint32_t field(std::uint32_t parent, F f) const;
  // The first child of `parent` of kind `k` (kNone if there is none).
  std::uint32_t child_of_kind(std::uint32_t parent, K k) const;

  // --- expressions -------------------------------------------------------------------------
  // Lowers an expression node. kNone (a value tree-sitter could not find) gives an Error expression
  // at `missing_at`.
  model::ExprPtr expression(std::uint32_t index, std::uint32_t missing_at = 0);
  // The decoded text of a `string` node without interpolation; false when it has interpolations
  // (or is not a string).
  bool plain_string(std::uint32_t index, std::string& out) const;

  // Resource declarations met inside objects while lowering (nested child resources) are appended
  // here when set; they are not part of the object.
  std::vector<std::uint32_t>* nested_resources = nullptr;
  // Names that make `x.f()` a namespaced call ("az", "sys", `import * as x` aliases).
  std::vector<std::string> namespaces{"az", "sys"};

 private:
  struct DepthGuard;

  model::ExprPtr too_deep(Range where);
  model::ExprPtr lower(std::uint32_t index);
  model::ExprPtr number(std::uint32_t index);
  model::ExprPtr string(std::uint32_t index);
  model::ExprPtr multiline_string(std::uint32_t index);
  model::ExprPtr object(std::uint32_t index);
  model::ExprPtr array(std::uint32_t index);
  model::ExprPtr for_expression(std::uint32_t index);
  model::ExprPtr call(std::uint32_t index);
  model::ExprPtr lambda(std::uint32_t index);
  model::ExprPtr subscript(std::uint32_t index);
  void object_member(std::uint32_t child, model::Expr& object);
  bool is_namespace(std::string_view name) const;

  const SourceFile& file_;
  std::string_view src_;
  const FlatTree& tree_;
  const ParseOptions& options_;
  model::Template& out_;
  std::uint32_t depth_ = 0;
  bool depth_reported_ = false;
};

// Appends the UTF-8 encoding of a code point (invalid code points become U+FFFD).
void append_utf8(std::string& out, std::uint32_t cp);

}  // namespace erlint::parse::bicep
