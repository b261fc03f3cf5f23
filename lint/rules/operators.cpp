#include "rules/operators.hpp"

#include <map>

#include <memory>
#include <unordered_map>

#include <re2/re2.h>

#include "support/cidr.hpp"
#include "support/strings.hpp"

namespace erlint::rules {

using model::Value;
using model::ValueKind;

namespace {

// A rule's patterns are few and each is matched against many values: compile each once per
// thread (RE2 objects are thread-safe to match with, but the cache itself is per thread).
const RE2& compiled_pattern(const std::string& text) {
  thread_local std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
  auto& slot = cache[text];
  if (!slot) slot = std::make_unique<RE2>(text);
  return *slot;
}

std::optional<std::string> scalar_text(const Value& v) {
  if (v.kind == ValueKind::String) return v.text;
  if (v.kind == ValueKind::Number) return format_number(v.number);
  if (v.kind == ValueKind::Bool) return std::string(v.boolean ? "true" : "false");
  return std::nullopt;
}

// Applies `test` to a scalar, or to every string of an array argument (any match).
Tri any_of_argument(const Value& argument, const std::function<bool(const std::string&)>& test) {
  if (argument.is_array()) {
    for (const auto& item : argument.items)
      if (auto t = scalar_text(item); t && test(*t)) return Tri::True;
    return Tri::False;
  }
  auto t = scalar_text(argument);
  return t ? tri(test(*t)) : Tri::Unknown;
}

// Values that may be a list in ARM (addressPrefixes, destinationPortRanges) are tested item by item.
Tri any_item(const Value& value, const std::function<Tri(const Value&)>& test) {
  if (!value.is_array()) return test(value);
  Tri result = Tri::False;
  for (const auto& item : value.items) {
    if (item.is_unknown()) { result = Tri::Unknown; continue; }
    Tri r = test(item);
    if (r == Tri::True) return Tri::True;
    if (r == Tri::Unknown) result = Tri::Unknown;
  }
  return result;
}

bool is_key_vault_secret_uri(std::string_view text) {
  // https://<vault>.vault.azure.net/secrets/<name>[/<version>] (and the sovereign clouds)
  static const RE2 pattern(R"(^https://[A-Za-z0-9-]{3,24}\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net|microsoftazure\.de)(:443)?/secrets/[A-Za-z0-9-]{1,127}(/[A-Za-z0-9]{32})?/?$)");
  return RE2::FullMatch(std::string(text), pattern);
}

}  // namespace

void register_core_operators(OperatorRegistry& r) {
  r["equals"] = {[](const Value& v, const Value& a) { return tri(values_equal(v, a)); }};
  r["equals_ci"] = {[](const Value& v, const Value& a) {
    auto t = scalar_text(v);
    if (!t) return Tri::False;
    return any_of_argument(a, [&](const std::string& s) { return iequals(*t, s); });
  }};
  r["in_ci"] = r["equals_ci"];
  r["not_equals_ci"] = {[](const Value& v, const Value& a) {
    auto t = scalar_text(v);
    if (!t) return Tri::True;
    Tri in = any_of_argument(a, [&](const std::string& s) { return iequals(*t, s); });
    return in == Tri::Unknown ? Tri::Unknown : tri(in == Tri::False);
  }};
  r["is_true"] = {[](const Value& v, const Value&) {
    if (v.kind == ValueKind::Bool) return tri(v.boolean);
    if (v.is_string()) return tri(iequals(v.text, "true"));
    return Tri::False;
  }};
  r["is_false"] = {[](const Value& v, const Value&) {
    if (v.kind == ValueKind::Bool) return tri(!v.boolean);
    if (v.is_string()) return tri(iequals(v.text, "false"));
    return Tri::False;
  }};
  r["matches"] = {[](const Value& v, const Value& a) {
    auto t = scalar_text(v);
    if (!t || !a.is_string()) return Tri::False;
    const RE2& pattern = compiled_pattern(a.text);
    return tri(pattern.ok() && RE2::PartialMatch(*t, pattern));
  }};
  // The value (one prefix or a list) contains the argument's prefix(es): "0.0.0.0/0" contains all IPv4.
  r["cidr_contains"] = {[](const Value& v, const Value& a) {
    return any_item(v, [&](const Value& item) {
      auto prefix = scalar_text(item);
      auto container = prefix ? parse_cidr(*prefix) : std::nullopt;
      if (!container) return Tri::False;
      return any_item(a, [&](const Value& target) {
        auto text = scalar_text(target);
        auto inner = text ? parse_cidr(*text) : std::nullopt;
        return inner ? tri(container->contains(*inner)) : Tri::False;
      });
    });
  }};
  r["cidr_equals"] = {[](const Value& v, const Value& a) {
    return any_item(v, [&](const Value& item) {
      auto t = scalar_text(item);
      auto x = t ? parse_cidr(*t) : std::nullopt;
      if (!x) return Tri::False;
      return any_item(a, [&](const Value& target) {
        auto u = scalar_text(target);
        auto y = u ? parse_cidr(*u) : std::nullopt;
        return y ? tri(x->contains(*y) && y->contains(*x)) : Tri::False;
      });
    });
  }};
  // An IPv4 prefix longer than the argument (a /28 when the argument is 27).
  r["ipv4_prefix_longer_than"] = {[](const Value& v, const Value& a) {
    if (a.kind != ValueKind::Number) return Tri::Unknown;
    return any_item(v, [&](const Value& item) {
      auto t = scalar_text(item);
      auto c = t ? parse_cidr(*t) : std::nullopt;
      return c && !c->ipv6 ? tri(c->prefix_length > static_cast<int>(a.number)) : Tri::False;
    });
  }};
  // A port, range or '*' (or a list of them) that includes any of the argument's ports.
  r["port_overlaps"] = {[](const Value& v, const Value& a) {
    return any_item(v, [&](const Value& item) {
      auto t = scalar_text(item);
      auto range = t ? parse_port_range(*t) : std::nullopt;
      if (!range) return Tri::False;
      return any_item(a, [&](const Value& port) {
        // Ports in a rule may be written as numbers or as strings ("22").
        auto text = scalar_text(port);
        auto wanted = text ? parse_port_range(*text) : std::nullopt;
        if (!wanted) return Tri::False;
        return tri(wanted->first <= range->second && wanted->second >= range->first);
      });
    });
  }};
  r["is_key_vault_secret_uri"] = {[](const Value& v, const Value&) {
    auto t = scalar_text(v);
    return t ? tri(is_key_vault_secret_uri(*t)) : Tri::False;
  }};
  // Written as a literal (directly, or through a variable, a local or a parameter's default).
  r["is_literal"] = {[](const Value& v, const Value&) {
    if (v.is_unknown()) return (v.origin & model::kOriginLiteral) ? Tri::True : Tri::False;
    if (v.is_null()) return Tri::False;
    return tri((v.origin & model::kOriginLiteral) && !(v.origin & model::kOriginRuntime) &&
               !((v.origin & model::kOriginParameter) && !(v.origin & model::kOriginParameterDefault)));
  }, true};
  // Came from a secure source: @secure()/securestring/sensitive, Key Vault reference, getSecret, listKeys.
  r["is_secure_source"] = {[](const Value& v, const Value&) { return tri(v.origin & model::kOriginSecure); }, true};
  // Flowed through a parameter or Terraform variable.
  r["from_parameter"] = {[](const Value& v, const Value&) { return tri(v.origin & model::kOriginParameter); }, true};
  r["from_parameter_default"] = {[](const Value& v, const Value&) { return tri(v.origin & model::kOriginParameterDefault); }, true};
  r["from_runtime"] = {[](const Value& v, const Value&) { return tri(v.origin & model::kOriginRuntime); }, true};
  r["length_greater_than"] = {[](const Value& v, const Value& a) {
    if (a.kind != ValueKind::Number) return Tri::Unknown;
    if (v.is_array()) return tri(static_cast<double>(v.items.size()) > a.number);
    if (v.is_object()) return tri(static_cast<double>(v.members.size()) > a.number);
    return Tri::False;
  }};
}

namespace {

const OperatorRegistry& registry() {
  static const OperatorRegistry r = [] {
    OperatorRegistry all;
    register_core_operators(all);
    register_network_operators(all);
    register_secret_operators(all);
    register_monitoring_operators(all);
    return all;
  }();
  return r;
}

}  // namespace

const OperatorInfo* find_operator(std::string_view name) {
  auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

std::vector<std::string> operator_names() {
  std::vector<std::string> names;
  for (const auto& [name, _] : registry()) names.push_back(name);
  return names;
}

}  // namespace erlint::rules
