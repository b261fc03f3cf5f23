#include "eval/evaluator.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "eval/functions.hpp"
#include "support/strings.hpp"

namespace erlint::eval {

using model::ExprKind;
using model::Member;
using model::Range;
using model::ValueKind;

namespace {

constexpr std::string_view kLambdaKey = "__erlint_lambda";

// Keeps the depth counter balanced on every return path.
struct DepthGuard {
  std::size_t& depth;
  explicit DepthGuard(std::size_t& d) : depth(d) { ++depth; }
  ~DepthGuard() { --depth; }
};

Value propagate(const Value& unknown, Range where) {
  Value v = Value::unknown(unknown.text, unknown.range.valid() ? unknown.range : where);
  v.origin = unknown.origin;
  v.origin_name = unknown.origin_name;
  return v;
}

Value with_origin_of(Value result, const Value& a, const Value* b = nullptr) {
  result.origin |= a.origin;
  if (result.origin_name.empty()) result.origin_name = a.origin_name;
  if (b) {
    result.origin |= b->origin;
    if (result.origin_name.empty()) result.origin_name = b->origin_name;
  }
  return result;
}

}  // namespace

std::optional<bool> as_bool(const Value& value) {
  switch (value.kind) {
    case ValueKind::Bool: return value.boolean;
    case ValueKind::String:
      if (iequals(value.text, "true")) return true;
      if (iequals(value.text, "false")) return false;
      return std::nullopt;
    case ValueKind::Number: return value.number != 0;
    case ValueKind::Null: return false;
    default: return std::nullopt;
  }
}

std::optional<std::string> to_text(const Value& value) {
  switch (value.kind) {
    case ValueKind::String: return value.text;
    case ValueKind::Number: return format_number(value.number);
    case ValueKind::Bool: return std::string(value.boolean ? "true" : "false");
    case ValueKind::Null: return std::string();
    default: return std::nullopt;
  }
}

Value member_of(const Value& object, std::string_view name, Range where, bool safe) {
  if (object.is_unknown()) return propagate(object, where);
  if (object.is_null() && safe) return Value::null(where);
  if (object.is_object()) {
    if (const Value* found = object.get(name)) return *found;
    if (safe) return Value::null(where);
    // A property the template never set: for a resource this is usually a runtime property
    // (e.g. properties.provisioningState). It is not known, rather than null.
    Value absent = Value::unknown(fmt::format("'{}' is not set in the analysed source", name), where);
    absent.origin = model::kOriginAbsent;
    return absent;
  }
  if (object.is_array()) {
    // Terraform lets `list.0` stand for `list[0]`.
    if (!name.empty() && name.size() <= 15 && name.find_first_not_of("0123456789") == std::string_view::npos) {
      std::size_t index = std::stoul(std::string(name));
      if (index < object.items.size()) return object.items[index];
    }
  }
  return Value::unknown(fmt::format("cannot read '{}' of {}", name, object.display()), where);
}

Evaluator::Evaluator(SymbolResolver& resolver, Dialect dialect, Limits limits)
    : resolver_(resolver), dialect_(dialect), limits_(limits) {}

Value Evaluator::evaluate(const model::ExprPtr& expr, const Env* env) {
  if (!expr) return Value::null();
  return evaluate(*expr, env);
}

Value Evaluator::evaluate(const Expr& expr, const Env* env) {
  Value v = evaluate_here(expr, env);
  // A value fetched from elsewhere (a parameter, a variable, another resource's id) is reported
  // where it is used: that is the line a user has to change. Nested parts keep their own ranges.
  if (expr.range.valid() && (expr.kind == ExprKind::Identifier || expr.kind == ExprKind::Member ||
                             expr.kind == ExprKind::Index || expr.kind == ExprKind::Call))
    v.range = expr.range;
  return v;
}

Value Evaluator::evaluate_here(const Expr& expr, const Env* env) {
  if (depth_ > limits_.max_depth)
    return Value::unknown(fmt::format("expression nesting over the max_depth limit of {}", limits_.max_depth), expr.range);
  DepthGuard guard(depth_);
  switch (expr.kind) {
    case ExprKind::Null: return Value::null(expr.range);
    case ExprKind::Bool: {
      Value v = Value::boolean_value(expr.boolean, expr.range);
      v.origin = model::kOriginLiteral;
      return v;
    }
    case ExprKind::Number: {
      Value v = Value::number_value(expr.number, expr.range);
      v.origin = model::kOriginLiteral;
      return v;
    }
    case ExprKind::String: {
      Value v = Value::string_value(expr.text, expr.range);
      v.origin = model::kOriginLiteral;
      return v;
    }
    case ExprKind::Template: return evaluate_template(expr, env);
    case ExprKind::Array: return evaluate_array(expr, env);
    case ExprKind::Object: return evaluate_object(expr, env);
    case ExprKind::Identifier: {
      if (env)
        if (const Value* bound = env->find(expr.text)) return *bound;
      if (auto resolved = resolver_.identifier(expr.text, expr.range)) return *resolved;
      return Value::unknown(fmt::format("'{}' is not declared in the analysed source", expr.text), expr.range);
    }
    case ExprKind::Member: return evaluate_member(expr, env);
    case ExprKind::Index: return evaluate_index(expr, env);
    case ExprKind::Call: return evaluate_call(expr, env);
    case ExprKind::Unary: return evaluate_unary(expr, env);
    case ExprKind::Binary: return evaluate_binary(expr, env);
    case ExprKind::Conditional: return evaluate_conditional(expr, env);
    case ExprKind::For: return evaluate_for(expr, env);
    case ExprKind::Lambda: return evaluate_lambda(expr, env);
    case ExprKind::Spread: return evaluate(expr.items.at(0), env);
    case ExprKind::NonNull: return evaluate(expr.items.at(0), env);
    case ExprKind::Splat: return evaluate_splat(expr, env);
    case ExprKind::Error: return Value::unknown(fmt::format("unparsed expression: {}", expr.text), expr.range);
  }
  return Value::unknown("unsupported expression", expr.range);
}

Value Evaluator::evaluate_template(const Expr& expr, const Env* env) {
  std::string out;
  std::uint8_t origin = model::kOriginLiteral;
  SharedText origin_name;
  for (const auto& part : expr.items) {
    Value v = evaluate(*part, env);
    origin |= v.origin;
    if (origin_name.empty()) origin_name = v.origin_name;
    auto text = to_text(v);
    if (!text) {
      Value unknown = v.is_unknown() ? propagate(v, expr.range)
                                     : Value::unknown("interpolation of a non-scalar value", part->range);
      unknown.origin |= origin;
      return unknown;
    }
    out += *text;
    if (out.size() > limits_.max_string_bytes) return Value::unknown("string over the size limit", expr.range);
  }
  Value v = Value::string_value(std::move(out), expr.range);
  v.origin = origin;
  v.origin_name = origin_name;
  return v;
}

Value Evaluator::evaluate_array(const Expr& expr, const Env* env) {
  std::vector<Value> items;
  items.reserve(expr.items.size());
  for (const auto& item : expr.items) {
    if (item->kind == ExprKind::Spread) {
      Value spread = evaluate(*item, env);
      if (spread.is_array()) {
        for (auto& v : spread.items) items.push_back(std::move(v));
      } else {
        // The number of elements is not known: the whole array's length is not either.
        return spread.is_unknown() ? propagate(spread, item->range) : Value::unknown("spread of a non-array", item->range);
      }
      continue;
    }
    items.push_back(evaluate(*item, env));
  }
  return Value::array(std::move(items), expr.range);
}

// ARM property iteration: "copy": [{"name": "subnets", "count": n, "input": {...}}] inside an
// object stands for a property "subnets" holding n evaluated inputs.
bool Evaluator::expand_property_copy(const model::ObjectEntry& entry, Value& object, const Env* env) {
  if (dialect_ != Dialect::Arm || !iequals(entry.key, "copy") || !entry.value || entry.value->kind != ExprKind::Array)
    return false;
  for (const auto& spec : entry.value->items)
    if (spec->kind != ExprKind::Object || !model::find_entry(*spec, "input")) return false;
  for (const auto& spec : entry.value->items) {
    const auto* name_entry = model::find_entry(*spec, "name");
    const auto* count_entry = model::find_entry(*spec, "count");
    const auto* input_entry = model::find_entry(*spec, "input");
    Value name = name_entry ? evaluate(name_entry->value, env) : Value::unknown("copy has no name", spec->range);
    Value count = count_entry ? evaluate(count_entry->value, env) : Value::unknown("copy has no count", spec->range);
    auto property = to_text(name);
    if (!property) continue;
    if (count.kind != ValueKind::Number || !(count.number <= static_cast<double>(limits_.max_loop_items))) {
      object.set(*property, count.is_unknown() ? propagate(count, spec->range)
                                               : Value::unknown("copy count is over the max_loop_items limit", spec->range),
                 name_entry->key_range);
      continue;
    }
    Value items = Value::array({}, spec->range);
    for (int i = 0; i < static_cast<int>(std::max(0.0, count.number)); ++i) {
      resolver_.push_copy(*property, i);
      items.items.push_back(evaluate(input_entry->value, env));
      resolver_.pop_copy();
    }
    object.set(*property, std::move(items), name_entry->key_range);
  }
  return true;
}

Value Evaluator::evaluate_object(const Expr& expr, const Env* env) {
  Value object = Value::object({}, expr.range);
  for (const auto& entry : expr.entries) {
    if (expand_property_copy(entry, object, env)) continue;
    if (entry.value && entry.value->kind == ExprKind::Spread && entry.key.empty() && !entry.key_expr) {
      Value spread = evaluate(*entry.value, env);
      if (spread.is_object()) {
        for (auto& m : spread.members) object.set(m.key, std::move(m.value), m.key_range);
      } else {
        object.set("__erlint_unknown_spread", Value::unknown("spread of a value that is not known", entry.value->range));
      }
      continue;
    }
    std::string key = entry.key;
    if (entry.key_expr) {
      Value k = evaluate(*entry.key_expr, env);
      auto text = to_text(k);
      if (!text) {
        // An entry whose key is unknown: keep the object, record that it may have more keys.
        object.set("__erlint_unknown_key", Value::unknown("an object key is not known", entry.key_range));
        continue;
      }
      key = *text;
    }
    object.set(std::move(key), evaluate(entry.value, env), entry.key_range);
  }
  return object;
}

const Value* Evaluator::borrow(const Expr& expr, const Env* env) {
  switch (expr.kind) {
    case ExprKind::Call:
      borrowed_owner_.clear();
      if (expr.items.size() != 1 || !expr.items[0] || expr.items[0]->kind != ExprKind::String) return nullptr;
      if (iequals(expr.text, "variables")) return resolver_.kept_variable(expr.items[0]->text, expr.range);
      if (iequals(expr.text, "parameters")) return resolver_.kept_parameter(expr.items[0]->text, expr.range);
      return nullptr;
    case ExprKind::Identifier:
      borrowed_owner_.clear();
      if (env)
        if (const Value* bound = env->find(expr.text)) return bound;
      return resolver_.kept_identifier(expr.text, expr.range);
    case ExprKind::Member: {
      if (expr.items.empty() || !expr.items[0]) return nullptr;
      const Value* base = borrow(*expr.items[0], env);
      if (!base || !base->is_object()) return nullptr;
      if (!base->resource_key.empty()) borrowed_owner_ = base->resource_key;
      return base->get(expr.text);
    }
    case ExprKind::Index: {
      if (expr.items.size() < 2 || !expr.items[0] || !expr.items[1]) return nullptr;
      const Value* base = borrow(*expr.items[0], env);
      if (!base) return nullptr;
      std::string owner = base->resource_key.empty() ? std::move(borrowed_owner_) : base->resource_key;
      Value index = evaluate(*expr.items[1], env);  // may borrow too
      borrowed_owner_ = std::move(owner);
      if (base->is_array() && index.kind == ValueKind::Number) {
        double i = index.number;
        return i >= 0 && i < static_cast<double>(base->items.size()) && i == static_cast<double>(static_cast<std::size_t>(i))
                   ? &base->items[static_cast<std::size_t>(i)]
                   : nullptr;
      }
      if (base->is_object())
        if (auto key = to_text(index)) return base->get(*key);
      return nullptr;
    }
    default: return nullptr;
  }
}

Value Evaluator::evaluate_member(const Expr& expr, const Env* env) {
  const Expr& target = *expr.items.at(0);
  if (target.kind == ExprKind::Identifier && !(env && env->find(target.text))) {
    if (auto resolved = resolver_.qualified(target.text, expr.text, expr.range)) return *resolved;
  }
  if (dialect_ == Dialect::Arm)
    if (const Value* borrowed = borrow(expr, env)) {
      // As below: an Unknown read from a resource stays that resource's value.
      Value result = *borrowed;
      if (result.is_unknown() && result.resource_key.empty()) result.resource_key = borrowed_owner_;
      member_owner_ = std::move(borrowed_owner_);
      return result;
    }
  Value object = evaluate(target, env);
  // A property the source does not set, read from a resource (directly or through a chain of
  // members), is a runtime value of that resource: `secret.properties.secretUri` names the
  // secret even though its text is unknown. The key lets the graph follow the reference.
  std::string owner = !object.resource_key.empty()                                          ? object.resource_key
                      : target.kind == ExprKind::Member || target.kind == ExprKind::Index ? member_owner_
                                                                                          : std::string();
  Value result = member_of(object, expr.text, expr.range, expr.safe_access);
  if (result.is_unknown() && result.resource_key.empty()) result.resource_key = owner;
  member_owner_ = std::move(owner);
  return result;
}

Value Evaluator::evaluate_index(const Expr& expr, const Env* env) {
  if (dialect_ == Dialect::Arm)
    if (const Value* borrowed = borrow(expr, env)) {
      member_owner_ = std::move(borrowed_owner_);
      return *borrowed;
    }
  const Expr& target = *expr.items.at(0);
  Value object = evaluate(target, env);
  // `vnet.properties.subnets[0].id`: an item read from a resource stays that resource's value
  // for the members read from it (see evaluate_member).
  std::string owner = !object.resource_key.empty()                                          ? object.resource_key
                      : target.kind == ExprKind::Member || target.kind == ExprKind::Index ? member_owner_
                                                                                          : std::string();
  Value index = evaluate(*expr.items.at(1), env);
  member_owner_ = std::move(owner);
  if (object.is_unknown()) return propagate(object, expr.range);
  if (index.is_unknown()) return propagate(index, expr.range);
  if (object.is_null() && expr.safe_access) return Value::null(expr.range);
  if (object.is_array() && index.kind == ValueKind::Number) {
    double i = index.number;
    if (i >= 0 && i < static_cast<double>(object.items.size())) return object.items[static_cast<std::size_t>(i)];
    if (expr.safe_access) return Value::null(expr.range);
    return Value::unknown(fmt::format("index {} is outside the array of {}", format_number(i), object.items.size()), expr.range);
  }
  if (object.is_object()) {
    if (auto key = to_text(index)) return member_of(object, *key, expr.range, expr.safe_access);
  }
  return Value::unknown(fmt::format("cannot index {} with {}", object.display(), index.display()), expr.range);
}

Value Evaluator::evaluate_call(const Expr& expr, const Env* env) {
  std::string_view name = expr.text;
  // Bicep namespaces: az.resourceGroup(), sys.concat() are the plain built-ins.
  if (istarts_with(name, "az.") || istarts_with(name, "sys.")) name = name.substr(name.find('.') + 1);

  // Lazily evaluated built-ins: only the branch taken matters (ARM if(), Terraform try()).
  if (dialect_ == Dialect::Arm && iequals(name, "if") && expr.items.size() == 3) {
    Value condition = evaluate(*expr.items[0], env);
    auto b = as_bool(condition);
    if (!b) return propagate(condition.is_unknown() ? condition : Value::unknown("condition is not a boolean"), expr.range);
    return evaluate(*expr.items[*b ? 1 : 2], env);
  }
  if (dialect_ == Dialect::Terraform && (name == "try" || name == "can")) {
    // An attribute missing from a known object is an error in Terraform, which try() catches;
    // a value that is merely unknown might succeed, so the result stays unknown.
    for (const auto& arg : expr.items) {
      Value v = evaluate(*arg, env);
      bool failed = v.is_unknown() && (v.origin & model::kOriginAbsent);
      if (name == "can") return failed ? Value::boolean_value(false, expr.range) : v.is_unknown() ? v : Value::boolean_value(true, expr.range);
      if (!failed) return v;
    }
    return Value::unknown("every alternative of try() fails", expr.range);
  }

  std::vector<Value> args;
  args.reserve(expr.items.size());
  if (expr.receiver()) args.push_back(evaluate(*expr.receiver(), env));
  for (const auto& arg : expr.items) {
    if (arg->kind == ExprKind::Spread) {
      // Terraform `f(xs...)`: the list's elements are the remaining arguments.
      Value list = evaluate(*arg, env);
      if (!list.is_array()) return list.is_unknown() ? propagate(list, arg->range) : Value::unknown("expanding a non-list", arg->range);
      for (auto& item : list.items) args.push_back(std::move(item));
      continue;
    }
    args.push_back(evaluate(*arg, env));
  }

  if (const model::Function* user = resolver_.function(expr.text)) {
    if (const Value* unknown = first_unknown(args)) return propagate(*unknown, expr.range);
    std::vector<Env> frames(user->params.size());
    const Env* chain = nullptr;  // user functions see only their own parameters
    for (std::size_t i = 0; i < user->params.size() && i < args.size(); ++i) {
      frames[i] = Env{chain, user->params[i], &args[i]};
      chain = &frames[i];
    }
    function_frames_.push_back(chain);
    Value result = evaluate(user->body, chain);
    function_frames_.pop_back();
    return result;
  }

  FunctionContext context{*this, expr.range, name};
  std::optional<Value> result = dialect_ == Dialect::Arm ? call_arm_function(context, name, args)
                                                         : call_terraform_function(context, name, args);
  if (result) {
    if (!result->range.valid()) result->range = expr.range;
    return std::move(*result);
  }
  return Value::unknown(fmt::format("function '{}' is not evaluated by erlint", expr.text), expr.range);
}

Value Evaluator::evaluate_unary(const Expr& expr, const Env* env) {
  Value operand = evaluate(*expr.items.at(0), env);
  if (operand.is_unknown()) return propagate(operand, expr.range);
  if (expr.text == "!") {
    auto b = as_bool(operand);
    if (!b) return Value::unknown("'!' of a non-boolean", expr.range);
    return with_origin_of(Value::boolean_value(!*b, expr.range), operand);
  }
  if (expr.text == "-" && operand.kind == ValueKind::Number)
    return with_origin_of(Value::number_value(-operand.number, expr.range), operand);
  return Value::unknown(fmt::format("operator '{}' on {}", expr.text, operand.display()), expr.range);
}

Value Evaluator::evaluate_binary(const Expr& expr, const Env* env) {
  const std::string& op = expr.text;
  // Short-circuit operators decide on a known side even when the other is Unknown.
  if (op == "&&" || op == "||") {
    Value left = evaluate(*expr.items.at(0), env);
    auto l = as_bool(left);
    if (l && *l == (op == "||")) return Value::boolean_value(*l, expr.range);
    Value right = evaluate(*expr.items.at(1), env);
    auto r = as_bool(right);
    if (r && *r == (op == "||")) return Value::boolean_value(*r, expr.range);
    if (l && r) return Value::boolean_value(op == "&&" ? (*l && *r) : (*l || *r), expr.range);
    return propagate(!l ? (left.is_unknown() ? left : Value::unknown("not a boolean", left.range))
                        : (right.is_unknown() ? right : Value::unknown("not a boolean", right.range)),
                     expr.range);
  }
  if (op == "??") {
    Value left = evaluate(*expr.items.at(0), env);
    if (left.is_unknown()) return propagate(left, expr.range);
    if (!left.is_null()) return left;
    return evaluate(*expr.items.at(1), env);
  }
  Value left = evaluate(*expr.items.at(0), env);
  Value right = evaluate(*expr.items.at(1), env);
  if (left.is_unknown()) return propagate(left, expr.range);
  if (right.is_unknown()) return propagate(right, expr.range);
  auto boolean = [&](bool b) { return with_origin_of(Value::boolean_value(b, expr.range), left, &right); };
  if (op == "==") return boolean(values_equal(left, right));
  if (op == "!=") return boolean(!values_equal(left, right));
  if (op == "=~") return boolean(values_equal(left, right, true));
  if (op == "!~") return boolean(!values_equal(left, right, true));
  if (left.kind == ValueKind::Number && right.kind == ValueKind::Number) {
    double a = left.number, b = right.number;
    auto number = [&](double n) { return with_origin_of(Value::number_value(n, expr.range), left, &right); };
    if (op == "+") return number(a + b);
    if (op == "-") return number(a - b);
    if (op == "*") return number(a * b);
    if (op == "/") return b == 0 ? Value::unknown("division by zero", expr.range) : number(dialect_ == Dialect::Arm ? std::trunc(a / b) : a / b);
    if (op == "%") return b == 0 ? Value::unknown("modulo by zero", expr.range) : number(std::fmod(a, b));
    if (op == "<") return boolean(a < b);
    if (op == ">") return boolean(a > b);
    if (op == "<=") return boolean(a <= b);
    if (op == ">=") return boolean(a >= b);
  }
  if (left.is_string() && right.is_string()) {
    if (op == "<") return boolean(left.text < right.text);
    if (op == ">") return boolean(left.text > right.text);
    if (op == "<=") return boolean(left.text <= right.text);
    if (op == ">=") return boolean(left.text >= right.text);
  }
  return Value::unknown(fmt::format("operator '{}' on {} and {}", op, left.display(), right.display()), expr.range);
}

Value Evaluator::evaluate_conditional(const Expr& expr, const Env* env) {
  Value condition = evaluate(*expr.items.at(0), env);
  auto b = as_bool(condition);
  if (b) return evaluate(*expr.items.at(*b ? 1 : 2), env);
  // An unknown condition still gives a known result when both branches agree.
  Value yes = evaluate(*expr.items.at(1), env);
  Value no = evaluate(*expr.items.at(2), env);
  if (values_equal(yes, no)) return yes;
  return propagate(condition.is_unknown() ? condition : Value::unknown("condition is not a boolean", condition.range),
                   expr.range);
}

Value Evaluator::evaluate_for(const Expr& expr, const Env* env) {
  if (expr.text == "copy") return evaluate_copy(expr, env);
  Value source = evaluate(*expr.items.at(0), env);
  if (source.is_unknown()) return propagate(source, expr.range);
  const bool dynamic_block = expr.text == "dynamic";
  std::vector<std::pair<Value, Value>> pairs;  // (key or index, item)
  if (source.is_array()) {
    for (std::size_t i = 0; i < source.items.size(); ++i)
      pairs.emplace_back(Value::number_value(static_cast<double>(i), source.range), source.items[i]);
  } else if (source.is_object()) {
    for (const auto& m : source.members) pairs.emplace_back(Value::string_value(m.key, m.key_range), m.value);
  } else if (source.kind == ValueKind::Number && dialect_ == Dialect::Terraform) {
    // Check the limit before expanding: a huge count must not allocate first.
    if (!(source.number <= static_cast<double>(limits_.max_loop_items)))
      return Value::unknown(fmt::format("loop of {} items is over the max_loop_items limit of {}", format_number(source.number),
                                        limits_.max_loop_items),
                            expr.range);
    for (int i = 0; i < static_cast<int>(std::max(0.0, source.number)); ++i)
      pairs.emplace_back(Value::number_value(i, source.range), Value::number_value(i, source.range));
  } else if (source.is_null()) {
    // for over null yields nothing (Terraform for_each = null is an error; Bicep null arrays are rare)
  } else {
    return Value::unknown(fmt::format("cannot loop over {}", source.display()), expr.range);
  }
  if (pairs.size() > limits_.max_loop_items)
    return Value::unknown(fmt::format("loop of {} items is over the max_loop_items limit of {}", pairs.size(),
                                      limits_.max_loop_items),
                          expr.range);
  const bool object_result = expr.key() != nullptr;
  Value result = object_result ? Value::object({}, expr.range) : Value::array({}, expr.range);
  for (auto& [key, item] : pairs) {
    Value item_value = item;
    if (dynamic_block) item_value = Value::object({Member{"key", {}, key}, Member{"value", {}, item}}, item.range);
    Env item_env{env, expr.item_name(), &item_value};
    Env index_env{&item_env, expr.index_name(), &key};
    const Env* scope = expr.index_name().empty() ? &item_env : &index_env;
    if (expr.items.size() > 2 && expr.items[2]) {
      Value keep = evaluate(*expr.items[2], scope);
      auto b = as_bool(keep);
      if (!b) return propagate(keep.is_unknown() ? keep : Value::unknown("filter is not a boolean"), expr.range);
      if (!*b) continue;
    }
    Value body = evaluate(*expr.items.at(1), scope);
    if (object_result) {
      Value k = evaluate(*expr.key(), scope);
      auto text = to_text(k);
      if (!text) return propagate(k.is_unknown() ? k : Value::unknown("object key is not a string"), expr.range);
      result.set(*text, std::move(body));
    } else {
      result.items.push_back(std::move(body));
    }
  }
  return result;
}

// An ARM variable or output copy: items[0] is the count, items[1] the input, index_name the copy
// name that copyIndex() refers to.
Value Evaluator::evaluate_copy(const Expr& expr, const Env* env) {
  Value count = evaluate(*expr.items.at(0), env);
  if (count.is_unknown()) return propagate(count, expr.range);
  if (count.kind != ValueKind::Number) return Value::unknown("copy count is not a number", expr.range);
  if (!(count.number <= static_cast<double>(limits_.max_loop_items)))
    return Value::unknown(fmt::format("copy count over the max_loop_items limit of {}", limits_.max_loop_items), expr.range);
  Value result = Value::array({}, expr.range);
  for (int i = 0; i < static_cast<int>(std::max(0.0, count.number)); ++i) {
    resolver_.push_copy(expr.index_name(), i);
    result.items.push_back(evaluate(*expr.items.at(1), env));
    resolver_.pop_copy();
  }
  return result;
}

Value Evaluator::evaluate_splat(const Expr& expr, const Env* env) {
  Value collection = evaluate(*expr.items.at(0), env);
  if (collection.is_unknown()) return propagate(collection, expr.range);
  std::vector<Value> items;
  if (collection.is_array()) items = collection.items;
  else if (!collection.is_null()) items.push_back(collection);
  Value out = Value::array({}, expr.range);
  for (auto& item : items) {
    Value current = item;
    if (!expr.text.empty())
      for (auto segment : split(expr.text, '.')) current = member_of(current, segment, expr.range);
    out.items.push_back(std::move(current));
  }
  return out;
}

Value Evaluator::evaluate_lambda(const Expr& expr, const Env* env) {
  lambdas_.emplace_back(&expr, env);
  Value marker = Value::object({}, expr.range);
  marker.set(std::string(kLambdaKey), Value::number_value(static_cast<double>(lambdas_.size() - 1)));
  return marker;
}

Value Evaluator::call_lambda(const Value& lambda, const std::vector<Value>& args, Range where) {
  const Value* id = lambda.get(kLambdaKey);
  if (!id || id->kind != ValueKind::Number || id->number >= static_cast<double>(lambdas_.size()))
    return Value::unknown("not a lambda", where);
  auto [expr, captured] = lambdas_[static_cast<std::size_t>(id->number)];
  std::vector<Env> frames(expr->params().size());
  const Env* chain = captured;
  for (std::size_t i = 0; i < expr->params().size() && i < args.size(); ++i) {
    frames[i] = Env{chain, expr->params()[i], &args[i]};
    chain = &frames[i];
  }
  return evaluate(expr->items.at(0), chain);
}

}  // namespace erlint::eval
