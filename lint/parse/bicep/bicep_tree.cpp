#include "parse/bicep/bicep_tree.hpp"

#include <array>
#include <string_view>

#include "parse/flat_tree_reuse.hpp"
#include "syntax/tree_sitter.hpp"

namespace erlint::parse::bicep {

namespace {

template <typename T>
struct Named {
  std::string_view name;
  T value;
};

constexpr Named<K> kNamedKinds[] = {
    {"comment", K::Comment},
    {"diagnostic_directive", K::Directive},
    {"source_file", K::SourceFile},
    {"target_scope_declaration", K::TargetScope},
    {"metadata_declaration", K::Metadata},
    {"parameter_declaration", K::ParameterDeclaration},
    {"parameter_assignment", K::ParameterAssignment},
    {"variable_declaration", K::VariableDeclaration},
    {"output_declaration", K::OutputDeclaration},
    {"resource_declaration", K::ResourceDeclaration},
    {"module_declaration", K::ModuleDeclaration},
    {"test_declaration", K::TestDeclaration},
    {"type_declaration", K::TypeDeclaration},
    {"function_declaration", K::FunctionDeclaration},
    {"import_declaration", K::ImportDeclaration},
    {"extension_declaration", K::ExtensionDeclaration},
    {"extension_config_declaration", K::ExtensionConfigDeclaration},
    {"assert_declaration", K::AssertDeclaration},
    {"using_declaration", K::UsingDeclaration},
    {"extends_declaration", K::ExtendsDeclaration},
    {"decorator", K::Decorator},
    {"existing", K::Existing},
    {"none", K::None},
    {"function_parameters", K::FunctionParameters},
    {"function_parameter", K::FunctionParameter},
    {"wildcard_import", K::WildcardImport},
    {"import_list", K::ImportList},
    {"identifier", K::Identifier},
    {"number", K::Number},
    {"boolean", K::Boolean},
    {"null", K::Null},
    {"string", K::String},
    {"multiline_string", K::MultilineString},
    {"string_content", K::StringContent},
    {"escape_sequence", K::EscapeSequence},
    {"interpolation", K::Interpolation},
    {"object", K::Object},
    {"object_property", K::ObjectProperty},
    {"spread_element", K::SpreadElement},
    {"array", K::Array},
    {"for_expression", K::ForExpression},
    {"if_expression", K::IfExpression},
    {"ternary_expression", K::TernaryExpression},
    {"binary_expression", K::BinaryExpression},
    {"unary_expression", K::UnaryExpression},
    {"lambda_expression", K::LambdaExpression},
    {"lambda_parameters", K::LambdaParameters},
    {"parenthesized_expression", K::ParenthesizedExpression},
    {"call_expression", K::CallExpression},
    {"arguments", K::Arguments},
    {"member_expression", K::MemberExpression},
    {"subscript_expression", K::SubscriptExpression},
    {"non_null_assertion", K::NonNullAssertion},
    {"nested_resource_access", K::NestedResourceAccess},
    {"safe_access", K::SafeAccess},
    {"index_from_end", K::IndexFromEnd},
};

constexpr Named<F> kNamedFields[] = {
    {"name", F::Name},
    {"type", F::Type},
    {"value", F::Value},
    {"existing", F::Existing},
    {"path", F::Path},
    {"function", F::Function},
    {"arguments", F::Arguments},
    {"parameters", F::Parameters},
    {"body", F::Body},
    {"imports", F::Imports},
    {"alias", F::Alias},
    {"key", F::Key},
    {"item", F::Item},
    {"index", F::Index},
    {"iterable", F::Iterable},
    {"condition", F::Condition},
    {"consequence", F::Consequence},
    {"alternative", F::Alternative},
    {"left", F::Left},
    {"operator", F::Operator},
    {"right", F::Right},
    {"argument", F::Argument},
    {"object", F::Object},
    {"property", F::Property},
    {"safe", F::Safe},
    {"from_end", F::FromEnd},
    {"expression", F::Expression},
    {"resource", F::Resource},
};

class SymbolTable {
 public:
  SymbolTable() : language_(syntax::language(syntax::Grammar::Bicep)) {
    kinds_.fill(K::Other);
    named_.fill(false);
    fields_.fill(F::Other);
    fields_[0] = F::None;
    const std::uint32_t count = ts_language_symbol_count(language_);
    for (std::uint32_t s = 0; s < count && s < kinds_.size(); ++s) {
      const auto symbol = static_cast<TSSymbol>(s);
      const char* raw = ts_language_symbol_name(language_, symbol);
      if (!raw) continue;
      const std::string_view name(raw);
      if (ts_language_symbol_type(language_, symbol) != TSSymbolTypeRegular) continue;
      named_[s] = true;
      for (const auto& named : kNamedKinds)
        if (named.name == name) kinds_[s] = named.value;
    }
    const std::uint32_t field_count = ts_language_field_count(language_);
    for (std::uint32_t f = 1; f <= field_count && f < fields_.size(); ++f) {
      const char* raw = ts_language_field_name_for_id(language_, static_cast<TSFieldId>(f));
      if (!raw) continue;
      const std::string_view name(raw);
      for (const auto& named : kNamedFields)
        if (named.name == name) fields_[f] = named.value;
    }
  }

