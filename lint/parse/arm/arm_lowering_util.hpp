#pragma once
// Small helpers shared by the template and parameter-file lowering: looking things up in JSON
// object exprs without caring about case (ARM property names are case-insensitive).
#include <string_view>

#include "model/expr.hpp"
#include "model/template.hpp"

namespace erlint::parse::arm_detail {

// The value of `key` in an Object expr, or null when absent or when `object` is not an object.
inline const model::ExprPtr* member(const model::ExprPtr& object, std::string_view key) {
  if (!object) return nullptr;
  const model::ObjectEntry* entry = model::find_entry(*object, key);
  return entry && entry->value ? &entry->value : nullptr;
}

inline model::ExprPtr member_or_null(const model::ExprPtr& object, std::string_view key) {
  const model::ExprPtr* value = member(object, key);
  return value ? *value : nullptr;
}

inline bool is_kind(const model::ExprPtr& expr, model::ExprKind kind) { return expr && expr->kind == kind; }

// The text of a plain string literal, or "" for anything else.
inline std::string_view literal_text(const model::ExprPtr& expr) {
  return is_kind(expr, model::ExprKind::String) ? std::string_view(expr->text) : std::string_view();
}

// From the start of a key to the end of its value: the range of a declaration.
inline Range declaration_range(const model::ObjectEntry& entry) {
  Range range = entry.key_range;
  if (entry.value && entry.value->range.valid() && entry.value->range.end > range.end) range.end = entry.value->range.end;
  return range;
}

}  // namespace erlint::parse::arm_detail

namespace erlint::parse::arm_detail {

// Fills `out` (file, path and language already set) from a template object / parameter file object.
void lower_template_into(const model::ExprPtr& root, model::Template& out);
void lower_parameters_into(const model::ExprPtr& root, model::Template& out);

}  // namespace erlint::parse::arm_detail
