#pragma once
// RAII over the tree-sitter C API. Tree-sitter types never leave syntax/ and parse/.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include <tree_sitter/api.h>

namespace erlint::syntax {

enum class Grammar { Bicep, Hcl };

const TSLanguage* language(Grammar grammar);

struct TreeDeleter {
  void operator()(TSTree* tree) const { ts_tree_delete(tree); }
};
using Tree = std::unique_ptr<TSTree, TreeDeleter>;

struct ParseResult {
  Tree tree;              // null when the parse was cut off by the time budget
  bool timed_out = false;
};

// One parser per thread: tree-sitter parsers are not thread-safe, but cheap to keep around.
class Parser {
 public:
  explicit Parser(Grammar grammar);
  ~Parser();
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  // Parses `text` (optionally re-using `old_tree` after ts_tree_edit) within a time budget; the
  // progress callback stops tree-sitter when the budget is spent so a pathological file never hangs.
  ParseResult parse(std::string_view text, std::chrono::milliseconds budget, const TSTree* old_tree = nullptr);

 private:
  TSParser* parser_;
};

inline std::string_view node_text(TSNode node, std::string_view source) {
  uint32_t begin = ts_node_start_byte(node), end = ts_node_end_byte(node);
  if (begin > source.size() || end > source.size() || end < begin) return {};
  return source.substr(begin, end - begin);
}

inline std::string_view node_type(TSNode node) { return ts_node_type(node); }

inline TSNode child_by_field(TSNode node, std::string_view field) {
  return ts_node_child_by_field_name(node, field.data(), static_cast<uint32_t>(field.size()));
}

// The first ERROR or MISSING node in document order (null node when there is none), found without
// recursion so that deeply nested trees cannot overflow the stack.
TSNode first_error_node(TSNode root);

}  // namespace erlint::syntax
