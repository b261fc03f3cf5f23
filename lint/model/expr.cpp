#include "model/expr.hpp"

#include "support/strings.hpp"

namespace erlint::model {

const ExprDetails Expr::kNoDetails{};

namespace {
std::shared_ptr<Expr> make(ExprKind kind, Range range) {
  auto e = std::make_shared<Expr>();
  e->kind = kind;
  e->range = range;
  return e;
}
}  // namespace

ExprPtr make_null(Range range) { return make(ExprKind::Null, range); }

ExprPtr make_bool(bool value, Range range) {
  auto e = make(ExprKind::Bool, range);
  e->boolean = value;
  return e;
}

ExprPtr make_number(double value, Range range) {
  auto e = make(ExprKind::Number, range);
  e->number = value;
  return e;
}

ExprPtr make_string(std::string value, Range range) {
  auto e = make(ExprKind::String, range);
  e->text = std::move(value);
  return e;
}

ExprPtr make_identifier(std::string name, Range range) {
  auto e = make(ExprKind::Identifier, range);
  e->text = std::move(name);
  return e;
}

ExprPtr make_member(ExprPtr object, std::string name, Range range, bool safe) {
  auto e = make(ExprKind::Member, range);
  e->items.push_back(std::move(object));
  e->text = std::move(name);
  e->safe_access = safe;
  return e;
}

ExprPtr make_index(ExprPtr object, ExprPtr index, Range range, bool safe) {
  auto e = make(ExprKind::Index, range);
  e->items.push_back(std::move(object));
  e->items.push_back(std::move(index));
  e->safe_access = safe;
  return e;
}

ExprPtr make_call(std::string function, std::vector<ExprPtr> args, Range range) {
  auto e = make(ExprKind::Call, range);
  e->text = std::move(function);
  e->items = std::move(args);
  return e;
}

ExprPtr make_error(std::string message, Range range) {
  auto e = make(ExprKind::Error, range);
  e->text = std::move(message);
  return e;
}

const ObjectEntry* find_entry(const Expr& object, std::string_view key) {
  if (object.kind != ExprKind::Object) return nullptr;
  for (const auto& entry : object.entries)
    if (!entry.key_expr && iequals(entry.key, key)) return &entry;
  return nullptr;
}

}  // namespace erlint::model
