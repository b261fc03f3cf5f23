#pragma once
// Shared by the libFuzzer harnesses: the invariants every front end promises about what it lowers
// (checked on every input, so that a broken range is a finding rather than a wrong column later) and
// a walk over every expression of a template. Iterative, so that a deep tree is the code under
// test's problem, never the harness's own stack.
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string_view>
#include <vector>

#include "model/expr.hpp"
#include "model/template.hpp"

namespace erlint::fuzz {

// libFuzzer reports an abort() as a crash, with the input that caused it.
inline void require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

// Every root expression of a template (and of the inline templates of its ARM deployments).
inline void for_each_root(const model::Template& tmpl, const std::function<void(const model::ExprPtr&)>& visit) {
  std::vector<const model::Template*> templates{&tmpl};
  while (!templates.empty()) {
    const model::Template& t = *templates.back();
    templates.pop_back();
    for (const auto& p : t.parameters) {
      visit(p.default_value);
      visit(p.allowed_values);
    }
    for (const auto& v : t.variables) visit(v.value);
    for (const auto& r : t.resources) {
      for (const auto* e : {&r.type, &r.name, &r.body, &r.condition, &r.loop.source, &r.scope, &r.parent}) visit(*e);
      if (r.nested_template) templates.push_back(r.nested_template.get());
    }
    for (const auto& m : t.modules)
      for (const auto* e : {&m.source, &m.name, &m.params, &m.body, &m.condition, &m.loop.source, &m.scope}) visit(*e);
    for (const auto& o : t.outputs) visit(o.value);
    for (const auto& f : t.functions) visit(f.body);
    visit(t.using_target);
    for (const auto& [name, value] : t.parameter_values) visit(value);
  }
}

// Every expression under `root`, parents before children.
inline void for_each_expr(const model::ExprPtr& root, const std::function<void(const model::Expr&)>& visit) {
  std::vector<const model::Expr*> stack;
  if (root) stack.push_back(root.get());
  while (!stack.empty()) {
    const model::Expr& e = *stack.back();
    stack.pop_back();
    visit(e);
    for (const auto& item : e.items)
      if (item) stack.push_back(item.get());
    for (const auto& entry : e.entries) {
      if (entry.key_expr) stack.push_back(entry.key_expr.get());
      if (entry.value) stack.push_back(entry.value.get());
    }
    if (e.receiver()) stack.push_back(e.receiver().get());
    if (e.key()) stack.push_back(e.key().get());
  }
}

// A range in `file` lies within its `text_size` bytes and does not end before it begins.
inline void require_range(const Range& range, FileId file, std::size_t text_size) {
  if (range.file != file) return;  // made up by the lowering (no source), or another file's
  require(range.begin <= range.end, "a range ends before it begins");
  require(range.end <= text_size, "a range ends after the end of the file");
}

// The ranges of everything a front end produced for one file.
inline void check_template(const model::Template& tmpl, FileId file, std::size_t text_size) {
  for (const auto& problem : tmpl.problems) require_range(problem.range, file, text_size);
  for (const auto& comment : tmpl.comments) require_range(comment.range, file, text_size);
  for_each_root(tmpl, [&](const model::ExprPtr& root) {
    for_each_expr(root, [&](const model::Expr& e) {
      require_range(e.range, file, text_size);
      for (const auto& entry : e.entries) require_range(entry.key_range, file, text_size);
    });
  });
}

}  // namespace erlint::fuzz
