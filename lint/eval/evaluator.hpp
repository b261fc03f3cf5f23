#pragma once
// Partial evaluation of the neutral expression tree. A value is known, or Unknown with a reason
// and a location; every operator and function propagates Unknown rather than guessing, because a
// guessed value becomes a false positive in front of a user.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr.hpp"
#include "model/template.hpp"
#include "model/value.hpp"

namespace erlint::eval {

using model::Expr;
using model::Value;

enum class Dialect { Arm, Terraform };  // Bicep compiles to ARM: it shares ARM's function library

struct Limits {
  std::size_t max_loop_items = 1000;    // a larger copy/for/count expands to Unknown
  std::size_t max_depth = 256;          // expression nesting and reference chains
  std::size_t max_string_bytes = 1 << 20;
};

// Local bindings: loop items and indexes, lambda parameters. A chain, innermost first.
struct Env {
  const Env* parent = nullptr;
  std::string_view name;
  const Value* value = nullptr;

  const Value* find(std::string_view wanted) const {
    for (const Env* e = this; e; e = e->parent)
      if (e->name == wanted) return e->value;
    return nullptr;
  }
};

// What the evaluator cannot know by itself: parameters, variables, resources and modules of the
// unit being evaluated. The graph builder implements it for each Bicep file, ARM template and
// Terraform module.
class SymbolResolver {
 public:
  virtual ~SymbolResolver() = default;
  // A bare identifier: Bicep param/var/resource/module symbol. nullopt when the name is not known.
  virtual std::optional<Value> identifier(std::string_view name, model::Range where) = 0;
  // A two-part reference whose root is an identifier: Terraform `var.x`, `local.y`,
  // `azurerm_subnet.gw`, `module.m`, `data.T` ... nullopt to fall back to identifier(root).member.
  virtual std::optional<Value> qualified(std::string_view root, std::string_view member, model::Range where) = 0;
  // ARM parameters('x') and variables('x').
  virtual Value parameter(std::string_view name, model::Range where) = 0;
  virtual Value variable(std::string_view name, model::Range where) = 0;
  // The evaluated variable itself, kept by the resolver, so that `variables('big').items[3]` reads
  // one item instead of copying the whole value (quadratic in copy loops). Null: not kept.
  virtual const Value* kept_variable(std::string_view, model::Range) { return nullptr; }
  // The same for parameters('x').
  virtual const Value* kept_parameter(std::string_view, model::Range) { return nullptr; }
  // The value a bare identifier names (a Bicep variable, a resource symbol), kept by the resolver,
  // so that a member chain on it (`vnet.properties.subnets[0].id`) can be read without a copy of
  // the whole; null when there is none to lend (the evaluator then evaluates it).
  virtual const Value* kept_identifier(std::string_view, model::Range) { return nullptr; }
  // A user-defined function (Bicep `func`, ARM namespace.member), or null.
  virtual const model::Function* function(std::string_view name) = 0;
  // ARM copyIndex(): the current index of the named (or innermost) copy loop; nullopt outside one.
  virtual std::optional<Value> copy_index(std::string_view loop_name) = 0;
  // Enter and leave an ARM copy loop iteration (resource, variable or property copy).
  virtual void push_copy(std::string_view loop_name, int index) = 0;
  virtual void pop_copy() = 0;
  // A resource id built by resourceId()/symbolic reference: the key of the graph resource it names,
  // or empty. Lets an id resolve to its resource even where the id text has unknown parts.
  virtual std::string resource_key_for_id(std::string_view type, const std::vector<std::string>& names) = 0;
};

class Evaluator {
 public:
  Evaluator(SymbolResolver& resolver, Dialect dialect, Limits limits = {});

  Value evaluate(const Expr& expr, const Env* env = nullptr);
  Value evaluate(const model::ExprPtr& expr, const Env* env = nullptr);

  // Calls a function value or a built-in by name with evaluated arguments (used by lambdas).
  Value call_lambda(const Value& lambda, const std::vector<Value>& args, model::Range where);

  const Limits& limits() const { return limits_; }
  // The parameters of the user-defined function being evaluated (ARM parameters() inside a
  // function means the function's own parameter), or null.
  const Env* function_frame() const { return function_frames_.empty() ? nullptr : function_frames_.back(); }
  Dialect dialect() const { return dialect_; }
  SymbolResolver& resolver() { return resolver_; }

 private:
  friend struct FunctionContext;
  Value evaluate_here(const Expr& expr, const Env* env);
  Value evaluate_member(const Expr& expr, const Env* env);
  // ARM: the value a chain of members and indexes on variables('x') reads, inside the resolver's
  // kept variable (no copy of the whole variable); null when the chain does not start there or a
  // step cannot be taken (the ordinary evaluation then says why).
  const Value* borrow(const Expr& expr, const Env* env);
  // Set by borrow(): the resource the borrowed value was read from (the last resource key along
  // its chain), as evaluate_member would have tracked it in member_owner_.
  std::string borrowed_owner_;
  Value evaluate_index(const Expr& expr, const Env* env);
  Value evaluate_call(const Expr& expr, const Env* env);
  Value evaluate_binary(const Expr& expr, const Env* env);
  Value evaluate_unary(const Expr& expr, const Env* env);
  Value evaluate_conditional(const Expr& expr, const Env* env);
  Value evaluate_for(const Expr& expr, const Env* env);
  Value evaluate_template(const Expr& expr, const Env* env);
  Value evaluate_object(const Expr& expr, const Env* env);
  bool expand_property_copy(const model::ObjectEntry& entry, Value& object, const Env* env);
  Value evaluate_array(const Expr& expr, const Env* env);
  Value evaluate_splat(const Expr& expr, const Env* env);
  Value evaluate_copy(const Expr& expr, const Env* env);
  Value evaluate_lambda(const Expr& expr, const Env* env);

  SymbolResolver& resolver_;
  Dialect dialect_;
  Limits limits_;
  // The resource a chain of member reads started from (`secret.properties.secretUri`): set by
  // evaluate_member for the caller one level up.
  std::string member_owner_;
  std::size_t depth_ = 0;
  // Lambdas evaluate to a Value that refers to their Expr through this table.
  std::vector<std::pair<const Expr*, const Env*>> lambdas_;
  std::vector<const Env*> function_frames_;
};

// Member access on a known value, shared with rule paths: objects by key (case-insensitive).
Value member_of(const Value& object, std::string_view name, model::Range where, bool safe = false);

// Truthiness for conditions; nullopt when Unknown.
std::optional<bool> as_bool(const Value& value);

// Renders a known scalar as a string the way ARM's string()/interpolation does; nullopt for Unknown.
std::optional<std::string> to_text(const Value& value);

}  // namespace erlint::eval
