// libFuzzer harness for the evaluator. The first input byte picks what the rest is:
//   0  one ARM expression (the content of a "[...]" string), evaluated in the ARM dialect;
//   1  an ARM JSON template,  2  a Bicep file (ARM dialect),  3  a Terraform file (Terraform dialect):
//      every expression of the file is evaluated, with the file's own parameters (their defaults),
//      variables and user-defined functions resolved by a small resolver, loop variables bound.
// The evaluator must stay within its limits (loop items, depth, string size: -rss_limit_mb and
// -timeout catch it when it does not) and never crash, whatever it is given.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "eval/evaluator.hpp"
#include "fuzz_support.hpp"
#include "parse/arm/arm_expression.hpp"
#include "parse/arm/arm_frontend.hpp"
#include "parse/bicep/bicep_frontend.hpp"
#include "parse/terraform/terraform_frontend.hpp"
#include "source/source_file.hpp"
#include "support/strings.hpp"

using namespace erlint;
using model::Value;

namespace {

// Resolves the names of one template from its own declarations, each evaluated once (a cycle or a
// name being evaluated gives Unknown), the way graph::UnitScope does for a deployment unit.
class TemplateResolver final : public eval::SymbolResolver {
 public:
  TemplateResolver(const model::Template& tmpl, eval::Dialect dialect) : tmpl_(tmpl), dialect_(dialect) {}
  void set_evaluator(eval::Evaluator& evaluator) { evaluator_ = &evaluator; }

  std::optional<Value> identifier(std::string_view name, model::Range where) override {
    if (dialect_ == eval::Dialect::Terraform) return std::nullopt;
    if (find_parameter(name)) return parameter(name, where);
    if (find_variable(name)) return variable(name, where);
    return std::nullopt;
  }
  std::optional<Value> qualified(std::string_view root, std::string_view member, model::Range where) override {
    if (root == "var") return parameter(member, where);
    if (root == "local") return variable(member, where);
    return std::nullopt;
  }
  Value parameter(std::string_view name, model::Range where) override {
    const model::Parameter* p = find_parameter(name);
    if (!p || !p->default_value) return Value::unknown("parameter without a default", where);
    return cached("param:" + key(name), p->default_value, where);
  }
  Value variable(std::string_view name, model::Range where) override {
    const model::Variable* v = find_variable(name);
    if (!v || !v->value) return Value::unknown("no such variable", where);
    return cached("var:" + key(name), v->value, where);
  }
  const Value* kept_variable(std::string_view name, model::Range where) override {
    if (!find_variable(name)) return nullptr;
    variable(name, where);  // evaluates and keeps it
    auto kept = cache_.find("var:" + key(name));
    return kept == cache_.end() ? nullptr : &kept->second;
  }
  const model::Function* function(std::string_view name) override {
    for (const auto& f : tmpl_.functions)
      if (to_lower(f.name) == to_lower(name)) return &f;
    return nullptr;
  }
  std::optional<Value> copy_index(std::string_view loop_name) override {
    for (auto it = copies_.rbegin(); it != copies_.rend(); ++it)
      if (loop_name.empty() || to_lower(it->first) == to_lower(loop_name)) return Value::number_value(it->second);
    return std::nullopt;
  }
  void push_copy(std::string_view loop_name, int index) override { copies_.emplace_back(std::string(loop_name), index); }
  void pop_copy() override {
    if (!copies_.empty()) copies_.pop_back();
  }
  std::string resource_key_for_id(std::string_view, const std::vector<std::string>&) override { return {}; }

 private:
  std::string key(std::string_view name) const {
    return dialect_ == eval::Dialect::Arm ? to_lower(name) : std::string(name);
  }
  const model::Parameter* find_parameter(std::string_view name) const {
    for (const auto& p : tmpl_.parameters)
      if (key(p.name) == key(name)) return &p;
    return nullptr;
  }
  const model::Variable* find_variable(std::string_view name) const {
    for (const auto& v : tmpl_.variables)
      if (key(v.name) == key(name)) return &v;
    return nullptr;
  }
  Value cached(const std::string& id, const model::ExprPtr& expr, model::Range where) {
    if (auto found = cache_.find(id); found != cache_.end()) return found->second;
    if (!in_progress_.insert(id).second) return Value::unknown("a cycle", where);
    Value value = evaluator_->evaluate(expr);
    in_progress_.erase(id);
    return cache_.emplace(id, std::move(value)).first->second;
  }

  const model::Template& tmpl_;
  eval::Dialect dialect_;
  eval::Evaluator* evaluator_ = nullptr;
  std::map<std::string, Value> cache_;
  std::set<std::string> in_progress_;
  std::vector<std::pair<std::string, int>> copies_;
};

// Evaluates every expression of the template, loop bodies with their loop variables bound to an
// Unknown item and index 0 (Terraform: each and count).
void evaluate_template(const model::Template& tmpl, eval::Dialect dialect) {
  TemplateResolver resolver(tmpl, dialect);
  eval::Evaluator evaluator(resolver, dialect);
  resolver.set_evaluator(evaluator);
  const Value item = Value::unknown("loop item"), index = Value::number_value(0);
  const Value each = Value::object({{"key", {}, Value::string_value("k")}, {"value", {}, item}});
  eval::Env item_env{nullptr, "", &item}, index_env{&item_env, "", &index};
  eval::Env each_env{nullptr, "each", &each}, count_env{&each_env, "count", &index};
  auto evaluate_looped = [&](const model::Loop& loop, const model::ExprPtr& expr) {
    if (!expr) return;
    if (dialect == eval::Dialect::Terraform) {
      (void)evaluator.evaluate(expr, &count_env);
      return;
    }
    item_env.name = loop.item_name;
    index_env.name = loop.index_name;
    resolver.push_copy(loop.copy_name, 0);
    (void)evaluator.evaluate(expr, &index_env);
    resolver.pop_copy();
  };
  fuzz::for_each_root(tmpl, [&](const model::ExprPtr& root) {
    if (root) (void)evaluator.evaluate(root);
  });
  for (const auto& r : tmpl.resources)
    for (const auto* e : {&r.body, &r.name, &r.condition}) evaluate_looped(r.loop, *e);
  for (const auto& m : tmpl.modules)
    for (const auto* e : {&m.body, &m.params, &m.condition}) evaluate_looped(m.loop, *e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static syntax::Parser bicep(syntax::Grammar::Bicep);
  static syntax::Parser hcl(syntax::Grammar::Hcl);
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  const parse::ParseOptions options;
  SourceManager sources;
  switch (data[0] % 4) {
    case 0: {
      std::vector<model::Problem> problems;
      model::ExprPtr expr = parse::parse_arm_expression(text, Range{0, 0, static_cast<std::uint32_t>(text.size() + 2)}, problems);
      model::Template empty;
      TemplateResolver resolver(empty, eval::Dialect::Arm);
      eval::Evaluator evaluator(resolver, eval::Dialect::Arm);
      resolver.set_evaluator(evaluator);
      (void)evaluator.evaluate(expr);
      break;
    }
    case 1:
      evaluate_template(parse::parse_arm_file(sources.add("main.json", text, FileKind::ArmTemplate), options), eval::Dialect::Arm);
      break;
    case 2:
      evaluate_template(parse::parse_bicep_file(sources.add("main.bicep", text, FileKind::Bicep), bicep, options),
                        eval::Dialect::Arm);
      break;
    case 3:
      evaluate_template(parse::parse_terraform_file(sources.add("main.tf", text, FileKind::Terraform), hcl, options),
                        eval::Dialect::Terraform);
      break;
  }
  return 0;
}
