#include "parse/terraform/hcl_tree.hpp"

#include <array>
#include <string_view>

#include "parse/flat_tree_reuse.hpp"
#include "syntax/tree_sitter.hpp"

namespace erlint::parse::hcl {

namespace {

struct NamedKind {
  std::string_view name;
  K kind;
};

constexpr NamedKind kNamedKinds[] = {
    {"comment", K::Comment},
    {"config_file", K::ConfigFile},
    {"body", K::Body},
    {"attribute", K::Attribute},
    {"block", K::Block},
    {"block_start", K::BlockStart},
    {"block_end", K::BlockEnd},
    {"identifier", K::Identifier},
    {"expression", K::Expression},
    {"literal_value", K::LiteralValue},
    {"numeric_lit", K::NumericLit},
    {"bool_lit", K::BoolLit},
    {"null_lit", K::NullLit},
    {"string_lit", K::StringLit},
    {"quoted_template_start", K::QuotedTemplateStart},
    {"quoted_template_end", K::QuotedTemplateEnd},
    {"template_literal", K::TemplateLiteral},
    {"collection_value", K::CollectionValue},
    {"tuple", K::Tuple},
    {"tuple_start", K::TupleStart},
    {"tuple_end", K::TupleEnd},
    {"object", K::Object},
    {"object_start", K::ObjectStart},
    {"object_end", K::ObjectEnd},
    {"object_elem", K::ObjectElem},
    {"index", K::Index},
    {"new_index", K::NewIndex},
    {"legacy_index", K::LegacyIndex},
    {"get_attr", K::GetAttr},
    {"splat", K::Splat},
    {"attr_splat", K::AttrSplat},
    {"full_splat", K::FullSplat},
    {"for_expr", K::ForExpr},
    {"for_tuple_expr", K::ForTupleExpr},
    {"for_object_expr", K::ForObjectExpr},
    {"for_intro", K::ForIntro},
    {"for_cond", K::ForCond},
    {"variable_expr", K::VariableExpr},
    {"function_call", K::FunctionCall},
    {"function_arguments", K::FunctionArguments},
    {"ellipsis", K::Ellipsis},
    {"conditional", K::Conditional},
    {"operation", K::Operation},
    {"unary_operation", K::UnaryOperation},
    {"binary_operation", K::BinaryOperation},
    {"template_expr", K::TemplateExpr},
    {"quoted_template", K::QuotedTemplate},
    {"heredoc_template", K::HeredocTemplate},
    {"heredoc_start", K::HeredocStart},
    {"heredoc_identifier", K::HeredocIdentifier},
    {"strip_marker", K::StripMarker},
    {"template_interpolation", K::TemplateInterpolation},
    {"template_interpolation_start", K::TemplateInterpolationStart},
    {"template_interpolation_end", K::TemplateInterpolationEnd},
    {"template_directive", K::TemplateDirective},
};

constexpr std::string_view kOperators[] = {"+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||", "!"};

class SymbolTable {
 public:
  SymbolTable() : language_(syntax::language(syntax::Grammar::Hcl)) {
    kinds_.fill(K::Other);
    const std::uint32_t count = ts_language_symbol_count(language_);
    for (std::uint32_t s = 0; s < count && s < kinds_.size(); ++s) {
      const auto symbol = static_cast<TSSymbol>(s);
      const char* raw = ts_language_symbol_name(language_, symbol);
      if (!raw) continue;
      const std::string_view name(raw);
      const TSSymbolType type = ts_language_symbol_type(language_, symbol);
      if (type == TSSymbolTypeRegular) {
        for (const auto& named : kNamedKinds)
          if (named.name == name) kinds_[s] = named.kind;
      } else if (type == TSSymbolTypeAnonymous) {
        if (name == "(") kinds_[s] = K::LParen;
        else if (name == ")") kinds_[s] = K::RParen;
        else
          for (auto op : kOperators)
            if (op == name) kinds_[s] = K::Operator;
      }
    }
  }

  K kind(TSSymbol symbol) const {
    if (symbol == static_cast<TSSymbol>(-1)) return K::Error;  // ts_builtin_sym_error
    return symbol < kinds_.size() ? kinds_[symbol] : K::Other;
  }

  std::string_view name(std::uint16_t symbol) const {
    const char* raw = ts_language_symbol_name(language_, symbol);
    return raw ? std::string_view(raw) : std::string_view();
  }

