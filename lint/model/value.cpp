#include "model/value.hpp"

#include <fmt/format.h>

#include "support/strings.hpp"

namespace erlint::model {

Value Value::null(Range range) {
  Value v;
  v.range = range;
  return v;
}

Value Value::boolean_value(bool b, Range range) {
  Value v;
  v.kind = ValueKind::Bool;
  v.boolean = b;
  v.range = range;
  return v;
}

Value Value::number_value(double n, Range range) {
  Value v;
  v.kind = ValueKind::Number;
  v.number = n;
  v.range = range;
  return v;
}

Value Value::string_value(std::string s, Range range) {
  Value v;
  v.kind = ValueKind::String;
  v.text = std::move(s);
  v.range = range;
  return v;
}

Value Value::array(std::vector<Value> items, Range range) {
  Value v;
  v.kind = ValueKind::Array;
  v.items = std::move(items);
  v.range = range;
  return v;
}

Value Value::object(std::vector<Member> members, Range range) {
  Value v;
  v.kind = ValueKind::Object;
  v.members = std::move(members);
  v.range = range;
  return v;
}

Value Value::unknown(std::string reason, Range range) {
  Value v;
  v.kind = ValueKind::Unknown;
  v.text = std::move(reason);
  v.range = range;
  return v;
}

bool Value::contains_unknown() const {
  switch (kind) {
    case ValueKind::Unknown: return true;
    case ValueKind::Array:
      for (const auto& item : items)
        if (item.contains_unknown()) return true;
      return false;
    case ValueKind::Object:
      for (const auto& m : members)
        if (m.value.contains_unknown()) return true;
      return false;
    default: return false;
  }
}

const Value* Value::get(std::string_view key) const {
  if (kind != ValueKind::Object) return nullptr;
  for (const auto& m : members)
    if (iequals(m.key, key)) return &m.value;
  return nullptr;
}

Value* Value::get_mutable(std::string_view key) {
  if (kind != ValueKind::Object) return nullptr;
  for (auto& m : members)
    if (iequals(m.key, key)) return &m.value;
  return nullptr;
}

void Value::set(std::string key, Value value, Range key_range) {
  if (kind != ValueKind::Object) {
    kind = ValueKind::Object;
    members.clear();
  }
  if (Value* existing = get_mutable(key)) {
    *existing = std::move(value);
    return;
  }
  members.push_back(Member{std::move(key), key_range, std::move(value)});
}

const Value* Value::at_path(std::string_view dotted_path) const {
  const Value* current = this;
  if (dotted_path.empty()) return current;
  for (std::string_view segment : split(dotted_path, '.')) {
    if (current->kind == ValueKind::Array) {
      size_t index = 0;
      bool numeric = !segment.empty();
      for (char c : segment) {
        if (c < '0' || c > '9') { numeric = false; break; }
        index = index * 10 + static_cast<size_t>(c - '0');
      }
      if (!numeric || index >= current->items.size()) return nullptr;
      current = &current->items[index];
    } else {
      current = current->get(segment);
    }
    if (!current) return nullptr;
  }
  return current;
}

std::string Value::display() const {
  switch (kind) {
    case ValueKind::Null: return "null";
    case ValueKind::Bool: return boolean ? "true" : "false";
    case ValueKind::Number: return format_number(number);
    case ValueKind::String: return fmt::format("'{}'", text);
    case ValueKind::Array: return fmt::format("[{} items]", items.size());
    case ValueKind::Object: return "{...}";
    case ValueKind::Unknown: return fmt::format("<unknown: {}>", text);
  }
  return "?";
}

bool values_equal(const Value& a, const Value& b, bool case_insensitive_strings) {
  if (a.kind != b.kind || a.kind == ValueKind::Unknown) return false;
  switch (a.kind) {
    case ValueKind::Null: return true;
    case ValueKind::Bool: return a.boolean == b.boolean;
    case ValueKind::Number: return a.number == b.number;
    case ValueKind::String: return case_insensitive_strings ? iequals(a.text, b.text) : a.text == b.text;
    case ValueKind::Array:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i)
        if (!values_equal(a.items[i], b.items[i], case_insensitive_strings)) return false;
      return true;
    case ValueKind::Object:
      if (a.members.size() != b.members.size()) return false;
      for (const auto& m : a.members) {
        const Value* other = b.get(m.key);
        if (!other || !values_equal(m.value, *other, case_insensitive_strings)) return false;
      }
      return true;
    case ValueKind::Unknown: return false;
  }
  return false;
}

void shrink_to_fit(Value& value) {
  value.text.shrink_to_fit();
  value.items.shrink_to_fit();
  value.members.shrink_to_fit();
  for (auto& item : value.items) shrink_to_fit(item);
  for (auto& m : value.members) {
    m.key.shrink_to_fit();
    shrink_to_fit(m.value);
  }
}

namespace {
void add_shared_origin(Value& value, std::uint8_t origin, const SharedText& name) {
  value.origin |= origin;
  if (!name.empty() && value.origin_name.empty()) value.origin_name = name;
  for (auto& item : value.items) add_shared_origin(item, origin, name);
  for (auto& m : value.members) add_shared_origin(m.value, origin, name);
}
}  // namespace

void add_origin(Value& value, std::uint8_t origin, std::string_view name) {
  add_shared_origin(value, origin, SharedText(std::string(name)));
}

}  // namespace erlint::model