  K kind(TSSymbol symbol) const {
    if (symbol == static_cast<TSSymbol>(-1)) return K::Error;  // ts_builtin_sym_error
    return symbol < kinds_.size() ? kinds_[symbol] : K::Other;
  }
  bool named(TSSymbol symbol) const {
    if (symbol == static_cast<TSSymbol>(-1)) return true;
    return symbol < named_.size() && named_[symbol];
  }
  F field(TSFieldId id) const { return id < fields_.size() ? fields_[id] : F::Other; }

  std::string_view name(std::uint16_t symbol) const {
    const char* raw = ts_language_symbol_name(language_, symbol);
    return raw ? std::string_view(raw) : std::string_view();
  }

 private:
  const TSLanguage* language_;
  std::array<K, 1024> kinds_{};
  std::array<bool, 1024> named_{};
  std::array<F, 128> fields_{};
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

void walk(TSNode root, FlatTree& out, ReuseContext* reuse) {
  out.clear();
  const SymbolTable& table = symbols();
  const bool any_error = ts_node_has_error(root);
  // The outermost error seen so far: errors nested inside it are not reported again.
  std::uint32_t error_begin = 1, error_end = 0;

  auto add = [&](TSNode node, TSSymbol symbol, K kind, F field, bool missing, std::uint32_t parent) -> std::uint32_t {
    Node n;
    n.begin = ts_node_start_byte(node);
    n.end = ts_node_end_byte(node);
    n.symbol = symbol;
    n.kind = kind;
    n.field = field;
    n.named = table.named(symbol);
    n.missing = missing;
    n.has_error = any_error && ts_node_has_error(node);
    n.parent = parent;
    const auto index = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.push_back(n);
    if (kind == K::Comment) {
      out.comments.push_back(index);
    } else if (kind == K::Error || missing) {
      const bool nested = n.begin >= error_begin && n.end <= error_end;
      if (!nested) {
        out.errors.push_back(index);
        if (kind == K::Error) {
          error_begin = n.begin;
          error_end = n.end;
        }
      }
    }
    return index;
  };

  // One entry per node whose children are being visited: the node, its last kept child and
  // whether it lies inside an ERROR node (where every token is kept).
  struct Level {
    std::uint32_t node;
    std::uint32_t last_child;
    bool in_error;
  };
  thread_local std::vector<Level> levels;
  levels.clear();

  const TSSymbol root_symbol = ts_node_symbol(root);
  add(root, root_symbol, table.kind(root_symbol), F::None, false, kNone);
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  levels.push_back(Level{0, kNone, table.kind(root_symbol) == K::Error});
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    for (;;) {
      const TSNode node = ts_tree_cursor_current_node(&cursor);
      const TSSymbol symbol = ts_node_symbol(node);
      const K kind = table.kind(symbol);
      const F field = table.field(ts_tree_cursor_current_field_id(&cursor));
      const bool missing = any_error && ts_node_is_missing(node);
      Level& level = levels.back();
      const bool keep = level.in_error || missing || field != F::None || table.named(symbol);
      bool descended = false;
      if (keep) {
        const std::uint32_t index = add(node, symbol, kind, field, missing, level.node);
        if (level.last_child == kNone) out.nodes[level.node].first_child = index;
        else out.nodes[level.last_child].next = index;
        level.last_child = index;
        const bool in_error = level.in_error || kind == K::Error;
        const Reusable* reusable = reuse && levels.size() == 1 ? reuse->find(node) : nullptr;
        if (reusable) {
          reuse->copy_descendants(*reusable, index, out);
        } else if (ts_tree_cursor_goto_first_child(&cursor)) {
          levels.push_back(Level{index, kNone, in_error});
          descended = true;
        }
      }
      if (descended) continue;
      // Next sibling, or up until there is one.
      bool done = false;
      while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
        if (!ts_tree_cursor_goto_parent(&cursor)) {
          done = true;
          break;
        }
        levels.pop_back();
      }
      if (done) break;
    }
  }
  ts_tree_cursor_delete(&cursor);
  if (levels.capacity() > (1u << 16)) levels = {};
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
  // The old tree's kept top-level nodes, in order, are the old flat tree's: the edits moved them,
  // they did not change the tree's shape. Pair them up; any mismatch means no re-use.
  const SymbolTable& table = symbols();
  TSTreeCursor cursor = ts_tree_cursor_new(old_root);
  std::uint32_t index = old.nodes[0].first_child;
  bool paired = true;
  if (ts_tree_cursor_goto_first_child(&cursor)) {
    do {
      const TSNode node = ts_tree_cursor_current_node(&cursor);
      const TSSymbol symbol = ts_node_symbol(node);
      if (table.field(ts_tree_cursor_current_field_id(&cursor)) == F::None && !table.named(symbol)) continue;  // not kept
      if (index == kNone || old.nodes[index].symbol != symbol) {
        paired = false;
        break;
      }
      const std::uint32_t next = old.nodes[index].next;
      reuse.candidates.push_back(Reusable{ts_node_start_byte(node), ts_node_end_byte(node), index,
                                          next != kNone ? next : static_cast<std::uint32_t>(old.nodes.size()), symbol,
                                          ts_node_has_changes(node)});
      index = next;
    } while (ts_tree_cursor_goto_next_sibling(&cursor));
  }
  ts_tree_cursor_delete(&cursor);
  walk(root, out, paired && index == kNone ? &reuse : nullptr);
  return reuse.reused;
}

}  // namespace erlint::parse::bicep