 private:
  const TSLanguage* language_;
  std::array<K, 512> kinds_{};
};

const SymbolTable& symbols() {
  static const SymbolTable table;
  return table;
}

}  // namespace

std::string_view symbol_name(std::uint16_t symbol) { return symbols().name(symbol); }

namespace {

using ReuseContext = FlatTreeReuse<FlatTree>;
using Reusable = ReusableNode;

// The end of a node's preorder slice: where its next sibling starts, else where its parent's does.
std::uint32_t subtree_end(const FlatTree& flat, std::uint32_t index, std::uint32_t parent) {
  if (flat.nodes[index].next != kNone) return flat.nodes[index].next;
  if (flat.nodes[parent].next != kNone) return flat.nodes[parent].next;
  return static_cast<std::uint32_t>(flat.nodes.size());
}

void walk(TSNode root, FlatTree& out, ReuseContext* reuse) {
  out.clear();
  const SymbolTable& table = symbols();
  // The outermost error seen so far: errors nested inside it are not reported again.
  std::uint32_t error_begin = 1, error_end = 0;

  auto add = [&](TSNode node) -> std::uint32_t {
    Node n;
    n.begin = ts_node_start_byte(node);
    n.end = ts_node_end_byte(node);
    n.symbol = ts_node_symbol(node);
    n.kind = table.kind(n.symbol);
    n.missing = ts_node_is_missing(node);
    const auto index = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.push_back(n);
    if (n.kind == K::Comment) {
      out.comments.push_back(index);
    } else if (n.kind == K::Error || n.missing) {
      const bool nested = n.begin >= error_begin && n.end <= error_end;
      if (!nested) {
        out.errors.push_back(index);
        if (n.kind == K::Error) {
          error_begin = n.begin;
          error_end = n.end;
        }
      }
    }
    return index;
  };

  TSTreeCursor cursor = ts_tree_cursor_new(root);
  std::vector<std::uint32_t> parents;
  std::uint32_t current = add(root);
  for (;;) {
    const Reusable* reusable = reuse && parents.size() == 2 ? reuse->find(ts_tree_cursor_current_node(&cursor)) : nullptr;
    if (reusable) {
      reuse->copy_descendants(*reusable, current, out);
    } else if (ts_tree_cursor_goto_first_child(&cursor)) {
      const std::uint32_t child = add(ts_tree_cursor_current_node(&cursor));
      out.nodes[current].first_child = child;
      parents.push_back(current);
      current = child;
      continue;
    }
    bool done = false;
    for (;;) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        const std::uint32_t sibling = add(ts_tree_cursor_current_node(&cursor));
        out.nodes[current].next = sibling;
        current = sibling;
        break;
      }
      if (parents.empty() || !ts_tree_cursor_goto_parent(&cursor)) {
        done = true;
        break;
      }
      current = parents.back();
      parents.pop_back();
    }
    if (done) break;
  }
  ts_tree_cursor_delete(&cursor);
}

}  // namespace

void flatten(TSNode root, FlatTree& out) { walk(root, out, nullptr); }

std::size_t flatten_reusing(TSNode root, TSNode old_root, const FlatTree& old, const TSRange* changed, std::uint32_t changed_count,
                            FlatTree& out) {
  if (!ReuseContext::applies(root, old_root, old)) {
    walk(root, out, nullptr);
    return 0;
  }
  ReuseContext reuse(old, changed, changed_count);
  // The old tree's top-level nodes, in order, are the old flat tree's: the edits moved them, they
  // did not change the tree's shape. Pair them up; any mismatch means no re-use.
  TSTreeCursor cursor = ts_tree_cursor_new(old_root);
  bool paired = true;
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    std::uint32_t parent = old.nodes[0].first_child;
    do {
      if (parent == kNone) { paired = false; break; }
      std::uint32_t index = old.nodes[parent].first_child;
      if (ts_tree_cursor_goto_first_child(&cursor)) {
        do {
          const TSNode node = ts_tree_cursor_current_node(&cursor);
          if (index == kNone || old.nodes[index].symbol != ts_node_symbol(node)) { paired = false; break; }
          reuse.candidates.push_back(Reusable{ts_node_start_byte(node), ts_node_end_byte(node), index, subtree_end(old, index, parent),
                                              old.nodes[index].symbol, ts_node_has_changes(node)});
          index = old.nodes[index].next;
        } while (ts_tree_cursor_goto_next_sibling(&cursor));
        ts_tree_cursor_goto_parent(&cursor);
      }
      if (!paired || index != kNone) { paired = false; break; }
      parent = old.nodes[parent].next;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
    if (parent != kNone) paired = false;
  }
  ts_tree_cursor_delete(&cursor);
  walk(root, out, paired ? &reuse : nullptr);
  return reuse.reused;
}

}  // namespace erlint::parse::hcl
