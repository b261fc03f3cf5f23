#include "syntax/tree_sitter.hpp"

#include <time.h>

extern "C" {
const TSLanguage* tree_sitter_bicep(void);
const TSLanguage* tree_sitter_hcl(void);
}

namespace erlint::syntax {

const TSLanguage* language(Grammar grammar) {
  switch (grammar) {
    case Grammar::Bicep: return tree_sitter_bicep();
    case Grammar::Hcl: return tree_sitter_hcl();
  }
  return nullptr;
}

Parser::Parser(Grammar grammar) : parser_(ts_parser_new()) { ts_parser_set_language(parser_, language(grammar)); }

Parser::~Parser() { ts_parser_delete(parser_); }

namespace {

std::chrono::nanoseconds thread_cpu_time() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return std::chrono::seconds(now.tv_sec) + std::chrono::nanoseconds(now.tv_nsec);
}

// The budget is CPU time of the parsing thread, so that a file parses the same on a busy machine
// (a pre-commit hook next to a build) as on an idle one. Wall time is read first because it is
// cheap; the thread's CPU time (a system call) only once the wall time is spent. A parse that gets
// almost no CPU still stops after four budgets of wall time.
struct Deadline {
  std::chrono::steady_clock::time_point wall_start;
  std::chrono::nanoseconds cpu_start;
  std::chrono::nanoseconds budget;
  bool expired = false;
};

bool stop_when_expired(TSParseState* state) {
  auto* deadline = static_cast<Deadline*>(state->payload);
  auto wall = std::chrono::steady_clock::now() - deadline->wall_start;
  if (wall > deadline->budget && (wall > 4 * deadline->budget || thread_cpu_time() - deadline->cpu_start > deadline->budget))
    deadline->expired = true;
  return deadline->expired;
}

}  // namespace

ParseResult Parser::parse(std::string_view text, std::chrono::milliseconds budget, const TSTree* old_tree) {
  Deadline deadline{std::chrono::steady_clock::now(), thread_cpu_time(), budget};
  TSInput input{};
  struct Buffer {
    std::string_view text;
  } buffer{text};
  input.payload = &buffer;
  input.read = [](void* payload, uint32_t byte_index, TSPoint, uint32_t* bytes_read) -> const char* {
    auto* b = static_cast<Buffer*>(payload);
    if (byte_index >= b->text.size()) {
      *bytes_read = 0;
      return "";
    }
    *bytes_read = static_cast<uint32_t>(b->text.size() - byte_index);
    return b->text.data() + byte_index;
  };
  input.encoding = TSInputEncodingUTF8;
  TSParseOptions options{&deadline, stop_when_expired};
  TSTree* tree = ts_parser_parse_with_options(parser_, old_tree, input, options);
  ParseResult result;
  if (!tree || deadline.expired) {
    if (tree) ts_tree_delete(tree);
    ts_parser_reset(parser_);
    result.timed_out = true;
    return result;
  }
  result.tree.reset(tree);
  return result;
}

TSNode first_error_node(TSNode root) {
  if (!ts_node_has_error(root)) return TSNode{};
  TSTreeCursor cursor = ts_tree_cursor_new(root);
  TSNode found{};
  for (;;) {
    TSNode node = ts_tree_cursor_current_node(&cursor);
    if (ts_node_is_error(node) || ts_node_is_missing(node)) {
      found = node;
      break;
    }
    // Descend only into subtrees that contain an error.
    if (ts_node_has_error(node) && ts_tree_cursor_goto_first_child(&cursor)) continue;
    bool moved = false;
    while (!moved) {
      if (ts_tree_cursor_goto_next_sibling(&cursor)) {
        moved = true;
      } else if (!ts_tree_cursor_goto_parent(&cursor)) {
        ts_tree_cursor_delete(&cursor);
        return found;
      }
    }
  }
  ts_tree_cursor_delete(&cursor);
  return found;
}

}  // namespace erlint::syntax
